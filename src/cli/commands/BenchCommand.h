// SPDX-License-Identifier: MIT
#pragma once

#include "Command.h"

// rulebench-cli bench --rule F… --user F --logins N [--context F] [--config F] [--with-tokens]
//                     [--compare-bare [--bare-loop FILE]] [--latency N] [--warmup N] [--timeout-ms N]
// The host's `bench` request (N logins on a warm host, reused sandbox, every result built and
// serialised as `simulate` would), optionally the bare Node vm loop on the same rules and
// inputs in the same run, and warm single-login round trips. Last line: logins_per_s=<n>.
class BenchCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("bench"); }
    QString summary() const override
    {
        return QStringLiteral("Benchmark a rule chain on the warm rule host; last line logins_per_s=<n>.");
    }
    int run(const QStringList &arguments) override;
};
