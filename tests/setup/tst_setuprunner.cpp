// SPDX-License-Identifier: MIT
// SetupRunner against a real LocalTenant: apply creates exactly one of each resource with the
// planned values, a second apply changes nothing, progress signals, planned calls without a
// call, rollback, and the secret in the keychain. Failures, 429 storms, hangs and cancel:
// tst_setuprunner_faults; the post-login Action path: tst_setuprunner_action.
#include "CliRunner.h"
#include "KeychainProbe.h"
#include "Plans.h"
#include "RunnerFixture.h"
#include "SetupChecks.h"
#include "common/Clock.h"
#include "common/JsonUtil.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/SecretKeys.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

class SetupRunnerTest : public QObject
{
    Q_OBJECT

private slots:
    void applyCreatesOneOfEachWithPlannedValues_data();
    void applyCreatesOneOfEachWithPlannedValues();
    void secondApplyChangesNothing();
    void stepsAreSignalledInOrder();
    void plannedCallsMakeNoCall_data();
    void plannedCallsMakeNoCall();
    void rollbackDeletesWhatApplyCreated();
    void rollbackAfterASecondApply();
    void rollbackKeepsWhatApplyFound();
    void keychainHoldsTheSecret();
};

using namespace SetupChecks;

void SetupRunnerTest::applyCreatesOneOfEachWithPlannedValues_data()
{
    QTest::addColumn<QJsonObject>("changes");
    QTest::newRow("DESIGN.md example") << QJsonObject();
    QTest::newRow("rbac, two scopes, script file, disabled")
        << QJsonObject{{QStringLiteral("api.rbac"), true},
                       {QStringLiteral("api.token_lifetime"), 3600},
                       {QStringLiteral("api.scopes[1]"), QJsonObject{{QStringLiteral("value"), QStringLiteral("write:messages")},
                                                                     {QStringLiteral("description"), QStringLiteral("Write messages")}}},
                       {QStringLiteral("grant.scopes[1]"), QStringLiteral("write:messages")},
                       {QStringLiteral("rule.template"), QJsonValue::Null},
                       {QStringLiteral("rule.script_file"), QStringLiteral("rules/custom.rule.js")},
                       {QStringLiteral("rule.enabled"), false},
                       {QStringLiteral("configuration.extra.GREETING"), QStringLiteral("hello")}};
}

void SetupRunnerTest::applyCreatesOneOfEachWithPlannedValues()
{
    QFETCH(QJsonObject, changes);
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    FIXTURE_PLAN(plan, fixture, changes);
    const TenantSnapshot before = fixture.tenant().snapshot();

    const auto run = fixture.runner(plan);
    const SetupReport report = run->runner->apply();
    QVERIFY2(report.ok, qPrintable(report.error.message));
    QCOMPARE(report.resumed, false);
    QCOMPARE(stepActions(report), everyStep(QStringLiteral("created")));

    const TenantSnapshot after = fixture.tenant().snapshot();
    const QString problems = oneOfEach(after, plan, report.clientId);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    // Exactly one more of each, nothing else.
    QCOMPARE(after.resourceServers.size(), before.resourceServers.size() + 1);
    QCOMPARE(after.clients.size(), before.clients.size() + 1);
    QCOMPARE(after.clientGrants.size(), before.clientGrants.size() + 1);
    QCOMPARE(after.rules.size(), before.rules.size() + 1);
    QCOMPARE(report.apiId, after.resourceServersWithIdentifier(plan.api.identifier).first().value(QLatin1String("id")).toString());
    QCOMPARE(report.grantId, after.grantsFor(report.clientId, plan.api.identifier).first().value(QLatin1String("id")).toString());
    QCOMPARE(report.ruleId, after.rulesNamed(plan.rule.name).first().value(QLatin1String("id")).toString());

    // The secret: in the secret store and in the rules configuration, and it is the client's.
    const QByteArray secret = fixture.tenant().clientWithSecret(report.clientId).value(QLatin1String("client_secret")).toString().toUtf8();
    QVERIFY(!secret.isEmpty());
    QCOMPARE(report.secretKey, SecretKeys::clientSecret(fixture.tenant().domain(), report.clientId));
    const SecretStore::Result stored = fixture.secrets().readAndWait(report.secretKey);
    QVERIFY2(stored.isOk(), qPrintable(stored.message));
    QCOMPARE(stored.secret.reveal(), secret);
    QCOMPARE(fixture.tenant().configurationValue(plan.configuration.clientSecretKey).toUtf8(), secret);
    QCOMPARE(fixture.tenant().configurationValue(plan.configuration.clientIdKey), report.clientId);
    QCOMPARE(fixture.tenant().configurationValue(QStringLiteral("API_AUDIENCE")), plan.api.identifier);
    QCOMPARE(fixture.tenant().configurationValue(QStringLiteral("API_URL")), fixture.tenant().baseUrl() + QStringLiteral("/sample-api/messages"));

    // The application works: a client_credentials token for the API with the granted scopes.
    const auto token = fixture.tenant().requestToken(report.clientId, stored.secret.reveal(), plan.api.identifier);
    QVERIFY2(token.status == 200, token.body.constData());
    QStringList granted = JsonUtil::parseObject(token.body)->value(QLatin1String("scope")).toString().split(QLatin1Char(' '));
    QStringList planned = plan.grantScopes;
    granted.sort();
    planned.sort();
    QCOMPARE(granted, planned);
}

