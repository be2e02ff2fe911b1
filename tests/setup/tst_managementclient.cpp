// SPDX-License-Identifier: MIT
// ManagementClient against a real LocalTenant with injected faults: which failures it rides
// out (429 with Retry-After, 5xx on idempotent calls, one revoked token), which it reports at
// once (5xx on POST, a token that stays refused), time limits, cancel, and pagination; and the
// fault injector's "after" faults, which lose the answer of a request the tenant carried out.
#include "RunnerFixture.h"
#include "TenantHarness.h"
#include "common/Clock.h"

#include <QJsonArray>
#include <QTest>
#include <QTimer>

class ManagementClientTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void serverErrorsAreRetriedOnlyWhenIdempotent_data();
    void serverErrorsAreRetriedOnlyWhenIdempotent();
    void rateLimitIsRiddenOut_data();
    void rateLimitIsRiddenOut();
    void rateLimitStormBeyondTheRetriesFails();
    void rateLimitedTokenRequestIsRiddenOut();
    void revokedTokenIsFetchedAgainOnce();
    void refusedTokenFailsInsteadOfLooping();
    void faultPathCoversItsSubtreeOnly();
    void hangHitsTheTimeLimit();
    void faultAfterTheTenantActed_data();
    void faultAfterTheTenantActed();
    void unreachableTenantSaysSo();
    void cancelEndsAWait();
    void listAllFollowsEveryPage();
    void messagesKeepPercentEscapes();
    void refusedTokenRequestSaysWhy_data();
    void refusedTokenRequestSaysWhy();

private:
    std::unique_ptr<TenantHarness> m_tenant;
    std::unique_ptr<ManagementClient> m_client;
    QStringList m_retries;
    void useClient(ManagementClient::Options options);
    void arm(const QJsonObject &fault);
    // How many more times the armed fault would fire (-1 forever, 0 when it is used up).
    int remainingTimes();
};

void ManagementClientTest::init()
{
    m_tenant = std::make_unique<TenantHarness>();
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));
    m_retries.clear();
    useClient(RunnerFixture::quickOptions());
}

void ManagementClientTest::cleanup()
{
    m_client.reset();
    m_tenant.reset();
}

void ManagementClientTest::useClient(ManagementClient::Options options)
{
    m_client = std::make_unique<ManagementClient>(m_tenant->network(), m_tenant->access(), Clock::system(), options);
    m_client->setRetryObserver([this](const QString &line) { m_retries << line; });
}

void ManagementClientTest::arm(const QJsonObject &fault)
{
    QString error;
    QVERIFY2(m_tenant->injectFaults({fault}, &error), qPrintable(error));
}

int ManagementClientTest::remainingTimes()
{
    const QJsonArray armed = m_tenant->armedFaults();
    return armed.isEmpty() ? 0 : armed.first().toObject().value(QLatin1String("times")).toInt();
}

void ManagementClientTest::serverErrorsAreRetriedOnlyWhenIdempotent_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<bool>("succeeds");
    QTest::addColumn<int>("remaining"); // of a fault armed for 2 requests

    const QJsonObject config{{QStringLiteral("value"), QStringLiteral("v")}};
    QTest::newRow("GET retried") << QByteArray("GET") << QStringLiteral("/rules") << QJsonObject() << true << 0;
    QTest::newRow("PUT retried") << QByteArray("PUT") << QStringLiteral("/rules-configs/KEY") << config << true << 0;
    QTest::newRow("DELETE retried") << QByteArray("DELETE") << QStringLiteral("/rules-configs/KEY") << QJsonObject() << true << 0;
    // A POST that failed with 5xx may have been carried out: sent once, reported.
    QTest::newRow("POST not retried") << QByteArray("POST") << QStringLiteral("/rules")
                                      << QJsonObject{{QStringLiteral("name"), QStringLiteral("r")}, {QStringLiteral("script"), QStringLiteral("function (u, c, cb) { cb(null, u, c); }")}}
                                      << false << 1;
}

void ManagementClientTest::serverErrorsAreRetriedOnlyWhenIdempotent()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QJsonObject, body);
    QFETCH(bool, succeeds);
    QFETCH(int, remaining);

    arm({{QStringLiteral("method"), QString::fromLatin1(method)}, {QStringLiteral("path"), QStringLiteral("/api/v2") + path},
         {QStringLiteral("status"), 503}, {QStringLiteral("times"), 2}});
    const auto result = m_client->call(method, path, body);
    QCOMPARE(result.isOk(), succeeds);
    QCOMPARE(remainingTimes(), remaining);
    if (!succeeds) {
        QCOMPARE(result.error().httpStatus, 503);
        QVERIFY2(result.error().message.startsWith(QStringLiteral("POST /rules: ")), qPrintable(result.error().message));
        QVERIFY2(result.error().message.contains(QLatin1String("Injected fault")), qPrintable(result.error().message));
    }
}

