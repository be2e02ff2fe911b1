// SPDX-License-Identifier: MIT
#include "ConvertCommand.h"

#include "convert/RuleConverter.h"
#include "rules/RuleHost.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <cstdio>

int ConvertCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Print one JSON object: action, dependencies, secrets, unconverted[{line, construct, why}]."));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Write the Action to FILE instead of stdout."), QStringLiteral("FILE"));
    parser.addOptions({jsonOption, outOption});
    parser.addPositionalArgument(QStringLiteral("RULE"),
                                 QStringLiteral("The rule file. Exit status: 0 fully converted, 6 some constructs left for you "
                                                "(listed on stderr with their lines), 2 bad input, 1 no rule host."));
    int exitCode = Ok;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        printError(QStringLiteral("convert takes one rule file (see rulebench-cli convert --help)"));
        return BadInput;
    }
    const QString path = files.first();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        printError(QStringLiteral("%1: %2").arg(path, file.errorString()));
        return BadInput;
    }
    const QString source = QString::fromUtf8(file.readAll());

    RuleHost host;
    QString error;
    if (!host.startAndWait(&error)) {
        printError(QStringLiteral("the rule host cannot start: %1").arg(error));
        return Failure;
    }
    // The host's destructor ends the process (stop() would leave it exiting after we return).
    const ConversionResult result = RuleConverter(host).convert(source);
    if (result.failure == ConversionResult::Failure::HostUnavailable) {
        printError(QStringLiteral("the rule host could not convert the rule: %1").arg(result.error));
        return Failure;
    }
    if (result.failure == ConversionResult::Failure::BadRule) {
        printError(result.errorLine > 0 ? QStringLiteral("%1:%2: %3").arg(path).arg(result.errorLine).arg(result.error)
                                        : QStringLiteral("%1: %2").arg(path, result.error));
        return BadInput;
    }

    const bool json = parser.isSet(jsonOption);
    if (parser.isSet(outOption)) {
        // Written whole or not at all.
        QSaveFile out(parser.value(outOption));
        if (!out.open(QIODevice::WriteOnly) || out.write(result.actionSource.toUtf8()) < 0 || !out.commit()) {
            printError(QStringLiteral("--out %1: %2").arg(parser.value(outOption), out.errorString()));
            return BadInput;
        }
    } else if (!json) {
        std::fputs(result.actionSource.toUtf8().constData(), stdout);
    }
    if (json) {
        std::printf("%s\n", QJsonDocument(result.toJson()).toJson(QJsonDocument::Indented).constData());
    } else {
        std::fflush(stdout);
        for (const Unconverted &u : result.unconverted)
            std::fprintf(stderr, "line %d: %s — %s\n", u.line, qPrintable(u.construct), qPrintable(u.why));
    }
    return result.isComplete() ? int(Ok) : int(Incomplete);
}
