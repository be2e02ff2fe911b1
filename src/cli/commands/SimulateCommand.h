// SPDX-License-Identifier: MIT
#pragma once

#include "Command.h"

// rulebench-cli simulate --rule FILE [--rule FILE …] [--action FILE …] --user FILE [--context FILE]
//   [--config FILE] [--secrets FILE] [--timeout-ms N] [--now ISO-8601] [--json] [--tenant URL]
//   [--legacy-globals] [FILE…]
// Exit: 0 allowed, 3 denied by a rule, 4 a rule failed (exception, timeout, no callback),
// 2 bad input, 1 no rule host (Node missing) or no tenant.
class SimulateCommand : public Command
{
public:
    enum
    {
        Denied = 3,
        RuleFailed = 4
    };
    QString name() const override { return QStringLiteral("simulate"); }
    QString summary() const override
    {
        return QStringLiteral(
            "Run one simulated login through rules (then Actions) and show the trace, findings and tokens.");
    }
    int run(const QStringList &arguments) override;
};
