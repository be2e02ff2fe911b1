// SPDX-License-Identifier: MIT
// POST /oauth/token (client_credentials) on the local tenant: request shapes, the claims of
// the token (checked through the tenant's own discovery + JWKS), and Auth0's errors.
#include "TenantFixture.h"
#include "common/Clock.h"
#include "common/JsonUtil.h"
#include "crypto/JwkSet.h"
#include "crypto/Jwt.h"

#include <QTest>

namespace {

const QString TestApi = QStringLiteral("https://test-api");

QJsonArray scopes(const QStringList &values)
{
    QJsonArray out;
    for (const QString &value : values)
        out.append(QJsonObject{{QStringLiteral("value"), value}});
    return out;
}

} // namespace

class tst_TokenEndpoint : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void requestShapes_data();
    void requestShapes();
    void claimsVerifyThroughJwks();
    void narrowerScope();
    void dialects_data();
    void dialects();
    void managementAudienceAsHttps();
    void errors_data();
    void errors();

private:
    HttpReply token(const QByteArray &body, const QByteArray &contentType = "application/x-www-form-urlencoded",
                    const QByteArray &authorization = QByteArray());
    ManualClock m_clock{QDateTime(QDate(2026, 6, 1), QTime(8, 30), Qt::UTC)};
    std::unique_ptr<TenantFixture> m_tenant;
    ClientCredentials m_client;       // granted read:messages + create:messages on the test API, and every dialect API
    ClientCredentials m_ungranted;    // a client without any grant
    ClientCredentials m_noM2mGrant;   // a client whose grant types exclude client_credentials
};

void tst_TokenEndpoint::initTestCase()
{
    m_tenant = std::make_unique<TenantFixture>(LocalTenant::Options(), &m_clock);
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));

    const QList<QJsonObject> apis{
        {{QStringLiteral("identifier"), TestApi}, {QStringLiteral("token_lifetime"), 3600},
         {QStringLiteral("scopes"), scopes({QStringLiteral("read:messages"), QStringLiteral("create:messages"), QStringLiteral("delete:messages")})}},
        {{QStringLiteral("identifier"), QStringLiteral("https://rbac-authz")}, {QStringLiteral("enforce_policies"), true},
         {QStringLiteral("token_dialect"), QStringLiteral("access_token_authz")}, {QStringLiteral("scopes"), scopes({QStringLiteral("read:x")})}},
        {{QStringLiteral("identifier"), QStringLiteral("https://rbac-plain")}, {QStringLiteral("enforce_policies"), true},
         {QStringLiteral("scopes"), scopes({QStringLiteral("read:x")})}},
        {{QStringLiteral("identifier"), QStringLiteral("https://authz-no-rbac")}, {QStringLiteral("token_dialect"), QStringLiteral("access_token_authz")},
         {QStringLiteral("scopes"), scopes({QStringLiteral("read:x")})}},
        {{QStringLiteral("identifier"), QStringLiteral("https://rfc9068")}, {QStringLiteral("token_dialect"), QStringLiteral("rfc9068_profile")},
         {QStringLiteral("scopes"), scopes({QStringLiteral("read:x")})}},
        {{QStringLiteral("identifier"), QStringLiteral("https://rfc9068-authz")}, {QStringLiteral("token_dialect"), QStringLiteral("rfc9068_profile_authz")},
         {QStringLiteral("enforce_policies"), true}, {QStringLiteral("scopes"), scopes({QStringLiteral("read:x")})}},
    };
    for (const QJsonObject &api : apis)
        COMPARE_STATUS(m_tenant->api("POST", QStringLiteral("/api/v2/resource-servers"), api), 201);

    m_client = m_tenant->createM2mClient(QStringLiteral("M2M"), TestApi, {QStringLiteral("read:messages"), QStringLiteral("create:messages")});
    QVERIFY(m_client.isValid());
    for (const QJsonObject &api : apis.mid(1)) {
        COMPARE_STATUS(m_tenant->api("POST", QStringLiteral("/api/v2/client-grants"),
                                     QJsonObject{{QStringLiteral("client_id"), m_client.clientId},
                                                 {QStringLiteral("audience"), api[QLatin1String("identifier")]},
                                                 {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:x")}}}),
                       201);
    }
    const HttpReply ungranted = m_tenant->api("POST", QStringLiteral("/api/v2/clients"),
                                              QJsonObject{{QStringLiteral("name"), QStringLiteral("no grant")},
                                                          {QStringLiteral("app_type"), QStringLiteral("non_interactive")}});
    m_ungranted = {ungranted.object()[QLatin1String("client_id")].toString(), ungranted.object()[QLatin1String("client_secret")].toString()};
    const HttpReply spa = m_tenant->api("POST", QStringLiteral("/api/v2/clients"),
                                        QJsonObject{{QStringLiteral("name"), QStringLiteral("spa")}, {QStringLiteral("app_type"), QStringLiteral("spa")},
                                                    {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("authorization_code")}}});
    m_noM2mGrant = {spa.object()[QLatin1String("client_id")].toString(), spa.object()[QLatin1String("client_secret")].toString()};
    QVERIFY(m_ungranted.isValid() && m_noM2mGrant.isValid());
}

HttpReply tst_TokenEndpoint::token(const QByteArray &body, const QByteArray &contentType, const QByteArray &authorization)
{
    return m_tenant->send("POST", QStringLiteral("/oauth/token"), body, authorization, contentType);
}

void tst_TokenEndpoint::requestShapes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("basic");

    const QJsonObject json{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                           {QStringLiteral("client_id"), m_client.clientId},
                           {QStringLiteral("client_secret"), m_client.clientSecret},
                           {QStringLiteral("audience"), TestApi}};
    QTest::newRow("form, client_secret_post")
        << form({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}, {QStringLiteral("client_id"), m_client.clientId},
                 {QStringLiteral("client_secret"), m_client.clientSecret}, {QStringLiteral("audience"), TestApi}})
        << QByteArray("application/x-www-form-urlencoded") << false;
    QTest::newRow("JSON, client_secret_post") << JsonUtil::compact(json) << QByteArray("application/json") << false;
    QTest::newRow("JSON with charset") << JsonUtil::compact(json) << QByteArray("application/json; charset=utf-8") << false;
    QTest::newRow("form, client_secret_basic")
        << form({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}, {QStringLiteral("audience"), TestApi}})
        << QByteArray("application/x-www-form-urlencoded") << true;
    QTest::newRow("JSON, client_secret_basic")
        << JsonUtil::compact(QJsonObject{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}, {QStringLiteral("audience"), TestApi}})
        << QByteArray("application/json") << true;
}

