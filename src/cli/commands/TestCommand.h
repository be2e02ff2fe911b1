// SPDX-License-Identifier: MIT
#pragma once

#include "Command.h"

// rulebench-cli test CASE.json… [--junit FILE] [--tenant URL [--client-id ID --client-secret-env VAR]]
// Runs each case (RuleTestCase: DESIGN.md's format plus "plan", "timeout_ms", …) as a simulated
// login on one warm rule host, prints one line per case and then "N passed, M failed".
// Exit: 0 all passed, 1 some failed (or could not run), 2 no cases or bad options.
class TestCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("test"); }
    QString summary() const override
    {
        return QStringLiteral(
            "Run rule test cases (simulated logins with expectations); --junit writes a report.");
    }
    int run(const QStringList &arguments) override;
};
