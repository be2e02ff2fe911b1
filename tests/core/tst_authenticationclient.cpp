// SPDX-License-Identifier: MIT
// AuthenticationClient: client_credentials against a real LocalTenant, and how failures map.
#include "CannedHttpServer.h"
#include "TenantFixture.h"
#include "common/Clock.h"
#include "crypto/Jwt.h"
#include "net/AuthenticationClient.h"
#include "tenant/TenantStore.h"

#include <QJsonArray>
#include <QTest>

#include <optional>

namespace {

struct Call
{
    QString clientId;
    QByteArray secret;
    QString audience;
    QString scope;
};

std::optional<ApiResult<TokenResponse>> requestToken(AuthenticationClient &client, const Call &call, int waitMs = 20000)
{
    QObject context;
    std::optional<ApiResult<TokenResponse>> result;
    client.clientCredentials(
        call.clientId, SecretBytes(call.secret), call.audience, &context,
        [&result](const ApiResult<TokenResponse> &answer) { result = answer; }, call.scope);
    // A timeout is not an error here: the caller checks the result.
    static_cast<void>(QTest::qWaitFor([&result] { return result.has_value(); }, waitMs));
    return result;
}

} // namespace

class tst_AuthenticationClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void success();
    void narrowerScope();
    void encodesEveryCharacter();
    void errorMapping_data();
    void errorMapping();
    void closedPortIsTransportError();
    void silentServerIsTimeout();
    void answerWithoutTokenIsParseError();

private:
    std::unique_ptr<TenantFixture> m_tenant;
    ManualClock m_clock{QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC)};
};

void tst_AuthenticationClient::initTestCase()
{
    m_tenant = std::make_unique<TenantFixture>();
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));
}

void tst_AuthenticationClient::success()
{
    AuthenticationClient client(m_tenant->network(), QUrl(m_tenant->local().baseUrl()), m_clock);
    const ClientCredentials management = m_tenant->managementClient();
    const auto result = requestToken(client, {management.clientId, management.clientSecret.toUtf8(),
                                              m_tenant->managementAudience(), QString()});
    QVERIFY(result);
    QVERIFY2(result->isOk(), qPrintable(result->error().message));
    const TokenResponse &token = result->value();
    QCOMPARE(token.tokenType, QStringLiteral("Bearer"));
    QCOMPARE(token.expiresIn, 86400);
    QCOMPARE(token.expiresAt, m_clock.now().addSecs(86400)); // the injected clock, not the wall clock
    QVERIFY(token.scope.split(QLatin1Char(' ')).contains(QStringLiteral("create:rules")));

    const auto jwt = Jwt::decode(token.accessToken.reveal());
    QVERIFY(jwt);
    QCOMPARE(jwt->payload.value(QLatin1String("sub")).toString(), management.clientId + QStringLiteral("@clients"));
    QCOMPARE(jwt->payload.value(QLatin1String("aud")).toString(), m_tenant->managementAudience());
}

void tst_AuthenticationClient::narrowerScope()
{
    AuthenticationClient client(m_tenant->network(), QUrl(m_tenant->local().baseUrl()), m_clock);
    const ClientCredentials management = m_tenant->managementClient();
    const auto result = requestToken(client, {management.clientId, management.clientSecret.toUtf8(),
                                              m_tenant->managementAudience(), QStringLiteral("read:rules read:clients")});
    QVERIFY(result);
    QVERIFY2(result->isOk(), qPrintable(result->error().message));
    QCOMPARE(result->value().scope, QStringLiteral("read:rules read:clients"));
}

