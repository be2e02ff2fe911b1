// SPDX-License-Identifier: MIT
#pragma once

#include "Command.h"

// rulebench-cli convert RULE.js [--json] [--out FILE]
// Converts a rule into a post-login Action (reference/rules-runtime.md §3.3). Prints the Action
// (or writes it to FILE), then on stderr what was left as it was: `line N: construct — why`.
// --json prints {"action", "dependencies", "secrets", "unconverted": [{line, construct, why}]}.
// Exit: 0 fully converted, 6 converted with constructs left for a person to finish,
// 2 bad input (no such file, the rule does not parse, --out not writable), 1 no rule host.
class ConvertCommand : public Command
{
public:
    enum { Incomplete = 6 };
    QString name() const override { return QStringLiteral("convert"); }
    QString summary() const override
    {
        return QStringLiteral("Convert a rule into a post-login Action; list what needs finishing by hand.");
    }
    int run(const QStringList &arguments) override;
};