void SetupRunnerTest::secondApplyChangesNothing()
{
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    FIXTURE_PLAN(plan, fixture, {});
    const SetupReport first = fixture.runner(plan)->runner->apply();
    QVERIFY2(first.ok, qPrintable(first.error.message));
    const TenantSnapshot afterFirst = fixture.tenant().snapshot();
    const QByteArray secret = fixture.secrets().readAndWait(first.secretKey).secret.reveal();

    const SetupReport second = fixture.runner(plan)->runner->apply();
    QVERIFY2(second.ok, qPrintable(second.error.message));
    QCOMPARE(second.resumed, false);
    QCOMPARE(stepActions(second), everyStep(QStringLiteral("found")));
    QCOMPARE(second.clientId, first.clientId);
    QCOMPARE(second.apiId, first.apiId);
    QCOMPARE(second.grantId, first.grantId);
    QCOMPARE(second.ruleId, first.ruleId);
    const TenantSnapshot afterSecond = fixture.tenant().snapshot();
    const QString changed = sameResources(afterFirst, afterSecond);
    QVERIFY2(changed.isEmpty(), qPrintable(changed));
    QCOMPARE(fixture.secrets().readAndWait(second.secretKey).secret.reveal(), secret);
    QCOMPARE(fixture.tenant().configurationValue(plan.configuration.clientSecretKey).toUtf8(), secret);
}

void SetupRunnerTest::stepsAreSignalledInOrder()
{
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    const auto run = fixture.runner(fixture.plan({}, nullptr));
    QSignalSpy started(run->runner.get(), &SetupRunner::stepStarted);
    QSignalSpy finished(run->runner.get(), &SetupRunner::stepFinished);
    QStringList order;
    connect(run->runner.get(), &SetupRunner::stepStarted, this, [&order](int i) { order << QStringLiteral("start %1").arg(i); });
    connect(run->runner.get(), &SetupRunner::stepFinished, this, [&order](int i) { order << QStringLiteral("finish %1").arg(i); });

    QVERIFY(run->runner->apply().ok);
    QCOMPARE(started.count(), 6);
    QCOMPARE(finished.count(), 6);
    QStringList expected;
    const QStringList names = SetupRunner::stepNames();
    for (int i = 0; i < 6; ++i) {
        expected << QStringLiteral("start %1").arg(i) << QStringLiteral("finish %1").arg(i);
        QCOMPARE(started.at(i).at(0).toInt(), i);
        QCOMPARE(started.at(i).at(1).toString(), SetupRunner::stepTitle(names.at(i)));
        QCOMPARE(finished.at(i).at(1).toString(), i < 4 ? QStringLiteral("created") : QStringLiteral("stored"));
    }
    QCOMPARE(order, expected);
}

void SetupRunnerTest::plannedCallsMakeNoCall_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QStringList>("steps");
    QTest::newRow("rule") << QStringLiteral("rule") << SetupRunner::stepNames();
    QTest::newRow("action") << QStringLiteral("action") << SetupRunner::stepNames();
}

