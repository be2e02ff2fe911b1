// SPDX-License-Identifier: MIT
// LocalTenant: binding, restarting on a data file, what survives, and the HTTP path's speed.
#include "TenantFixture.h"
#include "crypto/Jwt.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

namespace {

QString jwksKid(TenantFixture &tenant)
{
    const HttpReply jwks = tenant.send("GET", QStringLiteral("/.well-known/jwks.json"));
    return jwks.object()[QLatin1String("keys")].toArray().first()[QLatin1String("kid")].toString();
}

} // namespace

class tst_LocalTenant : public QObject
{
    Q_OBJECT

private slots:
    void startsOnEphemeralLoopbackPort();
    void jwksCarriesTheCertificate();
    void secondServerOnSamePortFails();
    void samePortAgainAfterStop();
    void stopRightAfterStart();
    void dataFileKeepsKeyAndCredentials();
    void managementGrantFollowsPort();
    void startFailures_data();
    void startFailures();
    void benchmarkKeptAliveRequest();
    void benchmarkStopWithIdleClient();

private:
    std::unique_ptr<TenantFixture> m_benchTenant;
};

void tst_LocalTenant::startsOnEphemeralLoopbackPort()
{
    TenantFixture tenant;
    QVERIFY2(tenant.isRunning(), qPrintable(tenant.startError()));
    const quint16 port = tenant.local().port();
    QVERIFY(port != 0);
    QCOMPARE(tenant.local().baseUrl(), QStringLiteral("http://127.0.0.1:%1").arg(port));
    const ManagementCredentials credentials = tenant.local().managementCredentials();
    QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9]{32}$")).match(credentials.clientId).hasMatch(), qPrintable(credentials.clientId));
    QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9]{64}$")).match(credentials.clientSecret).hasMatch());
    QCOMPARE(credentials.audience, QStringLiteral("http://127.0.0.1:%1/api/v2/").arg(port));
    QCOMPARE(credentials.toJson().keys(), (QStringList{QStringLiteral("audience"), QStringLiteral("client_id"), QStringLiteral("client_secret")}));
    COMPARE_STATUS(tenant.send("GET", QStringLiteral("/.well-known/openid-configuration")), 200);
    const HttpReply unknown = tenant.send("GET", QStringLiteral("/no/such/route"));
    COMPARE_STATUS(unknown, 404);
    QCOMPARE(unknown.object()[QLatin1String("statusCode")].toInt(), 404);
}

void tst_LocalTenant::jwksCarriesTheCertificate()
{
    TenantFixture tenant;
    QVERIFY2(tenant.isRunning(), qPrintable(tenant.startError()));
    const HttpReply reply = tenant.send("GET", QStringLiteral("/.well-known/jwks.json"));
    COMPARE_STATUS(reply, 200);
    const QJsonObject jwk = reply.object()[QLatin1String("keys")].toArray().first().toObject();
    const QByteArray der = QByteArray::fromBase64(jwk[QLatin1String("x5c")].toArray().first().toString().toLatin1());
    const QSslCertificate certificate(der, QSsl::Der);
    QVERIFY(!certificate.isNull());
    QCOMPARE(certificate.subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("rulebench-local-tenant")});
    QCOMPARE(jwk[QLatin1String("x5t")].toString().toLatin1(),
             QCryptographicHash::hash(der, QCryptographicHash::Sha1)
                 .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    // The certificate holds the key the JWK describes: its modulus is in the certificate's key.
    const QByteArray modulus = QByteArray::fromBase64(jwk[QLatin1String("n")].toString().toLatin1(),
                                                      QByteArray::Base64UrlEncoding);
    QVERIFY(modulus.size() >= 256);
    QVERIFY(certificate.publicKey().toDer().contains(modulus));
}

void tst_LocalTenant::secondServerOnSamePortFails()
{
    TenantFixture first;
    QVERIFY2(first.isRunning(), qPrintable(first.startError()));
    LocalTenant::Options options;
    options.port = first.local().port();
    QString error;
    // Two tenants sharing a port would split the requests between two databases at random.
    const auto second = LocalTenant::start(options, &error);
    QVERIFY(!second);
    QVERIFY2(error.contains(QString::number(options.port)), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("cannot listen")), qPrintable(error));
    COMPARE_STATUS(first.send("GET", QStringLiteral("/.well-known/jwks.json")), 200);
}

void tst_LocalTenant::samePortAgainAfterStop()
{
    quint16 port = 0;
    {
        TenantFixture first;
        QVERIFY2(first.isRunning(), qPrintable(first.startError()));
        port = first.local().port();
        COMPARE_STATUS(first.send("GET", QStringLiteral("/.well-known/jwks.json")), 200); // leaves a connection behind
        first.local().stop();
        first.local().stop(); // twice is harmless
    }
    LocalTenant::Options options;
    options.port = port;
    TenantFixture again(options);
    QVERIFY2(again.isRunning(), qPrintable(again.startError()));
    QCOMPARE(again.local().port(), port);
}

void tst_LocalTenant::stopRightAfterStart()
{
    // A tenant closed as soon as it has started (a cancelled dialog, a test failing early)
    // must not hang its owner.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    LocalTenant::Options options;
    options.dataFile = dir.filePath(QStringLiteral("tenant.sqlite")); // one key, made once
    std::atomic_int started{0};
    std::atomic_bool done{false};
    std::thread worker([&] {
        for (int i = 0; i < 30; ++i) {
            QString error;
            if (!LocalTenant::start(options, &error))
                break;
            ++started;
        }
        done = true;
    });
    if (!QTest::qWaitFor([&done] { return done.load(); }, 30000)) {
        worker.detach();
        QFAIL(qPrintable(QStringLiteral("stop() right after start() hung (after %1 starts)").arg(started.load())));
    }
    worker.join();
    QCOMPARE(started.load(), 30);
}

