// SPDX-License-Identifier: MIT
// SetupRunner when the tenant fails: a failure at each step (5xx, 403, a hang, no keychain, a
// create the tenant carried out whose answer was lost) leaves either a clean rollback or a run
// that the next apply resumes to completion with exactly one of each resource; 429 storms are
// ridden out; a hang hits the time limit with a message naming the step; cancel stops a run,
// from another thread too, and it resumes.
#include "Plans.h"
#include "RunnerFixture.h"
#include "SetupChecks.h"
#include "common/Clock.h"
#include "secrets/SecretKeys.h"
#include "storage/SqliteDatabase.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace SetupChecks;

class SetupRunnerFaultsTest : public QObject
{
    Q_OBJECT

private slots:
    void failureAtEachStep_data();
    void failureAtEachStep();
    void grantAnswerLostForAFoundApplication_data();
    void grantAnswerLostForAFoundApplication();
    void actionAnswerLost_data();
    void actionAnswerLost();
    void rateLimitStormIsRiddenOut_data();
    void rateLimitStormIsRiddenOut();
    void hangFailsNamingTheStep();
    void cancelFromAnotherThread();
    void cancelWhenAStepStarts();
};

namespace {

// The creates the journal holds as asked for but never answered (intents).
int unansweredCreates(const QString &journalPath)
{
    QString error;
    const auto db = SqliteDatabase::open(journalPath, &error);
    if (!db) {
        qWarning("%s", qPrintable(error));
        return -1;
    }
    auto count = db->prepare(QStringLiteral("SELECT count(*) FROM created WHERE pending = 1"));
    return count.next() ? int(count.integer(0)) : -1;
}

// Whether the tenant holds what the failed step of that run asked for and got no answer about.
bool holdsWhatFailedStepMakes(const TenantSnapshot &snapshot, const SetupPlan &plan, const SetupReport &failed)
{
    const QString &step = failed.failedStep;
    if (step == QLatin1String("api"))
        return !snapshot.resourceServersWithIdentifier(plan.api.identifier).isEmpty();
    if (step == QLatin1String("application"))
        return !snapshot.clientsNamed(plan.applicationName).isEmpty();
    if (step == QLatin1String("grant"))
        return !snapshot.grantsFor(failed.clientId, plan.api.identifier).isEmpty();
    if (step == QLatin1String("rule"))
        return !snapshot.rulesNamed(plan.rule.name).isEmpty() || !snapshot.actionsNamed(plan.rule.name).isEmpty();
    if (step == QLatin1String("configuration")) {
        QStringList keys = plan.extraConfiguration().keys();
        keys << plan.configuration.clientIdKey << plan.configuration.clientSecretKey;
        return std::any_of(keys.begin(), keys.end(), [&](const QString &key) {
            return snapshot.configurationKeys.contains(key) && !failed.configurationKeys.contains(key);
        });
    }
    return false;
}

} // namespace

