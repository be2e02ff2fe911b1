// SPDX-License-Identifier: MIT
// `rulebench-cli apply` end to end: the built CLI against `rulebench-cli serve`, with the
// child's HOME and XDG folders in a temporary folder. Apply, re-apply, the secret in the
// keychain and nowhere else, invalid plans (exit 2, nothing called), tenant errors (exit 5),
// a killed run resumed, a run killed after the tenant carried out a create (resumed or rolled
// back), --rollback, --dry-run, a hang, and no keychain (found before any call).
#include "CliRunner.h"
#include "KeychainProbe.h"
#include "Plans.h"
#include "SecretScan.h"
#include "ServedTenant.h"
#include "SetupChecks.h"

#include <QJsonArray>
#include <QTest>

using namespace SetupChecks;

class ApplyCliTest : public QObject
{
    Q_OBJECT

private slots:
    void applyThenApplyAgain_data();
    void applyThenApplyAgain();
    void secretIsOnlyInTheKeychain();
    void invalidPlanExits2AndCallsNothing_data();
    void invalidPlanExits2AndCallsNothing();
    void tenantErrorExits5NamingTheStep_data();
    void tenantErrorExits5NamingTheStep();
    void killedRunResumes();
    void killedAfterTheTenantCreated_data();
    void killedAfterTheTenantCreated();
    void rollbackDeletesWhatApplyCreated();
    void dryRunListsCallsAndConnectsNowhere_data();
    void dryRunListsCallsAndConnectsNowhere();
    void hangHitsTheTimeLimit();
    void noKeychainIsAClearError();
};

namespace {

QStringList stepsOf(const QJsonObject &json)
{
    QStringList steps;
    for (const QJsonValue &step : json.value(QLatin1String("steps")).toArray())
        steps << step.toObject().value(QLatin1String("step")).toString() + QLatin1Char('=') + step.toObject().value(QLatin1String("action")).toString();
    return steps;
}

SetupPlan planOf(ServedTenant &served)
{
    return Plans::parse(Plans::forTenant(served.serve().baseUrl()));
}

QString sessionFolder(const char *variable)
{
    return qEnvironmentVariable(variable);
}

} // namespace

void ApplyCliTest::applyThenApplyAgain_data()
{
    QTest::addColumn<bool>("keychain");
    QTest::newRow("OS keychain") << true;
    QTest::newRow("--no-keychain") << false;
}

void ApplyCliTest::applyThenApplyAgain()
{
    QFETCH(bool, keychain);
    if (const QString why = KeychainProbe::unavailableReason(); keychain && !why.isEmpty())
        QSKIP(qPrintable(why));
    SERVED(served);
    const QStringList options = keychain ? QStringList{QStringLiteral("--json")} : QStringList{QStringLiteral("--json"), QStringLiteral("--no-keychain")};

    const CliRun first = served.apply(options);
    QVERIFY2(first.exitCode == 0, qPrintable(first.describe()));
    const QJsonObject report = first.json();
    QCOMPARE(report.value(QLatin1String("ok")).toBool(), true);
    for (const char *id : {"api_id", "client_id", "grant_id", "rule_id"})
        QVERIFY2(!report.value(QLatin1String(id)).toString().isEmpty(), id);
    QCOMPARE(stepsOf(report), everyStep(QStringLiteral("created")));
    const QString clientId = report.value(QLatin1String("client_id")).toString();
    const QString problems = oneOfEach(served.tenant().snapshot(), planOf(served), clientId);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));

    const TenantSnapshot afterFirst = served.tenant().snapshot();
    const CliRun second = served.apply(options);
    QVERIFY2(second.exitCode == 0, qPrintable(second.describe()));
    QCOMPARE(stepsOf(second.json()), everyStep(QStringLiteral("found")));
    for (const char *id : {"api_id", "client_id", "grant_id", "rule_id"})
        QCOMPARE(second.json().value(QLatin1String(id)).toString(), report.value(QLatin1String(id)).toString());
    const QString changed = sameResources(afterFirst, served.tenant().snapshot());
    QVERIFY2(changed.isEmpty(), qPrintable(changed));

    // The rules configuration lists the secret's key (its value is write-only).
    QVERIFY(afterFirst.configurationKeys.contains(QStringLiteral("RULE_APP_CLIENT_SECRET")));
    const QString entry = report.value(QLatin1String("secret_keychain_entry")).toString();
    QCOMPARE(entry, QStringLiteral("client/%1/%2/secret").arg(served.tenant().domain(), clientId));
    if (!keychain) {
        QVERIFY(!report.value(QLatin1String("secret_stored_in")).toString().contains(QLatin1String("keychain")));
        if (KeychainProbe::unavailableReason().isEmpty())
            QVERIFY(!KeychainProbe::lookup(entry));
        return;
    }
    // In the keychain, and it is the application's secret: the tenant issues a token for it.
    QString error;
    const auto stored = KeychainProbe::lookup(entry, &error);
    QVERIFY2(stored, qPrintable(error));
    const auto token = served.tenant().requestToken(clientId, stored->secret, planOf(served).api.identifier);
    QVERIFY2(token.status == 200, token.body.constData());
    QVERIFY(KeychainProbe::clear(entry));
}

