// SPDX-License-Identifier: MIT
#pragma once

#include "Command.h"

// rulebench-cli tenants [list] [--json]
// rulebench-cli tenants add NAME --domain DOMAIN (--client-id ID --client-secret-env VAR | --token-env VAR)
// rulebench-cli tenants remove NAME
// rulebench-cli tenants test NAME [--json]
class TenantsCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("tenants"); }
    QString summary() const override
    {
        return QStringLiteral("List, add, remove and test tenants (secrets go to the OS keychain).");
    }
    int run(const QStringList &arguments) override;
};
