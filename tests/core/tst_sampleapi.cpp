// SPDX-License-Identifier: MIT
// /sample-api/* on the local tenant: the protected API the wizard points rules at. It checks
// the bearer token (signature, audience of a registered API, expiry, the route's scope) and
// echoes what it saw.
#include "TenantFixture.h"
#include "common/Clock.h"
#include "crypto/Jwt.h"
#include "crypto/RsaKey.h"
#include "tenant/Tenant.h"

#include <QTest>

namespace {

const QString TestApi = QStringLiteral("https://test-api");
const QString Messages = QStringLiteral("/sample-api/messages");

} // namespace

class tst_SampleApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void publicNeedsNoToken();
    void rejectedTokens_data();
    void rejectedTokens();
    void missingScopeIsNamed();
    void echoesClaims();
    void postNeedsCreateScope();
    void profileNeedsNoScope();
    void expiredToken();
    void deletedApiNoLongerAccepted();

private:
    QByteArray tokenFor(const QString &audience, const QString &scope = QString());
    ManualClock m_clock{QDateTime(QDate(2026, 6, 1), QTime(9, 0), Qt::UTC)};
    std::unique_ptr<TenantFixture> m_tenant;
    ClientCredentials m_client;
};

void tst_SampleApi::initTestCase()
{
    m_tenant = std::make_unique<TenantFixture>(LocalTenant::Options(), &m_clock);
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));
    for (const QString &identifier : {TestApi, QStringLiteral("https://other-api")}) {
        const QJsonArray scopes{QJsonObject{{QStringLiteral("value"), QStringLiteral("read:messages")}},
                                QJsonObject{{QStringLiteral("value"), QStringLiteral("create:messages")}}};
        COMPARE_STATUS(m_tenant->api("POST", QStringLiteral("/api/v2/resource-servers"),
                                     QJsonObject{{QStringLiteral("identifier"), identifier}, {QStringLiteral("scopes"), scopes},
                                                 {QStringLiteral("token_lifetime"), 600}}),
                       201);
    }
    m_client = m_tenant->createM2mClient(QStringLiteral("rule client"), TestApi, {QStringLiteral("read:messages"), QStringLiteral("create:messages")});
    QVERIFY(m_client.isValid());
    COMPARE_STATUS(m_tenant->api("POST", QStringLiteral("/api/v2/client-grants"),
                                 QJsonObject{{QStringLiteral("client_id"), m_client.clientId},
                                             {QStringLiteral("audience"), QStringLiteral("https://other-api")},
                                             {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:messages")}}}),
                   201);
}

QByteArray tst_SampleApi::tokenFor(const QString &audience, const QString &scope)
{
    const auto result = m_tenant->requestToken(m_client, audience, scope);
    if (!result.isOk())
        qWarning("token for %s: %s", qPrintable(audience), qPrintable(result.error().message));
    return result.value().accessToken.reveal();
}

void tst_SampleApi::publicNeedsNoToken()
{
    const HttpReply reply = m_tenant->send("GET", QStringLiteral("/sample-api/public"));
    COMPARE_STATUS(reply, 200);
    QCOMPARE(reply.object()[QLatin1String("ok")].toBool(), true);
    QCOMPARE(reply.object()[QLatin1String("token_verified")].toBool(), false);
    QCOMPARE(reply.object()[QLatin1String("path")].toString(), QStringLiteral("/sample-api/public"));
}

void tst_SampleApi::rejectedTokens_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QString>("descriptionContains");

    QTest::newRow("no token") << QByteArray() << "Missing bearer token";
    QTest::newRow("basic credentials") << QByteArray("Basic YTpi") << "Missing bearer token";
    QTest::newRow("scheme without a token") << QByteArray("Bearer ") << "Missing bearer token";
    QTest::newRow("garbage") << bearer("not.a.jwt") << "malformed token";
    QTest::newRow("Management API token") << bearer(m_tenant->managementToken()) << "audience is not";

    const QByteArray good = tokenFor(TestApi);
    const auto claims = Jwt::decode(good);
    QVERIFY(claims);
    QTest::newRow("signed by another key") << bearer(Jwt::signRs256(claims->payload, RsaKey::generate(), m_tenant->tenant().keyId()))
                                           << "signature does not match";
    QJsonObject otherIssuer = claims->payload;
    otherIssuer.insert(QStringLiteral("iss"), QStringLiteral("https://evil.test/"));
    QTest::newRow("other issuer") << bearer(m_tenant->tenant().sign(otherIssuer)) << "issuer";
    QJsonObject unknownAudience = claims->payload;
    unknownAudience.insert(QStringLiteral("aud"), QStringLiteral("https://not-registered"));
    QTest::newRow("unregistered audience") << bearer(m_tenant->tenant().sign(unknownAudience)) << "audience is not";
    QJsonObject noExpiry = claims->payload;
    noExpiry.remove(QStringLiteral("exp"));
    QTest::newRow("no expiry") << bearer(m_tenant->tenant().sign(noExpiry)) << "no expiry";
}

void tst_SampleApi::rejectedTokens()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QString, descriptionContains);
    const HttpReply reply = m_tenant->send("GET", Messages, QByteArray(), authorization);
    COMPARE_STATUS(reply, 401);
    QCOMPARE(reply.object()[QLatin1String("error")].toString(), QStringLiteral("invalid_token"));
    const QString description = reply.object()[QLatin1String("error_description")].toString();
    QVERIFY2(description.contains(descriptionContains), qPrintable(description));
    // RFC 6750 §3: the reason is in the challenge too.
    QVERIFY2(reply.header("WWW-Authenticate").startsWith("Bearer error=\"invalid_token\""), reply.header("WWW-Authenticate").constData());
    QVERIFY(!reply.object().contains(QLatin1String("messages")));
}