void ApplyCliTest::secretIsOnlyInTheKeychain()
{
    if (const QString why = KeychainProbe::unavailableReason(); !why.isEmpty())
        QSKIP(qPrintable(why));
    SERVED(served);
    const CliRun applied = served.apply({QStringLiteral("--json")});
    QVERIFY2(applied.exitCode == 0, qPrintable(applied.describe()));
    QVERIFY2(served.apply({QStringLiteral("--json")}).exitCode == 0, "second apply");
    const QString entry = applied.json().value(QLatin1String("secret_keychain_entry")).toString();
    const auto stored = KeychainProbe::lookup(entry);
    QVERIFY(stored && stored->secret.size() >= 32);
    const QByteArray secret = stored->secret;
    served.serve().stop(); // whatever it still had to write is written

    // The scan finds a secret in any of the encodings it looks for (a control).
    QTemporaryDir control;
    QFile planted(control.filePath(QStringLiteral("planted")));
    QVERIFY(planted.open(QIODevice::WriteOnly) && planted.write("x" + secret.toBase64() + "y") > 0);
    planted.close();
    const SecretScan controlScan = SecretScan::run({control.path()}, secret);
    QVERIFY(!controlScan.hits.isEmpty());
    QCOMPARE(controlScan.hits.first().file, QFileInfo(planted).absoluteFilePath());
    QVERIFY(controlScan.hits.first().encoding.startsWith(QLatin1String("base64")));

    const QString keyrings = sessionFolder("XDG_DATA_HOME") + QStringLiteral("/keyrings");
    QStringList roots = served.folders().all() << served.serveFolder();
    for (const char *variable : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        roots << sessionFolder(variable);
    const SecretScan scan = SecretScan::run(roots, secret);
    const QString journal = served.folders().data + QStringLiteral("/rulebench/rulebench/setup-journal.sqlite");
    QVERIFY2(scan.scannedFiles.contains(journal), qPrintable(scan.scannedFiles.join(QLatin1Char('\n'))));
    QVERIFY(scan.scannedFiles.contains(served.dataFile()));

    // Not in the CLI's folders, not in the tenant's data file (its secrets are sealed), not in
    // the session's folders: only in the Secret Service's own (encrypted) keyring files.
    const QList<SecretScan::Hit> elsewhere = scan.hitsOutside({keyrings});
    QVERIFY2(elsewhere.isEmpty(), qPrintable(SecretScan::describe(elsewhere)));
    QVERIFY(KeychainProbe::clear(entry));
}

void ApplyCliTest::invalidPlanExits2AndCallsNothing_data()
{
    QTest::addColumn<QJsonObject>("plan");
    QTest::addColumn<QStringList>("paths");
    QTest::addColumn<bool>("json");
    const QJsonObject example = Plans::exampleJson();
    QJsonObject several = Plans::with(example, QStringLiteral("api.identifier"), QStringLiteral("not a url"));
    several = Plans::with(several, QStringLiteral("api.scopes[0].value"), QStringLiteral("read messages"));
    several = Plans::with(several, QStringLiteral("rule.template"), QStringLiteral("nope"));
    several = Plans::without(several, QStringLiteral("application.name"));
    const QStringList severalPaths{QStringLiteral("api.identifier"), QStringLiteral("api.scopes[0].value"), QStringLiteral("grant.scopes[0]"),
                                   QStringLiteral("rule.template"), QStringLiteral("application.name")};
    for (const bool json : {false, true}) {
        const char *mode = json ? "--json" : "text";
        QTest::addRow("bad identifier, %s", mode) << Plans::with(example, QStringLiteral("api.identifier"), QStringLiteral("not a url"))
                                                  << QStringList{QStringLiteral("api.identifier")} << json;
        QTest::addRow("bad scope, %s", mode) << Plans::with(example, QStringLiteral("grant.scopes[1]"), QStringLiteral("read messages"))
                                             << QStringList{QStringLiteral("grant.scopes[1]")} << json;
        QTest::addRow("unknown template, %s", mode) << Plans::with(example, QStringLiteral("rule.template"), QStringLiteral("nope"))
                                                    << QStringList{QStringLiteral("rule.template")} << json;
        QTest::addRow("missing key, %s", mode) << Plans::without(example, QStringLiteral("rule.name"))
                                               << QStringList{QStringLiteral("rule.name")} << json;
        QTest::addRow("several, %s", mode) << several << severalPaths << json;
    }
}

void ApplyCliTest::invalidPlanExits2AndCallsNothing()
{
    QFETCH(QJsonObject, plan);
    QFETCH(QStringList, paths);
    QFETCH(bool, json);
    ServedTenant unused; // only for its folders and plan file: nothing is served
    CountingServer tenant;
    const QString planFile = unused.writePlan(plan);
    QProcessEnvironment environment = unused.folders().environment();
    environment.insert(QStringLiteral("MGMT"), QStringLiteral("secret"));
    QStringList arguments{QStringLiteral("apply"), planFile, QStringLiteral("--tenant"), tenant.baseUrl(), QStringLiteral("--client-id"),
                          QStringLiteral("id"), QStringLiteral("--client-secret-env"), QStringLiteral("MGMT")};
    if (json)
        arguments << QStringLiteral("--json");
    const CliRun run = runCli(arguments, environment);
    QVERIFY2(run.exitCode == 2, qPrintable(run.describe()));
    QCOMPARE(tenant.connections(), 0);

    const QStringList errorLines = QString::fromUtf8(run.err).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QStringList listed;
    for (const QString &line : errorLines) {
        if (line.startsWith(QStringLiteral("  ")))
            listed << line.trimmed().section(QStringLiteral(": "), 0, 0);
    }
    listed.sort();
    paths.sort();
    QCOMPARE(listed, paths);
    if (json) {
        QCOMPARE(run.json().value(QLatin1String("ok")).toBool(true), false);
        QStringList inJson;
        for (const QJsonValue &problem : run.json().value(QLatin1String("problems")).toArray())
            inJson << problem.toString().section(QStringLiteral(": "), 0, 0);
        inJson.sort();
        QCOMPARE(inJson, paths);
    }
}

void ApplyCliTest::tenantErrorExits5NamingTheStep_data()
{
    QTest::addColumn<bool>("json");
    QTest::newRow("text") << false;
    QTest::newRow("--json") << true;
}

void ApplyCliTest::tenantErrorExits5NamingTheStep()
{
    QFETCH(bool, json);
    SERVED(served);
    QVERIFY(served.tenant().injectFaults({QJsonObject{{QStringLiteral("method"), QStringLiteral("POST")},
                                                      {QStringLiteral("path"), QStringLiteral("/api/v2/rules")},
                                                      {QStringLiteral("status"), 403}}}));
    QStringList options{QStringLiteral("--no-keychain")};
    if (json)
        options << QStringLiteral("--json");
    const CliRun failed = served.apply(options);
    QVERIFY2(failed.exitCode == 5, qPrintable(failed.describe()));
    const QString expected = QStringLiteral("Create the rule or Action: POST /rules: Injected fault (HTTP 403");
    if (json) {
        QCOMPARE(failed.json().value(QLatin1String("failed_step")).toString(), QStringLiteral("rule"));
        QCOMPARE(failed.json().value(QLatin1String("error")).toObject().value(QLatin1String("status")).toInt(), 403);
        QVERIFY2(failed.json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().startsWith(expected),
                 qPrintable(failed.describe()));
    } else {
        QVERIFY2(failed.err.startsWith("rulebench-cli: " + expected.toUtf8()), qPrintable(failed.describe()));
    }
    // The same command again resumes and finishes.
    const CliRun resumed = served.apply({QStringLiteral("--no-keychain"), QStringLiteral("--json")});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.describe()));
    QCOMPARE(resumed.json().value(QLatin1String("resumed")).toBool(), true);
    const QString problems = oneOfEach(served.tenant().snapshot(), planOf(served), resumed.json().value(QLatin1String("client_id")).toString());
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void ApplyCliTest::killedRunResumes()
{
    SERVED(served);
    // The grant's POST hangs; the CLI is killed while it waits (no chance to write anything).
    QVERIFY(served.tenant().injectFaults({QJsonObject{{QStringLiteral("method"), QStringLiteral("POST")},
                                                      {QStringLiteral("path"), QStringLiteral("/api/v2/client-grants")},
                                                      {QStringLiteral("hang_ms"), 60000}}}));
    QProcess cli;
    cli.setProcessEnvironment(served.environment());
    cli.start(QStringLiteral(RULEBENCH_CLI), served.applyArguments({QStringLiteral("--no-keychain"), QStringLiteral("--timeout-ms"), QStringLiteral("120000")}));
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += cli.readAllStandardOutput()).contains("[3/6]"), 20000);
    cli.kill();
    QVERIFY(cli.waitForFinished(10000));
    QCOMPARE(cli.exitStatus(), QProcess::CrashExit);
    QVERIFY(served.tenant().clearFaults());

    const CliRun resumed = served.apply({QStringLiteral("--no-keychain"), QStringLiteral("--json")});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.describe()));
    QCOMPARE(resumed.json().value(QLatin1String("resumed")).toBool(), true);
    QCOMPARE(stepsOf(resumed.json()).mid(0, 3), (QStringList{QStringLiteral("api=found"), QStringLiteral("application=found"),
                                                             QStringLiteral("grant=created")}));
    const QString problems = oneOfEach(served.tenant().snapshot(), planOf(served), resumed.json().value(QLatin1String("client_id")).toString());
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void ApplyCliTest::killedAfterTheTenantCreated_data()
{
    QTest::addColumn<bool>("resume"); // else roll back
    QTest::newRow("then --rollback") << false;
    QTest::newRow("then resume") << true;
}