void SetupRunnerTest::plannedCallsMakeNoCall()
{
    QFETCH(QString, kind);
    QFETCH(QStringList, steps);
    CountingServer silent;
    QStringList problems;
    const SetupPlan plan = Plans::parse(Plans::with(Plans::forTenant(silent.baseUrl()), QStringLiteral("rule.kind"), kind), &problems);
    QVERIFY(problems.isEmpty());
    ManagementAccess access;
    access.baseUrl = QUrl(silent.baseUrl());
    access.clientId = QStringLiteral("id");
    access.clientSecret = SecretBytes("secret");
    QNetworkAccessManager network;
    ManagementClient client(&network, access, Clock::system(), RunnerFixture::quickOptions(300));
    MemorySecretStore secrets;
    QTemporaryDir dir;
    QString error;
    auto journal = SetupJournal::open(dir.filePath(QStringLiteral("journal.sqlite")), &error);
    QVERIFY2(journal, qPrintable(error));
    SetupRunner runner(client, secrets, *journal, plan, access.domain());

    const QList<PlannedCall> calls = runner.plannedCalls();
    QCoreApplication::processEvents();
    QCOMPARE(silent.connections(), 0);
    QStringList seenSteps;
    for (const PlannedCall &call : calls) {
        if (!seenSteps.contains(call.step))
            seenSteps << call.step;
        QVERIFY2(!call.why.isEmpty(), qPrintable(call.path));
    }
    QCOMPARE(seenSteps, steps);
    const auto find = [&calls](const QString &method, const QString &path) {
        const auto it = std::find_if(calls.begin(), calls.end(), [&](const PlannedCall &c) { return c.method == method && c.path == path; });
        return it == calls.end() ? PlannedCall() : *it;
    };
    const PlannedCall createApi = find(QStringLiteral("POST"), QStringLiteral("/api/v2/resource-servers"));
    QCOMPARE(createApi.body.value(QLatin1String("identifier")).toString(), plan.api.identifier);
    QCOMPARE(createApi.body.value(QLatin1String("token_lifetime")).toInt(), plan.api.tokenLifetime);
    const PlannedCall createClient = find(QStringLiteral("POST"), QStringLiteral("/api/v2/clients"));
    QCOMPARE(createClient.body.value(QLatin1String("app_type")).toString(), QStringLiteral("non_interactive"));
    QCOMPARE(createClient.body.value(QLatin1String("grant_types")).toArray(), QJsonArray{QStringLiteral("client_credentials")});
    const PlannedCall createGrant = find(QStringLiteral("POST"), QStringLiteral("/api/v2/client-grants"));
    QCOMPARE(createGrant.body.value(QLatin1String("scope")).toArray(), QJsonArray{QStringLiteral("read:messages")});
    const PlannedCall keychain = find(QStringLiteral("KEYCHAIN"), SecretKeys::clientSecret(access.domain(), QStringLiteral("{client_id}")));
    QCOMPARE(keychain.step, QStringLiteral("keychain"));
    if (kind == QLatin1String("rule")) {
        for (const QString &key : {QStringLiteral("RULE_APP_CLIENT_ID"), QStringLiteral("RULE_APP_CLIENT_SECRET"),
                                   QStringLiteral("API_AUDIENCE"), QStringLiteral("API_URL")})
            QVERIFY2(!find(QStringLiteral("PUT"), QStringLiteral("/api/v2/rules-configs/") + key).path.isEmpty(), qPrintable(key));
        QCOMPARE(find(QStringLiteral("PUT"), QStringLiteral("/api/v2/rules-configs/RULE_APP_CLIENT_SECRET")).body.value(QLatin1String("value")).toString(),
                 QStringLiteral("••••••"));
    } else {
        QVERIFY(!find(QStringLiteral("POST"), QStringLiteral("/api/v2/actions/actions")).path.isEmpty());
    }

    // The counter does see a run that calls: apply() connects and gets no answer.
    const SetupReport report = runner.apply();
    QVERIFY(!report.ok);
    QVERIFY2(report.error.message.contains(QLatin1String("no answer in time")), qPrintable(report.error.message));
    QVERIFY(silent.connections() >= 1);
}