void SetupRunnerFaultsTest::failureAtEachStep_data()
{
    QTest::addColumn<QJsonArray>("faults");
    QTest::addColumn<bool>("noKeychain");
    QTest::addColumn<QString>("failedStep");
    QTest::addColumn<QString>("says");
    QTest::addColumn<bool>("resume"); // else roll back
    QTest::addColumn<bool>("answerLost"); // the tenant carried out the failed create
    QTest::addColumn<int>("intents");     // unanswered creates in the journal after the failure

    const auto fault = [](const char *method, const char *path, QJsonObject how) {
        how.insert(QStringLiteral("method"), QLatin1String(method));
        how.insert(QStringLiteral("path"), QLatin1String(path));
        return how;
    };
    const QJsonObject status500{{QStringLiteral("status"), 500}};
    const QJsonObject storm503{{QStringLiteral("status"), 503}, {QStringLiteral("times"), -1}}; // beyond the GET retries
    const QJsonObject hang{{QStringLiteral("hang_ms"), 1500}};                                  // the runner waits 300 ms
    // The tenant creates the resource, then its answer is lost: a 500 instead, or no answer.
    const QJsonObject lost500{{QStringLiteral("status"), 500}, {QStringLiteral("after"), true}};
    const QJsonObject lostHang{{QStringLiteral("hang_ms"), 1500}, {QStringLiteral("after"), true}};
    struct Case
    {
        const char *name;
        QJsonObject fault;
        QString step;
        QString says;
        bool answerLost = false;
        int intents = 0;
    };
    const QString http500 = QStringLiteral("Injected fault (HTTP 500");
    const QString noAnswer = QStringLiteral("did not answer within 0.3 s");
    const QList<Case> cases{
        {"token: 500", fault("POST", "/oauth/token", status500), QStringLiteral("api"), QStringLiteral("Injected fault")},
        {"api: POST 500", fault("POST", "/api/v2/resource-servers", status500), QStringLiteral("api"), http500, false, 1},
        {"api: POST hangs", fault("POST", "/api/v2/resource-servers", hang), QStringLiteral("api"), noAnswer, false, 1},
        {"api: POST answer lost", fault("POST", "/api/v2/resource-servers", lost500), QStringLiteral("api"), http500, true, 1},
        {"api: GET 503 storm", fault("GET", "/api/v2/resource-servers", storm503), QStringLiteral("api"), QStringLiteral("HTTP 503")},
        {"application: POST 500", fault("POST", "/api/v2/clients", status500), QStringLiteral("application"), http500, false, 1},
        {"application: POST hangs", fault("POST", "/api/v2/clients", hang), QStringLiteral("application"), noAnswer, false, 1},
        {"application: POST answer lost", fault("POST", "/api/v2/clients", lostHang), QStringLiteral("application"), noAnswer, true, 1},
        {"application: GET 503 storm", fault("GET", "/api/v2/clients", storm503), QStringLiteral("application"), QStringLiteral("HTTP 503")},
        {"grant: POST 500", fault("POST", "/api/v2/client-grants", status500), QStringLiteral("grant"), http500, false, 1},
        {"grant: POST hangs", fault("POST", "/api/v2/client-grants", hang), QStringLiteral("grant"), noAnswer, false, 1},
        {"grant: POST answer lost", fault("POST", "/api/v2/client-grants", lost500), QStringLiteral("grant"), http500, true, 1},
        {"grant: GET 503 storm", fault("GET", "/api/v2/client-grants", storm503), QStringLiteral("grant"), QStringLiteral("HTTP 503")},
        {"rule: POST 500", fault("POST", "/api/v2/rules", status500), QStringLiteral("rule"), http500, false, 1},
        // A refusal: the tenant did not create it, and the journal keeps no intent.
        {"rule: POST 403", fault("POST", "/api/v2/rules", {{QStringLiteral("status"), 403}}), QStringLiteral("rule"), QStringLiteral("HTTP 403")},
        {"rule: POST hangs", fault("POST", "/api/v2/rules", hang), QStringLiteral("rule"), noAnswer, false, 1},
        {"rule: POST answer lost", fault("POST", "/api/v2/rules", lostHang), QStringLiteral("rule"), noAnswer, true, 1},
        // Two keys are set before the third fails: the rollback must take those two too.
        {"configuration: PUT 500 after two keys",
         fault("PUT", "/api/v2/rules-configs", {{QStringLiteral("status"), 500}, {QStringLiteral("skip"), 2}, {QStringLiteral("times"), -1}}),
         QStringLiteral("configuration"), http500, false, 1},
        {"configuration: PUT hangs", fault("PUT", "/api/v2/rules-configs", {{QStringLiteral("hang_ms"), 1500}, {QStringLiteral("skip"), 1}}),
         QStringLiteral("configuration"), noAnswer, false, 1},
        // The second key is set, its answer lost: a key the tenant lacked, so this plan's.
        {"configuration: PUT answer lost",
         fault("PUT", "/api/v2/rules-configs", {{QStringLiteral("hang_ms"), 1500}, {QStringLiteral("skip"), 1}, {QStringLiteral("after"), true}}),
         QStringLiteral("configuration"), noAnswer, true, 1},
        {"keychain: none reachable", QJsonObject(), QStringLiteral("keychain"), QStringLiteral("no keychain is reachable")},
    };
    for (const Case &c : cases) {
        for (const bool resume : {false, true}) {
            QTest::addRow("%s, then %s", c.name, resume ? "resume" : "roll back")
                << (c.fault.isEmpty() ? QJsonArray() : QJsonArray{c.fault}) << c.fault.isEmpty() << c.step << c.says << resume
                << c.answerLost << c.intents;
        }
    }
}