void ApplyCliTest::killedAfterTheTenantCreated()
{
    QFETCH(bool, resume);
    SERVED(served);
    const SetupPlan plan = planOf(served);
    const TenantSnapshot before = served.tenant().snapshot();
    // The tenant creates the rule, then holds its answer back; the CLI is killed meanwhile.
    QVERIFY(served.tenant().injectFaults({QJsonObject{{QStringLiteral("method"), QStringLiteral("POST")},
                                                      {QStringLiteral("path"), QStringLiteral("/api/v2/rules")},
                                                      {QStringLiteral("hang_ms"), 60000},
                                                      {QStringLiteral("after"), true}}}));
    QProcess cli;
    cli.setProcessEnvironment(served.environment());
    cli.start(QStringLiteral(RULEBENCH_CLI), served.applyArguments({QStringLiteral("--no-keychain"), QStringLiteral("--timeout-ms"), QStringLiteral("120000")}));
    QTRY_COMPARE_WITH_TIMEOUT(served.tenant().snapshot().rulesNamed(plan.rule.name).size(), qsizetype(1), 20000);
    cli.kill();
    QVERIFY(cli.waitForFinished(10000));
    QCOMPARE(cli.exitStatus(), QProcess::CrashExit);
    QVERIFY(served.tenant().clearFaults());

    if (resume) {
        const CliRun resumed = served.apply({QStringLiteral("--no-keychain"), QStringLiteral("--json")});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.describe()));
        QCOMPARE(stepsOf(resumed.json()).mid(0, 4), (QStringList{QStringLiteral("api=found"), QStringLiteral("application=found"),
                                                                 QStringLiteral("grant=found"),
                                                                 QStringLiteral("rule=found (created by the interrupted run)")}));
        const QString problems = oneOfEach(served.tenant().snapshot(), plan, resumed.json().value(QLatin1String("client_id")).toString());
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
    }
    const CliRun rolledBack = served.apply({QStringLiteral("--no-keychain"), QStringLiteral("--rollback")});
    QVERIFY2(rolledBack.exitCode == 0, qPrintable(rolledBack.describe()));
    const QString left = sameResources(before, served.tenant().snapshot());
    QVERIFY2(left.isEmpty(), qPrintable(left));
}

