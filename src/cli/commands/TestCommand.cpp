// SPDX-License-Identifier: MIT
#include "TestCommand.h"

#include "common/Clock.h"
#include "ResultPrinter.h"
#include "rules/JUnitReport.h"
#include "rules/PlanConfiguration.h"
#include "rules/RuleCaseFile.h"
#include "rules/RuleTestCase.h"
#include "RuleSession.h"

#include <cstdio>
#include <QElapsedTimer>
#include <QHash>

int TestCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption junitOption(
        QStringLiteral("junit"), QStringLiteral("Also write a JUnit XML report."), QStringLiteral("FILE"));
    const QCommandLineOption tenantOption(
        QStringLiteral("tenant"),
        QStringLiteral("Run against this running tenant (e.g. `rulebench-cli serve`). Default: an in-memory "
                       "local tenant in this process."),
        QStringLiteral("URL"));
    const QCommandLineOption clientIdOption(
        QStringLiteral("client-id"),
        QStringLiteral("With --tenant: a Management API client, to apply the cases' plans."),
        QStringLiteral("ID"));
    const QCommandLineOption secretEnvOption(
        QStringLiteral("client-secret-env"),
        QStringLiteral("With --tenant: the variable holding that client's secret."), QStringLiteral("VAR"));
    const QCommandLineOption verboseOption(
        QStringLiteral("verbose"), QStringLiteral("Print the whole simulated login of failed cases."));
    parser.addOptions({ junitOption, tenantOption, clientIdOption, secretEnvOption, verboseOption });
    parser.addPositionalArgument(
        QStringLiteral("CASE.json…"),
        QStringLiteral(
            "Case files: {\"name\", \"rules\": [paths relative to the case], \"user\", \"context\", "
            "\"configuration\", \"expect\": {…}}, "
            "optionally \"plan\" (a setup plan applied to the tenant first; its client id/secret, "
            "API_AUDIENCE and extra values "
            "join the configuration), \"timeout_ms\", \"now\", \"secrets\", \"actions\", \"legacy_globals\". "
            "expect: outcome, error_description (substring), id_token_claims/access_token_claims (subsets), "
            "findings (exact set of codes), "
            "findings_include, absent_id_token_claims, absent_access_token_claims, rule_statuses, console, "
            "http [{method,url,status}], "
            "user, context, metadata_updates. Configuration values may use ${TENANT_URL} and "
            "${TENANT_DOMAIN}."));
    int exitCode = Ok;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printError(QStringLiteral("give at least one case file (see rulebench-cli test --help)"));
        return BadInput;
    }

    QString error;
    RuleSession session;
    if (!session.open(parser.value(tenantOption), &error) || !session.startHost(&error)) {
        printError(error);
        return Failure;
    }
    if (parser.isSet(clientIdOption))
        session.setManagementCredentials(parser.value(clientIdOption),
                                         qgetenv(parser.value(secretEnvOption).toLocal8Bit().constData()));
    LoginSimulator simulator(session.host(), session.signer(), session.endpoint(), Clock::system());

    QElapsedTimer total;
    total.start();
    QList<JUnitReport::Case> outcomes;
    QHash<QString, QJsonObject> appliedPlans;
    for (int i = 0; i < files.size(); ++i) {
        QElapsedTimer timer;
        timer.start();
        JUnitReport::Case outcome;
        outcome.path = files.at(i);
        outcome.name = files.at(i);
        auto testCase = RuleTestCase::load(files.at(i), &error);
        std::optional<RuleChain> chain;
        if (testCase) {
            outcome.name = testCase->name;
            chain = testCase->chain(&error);
        }
        // A plan is applied once per run; its values join the case's configuration.
        const QString plan = testCase ? testCase->planPath : QString();
        if (chain && !plan.isEmpty() && !appliedPlans.contains(plan)) {
            if (const auto applied = PlanConfiguration::apply(plan, session.managementAccess(), &error))
                appliedPlans.insert(plan, *applied);
            else
                chain.reset();
        }
        if (!testCase || !chain) {
            outcome.failures << error;
        } else {
            SimulationInputs inputs = RuleCaseFile::inputs(*testCase, *chain, appliedPlans.value(plan),
                                                           session.tenantUrl(), session.tenantDomain());
            if (testCase->sandbox.isEmpty())
                inputs.sandbox = QStringLiteral("case-%1").arg(i);
            SimulationResult result;
            for (int login = 0; login < testCase->logins; ++login)
                result = simulator.runAndWait(inputs);
            testCase->expect = session.substitute(testCase->expect);
            outcome.failures = testCase->check(result);
            if (!outcome.failures.isEmpty())
                outcome.detail = ResultPrinter::text(result);
            // Cases do not share `global`; the next case gets a fresh sandbox.
            session.host().send({ { QStringLiteral("type"), QStringLiteral("reset") },
                                  { QStringLiteral("sandbox"), inputs.sandbox } },
                                nullptr, nullptr);
        }
        outcome.passed = outcome.failures.isEmpty();
        outcome.seconds = double(timer.nsecsElapsed()) / 1e9;
        printLine(QStringLiteral("%1  %2 (%3 ms)")
                  .arg(outcome.passed ? QStringLiteral("PASS") : QStringLiteral("FAIL"), outcome.name)
                  .arg(outcome.seconds * 1000, 0, 'f', 1));
        for (const QString &failure : outcome.failures)
            printLine(QStringLiteral("      ") + failure);
        if (!outcome.passed && parser.isSet(verboseOption) && !outcome.detail.isEmpty())
            printLine(outcome.detail);
        outcomes << outcome;
    }

    int passed = 0;
    for (const JUnitReport::Case &outcome : outcomes)
        passed += outcome.passed ? 1 : 0;
    const int failed = int(outcomes.size()) - passed;
    if (parser.isSet(junitOption)
        && !JUnitReport::write(parser.value(junitOption), outcomes, double(total.nsecsElapsed()) / 1e9, &error)) {
        printError(QStringLiteral("--junit: ") + error);
        printLine(QStringLiteral("%1 passed, %2 failed").arg(passed).arg(failed));
        return Failure;
    }
    printLine(QStringLiteral("%1 passed, %2 failed").arg(passed).arg(failed));
    return failed == 0 ? int(Ok) : int(Failure);
}