void SetupRunnerFaultsTest::failureAtEachStep()
{
    QFETCH(QJsonArray, faults);
    QFETCH(bool, noKeychain);
    QFETCH(QString, failedStep);
    QFETCH(QString, says);
    QFETCH(bool, resume);
    QFETCH(bool, answerLost);
    QFETCH(int, intents);

    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    FIXTURE_PLAN(plan, fixture, {});
    const TenantSnapshot before = fixture.tenant().snapshot();
    QString error;
    QVERIFY2(faults.isEmpty() || fixture.tenant().injectFaults(faults, &error), qPrintable(error));

    UnavailableSecretStore unavailable;
    const SetupReport failed = fixture.runner(plan, noKeychain ? &unavailable : nullptr, RunnerFixture::quickOptions(300))->runner->apply();
    QVERIFY(!failed.ok);
    QVERIFY(!failed.cancelled);
    QCOMPARE(failed.failedStep, failedStep);
    const QString title = SetupRunner::stepTitle(failedStep) + QStringLiteral(": ");
    QVERIFY2(failed.error.message.startsWith(title), qPrintable(failed.error.message));
    QVERIFY2(failed.error.message.contains(says), qPrintable(failed.error.message));
    QVERIFY(fixture.tenant().clearFaults());
    QCOMPARE(unansweredCreates(fixture.journalPath()), intents);
    // The answer-lost cases really leave the failed step's resource on the tenant.
    QCOMPARE(holdsWhatFailedStepMakes(fixture.tenant().snapshot(), plan, failed), answerLost);

    if (!resume) {
        const SetupReport rolledBack = fixture.runner(plan)->runner->rollback();
        QVERIFY2(rolledBack.ok, qPrintable(rolledBack.error.message));
        const QString left = sameResources(before, fixture.tenant().snapshot());
        QVERIFY2(left.isEmpty(), qPrintable(left));
        if (!failed.clientId.isEmpty())
            QCOMPARE(fixture.secrets().readAndWait(SecretKeys::clientSecret(fixture.tenant().domain(), failed.clientId)).status,
                     SecretStore::Status::NotFound);
        return;
    }

    const SetupReport resumed = fixture.runner(plan)->runner->apply();
    QVERIFY2(resumed.ok, qPrintable(resumed.error.message));
    QVERIFY(resumed.resumed);
    // Steps before the failure find what the first run made; the rest make it now.
    const int failedAt = SetupRunner::stepNames().indexOf(failedStep);
    QStringList expected = everyStep(QStringLiteral("created"));
    for (int i = 0; i < 4; ++i)
        expected[i] = SetupRunner::stepNames().at(i) + (i < failedAt ? QStringLiteral("=found") : QStringLiteral("=created"));
    // The resource whose answer was lost is found, and known as this plan's.
    if (answerLost && failedAt < 4)
        expected[failedAt] = SetupRunner::stepNames().at(failedAt) + QLatin1Char('=') + interruptedRunMade(QStringLiteral("found"));
    QCOMPARE(stepActions(resumed), expected);
    QCOMPARE(unansweredCreates(fixture.journalPath()), 0);
    const QString problems = oneOfEach(fixture.tenant().snapshot(), plan, resumed.clientId);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    const QByteArray secret = fixture.tenant().clientWithSecret(resumed.clientId).value(QLatin1String("client_secret")).toString().toUtf8();
    QCOMPARE(fixture.secrets().readAndWait(resumed.secretKey).secret.reveal(), secret);
    QCOMPARE(fixture.tenant().configurationValue(plan.configuration.clientSecretKey).toUtf8(), secret);

    // The journal kept what both runs created: a rollback now leaves the tenant as it was.
    QVERIFY(fixture.runner(plan)->runner->rollback().ok);
    const QString left = sameResources(before, fixture.tenant().snapshot());
    QVERIFY2(left.isEmpty(), qPrintable(left));
}

void SetupRunnerFaultsTest::grantAnswerLostForAFoundApplication_data()
{
    QTest::addColumn<bool>("resume"); // else roll back
    QTest::newRow("roll back") << false;
    QTest::newRow("resume") << true;
}