void tst_SampleApi::missingScopeIsNamed()
{
    const QByteArray token = tokenFor(TestApi, QStringLiteral("create:messages"));
    QVERIFY(!token.isEmpty());
    const HttpReply reply = m_tenant->send("GET", Messages, QByteArray(), bearer(token));
    COMPARE_STATUS(reply, 403);
    QCOMPARE(reply.object()[QLatin1String("error")].toString(), QStringLiteral("insufficient_scope"));
    const QString description = reply.object()[QLatin1String("error_description")].toString();
    QCOMPARE(description, QStringLiteral("This route needs the scope read:messages; the token has: create:messages"));
    QVERIFY(reply.header("WWW-Authenticate").contains("insufficient_scope"));
}

void tst_SampleApi::echoesClaims()
{
    for (const QString &audience : {TestApi, QStringLiteral("https://other-api")}) { // any registered API
        const QByteArray token = tokenFor(audience);
        QVERIFY(!token.isEmpty());
        const HttpReply reply = m_tenant->send("GET", Messages, QByteArray(), bearer(token));
        COMPARE_STATUS(reply, 200);
        const QJsonObject body = reply.object();
        QCOMPARE(body[QLatin1String("ok")].toBool(), true);
        QCOMPARE(body[QLatin1String("token_verified")].toBool(), true);
        QCOMPARE(body[QLatin1String("method")].toString(), QStringLiteral("GET"));
        QCOMPARE(body[QLatin1String("sub")].toString(), m_client.clientId + QStringLiteral("@clients"));
        QCOMPARE(body[QLatin1String("audience")].toString(), audience);
        QCOMPARE(body[QLatin1String("required_scope")].toString(), QStringLiteral("read:messages"));
        QVERIFY(body[QLatin1String("scope")].toString().split(QLatin1Char(' ')).contains(QStringLiteral("read:messages")));
        QCOMPARE(body[QLatin1String("claims")].toObject(), Jwt::decode(token)->payload);
        // The scheme is case-insensitive (RFC 7235 §2.1).
        COMPARE_STATUS(m_tenant->send("GET", Messages, QByteArray(), "bearer " + token), 200);
        QCOMPARE(body[QLatin1String("messages")].toArray().size(), 1);
    }
}

