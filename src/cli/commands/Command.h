// SPDX-License-Identifier: MIT
#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

// One `rulebench-cli` subcommand. Exit codes are part of the CLI contract (DESIGN.md):
// 0 success, 2 bad input; commands add their own (3 denied, 4 rule failed, 5 tenant error).
class Command
{
public:
    enum ExitCode { Ok = 0, Failure = 1, BadInput = 2 };

    virtual ~Command() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;
    // Parses `arguments` (the first is the command name) and runs; returns the exit status.
    virtual int run(const QStringList &arguments) = 0;

protected:
    // Parses with --help support; prints errors naming the bad option. False: exit with *exitCode.
    bool parse(QCommandLineParser &parser, const QStringList &arguments, int *exitCode) const;
    static void printError(const QString &message);
};

// One line to standard output, flushed: progress lines show as they happen, also in a pipe.
void printLine(const QString &line);