void ManagementClientTest::rateLimitIsRiddenOut_data()
{
    QTest::addColumn<int>("retryAfter"); // -1: no Retry-After header
    QTest::addColumn<QString>("waited");  // in the retry log

    QTest::newRow("Retry-After 0") << 0 << QStringLiteral("waiting 50 ms");    // the floor
    QTest::newRow("Retry-After 1") << 1 << QStringLiteral("waiting 100 ms");   // capped by maxRetryWaitMs
    QTest::newRow("no Retry-After") << -1 << QStringLiteral("waiting 100 ms"); // back-off, capped
}

void ManagementClientTest::rateLimitIsRiddenOut()
{
    QFETCH(int, retryAfter);
    QFETCH(QString, waited);

    QJsonObject fault{{QStringLiteral("method"), QStringLiteral("POST")}, {QStringLiteral("path"), QStringLiteral("/api/v2/rules")},
                      {QStringLiteral("status"), 429}, {QStringLiteral("times"), 5}};
    if (retryAfter >= 0)
        fault.insert(QStringLiteral("retry_after"), retryAfter);
    arm(fault);
    const auto result = m_client->call("POST", QStringLiteral("/rules"),
                                       {{QStringLiteral("name"), QStringLiteral("after-the-storm")},
                                        {QStringLiteral("script"), QStringLiteral("function (u, c, cb) { cb(null, u, c); }")}});
    QVERIFY2(result.isOk(), qPrintable(result.error().message));
    QCOMPARE(m_retries.size(), 5);
    QVERIFY2(m_retries.last().contains(waited), qPrintable(m_retries.join(QLatin1Char('\n'))));
    QVERIFY(m_retries.first().startsWith(QStringLiteral("rate limited on POST /rules")));
    QCOMPARE(remainingTimes(), 0);
}

void ManagementClientTest::rateLimitStormBeyondTheRetriesFails()
{
    ManagementClient::Options options = RunnerFixture::quickOptions();
    options.maxRateLimitRetries = 3;
    useClient(options);
    arm({{QStringLiteral("path"), QStringLiteral("/api/v2/resource-servers")}, {QStringLiteral("status"), 429},
         {QStringLiteral("retry_after"), 0}, {QStringLiteral("times"), -1}});
    const auto result = m_client->call("GET", QStringLiteral("/resource-servers"));
    QVERIFY(!result.isOk());
    QCOMPARE(result.error().httpStatus, 429);
    QCOMPARE(m_retries.size(), 3);
    QVERIFY2(result.error().message.startsWith(QStringLiteral("GET /resource-servers: ")), qPrintable(result.error().message));
}

void ManagementClientTest::rateLimitedTokenRequestIsRiddenOut()
{
    // Auth0 limits /oauth/token too; the first call of a run fetches the token.
    arm({{QStringLiteral("method"), QStringLiteral("POST")}, {QStringLiteral("path"), QStringLiteral("/oauth/token")},
         {QStringLiteral("status"), 429}, {QStringLiteral("retry_after"), 0}, {QStringLiteral("times"), 3}});
    const auto result = m_client->call("GET", QStringLiteral("/rules"));
    QVERIFY2(result.isOk(), qPrintable(result.error().message));
    QCOMPARE(remainingTimes(), 0);
    QCOMPARE(m_retries.size(), 3);
}

void ManagementClientTest::revokedTokenIsFetchedAgainOnce()
{
    QVERIFY(m_client->call("GET", QStringLiteral("/rules")).isOk()); // token cached
    arm({{QStringLiteral("path"), QStringLiteral("/api/v2/rules")}, {QStringLiteral("status"), 401}, {QStringLiteral("times"), 1}});
    const auto result = m_client->call("GET", QStringLiteral("/rules"));
    QVERIFY2(result.isOk(), qPrintable(result.error().message));
    QCOMPARE(remainingTimes(), 0);
}

void ManagementClientTest::refusedTokenFailsInsteadOfLooping()
{
    // Five 401s armed: a client that fetched a new token after every 401 would use them all
    // up and then succeed; one retry with a fresh token, then the error.
    arm({{QStringLiteral("path"), QStringLiteral("/api/v2/rules")}, {QStringLiteral("status"), 401}, {QStringLiteral("times"), 5}});
    const auto result = m_client->call("GET", QStringLiteral("/rules"));
    QVERIFY(!result.isOk());
    QCOMPARE(result.error().httpStatus, 401);
    QVERIFY2(result.error().message.startsWith(QStringLiteral("GET /rules: ")), qPrintable(result.error().message));
    QCOMPARE(remainingTimes(), 3);
}

