// SPDX-License-Identifier: MIT
#pragma once

#include "Command.h"

// rulebench-cli serve [--port N] [--data FILE] [--host 127.0.0.1] [--rate-limit N] [--no-rules]
class ServeCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("serve"); }
    QString summary() const override
    {
        return QStringLiteral("Run the local tenant: Auth0's Management and Authentication APIs on loopback.");
    }
    int run(const QStringList &arguments) override;
};