void tst_TokenEndpoint::requestShapes()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(bool, basic);
    const QByteArray authorization = basic ? "Basic " + (m_client.clientId + QLatin1Char(':') + m_client.clientSecret).toUtf8().toBase64()
                                           : QByteArray();
    const HttpReply reply = token(body, contentType, authorization);
    COMPARE_STATUS(reply, 200);
    const QJsonObject answer = reply.object();
    QCOMPARE(answer.keys(), (QStringList{QStringLiteral("access_token"), QStringLiteral("expires_in"), QStringLiteral("scope"), QStringLiteral("token_type")}));
    QCOMPARE(answer[QLatin1String("token_type")].toString(), QStringLiteral("Bearer"));
    QCOMPARE(answer[QLatin1String("expires_in")].toInt(), 3600);
    QCOMPARE(answer[QLatin1String("scope")].toString(), QStringLiteral("read:messages create:messages"));
    QCOMPARE(reply.header("Cache-Control"), QByteArray("no-store"));
    const auto jwt = Jwt::decode(answer[QLatin1String("access_token")].toString().toLatin1());
    QVERIFY(jwt);
    QCOMPARE(jwt->payload[QLatin1String("azp")].toString(), m_client.clientId);
}

void tst_TokenEndpoint::claimsVerifyThroughJwks()
{
    const auto result = m_tenant->requestToken(m_client, TestApi);
    QVERIFY2(result.isOk(), qPrintable(result.error().message));
    const QByteArray accessToken = result.value().accessToken.reveal();

    // Verify as any resource server would: discovery, then the JWKS it points at.
    const HttpReply discovery = m_tenant->send("GET", QStringLiteral("/.well-known/openid-configuration"));
    COMPARE_STATUS(discovery, 200);
    const QString issuer = discovery.object()[QLatin1String("issuer")].toString();
    QCOMPARE(issuer, m_tenant->local().baseUrl() + QLatin1Char('/')); // trailing slash, as Auth0
    const QString jwksUri = discovery.object()[QLatin1String("jwks_uri")].toString();
    QCOMPARE(jwksUri, m_tenant->local().baseUrl() + QStringLiteral("/.well-known/jwks.json"));
    QCOMPARE(discovery.object()[QLatin1String("token_endpoint")].toString(), m_tenant->local().baseUrl() + QStringLiteral("/oauth/token"));
    const HttpReply jwksReply = m_tenant->send("GET", QUrl(jwksUri).path());
    COMPARE_STATUS(jwksReply, 200);
    QString error;
    const JwkSet keys = JwkSet::fromJson(jwksReply.object(), &error);
    QVERIFY2(keys.size() == 1, qPrintable(error));

    JwtExpectations expect;
    expect.issuer = issuer;
    expect.audiences = {TestApi};
    expect.now = m_clock.nowSecs();
    const JwtVerification verification = verifyJwt(accessToken, keys, expect);
    QVERIFY2(verification.isValid(), qPrintable(verification.message));

    const QJsonObject &header = verification.token.header;
    QCOMPARE(header[QLatin1String("alg")].toString(), QStringLiteral("RS256"));
    QCOMPARE(header[QLatin1String("typ")].toString(), QStringLiteral("JWT"));
    QCOMPARE(header[QLatin1String("kid")].toString(), jwksReply.object()[QLatin1String("keys")].toArray().first()[QLatin1String("kid")].toString());
    const QJsonObject &claims = verification.token.payload;
    QCOMPARE(claims[QLatin1String("iss")].toString(), issuer);
    QCOMPARE(claims[QLatin1String("sub")].toString(), m_client.clientId + QStringLiteral("@clients"));
    QCOMPARE(claims[QLatin1String("aud")].toString(), TestApi);
    QCOMPARE(claims[QLatin1String("azp")].toString(), m_client.clientId);
    QCOMPARE(claims[QLatin1String("gty")].toString(), QStringLiteral("client-credentials"));
    QCOMPARE(claims[QLatin1String("scope")].toString(), QStringLiteral("read:messages create:messages"));
    QCOMPARE(qint64(claims[QLatin1String("iat")].toDouble()), m_clock.nowSecs());
    QCOMPARE(qint64(claims[QLatin1String("exp")].toDouble()), m_clock.nowSecs() + 3600); // iat + token_lifetime
    QVERIFY(!claims.contains(QLatin1String("permissions")));

    expect.now = m_clock.nowSecs() + 3600;
    QCOMPARE(verifyJwt(accessToken, keys, expect).status, JwtStatus::Expired);
}

