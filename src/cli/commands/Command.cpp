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
        // "Usage: /path/to/rulebench-cli [options] …" names the binary; say the command instead
        // (only on that line: the command's name may well occur in the descriptions).
        QString text = parser.helpText();
        const QString usage = QStringLiteral("Usage: ");
        const qsizetype programEnd = text.indexOf(QLatin1Char(' '), usage.size());
        if (text.startsWith(usage) && programEnd > 0)
            text.replace(usage.size(), programEnd - usage.size(), QStringLiteral("rulebench-cli ") + name());
        std::fputs(qPrintable(text), stdout);
        *exitCode = Ok;
        return false;
    }
    return true;
}

void Command::printError(const QString &message)
{
    std::fprintf(stderr, "rulebench-cli: %s\n", qPrintable(message));
}

void printLine(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}