void SetupRunnerTest::rollbackDeletesWhatApplyCreated()
{
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    const TenantSnapshot before = fixture.tenant().snapshot();
    FIXTURE_PLAN(plan, fixture, {});
    const SetupReport applied = fixture.runner(plan)->runner->apply();
    QVERIFY(applied.ok);
    QVERIFY(fixture.secrets().readAndWait(applied.secretKey).isOk());

    const SetupReport rolledBack = fixture.runner(plan)->runner->rollback();
    QVERIFY2(rolledBack.ok, qPrintable(rolledBack.error.message));
    QCOMPARE(rolledBack.steps.size(), 8); // API, client, grant, rule, four configuration keys
    const QString left = sameResources(before, fixture.tenant().snapshot());
    QVERIFY2(left.isEmpty(), qPrintable(left));
    QCOMPARE(fixture.secrets().readAndWait(applied.secretKey).status, SecretStore::Status::NotFound);
}

void SetupRunnerTest::rollbackAfterASecondApply()
{
    // The second apply created nothing; a rollback still undoes what the plan created.
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    const TenantSnapshot before = fixture.tenant().snapshot();
    FIXTURE_PLAN(plan, fixture, {});
    QVERIFY(fixture.runner(plan)->runner->apply().ok);
    QVERIFY(fixture.runner(plan)->runner->apply().ok);
    const SetupReport rolledBack = fixture.runner(plan)->runner->rollback();
    QVERIFY2(rolledBack.ok, qPrintable(rolledBack.error.message));
    const QString left = sameResources(before, fixture.tenant().snapshot());
    QVERIFY2(left.isEmpty(), qPrintable(left));
}

void SetupRunnerTest::rollbackKeepsWhatApplyFound()
{
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    FIXTURE_PLAN(plan, fixture, {});
    const auto api = fixture.tenant().client().call("POST", QStringLiteral("/resource-servers"),
                                                    {{QStringLiteral("identifier"), plan.api.identifier},
                                                     {QStringLiteral("name"), QStringLiteral("there before")}});
    QVERIFY2(api.isOk(), qPrintable(api.error().message));
    const TenantSnapshot before = fixture.tenant().snapshot();
    const SetupReport applied = fixture.runner(plan)->runner->apply();
    QVERIFY(applied.ok);
    QCOMPARE(applied.steps.first().action, QStringLiteral("updated")); // the planned scope added
    QVERIFY(fixture.runner(plan)->runner->rollback().ok);
    const TenantSnapshot after = fixture.tenant().snapshot();
    const QString left = sameResources(before, after);
    QVERIFY2(left.isEmpty(), qPrintable(left));
    QCOMPARE(after.resourceServersWithIdentifier(plan.api.identifier).size(), 1);
}

void SetupRunnerTest::keychainHoldsTheSecret()
{
    if (const QString why = KeychainProbe::unavailableReason(); !why.isEmpty())
        QSKIP(qPrintable(why));
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    KeychainSecretStore keychain(QStringLiteral("rulebench"), 10000);
    FIXTURE_PLAN(plan, fixture, {});
    const SetupReport report = fixture.runner(plan, &keychain)->runner->apply();
    QVERIFY2(report.ok, qPrintable(report.error.message));
    QCOMPARE(report.secretStoredIn, keychain.description());
    const QByteArray secret = fixture.tenant().clientWithSecret(report.clientId).value(QLatin1String("client_secret")).toString().toUtf8();

    const SecretStore::Result viaQtKeychain = keychain.readAndWait(report.secretKey);
    QVERIFY2(viaQtKeychain.isOk(), qPrintable(viaQtKeychain.message));
    QCOMPARE(viaQtKeychain.secret.reveal(), secret);
    QString error;
    const auto viaSecretTool = KeychainProbe::lookup(report.secretKey, &error);
    QVERIFY2(viaSecretTool, qPrintable(error));
    QCOMPARE(viaSecretTool->type, QStringLiteral("base64"));
    QCOMPARE(viaSecretTool->secret, secret);

    QVERIFY(fixture.runner(plan, &keychain)->runner->rollback().ok);
    QCOMPARE(keychain.readAndWait(report.secretKey).status, SecretStore::Status::NotFound);
    QVERIFY(!KeychainProbe::lookup(report.secretKey));
}

QTEST_GUILESS_MAIN(SetupRunnerTest)
#include "tst_setuprunner.moc"