void ManagementClientTest::faultPathCoversItsSubtreeOnly()
{
    // The fault injector itself: "/api/v2/rules" is that path and what is below it.
    arm({{QStringLiteral("path"), QStringLiteral("/api/v2/rules")}, {QStringLiteral("status"), 418}, {QStringLiteral("times"), -1}});
    QVERIFY(m_client->call("GET", QStringLiteral("/rules-configs")).isOk());
    QCOMPARE(m_client->call("GET", QStringLiteral("/rules")).error().httpStatus, 418);
    QCOMPARE(m_client->call("GET", QStringLiteral("/rules/rul_0123456789abcdef")).error().httpStatus, 418);
}

void ManagementClientTest::hangHitsTheTimeLimit()
{
    useClient(RunnerFixture::quickOptions(300));
    QVERIFY(m_client->call("GET", QStringLiteral("/rules")).isOk()); // token cached
    arm({{QStringLiteral("path"), QStringLiteral("/api/v2/clients")}, {QStringLiteral("hang_ms"), 1500}});
    const auto result = m_client->call("GET", QStringLiteral("/clients"));
    QVERIFY(!result.isOk());
    QCOMPARE(result.error().kind, ApiError::Kind::Timeout);
    QCOMPARE(result.error().message, QStringLiteral("GET /clients: the tenant did not answer within 0.3 s"));
}

void ManagementClientTest::faultAfterTheTenantActed_data()
{
    QTest::addColumn<QJsonObject>("how");
    QTest::addColumn<bool>("after");
    QTest::addColumn<bool>("timesOut");
    QTest::addColumn<int>("status");

    const QJsonObject status500{{QStringLiteral("status"), 500}};
    const QJsonObject hang{{QStringLiteral("hang_ms"), 1500}}; // the client waits 300 ms
    for (const bool after : {false, true}) {
        const char *when = after ? "after" : "before";
        QTest::addRow("500 %s", when) << status500 << after << false << 500;
        QTest::addRow("hang %s", when) << hang << after << true << 0;
    }
}

void ManagementClientTest::faultAfterTheTenantActed()
{
    QFETCH(QJsonObject, how);
    QFETCH(bool, after);
    QFETCH(bool, timesOut);
    QFETCH(int, status);

    useClient(RunnerFixture::quickOptions(300));
    QVERIFY(m_client->call("GET", QStringLiteral("/rules")).isOk()); // token cached
    QJsonObject fault = how;
    fault.insert(QStringLiteral("method"), QStringLiteral("POST"));
    fault.insert(QStringLiteral("path"), QStringLiteral("/api/v2/rules"));
    if (after)
        fault.insert(QStringLiteral("after"), true);
    arm(fault);
    QCOMPARE(m_tenant->armedFaults().first().toObject().value(QLatin1String("after")).toBool(), after);
    const auto result = m_client->call("POST", QStringLiteral("/rules"),
                                       {{QStringLiteral("name"), QStringLiteral("answer-lost")},
                                        {QStringLiteral("script"), QStringLiteral("function (u, c, cb) { cb(null, u, c); }")}});
    QVERIFY(!result.isOk());
    QCOMPARE(result.error().kind, timesOut ? ApiError::Kind::Timeout : ApiError::Kind::Http);
    QCOMPARE(result.error().httpStatus, status);
    QCOMPARE(remainingTimes(), 0);
    // "after": the tenant made the rule, only its answer was replaced; before: nothing made.
    const auto rules = m_client->listAll(QStringLiteral("/rules"), QStringLiteral("rules"));
    QVERIFY2(rules.isOk(), qPrintable(rules.error().message));
    const qsizetype made = std::count_if(rules.value().begin(), rules.value().end(), [](const QJsonObject &rule) {
        return rule.value(QLatin1String("name")).toString() == QLatin1String("answer-lost");
    });
    QCOMPARE(made, after ? 1 : 0);
}

void ManagementClientTest::unreachableTenantSaysSo()
{
    ManagementAccess access = m_tenant->access();
    const QUrl gone(m_tenant->baseUrl());
    m_tenant.reset(); // nothing listens on that port any more
    QNetworkAccessManager network;
    ManagementClient client(&network, access, Clock::system(), RunnerFixture::quickOptions());
    const auto result = client.call("GET", QStringLiteral("/rules"));
    QVERIFY(!result.isOk());
    QCOMPARE(result.error().kind, ApiError::Kind::Transport);
    QVERIFY2(result.error().message.contains(gone.authority()), qPrintable(result.error().message));
}