void SetupRunnerFaultsTest::grantAnswerLostForAFoundApplication()
{
    // In failureAtEachStep the API and application are the run's own, and deleting either takes
    // the grant along; here they were there before, so only the journal's intent can lead
    // rollback to the grant.
    QFETCH(bool, resume);
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    FIXTURE_PLAN(plan, fixture, {});
    const PlannedCall createApi = SetupRunner::plannedCalls(plan, fixture.tenant().domain(), QString()).at(1);
    QCOMPARE(createApi.path, QStringLiteral("/api/v2/resource-servers"));
    const auto api = fixture.tenant().client().call("POST", QStringLiteral("/resource-servers"), createApi.body);
    QVERIFY2(api.isOk(), qPrintable(api.error().message));
    const auto application = fixture.tenant().client().call(
        "POST", QStringLiteral("/clients"),
        {{QStringLiteral("name"), plan.applicationName}, {QStringLiteral("app_type"), QStringLiteral("non_interactive")},
         {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("client_credentials")}}});
    QVERIFY2(application.isOk(), qPrintable(application.error().message));
    const QString clientId = application.value().toObject().value(QLatin1String("client_id")).toString();
    const TenantSnapshot before = fixture.tenant().snapshot();
    QVERIFY(fixture.tenant().injectFaults({QJsonObject{{QStringLiteral("method"), QStringLiteral("POST")},
                                                       {QStringLiteral("path"), QStringLiteral("/api/v2/client-grants")},
                                                       {QStringLiteral("hang_ms"), 1500},
                                                       {QStringLiteral("after"), true}}}));

    const SetupReport failed = fixture.runner(plan, nullptr, RunnerFixture::quickOptions(300))->runner->apply();
    QCOMPARE(failed.failedStep, QStringLiteral("grant"));
    QCOMPARE(failed.clientId, clientId);
    QVERIFY(fixture.tenant().clearFaults());
    QCOMPARE(fixture.tenant().snapshot().grantsFor(clientId, plan.api.identifier).size(), 1);

    if (resume) {
        const SetupReport resumed = fixture.runner(plan)->runner->apply();
        QVERIFY2(resumed.ok, qPrintable(resumed.error.message));
        QCOMPARE(stepAction(resumed, QStringLiteral("api")), QStringLiteral("found"));
        QCOMPARE(stepAction(resumed, QStringLiteral("application")), QStringLiteral("found"));
        QCOMPARE(stepAction(resumed, QStringLiteral("grant")), interruptedRunMade(QStringLiteral("found")));
        const QString problems = oneOfEach(fixture.tenant().snapshot(), plan, clientId);
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
    }
    QVERIFY(fixture.runner(plan)->runner->rollback().ok);
    const TenantSnapshot after = fixture.tenant().snapshot();
    QCOMPARE(after.clientsNamed(plan.applicationName).size(), 1); // found, so kept
    QCOMPARE(after.resourceServersWithIdentifier(plan.api.identifier).size(), 1);
    const QString left = sameResources(before, after);
    QVERIFY2(left.isEmpty(), qPrintable(left));
}

void SetupRunnerFaultsTest::actionAnswerLost_data()
{
    QTest::addColumn<QJsonObject>("lost");
    QTest::addColumn<QString>("says");
    QTest::addColumn<bool>("resume"); // else roll back

    const QJsonObject lost500{{QStringLiteral("status"), 500}, {QStringLiteral("after"), true}};
    const QJsonObject lostHang{{QStringLiteral("hang_ms"), 1500}, {QStringLiteral("after"), true}};
    for (const bool resume : {false, true}) {
        const char *then = resume ? "resume" : "roll back";
        QTest::addRow("POST answered 500, then %s", then) << lost500 << QStringLiteral("Injected fault (HTTP 500") << resume;
        QTest::addRow("POST unanswered, then %s", then) << lostHang << QStringLiteral("did not answer within 0.3 s") << resume;
    }
}

