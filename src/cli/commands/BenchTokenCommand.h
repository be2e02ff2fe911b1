// SPDX-License-Identifier: MIT
#pragma once

#include "Command.h"

// rulebench-cli bench-token [--requests N] [--threads T]
class BenchTokenCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("bench-token"); }
    QString summary() const override
    {
        return QStringLiteral("Measure client_credentials tokens/s through the local tenant's HTTP path, "
                              "next to the bare RS256 signing rate.");
    }
    int run(const QStringList &arguments) override;
};