void ManagementClientTest::cancelEndsAWait()
{
    std::atomic_bool cancel{false};
    m_client->setCancelFlag(&cancel);
    QVERIFY(m_client->call("GET", QStringLiteral("/rules")).isOk());
    arm({{QStringLiteral("path"), QStringLiteral("/api/v2/clients")}, {QStringLiteral("hang_ms"), 20000}});
    QTimer::singleShot(100, [&cancel] { cancel = true; });
    const auto result = m_client->call("GET", QStringLiteral("/clients"));
    QCOMPARE(result.error().kind, ApiError::Kind::Cancelled);
}

void ManagementClientTest::listAllFollowsEveryPage()
{
    // listAll asks for 50 a page: 120 rules take three pages.
    for (int i = 0; i < 120; ++i) {
        const auto created = m_client->call("POST", QStringLiteral("/rules"),
                                            {{QStringLiteral("name"), QStringLiteral("rule-%1").arg(i)},
                                             {QStringLiteral("script"), QStringLiteral("function (u, c, cb) { cb(null, u, c); }")}});
        QVERIFY2(created.isOk(), qPrintable(created.error().message));
    }
    const auto rules = m_client->listAll(QStringLiteral("/rules"), QStringLiteral("rules"));
    QVERIFY2(rules.isOk(), qPrintable(rules.error().message));
    QCOMPARE(rules.value().size(), 120);
    QSet<QString> names;
    for (const QJsonObject &rule : rules.value())
        names.insert(rule.value(QLatin1String("name")).toString());
    QCOMPARE(names.size(), 120);
}

void ManagementClientTest::messagesKeepPercentEscapes()
{
    // An API identifier is a URL, so its path segment is full of "%3A%2F": text, not arg() places.
    const QString path = QStringLiteral("/resource-servers/") + ManagementClient::encode(QStringLiteral("https://x"));
    QCOMPARE(path, QStringLiteral("/resource-servers/https%3A%2F%2Fx"));
    arm({{QStringLiteral("path"), QStringLiteral("/api/v2/resource-servers")}, {QStringLiteral("status"), 503}, {QStringLiteral("times"), -1}});
    const auto failed = m_client->call("GET", path);
    QCOMPARE(failed.error().message, QStringLiteral("GET /resource-servers/https%3A%2F%2Fx: Injected fault (HTTP 503 Service Unavailable)"));
    QCOMPARE(m_retries.size(), 3);
    QVERIFY2(m_retries.first().startsWith(QStringLiteral("HTTP 503 on GET /resource-servers/https%3A%2F%2Fx, retrying in ")), qPrintable(m_retries.first()));

    QVERIFY(m_tenant->clearFaults());
    m_retries.clear();
    arm({{QStringLiteral("path"), QStringLiteral("/api/v2/resource-servers")}, {QStringLiteral("status"), 429}, {QStringLiteral("retry_after"), 0}});
    QCOMPARE(m_client->call("GET", path).error().httpStatus, 404);
    QCOMPARE(m_retries, QStringList{QStringLiteral("rate limited on GET /resource-servers/https%3A%2F%2Fx, waiting 50 ms")});

    useClient(RunnerFixture::quickOptions(300));
    arm({{QStringLiteral("path"), QStringLiteral("/api/v2/resource-servers")}, {QStringLiteral("hang_ms"), 1500}});
    QCOMPARE(m_client->call("GET", path).error().message,
             QStringLiteral("GET /resource-servers/https%3A%2F%2Fx: the tenant did not answer within 0.3 s"));
}

void ManagementClientTest::refusedTokenRequestSaysWhy_data()
{
    QTest::addColumn<QJsonObject>("fault");  // none: a wrong client secret
    QTest::addColumn<QString>("says");
    QTest::newRow("wrong secret") << QJsonObject() << QStringLiteral(" (HTTP 401 ");
    QTest::newRow("500") << QJsonObject{{QStringLiteral("path"), QStringLiteral("/oauth/token")}, {QStringLiteral("status"), 500}}
                         << QStringLiteral(": Injected fault (HTTP 500 Internal Server Error)");
}

void ManagementClientTest::refusedTokenRequestSaysWhy()
{
    QFETCH(QJsonObject, fault);
    QFETCH(QString, says);
    ManagementAccess access = m_tenant->access();
    if (fault.isEmpty())
        access.clientSecret = SecretBytes("not-the-secret");
    else
        arm(fault);
    ManagementClient client(m_tenant->network(), access, Clock::system(), RunnerFixture::quickOptions());
    const auto result = client.call("GET", QStringLiteral("/rules"));
    QVERIFY(!result.isOk());
    const QString message = result.error().message;
    QVERIFY2(message.startsWith(QStringLiteral("getting a Management API token with client id %1: ").arg(access.clientId)), qPrintable(message));
    QVERIFY2(message.contains(says) && message.endsWith(QLatin1Char(')')), qPrintable(message));
}

QTEST_GUILESS_MAIN(ManagementClientTest)
#include "tst_managementclient.moc"