void ApplyCliTest::rollbackDeletesWhatApplyCreated()
{
    SERVED(served);
    const bool keychain = KeychainProbe::unavailableReason().isEmpty();
    const QStringList store = keychain ? QStringList() : QStringList{QStringLiteral("--no-keychain")};
    const TenantSnapshot before = served.tenant().snapshot();
    const CliRun applied = served.apply(store + QStringList{QStringLiteral("--json")});
    QVERIFY2(applied.exitCode == 0, qPrintable(applied.describe()));
    const QString entry = applied.json().value(QLatin1String("secret_keychain_entry")).toString();
    QCOMPARE(bool(KeychainProbe::lookup(entry)), keychain);

    const CliRun rolledBack = served.apply(store + QStringList{QStringLiteral("--rollback")});
    QVERIFY2(rolledBack.exitCode == 0, qPrintable(rolledBack.describe()));
    QVERIFY2(rolledBack.out.contains("Rolled back."), qPrintable(rolledBack.describe()));
    const QString left = sameResources(before, served.tenant().snapshot());
    QVERIFY2(left.isEmpty(), qPrintable(left));
    if (keychain)
        QVERIFY(!KeychainProbe::lookup(entry));
}

void ApplyCliTest::dryRunListsCallsAndConnectsNowhere_data()
{
    QTest::addColumn<bool>("json");
    QTest::newRow("text") << false;
    QTest::newRow("--json") << true;
}