void SetupRunnerFaultsTest::actionAnswerLost()
{
    // A tenant past Rules' end of life: the rule step creates a post-login Action.
    QFETCH(QJsonObject, lost);
    QFETCH(QString, says);
    QFETCH(bool, resume);

    LocalTenant::Options options;
    options.rulesAvailable = false;
    RunnerFixture fixture(options);
    FIXTURE_READY(fixture);
    FIXTURE_PLAN(plan, fixture, (QJsonObject{{QStringLiteral("rule.kind"), QStringLiteral("action")}}));
    const TenantSnapshot before = fixture.tenant().snapshot();
    QVERIFY2(before.ok, qPrintable(before.error));
    QJsonObject fault = lost;
    fault.insert(QStringLiteral("method"), QStringLiteral("POST"));
    fault.insert(QStringLiteral("path"), QStringLiteral("/api/v2/actions/actions"));
    QVERIFY(fixture.tenant().injectFaults({fault}));

    const SetupReport failed = fixture.runner(plan, nullptr, RunnerFixture::quickOptions(300))->runner->apply();
    QVERIFY(!failed.ok);
    QCOMPARE(failed.failedStep, QStringLiteral("rule"));
    QVERIFY2(failed.error.message.contains(says), qPrintable(failed.error.message));
    QVERIFY(fixture.tenant().clearFaults());
    QCOMPARE(fixture.tenant().snapshot().actionsNamed(plan.rule.name).size(), 1); // made, answer lost
    QCOMPARE(unansweredCreates(fixture.journalPath()), 1);

    if (resume) {
        const SetupReport resumed = fixture.runner(plan)->runner->apply();
        QVERIFY2(resumed.ok, qPrintable(resumed.error.message));
        QVERIFY(resumed.resumed);
        // Found undeployed, so brought up to date, and known as this plan's.
        QCOMPARE(stepAction(resumed, QStringLiteral("rule")), interruptedRunMade(QStringLiteral("updated")));
        QCOMPARE(unansweredCreates(fixture.journalPath()), 0);
        const QList<QJsonObject> actions = fixture.tenant().snapshot().actionsNamed(plan.rule.name);
        QCOMPARE(actions.size(), 1);
        QCOMPARE(actions.first().value(QLatin1String("id")).toString(), resumed.ruleId);
        QCOMPARE(actions.first().value(QLatin1String("all_changes_deployed")).toBool(), true);
        QCOMPARE(fixture.tenant().postLoginBindingsOf(resumed.ruleId), 1);
        const QByteArray secret = fixture.tenant().clientWithSecret(resumed.clientId).value(QLatin1String("client_secret")).toString().toUtf8();
        QCOMPARE(fixture.tenant().actionSecretValue(resumed.ruleId, QStringLiteral("RULE_APP_CLIENT_SECRET")).toUtf8(), secret);
    }

    const SetupReport rolledBack = fixture.runner(plan)->runner->rollback();
    QVERIFY2(rolledBack.ok, qPrintable(rolledBack.error.message));
    const QString left = sameResources(before, fixture.tenant().snapshot());
    QVERIFY2(left.isEmpty(), qPrintable(left));
    QCOMPARE(unansweredCreates(fixture.journalPath()), 0);
}

void SetupRunnerFaultsTest::rateLimitStormIsRiddenOut_data()
{
    QTest::addColumn<QJsonObject>("fault");
    QTest::addColumn<int>("perSecond"); // the tenant's own rate limit
    const auto storm = [](const char *method, const char *path, int retryAfter) {
        QJsonObject fault{{QStringLiteral("method"), QLatin1String(method)}, {QStringLiteral("path"), QLatin1String(path)},
                          {QStringLiteral("status"), 429}, {QStringLiteral("times"), 5}};
        if (retryAfter >= 0)
            fault.insert(QStringLiteral("retry_after"), retryAfter);
        return fault;
    };
    QTest::newRow("token, Retry-After 0") << storm("POST", "/oauth/token", 0) << 1000;
    QTest::newRow("GET API, Retry-After 1") << storm("GET", "/api/v2/resource-servers", 1) << 1000;
    QTest::newRow("POST client, Retry-After 0") << storm("POST", "/api/v2/clients", 0) << 1000;
    QTest::newRow("POST grant, no Retry-After") << storm("POST", "/api/v2/client-grants", -1) << 1000;
    QTest::newRow("PUT configuration, Retry-After 0") << storm("PUT", "/api/v2/rules-configs", 0) << 1000;
    QTest::newRow("tenant limit 4/s (x-ratelimit-reset)") << QJsonObject() << 4;
}