void tst_TokenEndpoint::narrowerScope()
{
    const auto result = m_tenant->requestToken(m_client, TestApi, QStringLiteral("create:messages"));
    QVERIFY2(result.isOk(), qPrintable(result.error().message));
    QCOMPARE(result.value().scope, QStringLiteral("create:messages"));
    const auto jwt = Jwt::decode(result.value().accessToken.reveal());
    QCOMPARE(jwt->payload[QLatin1String("scope")].toString(), QStringLiteral("create:messages"));
}

void tst_TokenEndpoint::dialects_data()
{
    QTest::addColumn<QString>("audience");
    QTest::addColumn<bool>("permissions");
    QTest::addColumn<bool>("rfc9068");
    QTest::newRow("RBAC + access_token_authz") << "https://rbac-authz" << true << false;
    QTest::newRow("RBAC, access_token") << "https://rbac-plain" << false << false;
    QTest::newRow("access_token_authz without RBAC") << "https://authz-no-rbac" << false << false;
    QTest::newRow("rfc9068_profile") << "https://rfc9068" << false << true;
    QTest::newRow("RBAC + rfc9068_profile_authz") << "https://rfc9068-authz" << true << true;
}

void tst_TokenEndpoint::dialects()
{
    QFETCH(QString, audience);
    QFETCH(bool, permissions);
    QFETCH(bool, rfc9068);
    const auto result = m_tenant->requestToken(m_client, audience);
    QVERIFY2(result.isOk(), qPrintable(result.error().message));
    const auto jwt = Jwt::decode(result.value().accessToken.reveal());
    QVERIFY(jwt);
    const QJsonObject &claims = jwt->payload;
    QCOMPARE(claims.contains(QLatin1String("permissions")), permissions);
    if (permissions)
        QCOMPARE(claims[QLatin1String("permissions")].toArray(), QJsonArray{QStringLiteral("read:x")});
    // RFC 9068 §2.2: client_id and jti instead of Auth0's azp and gty; §2.1: typ "at+jwt".
    QCOMPARE(claims.contains(QLatin1String("client_id")), rfc9068);
    QCOMPARE(claims.contains(QLatin1String("jti")), rfc9068);
    QCOMPARE(claims.contains(QLatin1String("gty")), !rfc9068);
    QCOMPARE(claims.contains(QLatin1String("azp")), !rfc9068);
    QCOMPARE(jwt->header[QLatin1String("typ")].toString(), rfc9068 ? QStringLiteral("at+jwt") : QStringLiteral("JWT"));
    if (rfc9068) {
        QCOMPARE(claims[QLatin1String("client_id")].toString(), m_client.clientId);
        const auto again = Jwt::decode(m_tenant->requestToken(m_client, audience).value().accessToken.reveal());
        QVERIFY(again->payload[QLatin1String("jti")].toString() != claims[QLatin1String("jti")].toString());
    }
}

