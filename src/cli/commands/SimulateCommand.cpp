// SPDX-License-Identifier: MIT
#include "SimulateCommand.h"

#include "common/Clock.h"
#include "ResultPrinter.h"
#include "rules/JsonFile.h"
#include "RuleSession.h"

#include <cstdio>
#include <QJsonDocument>

int SimulateCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption ruleOption(QStringLiteral("rule"),
                                        QStringLiteral("A rule file; repeat for a chain, in order."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption actionOption(
        QStringLiteral("action"), QStringLiteral("A post-login Action file; Actions run after the rules."),
        QStringLiteral("FILE"));
    const QCommandLineOption userOption(
        QStringLiteral("user"), QStringLiteral("The user (JSON). Auth0's defaults fill what it leaves out."),
        QStringLiteral("FILE"));
    const QCommandLineOption contextOption(
        QStringLiteral("context"), QStringLiteral("Context fields (JSON), merged over Auth0-like defaults."),
        QStringLiteral("FILE"));
    const QCommandLineOption configOption(QStringLiteral("config"),
                                          QStringLiteral("The rules' configuration (JSON object of strings). "
                                                         "${TENANT_URL} and ${TENANT_DOMAIN} are replaced."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption secretsOption(
        QStringLiteral("secrets"),
        QStringLiteral("Action secrets (JSON object of strings); masked in the trace."),
        QStringLiteral("FILE"));
    const QCommandLineOption timeoutOption(
        QStringLiteral("timeout-ms"), QStringLiteral("Time for the whole chain (default 20000, as Auth0)."),
        QStringLiteral("MS"), QStringLiteral("20000"));
    const QCommandLineOption nowOption(
        QStringLiteral("now"),
        QStringLiteral("Fix the clock the rules see and the tokens' iat/exp (ISO-8601, UTC if no offset)."),
        QStringLiteral("ISO-8601"));
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
    parser.addOptions({ ruleOption, actionOption, userOption, contextOption, configOption, secretsOption,
                        timeoutOption, nowOption, jsonOption, tenantOption, legacyOption });
    parser.addPositionalArgument(
        QStringLiteral("FILE…"),
        QStringLiteral("More rule files, after the --rule ones (so `--rule rules/*.js` works)."));
    int exitCode = Ok;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;

    // Everything is read and checked before anything starts.
    QString error;
    const auto chain = RuleSession::loadChain(parser.values(ruleOption) + parser.positionalArguments(),
                                              parser.values(actionOption), &error);
    if (!chain) {
        printError(error);
        return BadInput;
    }
    if (!parser.isSet(userOption)) {
        printError(QStringLiteral("--user: missing (a JSON file with the user)"));
        return BadInput;
    }
    SimulationInputs inputs;
    inputs.chain = *chain;
    inputs.legacyGlobals = parser.isSet(legacyOption);
    const auto user = JsonFile::readObject(parser.value(userOption), &error);
    const auto context = parser.isSet(contextOption)
        ? JsonFile::readObject(parser.value(contextOption), &error)
        : QJsonObject();
    const auto configuration = parser.isSet(configOption)
        ? JsonFile::readStringMap(parser.value(configOption), &error)
        : QJsonObject();
    const auto secrets = parser.isSet(secretsOption)
        ? JsonFile::readStringMap(parser.value(secretsOption), &error)
        : QJsonObject();
    const auto timeout = RuleSession::parseTimeout(parser.value(timeoutOption), &error);
    const auto now
        = parser.isSet(nowOption) ? RuleSession::parseNow(parser.value(nowOption), &error) : QDateTime();
    if (!user || !context || !configuration || !secrets || !timeout || !now) {
        printError(error);
        return BadInput;
    }
    inputs.user = *user;
    inputs.context = *context;
    inputs.secrets = *secrets;
    inputs.timeoutMs = *timeout;
    inputs.now = *now;

    RuleSession session;
    if (!session.open(parser.value(tenantOption), &error) || !session.startHost(&error)) {
        printError(error);
        return Failure;
    }
    inputs.configuration = session.substitute(*configuration);
    LoginSimulator simulator(session.host(), session.signer(), session.endpoint(), Clock::system());
    const SimulationResult result = simulator.runAndWait(inputs);
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