void SetupRunnerFaultsTest::rateLimitStormIsRiddenOut()
{
    QFETCH(QJsonObject, fault);
    QFETCH(int, perSecond);
    LocalTenant::Options options;
    options.rateLimitPerSecond = perSecond;
    RunnerFixture fixture(options);
    FIXTURE_READY(fixture);
    if (!fault.isEmpty())
        QVERIFY(fixture.tenant().injectFaults({fault}));
    FIXTURE_PLAN(plan, fixture, {});
    const auto run = fixture.runner(plan);
    const SetupReport report = run->runner->apply();
    QVERIFY2(report.ok, qPrintable(report.error.message + QLatin1Char('\n') + run->log.join(QLatin1Char('\n'))));
    const QStringList waits = run->log.filter(QStringLiteral("rate limited on "));
    QVERIFY2(fault.isEmpty() ? waits.size() >= 1 : waits.size() == 5, qPrintable(run->log.join(QLatin1Char('\n'))));
    QCOMPARE(fixture.tenant().armedFaults().size(), 0);
    const QString problems = oneOfEach(fixture.tenant().snapshot(), plan, report.clientId);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void SetupRunnerFaultsTest::hangFailsNamingTheStep()
{
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    QVERIFY(fixture.tenant().injectFaults({QJsonObject{{QStringLiteral("method"), QStringLiteral("POST")},
                                                       {QStringLiteral("path"), QStringLiteral("/api/v2/client-grants")},
                                                       {QStringLiteral("hang_ms"), 1500}}}));
    const SetupReport report = fixture.runner(fixture.plan({}, nullptr), nullptr, RunnerFixture::quickOptions(300))->runner->apply();
    QVERIFY(!report.ok);
    QCOMPARE(report.failedStep, QStringLiteral("grant"));
    QCOMPARE(report.error.kind, ApiError::Kind::Timeout);
    QCOMPARE(report.error.message, QStringLiteral("Authorize the application for the API: POST /client-grants: the tenant did not answer within 0.3 s"));
}

void SetupRunnerFaultsTest::cancelFromAnotherThread()
{
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    // POST /clients hangs for longer than the test waits: only cancel can end this run.
    QVERIFY(fixture.tenant().injectFaults({QJsonObject{{QStringLiteral("method"), QStringLiteral("POST")},
                                                       {QStringLiteral("path"), QStringLiteral("/api/v2/clients")},
                                                       {QStringLiteral("hang_ms"), 30000}}}));
    FIXTURE_PLAN(plan, fixture, {});
    auto *network = new QNetworkAccessManager;
    ManagementClient client(network, fixture.tenant().access(), Clock::system(), RunnerFixture::quickOptions(30000));
    SetupRunner runner(client, fixture.secrets(), fixture.journal(), plan, fixture.tenant().domain());
    SetupReport report;
    QThread *worker = QThread::create([&] {
        report = runner.apply();
        network->moveToThread(QCoreApplication::instance()->thread());
    });
    network->moveToThread(worker);
    // Emitted on the worker, delivered here: cancel() is called from this (another) thread.
    connect(&runner, &SetupRunner::stepStarted, this, [&runner](int index) {
        if (index == 1)
            runner.cancel();
    });
    QSignalSpy done(worker, &QThread::finished);
    worker->start();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
    delete worker;
    delete network;

    QVERIFY(!report.ok);
    QVERIFY(report.cancelled);
    QCOMPARE(report.failedStep, QStringLiteral("application"));
    QCOMPARE(report.error.kind, ApiError::Kind::Cancelled);
    // A cancelled run is resumed by the next apply, and ends with one of each.
    QVERIFY(fixture.tenant().clearFaults());
    const SetupReport resumed = fixture.runner(plan)->runner->apply();
    QVERIFY2(resumed.ok, qPrintable(resumed.error.message));
    QVERIFY(resumed.resumed);
    const QString problems = oneOfEach(fixture.tenant().snapshot(), plan, resumed.clientId);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void SetupRunnerFaultsTest::cancelWhenAStepStarts()
{
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    FIXTURE_PLAN(plan, fixture, {});
    const auto run = fixture.runner(plan);
    connect(run->runner.get(), &SetupRunner::stepStarted, this, [runner = run->runner.get()](int index) {
        if (index == 2)
            runner->cancel();
    });
    QSignalSpy finished(run->runner.get(), &SetupRunner::stepFinished);
    const SetupReport report = run->runner->apply();
    QVERIFY(report.cancelled);
    QCOMPARE(report.failedStep, QStringLiteral("grant"));
    QCOMPARE(finished.count(), 2);
    QCOMPARE(fixture.tenant().snapshot().grantsFor(report.clientId, plan.api.identifier).size(), 0);
}


QTEST_GUILESS_MAIN(SetupRunnerFaultsTest)
#include "tst_setuprunner_faults.moc"