void tst_LocalTenant::dataFileKeepsKeyAndCredentials()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    LocalTenant::Options options;
    options.dataFile = dir.filePath(QStringLiteral("tenant.sqlite"));

    ManagementCredentials before;
    QString kid;
    QByteArray token;
    QString ruleId;
    {
        TenantFixture first(options);
        QVERIFY2(first.isRunning(), qPrintable(first.startError()));
        before = first.local().managementCredentials();
        kid = jwksKid(first);
        token = first.managementToken();
        const HttpReply rule = first.api("POST", QStringLiteral("/api/v2/rules"),
                                         QJsonObject{{QStringLiteral("name"), QStringLiteral("kept")},
                                                     {QStringLiteral("script"), QStringLiteral("function(u,c,cb){cb(null,u,c);}")}});
        COMPARE_STATUS(rule, 201);
        ruleId = rule.object()[QLatin1String("id")].toString();
        options.port = first.local().port();
    }
    TenantFixture second(options); // same file, same port
    QVERIFY2(second.isRunning(), qPrintable(second.startError()));
    const ManagementCredentials after = second.local().managementCredentials();
    QCOMPARE(after.clientId, before.clientId);
    QCOMPARE(after.clientSecret, before.clientSecret);
    QCOMPARE(after.audience, before.audience);
    QCOMPARE(jwksKid(second), kid);
    // A token from before the restart still verifies: same key, same issuer, same audience.
    const HttpReply rule = second.apiAs(token, "GET", QStringLiteral("/api/v2/rules/") + ruleId);
    COMPARE_STATUS(rule, 200);
    QCOMPARE(rule.object()[QLatin1String("name")].toString(), QStringLiteral("kept"));
}

void tst_LocalTenant::managementGrantFollowsPort()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    LocalTenant::Options options;
    options.dataFile = dir.filePath(QStringLiteral("tenant.sqlite"));
    QString oldAudience;
    {
        TenantFixture first(options);
        QVERIFY2(first.isRunning(), qPrintable(first.startError()));
        oldAudience = first.managementAudience();
    }
    TenantFixture second(options); // a new ephemeral port
    QVERIFY2(second.isRunning(), qPrintable(second.startError()));
    QVERIFY(second.managementAudience() != oldAudience);
    QVERIFY2(!second.managementToken().isEmpty(), "the management client has no grant for the moved audience");
    const HttpReply apis = second.api("GET", QStringLiteral("/api/v2/resource-servers"));
    COMPARE_STATUS(apis, 200);
    QCOMPARE(apis.array().size(), 1); // the Management API moved, it was not duplicated
    QCOMPARE(apis.array().first()[QLatin1String("identifier")].toString(), second.managementAudience());
    const HttpReply grants = second.api("GET", QStringLiteral("/api/v2/client-grants"));
    QCOMPARE(grants.array().size(), 1);
    QCOMPARE(grants.array().first()[QLatin1String("audience")].toString(), second.managementAudience());
}

void tst_LocalTenant::startFailures_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("dataFile");
    QTest::addColumn<QString>("errorContains");
    QTest::newRow("address not on this machine") << "192.0.2.1" << ":memory:" << "cannot listen on 192.0.2.1";
    QTest::newRow("not an address") << "not-an-address" << ":memory:" << "cannot listen on not-an-address";
    QTest::newRow("data folder missing") << "127.0.0.1" << "/nonexistent-folder/tenant.sqlite" << "/nonexistent-folder/tenant.sqlite";
}

void tst_LocalTenant::startFailures()
{
    QFETCH(QString, host);
    QFETCH(QString, dataFile);
    QFETCH(QString, errorContains);
    LocalTenant::Options options;
    options.host = host;
    options.dataFile = dataFile;
    QString error;
    QVERIFY(!LocalTenant::start(options, &error));
    QVERIFY2(error.contains(errorContains), qPrintable(error));
}

void tst_LocalTenant::benchmarkKeptAliveRequest()
{
    // What every GUI and CLI call to the local tenant pays: one request on a kept-alive
    // QNetworkAccessManager connection (it was ~44 ms while the server let Nagle hold bodies).
    if (!m_benchTenant)
        m_benchTenant = std::make_unique<TenantFixture>(); // QBENCHMARK may call this function again
    QVERIFY2(m_benchTenant->isRunning(), qPrintable(m_benchTenant->startError()));
    HttpReply reply = m_benchTenant->api("GET", QStringLiteral("/api/v2/rules"));
    QBENCHMARK {
        reply = m_benchTenant->api("GET", QStringLiteral("/api/v2/rules"));
    }
    COMPARE_STATUS(reply, 200);
}

void tst_LocalTenant::benchmarkStopWithIdleClient()
{
    // What quitting costs while a client keeps an idle connection open, as the GUI's
    // QNetworkAccessManager always does (was ~5 s: httplib's keep-alive timeout).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    LocalTenant::Options options;
    options.dataFile = dir.filePath(QStringLiteral("tenant.sqlite"));
    QString error;
    QVERIFY2(LocalTenant::start(options, &error), qPrintable(error)); // makes the key outside the measurement
    TestHttp http;
    int status = 0;
    QBENCHMARK_ONCE {
        auto tenant = LocalTenant::start(options, &error);
        QVERIFY2(tenant, qPrintable(error));
        status = http.send("GET", QUrl(tenant->baseUrl() + QStringLiteral("/.well-known/jwks.json"))).status;
        tenant->stop();
    }
    QCOMPARE(status, 200);
}

QTEST_GUILESS_MAIN(tst_LocalTenant)
#include "tst_localtenant.moc"