void tst_SampleApi::postNeedsCreateScope()
{
    const QByteArray readOnly = tokenFor(TestApi, QStringLiteral("read:messages"));
    const HttpReply refused = m_tenant->send("POST", Messages, "{\"text\":\"hi\"}", bearer(readOnly));
    COMPARE_STATUS(refused, 403);
    QVERIFY(refused.object()[QLatin1String("error_description")].toString().contains(QLatin1String("create:messages")));

    const HttpReply created = m_tenant->send("POST", Messages, "{\"text\":\"hi\"}", bearer(tokenFor(TestApi)));
    COMPARE_STATUS(created, 200);
    QCOMPARE(created.object()[QLatin1String("method")].toString(), QStringLiteral("POST"));
    QCOMPARE(created.object()[QLatin1String("received_body")].toString(), QStringLiteral("{\"text\":\"hi\"}"));
}

void tst_SampleApi::profileNeedsNoScope()
{
    const HttpReply reply = m_tenant->send("GET", QStringLiteral("/sample-api/profile"), QByteArray(),
                                           bearer(tokenFor(TestApi, QStringLiteral("create:messages"))));
    COMPARE_STATUS(reply, 200);
    QVERIFY(!reply.object().contains(QLatin1String("required_scope")));
    COMPARE_STATUS(m_tenant->send("GET", QStringLiteral("/sample-api/profile")), 401);
}

void tst_SampleApi::expiredToken()
{
    const QByteArray token = tokenFor(TestApi); // lives 600 s
    COMPARE_STATUS(m_tenant->send("GET", Messages, QByteArray(), bearer(token)), 200);
    m_clock.advanceSecs(599);
    COMPARE_STATUS(m_tenant->send("GET", Messages, QByteArray(), bearer(token)), 200);
    m_clock.advanceSecs(1);
    const HttpReply expired = m_tenant->send("GET", Messages, QByteArray(), bearer(token));
    COMPARE_STATUS(expired, 401);
    QCOMPARE(expired.object()[QLatin1String("error_description")].toString(), QStringLiteral("token expired"));
    COMPARE_STATUS(m_tenant->send("GET", Messages, QByteArray(), bearer(tokenFor(TestApi))), 200); // a fresh one works
}

void tst_SampleApi::deletedApiNoLongerAccepted()
{
    const QJsonArray scopes{QJsonObject{{QStringLiteral("value"), QStringLiteral("read:messages")}}};
    const HttpReply api = m_tenant->api("POST", QStringLiteral("/api/v2/resource-servers"),
                                        QJsonObject{{QStringLiteral("identifier"), QStringLiteral("https://short-lived")},
                                                    {QStringLiteral("scopes"), scopes}});
    COMPARE_STATUS(api, 201);
    const ClientCredentials client = m_tenant->createM2mClient(QStringLiteral("short"), QStringLiteral("https://short-lived"),
                                                               {QStringLiteral("read:messages")});
    const auto token = m_tenant->requestToken(client, QStringLiteral("https://short-lived"));
    QVERIFY2(token.isOk(), qPrintable(token.error().message));
    const QByteArray authorization = bearer(token.value().accessToken.reveal());
    COMPARE_STATUS(m_tenant->send("GET", Messages, QByteArray(), authorization), 200);
    COMPARE_STATUS(m_tenant->api("DELETE", QStringLiteral("/api/v2/resource-servers/") + api.object()[QLatin1String("id")].toString()), 204);
    COMPARE_STATUS(m_tenant->send("GET", Messages, QByteArray(), authorization), 401);
}

QTEST_GUILESS_MAIN(tst_SampleApi)
#include "tst_sampleapi.moc"
