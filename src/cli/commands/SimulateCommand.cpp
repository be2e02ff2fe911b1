// SPDX-License-Identifier: MIT
#include "SimulateCommand.h"

#include "ChainOptions.h"
#include "common/Clock.h"
#include "ResultPrinter.h"
#include "RuleSession.h"

#include <cstdio>
#include <QJsonDocument>

int SimulateCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const ChainOptions chainOptions(ChainOptions::Actions | ChainOptions::Secrets | ChainOptions::Now);
    chainOptions.addTo(parser);
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Print one JSON object (the DESIGN.md shape)."));
    const QCommandLineOption tenantOption(
        QStringLiteral("tenant"),
        QStringLiteral("Use this running tenant (e.g. from `rulebench-cli serve`) as auth0.domain; tokens "
                       "are then signed by a throw-away key. "
                       "Default: an in-memory local tenant started in this process on 127.0.0.1."),
        QStringLiteral("URL"));
    const QCommandLineOption legacyOption(
        QStringLiteral("legacy-globals"),
        QStringLiteral("Provide Auth0's pre-Node-16 implicit globals (request, _, jwt, …)."));
    parser.addOptions({ jsonOption, tenantOption, legacyOption });
    int exitCode = Ok;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;

    // Everything is read and checked before anything starts.
    QString error;
    auto inputs = chainOptions.read(parser, &error);
    if (!inputs) {
        printError(error);
        return BadInput;
    }
    inputs->legacyGlobals = parser.isSet(legacyOption);

    RuleSession session;
    if (!session.open(parser.value(tenantOption), &error) || !session.startHost(&error)) {
        printError(error);
        return Failure;
    }
    inputs->configuration = session.substitute(inputs->configuration);
    LoginSimulator simulator(session.host(), session.signer(), session.endpoint(), Clock::system());
    const SimulationResult result = simulator.runAndWait(*inputs);
    if (result.errorKind == QLatin1String("host_unavailable")
        || result.errorKind == QLatin1String("bad_request")) {
        printError(QStringLiteral("the rule host could not run the chain: %1").arg(result.errorDescription));
        return result.errorKind == QLatin1String("bad_request") ? int(BadInput) : int(Failure);
    }
    if (parser.isSet(jsonOption))
        std::printf("%s\n", QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact).constData());
    else
        std::printf("%s\n", qPrintable(ResultPrinter::text(result)));
    return result.exitCode();
}