void tst_AuthenticationClient::encodesEveryCharacter()
{
    // Form encoding must survive what people put in identifiers and what other tenants put in
    // secrets: spaces, '+', '&', '=', '%', '/' and non-ASCII.
    const QString audience = QStringLiteral("urn:test api+1&x=y/%41 ✓");
    const QByteArray secret = "p+s/=&%20 ü";
    const QString clientId = QStringLiteral("odd-client");
    TenantStore &store = m_tenant->tenant().store();
    QVERIFY(store.put(QStringLiteral("resource_servers"), QStringLiteral("0123456789abcdef01234567"),
                      {{QStringLiteral("id"), QStringLiteral("0123456789abcdef01234567")},
                       {QStringLiteral("identifier"), audience},
                       {QStringLiteral("scopes"), QJsonArray{QJsonObject{{QStringLiteral("value"), QStringLiteral("read:x")}}}}}));
    QVERIFY(store.put(QStringLiteral("clients"), clientId,
                      {{QStringLiteral("client_id"), clientId},
                       {QStringLiteral("client_secret"), QString::fromUtf8(secret)},
                       {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("client_credentials")}}}));
    QVERIFY(store.put(QStringLiteral("client_grants"), QStringLiteral("cgr_odd"),
                      {{QStringLiteral("id"), QStringLiteral("cgr_odd")},
                       {QStringLiteral("client_id"), clientId},
                       {QStringLiteral("audience"), audience},
                       {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:x")}}}));

    AuthenticationClient client(m_tenant->network(), QUrl(m_tenant->local().baseUrl()), m_clock);
    const auto result = requestToken(client, {clientId, secret, audience, QStringLiteral("read:x")});
    QVERIFY(result);
    QVERIFY2(result->isOk(), qPrintable(result->error().message));
    const auto jwt = Jwt::decode(result->value().accessToken.reveal());
    QVERIFY(jwt);
    QCOMPARE(jwt->payload.value(QLatin1String("aud")).toString(), audience);
}

void tst_AuthenticationClient::errorMapping_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QString>("audience");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");

    const ClientCredentials management = m_tenant->managementClient();
    const QByteArray secret = management.clientSecret.toUtf8();
    const QString audience = m_tenant->managementAudience();
    QTest::newRow("bad secret") << management.clientId << QByteArray("wrong") << audience << QString() << 401
                                << "invalid_client" << "Client authentication failed";
    QTest::newRow("empty secret") << management.clientId << QByteArray() << audience << QString() << 401
                                  << "invalid_client" << "Client authentication failed";
    QTest::newRow("unknown client") << QStringLiteral("nobody") << secret << audience << QString() << 401
                                    << "invalid_client" << "Client authentication failed";
    QTest::newRow("unknown audience") << management.clientId << secret << QStringLiteral("https://nope") << QString()
                                      << 403 << "access_denied" << "Service not found: https://nope";
    QTest::newRow("no audience") << management.clientId << secret << QString() << QString() << 403
                                 << "access_denied" << "No audience parameter was provided";
    QTest::newRow("scope not granted") << management.clientId << secret << audience << QStringLiteral("read:rules fly:away")
                                       << 403 << "access_denied" << "Client has not been granted scopes: fly:away";
}

void tst_AuthenticationClient::errorMapping()
{
    QFETCH(QString, clientId);
    QFETCH(QByteArray, secret);
    QFETCH(QString, audience);
    QFETCH(QString, scope);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, message);
    AuthenticationClient client(m_tenant->network(), QUrl(m_tenant->local().baseUrl()), m_clock);
    const auto result = requestToken(client, {clientId, secret, audience, scope});
    QVERIFY(result);
    QVERIFY(!result->isOk());
    QCOMPARE(result->error().kind, ApiError::Kind::Http);
    QCOMPARE(result->error().httpStatus, status);
    QCOMPARE(result->error().code, code);
    QVERIFY2(result->error().message.startsWith(message), qPrintable(result->error().message));
    QVERIFY(result->value().accessToken.isEmpty());
}

void tst_AuthenticationClient::closedPortIsTransportError()
{
    QUrl closed;
    {
        CannedHttpServer server;
        closed = server.url();
    }
    AuthenticationClient client(m_tenant->network(), closed, m_clock);
    const auto result = requestToken(client, {QStringLiteral("id"), "secret", QStringLiteral("https://api"), QString()});
    QVERIFY(result);
    QCOMPARE(result->error().kind, ApiError::Kind::Transport);
    QCOMPARE(result->error().httpStatus, 0);
    QVERIFY2(result->error().message.contains(closed.authority()), qPrintable(result->error().message));
}

void tst_AuthenticationClient::silentServerIsTimeout()
{
    CannedHttpServer silent;
    AuthenticationClient client(m_tenant->network(), silent.url(), m_clock);
    client.setTimeoutMs(300);
    const auto result = requestToken(client, {QStringLiteral("id"), "secret", QStringLiteral("https://api"), QString()});
    QVERIFY(result);
    QCOMPARE(result->error().kind, ApiError::Kind::Timeout);
    QVERIFY2(result->error().message.contains(silent.url().authority()), qPrintable(result->error().message));
    QCOMPARE(silent.requestsSeen(), 1);
}

void tst_AuthenticationClient::answerWithoutTokenIsParseError()
{
    CannedHttpServer server(CannedHttpServer::response(200, "application/json", R"({"token_type":"Bearer"})"));
    AuthenticationClient client(m_tenant->network(), server.url(), m_clock);
    const auto result = requestToken(client, {QStringLiteral("id"), "secret", QStringLiteral("https://api"), QString()});
    QVERIFY(result);
    QCOMPARE(result->error().kind, ApiError::Kind::Parse);
    QVERIFY2(result->error().message.contains(QLatin1String("access_token")), qPrintable(result->error().message));
}

QTEST_GUILESS_MAIN(tst_AuthenticationClient)
#include "tst_authenticationclient.moc"