void ApplyCliTest::dryRunListsCallsAndConnectsNowhere()
{
    QFETCH(bool, json);
    ServedTenant unused;
    CountingServer tenant;
    const QString planFile = unused.writePlan(Plans::forTenant(tenant.baseUrl()));
    QStringList arguments{QStringLiteral("apply"), planFile, QStringLiteral("--tenant"), tenant.baseUrl(), QStringLiteral("--dry-run")};
    if (json)
        arguments << QStringLiteral("--json");
    const CliRun run = runCli(arguments, unused.folders().environment());
    QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    QCOMPARE(tenant.connections(), 0);
    const QStringList expected{QStringLiteral("POST /api/v2/resource-servers"), QStringLiteral("POST /api/v2/clients"),
                               QStringLiteral("POST /api/v2/client-grants"), QStringLiteral("POST /api/v2/rules"),
                               QStringLiteral("PUT /api/v2/rules-configs/RULE_APP_CLIENT_SECRET")};
    QStringList listed;
    if (json) {
        QCOMPARE(run.json().value(QLatin1String("dry_run")).toBool(), true);
        for (const QJsonValue &call : run.json().value(QLatin1String("calls")).toArray())
            listed << call.toObject().value(QLatin1String("method")).toString() + QLatin1Char(' ') + call.toObject().value(QLatin1String("path")).toString();
    } else {
        for (const QString &line : QString::fromUtf8(run.out).split(QLatin1Char('\n')))
            listed << line.simplified().section(QStringLiteral(" ("), 0, 0);
    }
    for (const QString &call : expected)
        QVERIFY2(listed.contains(call), qPrintable(call + QStringLiteral(" not in\n") + listed.join(QLatin1Char('\n'))));
    // Nothing was written for a dry run either: no journal.
    QVERIFY(!QFile::exists(unused.folders().data + QStringLiteral("/rulebench/rulebench/setup-journal.sqlite")));
}

void ApplyCliTest::hangHitsTheTimeLimit()
{
    SERVED(served);
    QVERIFY(served.tenant().injectFaults({QJsonObject{{QStringLiteral("method"), QStringLiteral("POST")},
                                                      {QStringLiteral("path"), QStringLiteral("/api/v2/clients")},
                                                      {QStringLiteral("hang_ms"), 5000}}}));
    const CliRun run = served.apply({QStringLiteral("--no-keychain"), QStringLiteral("--timeout-ms"), QStringLiteral("300")});
    QVERIFY2(run.exitCode == 5, qPrintable(run.describe()));
    QVERIFY2(run.err.contains("\nrulebench-cli: Create the machine-to-machine application: POST /clients: the tenant did not answer within 0.3 s\n")
                 || run.err.startsWith("rulebench-cli: Create the machine-to-machine application: POST /clients: the tenant did not answer within 0.3 s\n"),
             qPrintable(run.describe()));
}

void ApplyCliTest::noKeychainIsAClearError()
{
    SERVED(served);
    QTemporaryDir runtime;
    QProcessEnvironment environment = served.environment();
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=") + runtime.filePath(QStringLiteral("no-bus")));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
    environment.remove(QStringLiteral("DISPLAY"));
    const CliRun failed = runCli(served.applyArguments(), environment);
    QVERIFY2(failed.exitCode == 1, qPrintable(failed.describe()));
    QVERIFY2(failed.err.startsWith("rulebench-cli: the OS keychain, where the client secret goes, is not usable: no keychain is reachable"),
             qPrintable(failed.describe()));
    QVERIFY2(failed.err.contains("Nothing was called"), qPrintable(failed.describe()));
    QVERIFY2(failed.err.contains("--no-keychain"), qPrintable(failed.describe())); // the opt-in, named
    // Opting in to this session only runs the plan from the start (nothing was begun before);
    // nothing is written anywhere in plain text.
    const CliRun applied = runCli(served.applyArguments({QStringLiteral("--no-keychain"), QStringLiteral("--json")}), environment);
    QVERIFY2(applied.exitCode == 0, qPrintable(applied.describe()));
    QCOMPARE(applied.json().value(QLatin1String("resumed")).toBool(), false);
    QVERIFY(!applied.json().value(QLatin1String("client_id")).toString().isEmpty());
}

QTEST_GUILESS_MAIN(ApplyCliTest)
#include "tst_apply_cli.moc"
