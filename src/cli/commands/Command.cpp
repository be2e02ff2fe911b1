// SPDX-License-Identifier: MIT
#include "Command.h"

#include <cstdio>

bool Command::parse(QCommandLineParser &parser, const QStringList &arguments, int *exitCode) const
{
    parser.setApplicationDescription(summary());
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(arguments)) {
        printError(parser.errorText() + QStringLiteral(" (see rulebench-cli %1 --help)").arg(name()));
        *exitCode = BadInput;
        return false;
    }
    if (parser.isSet(help)) {
        std::fputs(qPrintable(parser.helpText().replace(arguments.first(), QStringLiteral("rulebench-cli ") + name())), stdout);
        *exitCode = Ok;
        return false;
    }
    return true;
}

void Command::printError(const QString &message)
{
    std::fprintf(stderr, "rulebench-cli: %s\n", qPrintable(message));
}