void tst_TokenEndpoint::managementAudienceAsHttps()
{
    // SDKs that hard-code https ask for https://HOST/api/v2/; the tenant answers for its API.
    QString https = m_tenant->managementAudience();
    https.replace(0, 4, QStringLiteral("https"));
    const auto result = m_tenant->requestToken(m_tenant->managementClient(), https);
    QVERIFY2(result.isOk(), qPrintable(result.error().message));
    COMPARE_STATUS(m_tenant->apiAs(result.value().accessToken.reveal(), "GET", QStringLiteral("/api/v2/rules")), 200);
}

void tst_TokenEndpoint::errors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("description");

    const auto request = [](const ClientCredentials &client, const QString &audience, const QString &extraKey = QString(),
                            const QString &extraValue = QString()) {
        QList<QPair<QString, QString>> fields{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                                              {QStringLiteral("client_id"), client.clientId},
                                              {QStringLiteral("client_secret"), client.clientSecret}};
        if (!audience.isNull())
            fields.append({QStringLiteral("audience"), audience});
        if (!extraKey.isEmpty())
            fields.append({extraKey, extraValue});
        return form(fields);
    };
    const QByteArray formType = "application/x-www-form-urlencoded";
    QTest::newRow("wrong secret") << request({m_client.clientId, QStringLiteral("wrong")}, TestApi) << formType << 401
                                  << "invalid_client" << "Client authentication failed";
    QTest::newRow("unknown client") << request({QStringLiteral("nobody"), m_client.clientSecret}, TestApi) << formType << 401
                                    << "invalid_client" << "Client authentication failed";
    QTest::newRow("no client_id") << form({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}, {QStringLiteral("audience"), TestApi}})
                                  << formType << 401 << "invalid_client" << "Missing required parameter: client_id";
    QTest::newRow("grant type not allowed") << request(m_noM2mGrant, TestApi) << formType << 403 << "unauthorized_client"
                                            << "Grant type 'client_credentials' not allowed for the client.";
    QTest::newRow("no client grant") << request(m_ungranted, TestApi) << formType << 403 << "access_denied"
                                     << "Client is not authorized to access \"https://test-api\". You need to create a \"client-grant\" associated to this API.";
    QTest::newRow("unknown audience") << request(m_client, QStringLiteral("https://nope")) << formType << 403 << "access_denied"
                                      << "Service not found: https://nope";
    QTest::newRow("no audience") << request(m_client, QString()) << formType << 403 << "access_denied"
                                 << "No audience parameter was provided, and no default audience has been configured";
    QTest::newRow("scope not granted") << request(m_client, TestApi, QStringLiteral("scope"), QStringLiteral("read:messages delete:messages"))
                                       << formType << 403 << "access_denied" << "Client has not been granted scopes: delete:messages";
    QTest::newRow("unsupported grant type") << form({{QStringLiteral("grant_type"), QStringLiteral("urn:example:magic")}}) << formType << 501
                                            << "unsupported_grant_type" << "Unsupported grant type: urn:example:magic";
    QTest::newRow("no grant_type") << form({{QStringLiteral("client_id"), m_client.clientId}}) << formType << 400
                                   << "invalid_request" << "Missing required parameter: grant_type";
    QTest::newRow("empty body") << QByteArray() << formType << 400 << "invalid_request" << "Missing required parameter: grant_type";
    QTest::newRow("malformed JSON") << QByteArray("{\"grant_type\": \"client_credentials\",") << QByteArray("application/json") << 400
                                    << "invalid_request" << "Invalid JSON body";
    QTest::newRow("JSON number") << QByteArray(R"({"grant_type":"client_credentials","audience":5})") << QByteArray("application/json") << 400
                                 << "invalid_request" << "Parameter audience must be a string";
    QTest::newRow("plain text") << QByteArray("grant_type=client_credentials") << QByteArray("text/plain") << 400
                                << "invalid_request" << "Content-Type must be";
}

void tst_TokenEndpoint::errors()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QString, error);
    QFETCH(QString, description);
    const HttpReply reply = token(body, contentType);
    COMPARE_STATUS(reply, status);
    QCOMPARE(reply.object().keys(), (QStringList{QStringLiteral("error"), QStringLiteral("error_description")}));
    QCOMPARE(reply.object()[QLatin1String("error")].toString(), error);
    QVERIFY2(reply.object()[QLatin1String("error_description")].toString().startsWith(description), reply.body.constData());
}

QTEST_GUILESS_MAIN(tst_TokenEndpoint)
#include "tst_tokenendpoint.moc"
