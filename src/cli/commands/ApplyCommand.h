// SPDX-License-Identifier: MIT
#pragma once

#include "Command.h"

// rulebench-cli apply PLAN.json --tenant URL_OR_DOMAIN (--client-id ID --client-secret-env VAR | --token-env VAR)
//                    [--dry-run] [--rollback] [--json] [--journal FILE] [--timeout-ms MS] [--no-keychain]
// --tenant may also name a tenant saved with `rulebench-cli tenants add` (its secret comes from the keychain).
// Exit: 0 done, 2 invalid plan or arguments (nothing called), 5 the tenant refused or failed.
class ApplyCommand : public Command
{
public:
    enum { TenantError = 5 };
    QString name() const override { return QStringLiteral("apply"); }
    QString summary() const override
    {
        return QStringLiteral("Apply a setup plan (API, permissions, M2M application, grant, rule, secrets) to a tenant.");
    }
    int run(const QStringList &arguments) override;
};
