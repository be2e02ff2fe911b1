// SPDX-License-Identifier: MIT
// User logins on the local tenant, end to end: a real LoginChain (the Node rule host on its own
// thread), a LocalTenant set up with the call-api plan (API, M2M application, grant, the
// corrected call-an-API rule and its rules-configs), real HTTP through AuthenticationClient and
// QNetworkAccessManager. Password-realm, authorization code + PKCE through the HTML form,
// refresh tokens and /userinfo; the rule's claim in the ID token, its cached M2M token (counted
// by the tenant), denials, metadata the chain persisted; then the same login on a tenant past
// Rules' end of life, with the rule converted into a bound post-login Action.
#include "TenantFixture.h"
#include "common/Clock.h"
#include "common/JsonUtil.h"
#include "convert/RuleConverter.h"
#include "crypto/Jwt.h"
#include "crypto/Pkce.h"
#include "management/ManagementAccess.h"
#include "rules/PlanConfiguration.h"
#include "rules/RuleHost.h"
#include "tenant/AuthorizeEndpoint.h"
#include "tenant/LoginChain.h"
#include "tenant/Tenant.h"
#include "tenant/UserLogins.h"

#include <QFile>
#include <QNetworkReply>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>
#include <QUrlQuery>

#include <mutex>

namespace {

const QString ApiResultClaim = QStringLiteral("https://rulebench.example/api_result");
const QString ApiAnswer = QStringLiteral("Hello from the sample API");
const QString Api = QStringLiteral("https://rulebench.test/api");
const QString Password = QStringLiteral("Correct-Horse-9");
const QString Database = QStringLiteral("Username-Password-Authentication");
const QString Callback = QStringLiteral("http://127.0.0.1/callback");

QJsonObject payload(const QByteArray &jwt)
{
    const auto decoded = Jwt::decode(jwt);
    return decoded ? decoded->payload : QJsonObject();
}

QString htmlUnescaped(QString text)
{
    text.replace(QLatin1String("&quot;"), QLatin1String("\""));
    text.replace(QLatin1String("&lt;"), QLatin1String("<"));
    text.replace(QLatin1String("&gt;"), QLatin1String(">"));
    text.replace(QLatin1String("&#39;"), QLatin1String("'"));
    return text.replace(QLatin1String("&amp;"), QLatin1String("&"));
}

// The hidden fields of the login form, as a browser would send them back.
QList<QPair<QString, QString>> hiddenFields(const QByteArray &html)
{
    static const QRegularExpression hidden(QStringLiteral("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">"));
    QList<QPair<QString, QString>> fields;
    auto it = hidden.globalMatch(QString::fromUtf8(html));
    while (it.hasNext()) {
        const auto match = it.next();
        fields.append({ match.captured(1), htmlUnescaped(match.captured(2)) });
    }
    return fields;
}

QString oauthError(const HttpReply &reply)
{
    return reply.object().value(QLatin1String("error")).toString();
}

QString oauthDescription(const HttpReply &reply)
{
    return reply.object().value(QLatin1String("error_description")).toString();
}

} // namespace

class tst_UserLogins : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void passwordRealmRunsTheRuleAndCachesItsToken();
    void passwordGrantAsJsonWithBasicAuth();
    void wrongCredentials_data();
    void wrongCredentials();
    void ruleDenial();
    void ruleErrorIsAccessDenied();
    void metadataFromTheChainIsPersisted();
    void clientCredentialsRunsNoRule();
    void badTokenRequests_data();
    void badTokenRequests();
    void authorizationCodeWithPkce();
    void authorizeErrors();
    void refreshTokenAndUserInfo();
    void convertedActionOnATenantWithoutRules();
    void withoutARuleHost();
    void allowedCallbacks_data();
    void allowedCallbacks();
    void tooManyWaitingLogins();

private:
    struct Client
    {
        QString id;
        QString secret;
    };
    Client createLoginClient(TenantFixture &tenant, const QString &name, bool isPublic);
    QString createUser(TenantFixture &tenant, const QString &email, bool verified);
    ApiResult<TokenResponse> passwordRealm(TenantFixture &tenant, const Client &client, const QString &username,
                                           const QString &password, const QString &scope = QStringLiteral("openid profile email"),
                                           const QString &audience = Api);
    HttpReply token(const QList<QPair<QString, QString>> &fields) { return token(*m_tenant, fields); }
    HttpReply token(TenantFixture &tenant, const QList<QPair<QString, QString>> &fields);
    // GET /authorize, then POST its form with these credentials: the final answer (302 or the form).
    HttpReply authorize(const QUrl &url, const QString &username, const QString &password, HttpReply *formPage = nullptr)
    {
        return authorize(*m_tenant, url, username, password, formPage);
    }
    HttpReply authorize(TenantFixture &tenant, const QUrl &url, const QString &username, const QString &password,
                        HttpReply *formPage = nullptr);
    QStringList takeTrace();

    std::unique_ptr<LoginChain> m_chain;
    std::unique_ptr<TenantFixture> m_tenant;
    QJsonObject m_configuration;
    Client m_app; // confidential: password, password-realm, authorization_code, refresh_token
    Client m_native; // public: authorization_code + PKCE, refresh_token
    QString m_jane;
    QString m_unverified;
    std::mutex m_traceMutex;
    QStringList m_trace;
};

void tst_UserLogins::initTestCase()
{
    QString error;
    m_chain = std::make_unique<LoginChain>();
    QVERIFY2(m_chain->start(&error), qPrintable(error));
    m_chain->setTraceSink([this](const QString &line) {
        std::lock_guard lock(m_traceMutex);
        m_trace << line;
    });
    LocalTenant::Options options;
    options.loginChain = m_chain.get();
    m_tenant = std::make_unique<TenantFixture>(options);
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));

    ManagementAccess access;
    access.baseUrl = QUrl(m_tenant->local().baseUrl());
    access.clientId = m_tenant->managementClient().clientId;
    access.clientSecret = SecretBytes::fromUtf8(m_tenant->managementClient().clientSecret.toUtf8());
    const auto configuration = PlanConfiguration::apply(
        QStringLiteral(RULEBENCH_SOURCE_DIR "/tests/rules/cases/plans/call-api.plan.json"), access, &error);
    QVERIFY2(configuration, qPrintable(error));
    m_configuration = *configuration;
    QCOMPARE(m_tenant->api("GET", QStringLiteral("/api/v2/rules")).array().size(), 1);

    m_app = createLoginClient(*m_tenant, QStringLiteral("Login test app"), false);
    m_native = createLoginClient(*m_tenant, QStringLiteral("Native test app"), true);
    QVERIFY(!m_app.id.isEmpty() && !m_native.id.isEmpty());
    m_jane = createUser(*m_tenant, QStringLiteral("jane@example.com"), true);
    m_unverified = createUser(*m_tenant, QStringLiteral("new@example.com"), false);
    QVERIFY(!m_jane.isEmpty() && !m_unverified.isEmpty());
    const QString apiId = m_tenant->api("GET", QStringLiteral("/api/v2/resource-servers/") + QString::fromUtf8(QUrl::toPercentEncoding(Api)))
                              .object().value(QLatin1String("id")).toString();
    COMPARE_STATUS(m_tenant->api("PATCH", QStringLiteral("/api/v2/resource-servers/") + apiId,
                                 QJsonObject { { QStringLiteral("allow_offline_access"), true } }),
                   200);
}

void tst_UserLogins::cleanupTestCase()
{
    m_tenant.reset();
    m_chain.reset();
}

tst_UserLogins::Client tst_UserLogins::createLoginClient(TenantFixture &tenant, const QString &name, bool isPublic)
{
    QJsonObject body { { QStringLiteral("name"), name },
                       { QStringLiteral("app_type"), isPublic ? QStringLiteral("native") : QStringLiteral("regular_web") },
                       { QStringLiteral("callbacks"), QJsonArray { Callback, QStringLiteral("https://app.example/callback") } },
                       { QStringLiteral("grant_types"),
                         QJsonArray { QStringLiteral("password"), QStringLiteral("http://auth0.com/oauth/grant-type/password-realm"),
                                      QStringLiteral("authorization_code"), QStringLiteral("refresh_token") } } };
    if (isPublic)
        body.insert(QStringLiteral("token_endpoint_auth_method"), QStringLiteral("none"));
    const HttpReply reply = tenant.api("POST", QStringLiteral("/api/v2/clients"), body);
    if (reply.status != 201) {
        qWarning("%s", qPrintable(reply.describe(201)));
        return {};
    }
    return { reply.object().value(QLatin1String("client_id")).toString(),
             reply.object().value(QLatin1String("client_secret")).toString() };
}

QString tst_UserLogins::createUser(TenantFixture &tenant, const QString &email, bool verified)
{
    const HttpReply reply = tenant.api("POST", QStringLiteral("/api/v2/users"),
                                       QJsonObject { { QStringLiteral("connection"), Database },
                                                     { QStringLiteral("email"), email },
                                                     { QStringLiteral("password"), Password },
                                                     { QStringLiteral("email_verified"), verified } });
    if (reply.status != 201) {
        qWarning("%s", qPrintable(reply.describe(201)));
        return {};
    }
    return reply.object().value(QLatin1String("user_id")).toString();
}

ApiResult<TokenResponse> tst_UserLogins::passwordRealm(TenantFixture &tenant, const Client &client, const QString &username,
                                                       const QString &password, const QString &scope, const QString &audience)
{
    AuthenticationClient authentication(tenant.network(), QUrl(tenant.local().baseUrl()), Clock::system());
    QObject context;
    std::optional<ApiResult<TokenResponse>> result;
    authentication.passwordRealm(username, SecretBytes::fromUtf8(password.toUtf8()), Database, client.id,
                                 SecretBytes::fromUtf8(client.secret.toUtf8()), audience, scope, &context,
                                 [&result](const ApiResult<TokenResponse> &answer) { result = answer; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 40000)) {
        ApiError error;
        error.kind = ApiError::Kind::Timeout;
        error.message = QStringLiteral("no answer to the login in 40 s");
        return ApiResult<TokenResponse>::failure(error);
    }
    return *result;
}

HttpReply tst_UserLogins::token(TenantFixture &tenant, const QList<QPair<QString, QString>> &fields)
{
    return tenant.send("POST", QStringLiteral("/oauth/token"), form(fields), QByteArray(),
                          "application/x-www-form-urlencoded");
}

HttpReply tst_UserLogins::authorize(TenantFixture &tenant, const QUrl &url, const QString &username, const QString &password,
                                    HttpReply *formPage)
{
    const HttpReply page = tenant.send("GET", url.path() + QLatin1Char('?') + url.query(QUrl::FullyEncoded), {}, {}, {});
    if (formPage)
        *formPage = page;
    if (page.status != 200)
        return page;
    QList<QPair<QString, QString>> fields = hiddenFields(page.body);
    fields << qMakePair(QStringLiteral("username"), username) << qMakePair(QStringLiteral("password"), password);
    return tenant.send("POST", QStringLiteral("/authorize"), form(fields), {}, "application/x-www-form-urlencoded");
}

QStringList tst_UserLogins::takeTrace()
{
    std::lock_guard lock(m_traceMutex);
    return std::exchange(m_trace, {});
}

void tst_UserLogins::passwordRealmRunsTheRuleAndCachesItsToken()
{
    const int m2mTokensBefore = m_tenant->tenant().issuedCount(QStringLiteral("client_credentials"));
    const int runsBefore = m_chain->runCount();
    takeTrace();

    const auto first = passwordRealm(*m_tenant, m_app, QStringLiteral("jane@example.com"), Password);
    QVERIFY2(first.isOk(), qPrintable(first.error().message));
    const QJsonObject id = payload(first.value().idToken);
    QCOMPARE(id.value(ApiResultClaim).toString(), ApiAnswer);
    QCOMPARE(id.value(QLatin1String("sub")).toString(), m_jane);
    QCOMPARE(id.value(QLatin1String("email")).toString(), QStringLiteral("jane@example.com"));
    QVERIFY(!id.contains(QLatin1String("nonce")));
    // Signed by the tenant, for this client; the access token for the API and /userinfo.
    const JwtVerification idCheck = m_tenant->tenant().verify(first.value().idToken, { m_app.id });
    QVERIFY2(idCheck.isValid(), qPrintable(idCheck.message));
    const JwtVerification accessCheck = m_tenant->tenant().verify(first.value().accessToken.reveal(), { Api });
    QVERIFY2(accessCheck.isValid(), qPrintable(accessCheck.message));
    const QJsonObject access = accessCheck.token.payload;
    QCOMPARE(access.value(QLatin1String("aud")).toArray(),
             (QJsonArray { Api, m_tenant->tenant().issuer() + QStringLiteral("userinfo") }));
    QCOMPARE(access.value(QLatin1String("gty")).toString(), QStringLiteral("password"));
    QCOMPARE(access.value(QLatin1String("azp")).toString(), m_app.id);
    QCOMPARE(first.value().scope, QStringLiteral("openid profile email"));
    QCOMPARE(first.value().expiresIn, 86400);
    QVERIFY(first.value().refreshToken.isEmpty()); // no offline_access asked
    QCOMPARE(m_tenant->tenant().issuedCount(QStringLiteral("client_credentials")), m2mTokensBefore + 1);
    const QStringList firstTrace = takeTrace();
    QVERIFY2(firstTrace.filter(QStringLiteral("/oauth/token -> 200")).size() == 1, qPrintable(firstTrace.join(QLatin1Char('\n'))));
    QVERIFY2(firstTrace.filter(QStringLiteral("/sample-api/messages -> 200")).size() == 1, qPrintable(firstTrace.join(QLatin1Char('\n'))));

    // The second login finds the M2M token in `global`: no new client_credentials request.
    const auto second = passwordRealm(*m_tenant, m_app, QStringLiteral("JANE@example.com"), Password);
    QVERIFY2(second.isOk(), qPrintable(second.error().message));
    QCOMPARE(payload(second.value().idToken).value(ApiResultClaim).toString(), ApiAnswer);
    QCOMPARE(m_tenant->tenant().issuedCount(QStringLiteral("client_credentials")), m2mTokensBefore + 1);
    const QStringList secondTrace = takeTrace();
    QVERIFY2(secondTrace.filter(QStringLiteral("/oauth/token")).isEmpty(), qPrintable(secondTrace.join(QLatin1Char('\n'))));
    QVERIFY2(secondTrace.filter(QStringLiteral("/sample-api/messages -> 200")).size() == 1, qPrintable(secondTrace.join(QLatin1Char('\n'))));
    QCOMPARE(m_chain->runCount(), runsBefore + 2);
}

void tst_UserLogins::passwordGrantAsJsonWithBasicAuth()
{
    const QByteArray basic = "Basic " + (m_app.id + QLatin1Char(':') + m_app.secret).toUtf8().toBase64();
    const QJsonObject body { { QStringLiteral("grant_type"), QStringLiteral("password") },
                             { QStringLiteral("username"), QStringLiteral("jane@example.com") },
                             { QStringLiteral("password"), Password },
                             { QStringLiteral("scope"), QStringLiteral("openid") } };
    const HttpReply reply = m_tenant->send("POST", QStringLiteral("/oauth/token"), JsonUtil::compact(body), basic);
    COMPARE_STATUS(reply, 200);
    QCOMPARE(reply.object().value(QLatin1String("token_type")).toString(), QStringLiteral("Bearer"));
    const QJsonObject id = payload(reply.object().value(QLatin1String("id_token")).toString().toUtf8());
    QCOMPARE(id.value(QLatin1String("aud")).toString(), m_app.id);
    QCOMPARE(id.value(ApiResultClaim).toString(), ApiAnswer);
    QVERIFY(!id.contains(QLatin1String("email"))); // scope openid alone
    // No audience: a token for /userinfo only.
    const QJsonObject access = payload(reply.object().value(QLatin1String("access_token")).toString().toUtf8());
    QCOMPARE(access.value(QLatin1String("aud")).toString(), m_tenant->tenant().issuer() + QStringLiteral("userinfo"));
}

void tst_UserLogins::wrongCredentials_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::newRow("wrong password") << "jane@example.com" << "not-the-password";
    QTest::newRow("unknown user") << "nobody@example.com" << Password;
    QTest::newRow("empty-looking password") << "jane@example.com" << " ";
}

void tst_UserLogins::wrongCredentials()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    const int runsBefore = m_chain->runCount();
    const HttpReply reply = token({ { QStringLiteral("grant_type"), QStringLiteral("http://auth0.com/oauth/grant-type/password-realm") },
                                    { QStringLiteral("client_id"), m_app.id },
                                    { QStringLiteral("client_secret"), m_app.secret },
                                    { QStringLiteral("realm"), Database },
                                    { QStringLiteral("username"), username },
                                    { QStringLiteral("password"), password } });
    COMPARE_STATUS(reply, 403);
    QCOMPARE(oauthError(reply), QStringLiteral("invalid_grant"));
    QCOMPARE(oauthDescription(reply), QStringLiteral("Wrong email or password."));
    QCOMPARE(m_chain->runCount(), runsBefore);
}

void tst_UserLogins::ruleDenial()
{
    const auto result = passwordRealm(*m_tenant, m_app, QStringLiteral("new@example.com"), Password);
    QVERIFY(!result.isOk());
    // UnauthorizedError: `unauthorized`, 401 at the token endpoint (reference/auth0-api.md §2.2).
    QCOMPARE(result.error().httpStatus, 401);
    QCOMPARE(result.error().code, QStringLiteral("unauthorized"));
    const QJsonObject body = JsonUtil::parseObject(result.error().body).value_or(QJsonObject());
    QCOMPARE(body.value(QLatin1String("error_description")).toString(), QStringLiteral("Please verify your email before logging in."));
}

void tst_UserLogins::metadataFromTheChainIsPersisted()
{
    const QString script = QStringLiteral(
        "function (user, context, callback) {\n"
        "  user.app_metadata = user.app_metadata || {};\n"
        "  user.app_metadata.plan = 'gold';\n"
        "  auth0.users.updateAppMetadata(user.user_id, user.app_metadata)\n"
        "    .then(function () { return auth0.users.updateUserMetadata(user.user_id, { theme: 'dark' }); })\n"
        "    .then(function () { callback(null, user, context); })\n"
        "    .catch(function (err) { callback(err); });\n"
        "}");
    const HttpReply rule = m_tenant->api("POST", QStringLiteral("/api/v2/rules"),
                                         QJsonObject { { QStringLiteral("name"), QStringLiteral("save-plan") },
                                                       { QStringLiteral("script"), script },
                                                       { QStringLiteral("enabled"), true } });
    COMPARE_STATUS(rule, 201);
    const int loginsBefore = m_tenant->api("GET", QStringLiteral("/api/v2/users/") + m_jane).object().value(QLatin1String("logins_count")).toInt();

    const auto result = passwordRealm(*m_tenant, m_app, QStringLiteral("jane@example.com"), Password);
    COMPARE_STATUS(m_tenant->api("DELETE", QStringLiteral("/api/v2/rules/") + rule.object().value(QLatin1String("id")).toString()), 204);
    QVERIFY2(result.isOk(), qPrintable(result.error().message));
    // Both rules ran, in order: the API's answer and the saved metadata.
    QCOMPARE(payload(result.value().idToken).value(ApiResultClaim).toString(), ApiAnswer);
    const QJsonObject user = m_tenant->api("GET", QStringLiteral("/api/v2/users/") + m_jane).object();
    QCOMPARE(user.value(QLatin1String("app_metadata")).toObject().value(QLatin1String("plan")).toString(), QStringLiteral("gold"));
    QCOMPARE(user.value(QLatin1String("user_metadata")).toObject().value(QLatin1String("theme")).toString(), QStringLiteral("dark"));
    QCOMPARE(user.value(QLatin1String("logins_count")).toInt(), loginsBefore + 1);
    QVERIFY(!user.value(QLatin1String("last_login")).toString().isEmpty());
}

void tst_UserLogins::ruleErrorIsAccessDenied()
{
    // Any other error a rule hands to its callback: 403 access_denied with its message.
    const HttpReply rule = m_tenant->api("POST", QStringLiteral("/api/v2/rules"),
                                         QJsonObject { { QStringLiteral("name"), QStringLiteral("broken-lookup") },
                                                       { QStringLiteral("script"), QStringLiteral("function (user, context, callback) {\n"
                                                                                                  "  callback(new Error('The CRM lookup failed.'));\n}") },
                                                       { QStringLiteral("order"), 0 },
                                                       { QStringLiteral("enabled"), true } });
    COMPARE_STATUS(rule, 201);
    const auto login = passwordRealm(*m_tenant, m_app, QStringLiteral("jane@example.com"), Password);
    COMPARE_STATUS(m_tenant->api("DELETE", QStringLiteral("/api/v2/rules/") + rule.object().value(QLatin1String("id")).toString()), 204);
    QVERIFY(!login.isOk());
    QCOMPARE(login.error().httpStatus, 403);
    QCOMPARE(login.error().code, QStringLiteral("access_denied"));
    QVERIFY2(login.error().body.contains("The CRM lookup failed."), login.error().body.constData());
}

void tst_UserLogins::clientCredentialsRunsNoRule()
{
    const HttpReply rule = m_tenant->api("POST", QStringLiteral("/api/v2/rules"),
                                         QJsonObject { { QStringLiteral("name"), QStringLiteral("deny-everyone") },
                                                       { QStringLiteral("script"), QStringLiteral("function (user, context, callback) {\n"
                                                                                                  "  callback(new UnauthorizedError('The tenant is closed today.'));\n}") },
                                                       { QStringLiteral("order"), 0 },
                                                       { QStringLiteral("enabled"), true } });
    COMPARE_STATUS(rule, 201);
    const int runsBefore = m_chain->runCount();
    const auto m2m = m_tenant->requestToken({ m_configuration.value(QLatin1String("RULE_APP_CLIENT_ID")).toString(),
                                              m_configuration.value(QLatin1String("RULE_APP_CLIENT_SECRET")).toString() },
                                            Api);
    const int runsAfterM2m = m_chain->runCount();
    const auto login = passwordRealm(*m_tenant, m_app, QStringLiteral("jane@example.com"), Password);
    COMPARE_STATUS(m_tenant->api("DELETE", QStringLiteral("/api/v2/rules/") + rule.object().value(QLatin1String("id")).toString()), 204);

    QVERIFY2(m2m.isOk(), qPrintable(m2m.error().message));
    QCOMPARE(runsAfterM2m, runsBefore);
    QVERIFY(!login.isOk()); // the same rule does stop a user
    QCOMPARE(login.error().code, QStringLiteral("unauthorized"));
    QVERIFY2(login.error().body.contains("The tenant is closed today."), login.error().body.constData());
    QCOMPARE(m_chain->runCount(), runsBefore + 1);
}

void tst_UserLogins::badTokenRequests_data()
{
    QTest::addColumn<QString>("grantType");
    QTest::addColumn<QString>("fields"); // more of the form, after grant_type and the client's credentials
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("description");
    const char *realm = "http://auth0.com/oauth/grant-type/password-realm";
    QTest::newRow("no username") << realm << "realm=Username-Password-Authentication&password=x" << 400 << "invalid_request"
                                 << "Missing required parameter: username";
    QTest::newRow("no realm") << realm << "username=jane@example.com&password=x" << 400 << "invalid_request"
                              << "Missing required parameter: realm";
    QTest::newRow("unknown realm") << realm << "realm=corp-ldap&username=jane@example.com&password=x" << 400
                                   << "invalid_request" << "Unknown realm: corp-ldap";
    QTest::newRow("unknown audience") << "password" << "username=jane@example.com&password=Correct-Horse-9&audience=https%3A%2F%2Fnope"
                                      << 403 << "access_denied" << "Service not found: https://nope";
    QTest::newRow("no code") << "authorization_code" << "" << 400 << "invalid_request" << "Missing required parameter: code";
    QTest::newRow("unknown code") << "authorization_code" << "code=abc" << 403 << "invalid_grant" << "Invalid authorization code";
    QTest::newRow("unknown refresh token") << "refresh_token" << "refresh_token=abc" << 403 << "invalid_grant"
                                           << "Unknown or invalid refresh token.";
}

void tst_UserLogins::badTokenRequests()
{
    QFETCH(QString, grantType);
    QFETCH(QString, fields);
    QFETCH(int, status);
    QFETCH(QString, error);
    QFETCH(QString, description);
    QByteArray body = form({ { QStringLiteral("grant_type"), grantType },
                             { QStringLiteral("client_id"), m_app.id },
                             { QStringLiteral("client_secret"), m_app.secret } });
    if (!fields.isEmpty())
        body += '&' + fields.toUtf8();
    const HttpReply reply = m_tenant->send("POST", QStringLiteral("/oauth/token"), body, QByteArray(),
                                           "application/x-www-form-urlencoded");
    COMPARE_STATUS(reply, status);
    QCOMPARE(oauthError(reply), error);
    QCOMPARE(oauthDescription(reply), description);
}

void tst_UserLogins::authorizationCodeWithPkce()
{
    AuthenticationClient authentication(m_tenant->network(), QUrl(m_tenant->local().baseUrl()), Clock::system());
    const QByteArray verifier = Pkce::makeVerifier();
    QVERIFY(Pkce::isWellFormedVerifier(verifier));
    AuthorizeRequest request;
    request.clientId = m_native.id;
    request.redirectUri = QStringLiteral("http://127.0.0.1:54321/callback"); // a loopback callback, any port
    request.audience = Api;
    request.state = QStringLiteral("s\"<tate>&x");
    request.nonce = QStringLiteral("n-0S6_WzA2Mj");
    request.codeChallenge = Pkce::challengeS256(verifier);

    // A wrong password shows the form again, with the error and the state still there.
    HttpReply page;
    const HttpReply wrong = authorize(authentication.authorizeUrl(request), QStringLiteral("jane@example.com"), QStringLiteral("nope"), &page);
    COMPARE_STATUS(page, 200);
    QVERIFY(page.header("Content-Type").startsWith("text/html"));
    QVERIFY2(page.body.contains("value=\"s&quot;&lt;tate&gt;&amp;x\""), page.body.constData());
    COMPARE_STATUS(wrong, 200);
    QVERIFY2(wrong.body.contains("Wrong email or password."), wrong.body.constData());
    QVERIFY(wrong.body.contains("value=\"jane@example.com\""));
    QVERIFY(hiddenFields(wrong.body).contains(qMakePair(QStringLiteral("state"), request.state)));

    auto login = [&]() -> QString {
        const HttpReply redirect = authorize(authentication.authorizeUrl(request), QStringLiteral("jane@example.com"), Password);
        if (redirect.status != 302) {
            qWarning("%s", qPrintable(redirect.describe(302)));
            return {};
        }
        const QUrl location(QString::fromUtf8(redirect.header("Location")));
        const QUrlQuery query(location);
        if (location.toString(QUrl::RemoveQuery) != request.redirectUri
            || query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded) != request.state)
            qWarning("unexpected redirect %s", redirect.header("Location").constData());
        return query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    };
    auto exchange = [&](const QString &code, const QByteArray &codeVerifier) {
        return token({ { QStringLiteral("grant_type"), QStringLiteral("authorization_code") },
                       { QStringLiteral("client_id"), m_native.id },
                       { QStringLiteral("code"), code },
                       { QStringLiteral("code_verifier"), QString::fromLatin1(codeVerifier) },
                       { QStringLiteral("redirect_uri"), request.redirectUri } });
    };

    const QString refusedCode = login();
    QVERIFY(!refusedCode.isEmpty());
    const HttpReply badVerifier = exchange(refusedCode, Pkce::makeVerifier());
    COMPARE_STATUS(badVerifier, 403);
    QCOMPARE(oauthError(badVerifier), QStringLiteral("invalid_grant"));
    QCOMPARE(oauthDescription(badVerifier), QStringLiteral("Failed to verify code verifier"));

    const QString code = login();
    QVERIFY(!code.isEmpty());
    QObject context;
    std::optional<ApiResult<TokenResponse>> result;
    authentication.authorizationCode(code, verifier, request.redirectUri, m_native.id, SecretBytes(), &context,
                                     [&result](const ApiResult<TokenResponse> &answer) { result = answer; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000);
    QVERIFY2(result->isOk(), qPrintable(result->error().message));
    const QJsonObject id = payload(result->value().idToken);
    QCOMPARE(id.value(QLatin1String("nonce")).toString(), request.nonce);
    QCOMPARE(id.value(QLatin1String("aud")).toString(), m_native.id);
    QCOMPARE(id.value(ApiResultClaim).toString(), ApiAnswer);
    const QJsonObject access = payload(result->value().accessToken.reveal());
    QVERIFY(!access.contains(QLatin1String("gty"))); // interactive logins carry none
    QCOMPARE(access.value(QLatin1String("aud")).toArray().first().toString(), Api);

    const HttpReply reused = exchange(code, verifier);
    COMPARE_STATUS(reused, 403);
    QCOMPARE(oauthError(reused), QStringLiteral("invalid_grant"));
    QCOMPARE(oauthDescription(reused), QStringLiteral("Invalid authorization code"));
}

void tst_UserLogins::authorizeErrors()
{
    AuthenticationClient authentication(m_tenant->network(), QUrl(m_tenant->local().baseUrl()), Clock::system());
    AuthorizeRequest request;
    request.clientId = m_app.id;
    request.redirectUri = QStringLiteral("https://evil.example/callback");
    request.state = QStringLiteral("abc");

    // Not a callback of the client: an error page, no redirect.
    const HttpReply mismatch = authorize(authentication.authorizeUrl(request), QStringLiteral("jane@example.com"), Password);
    COMPARE_STATUS(mismatch, 400);
    QVERIFY(mismatch.header("Location").isEmpty());
    QVERIFY2(mismatch.body.contains("Callback URL mismatch"), mismatch.body.constData());
    request.redirectUri = QStringLiteral("http://127.0.0.1:8080/elsewhere"); // loopback, but another path
    COMPARE_STATUS(authorize(authentication.authorizeUrl(request), QStringLiteral("jane@example.com"), Password), 400);

    // A denial by a rule goes back to the client.
    request.redirectUri = QStringLiteral("https://app.example/callback");
    const HttpReply denied = authorize(authentication.authorizeUrl(request), QStringLiteral("new@example.com"), Password);
    COMPARE_STATUS(denied, 302);
    const QUrlQuery query(QUrl(QString::fromUtf8(denied.header("Location"))));
    QCOMPARE(query.queryItemValue(QStringLiteral("error")), QStringLiteral("unauthorized"));
    QCOMPARE(query.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded),
             QStringLiteral("Please verify your email before logging in."));
    QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("abc"));
    QVERIFY(!query.hasQueryItem(QStringLiteral("code")));

    // An unsupported response type goes back too.
    const HttpReply implicit = m_tenant->send("GET", QStringLiteral("/authorize?response_type=token&client_id=%1&redirect_uri=%2&state=abc")
                                                         .arg(m_app.id, QString::fromUtf8(QUrl::toPercentEncoding(request.redirectUri))),
                                              {}, {}, {});
    COMPARE_STATUS(implicit, 302);
    QVERIFY2(implicit.header("Location").startsWith("https://app.example/callback?error=unsupported_response_type&"),
             implicit.header("Location").constData());
}

void tst_UserLogins::refreshTokenAndUserInfo()
{
    const auto login = passwordRealm(*m_tenant, m_app, QStringLiteral("jane@example.com"), Password,
                                     QStringLiteral("openid profile email offline_access"));
    QVERIFY2(login.isOk(), qPrintable(login.error().message));
    QVERIFY(!login.value().refreshToken.isEmpty());

    AuthenticationClient authentication(m_tenant->network(), QUrl(m_tenant->local().baseUrl()), Clock::system());
    QObject context;
    std::optional<ApiResult<TokenResponse>> refreshed;
    const int runsBefore = m_chain->runCount();
    authentication.refresh(login.value().refreshToken, m_app.id, SecretBytes::fromUtf8(m_app.secret.toUtf8()), &context,
                           [&refreshed](const ApiResult<TokenResponse> &answer) { refreshed = answer; });
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.has_value(), 40000);
    QVERIFY2(refreshed->isOk(), qPrintable(refreshed->error().message));
    QCOMPARE(m_chain->runCount(), runsBefore + 1); // the rules run again on a refresh
    QVERIFY(refreshed->value().refreshToken.isEmpty()); // not rotated
    QCOMPARE(payload(refreshed->value().idToken).value(ApiResultClaim).toString(), ApiAnswer);
    const QJsonObject access = payload(refreshed->value().accessToken.reveal());
    QCOMPARE(access.value(QLatin1String("gty")).toString(), QStringLiteral("refresh_token"));
    QCOMPARE(access.value(QLatin1String("sub")).toString(), m_jane);

    // Another client cannot use it.
    const HttpReply stolen = token({ { QStringLiteral("grant_type"), QStringLiteral("refresh_token") },
                                     { QStringLiteral("client_id"), m_native.id },
                                     { QStringLiteral("refresh_token"), QString::fromUtf8(login.value().refreshToken.reveal()) } });
    COMPARE_STATUS(stolen, 403);
    QCOMPARE(oauthError(stolen), QStringLiteral("invalid_grant"));

    std::optional<ApiResult<QJsonObject>> info;
    authentication.userInfo(refreshed->value().accessToken, &context,
                            [&info](const ApiResult<QJsonObject> &answer) { info = answer; });
    QTRY_VERIFY_WITH_TIMEOUT(info.has_value(), 20000);
    QVERIFY2(info->isOk(), qPrintable(info->error().message));
    QCOMPARE(info->value().value(QLatin1String("sub")).toString(), m_jane);
    QCOMPARE(info->value().value(QLatin1String("email")).toString(), QStringLiteral("jane@example.com"));
    QCOMPARE(info->value().value(QLatin1String("name")).toString(), QStringLiteral("jane@example.com"));

    // An M2M token is not a user's: /userinfo refuses it.
    const auto m2m = m_tenant->requestToken({ m_configuration.value(QLatin1String("RULE_APP_CLIENT_ID")).toString(),
                                              m_configuration.value(QLatin1String("RULE_APP_CLIENT_SECRET")).toString() },
                                            Api);
    QVERIFY(m2m.isOk());
    const HttpReply refused = m_tenant->send("GET", QStringLiteral("/userinfo"), {}, bearer(m2m.value().accessToken.reveal()), {});
    COMPARE_STATUS(refused, 401);
    QCOMPARE(oauthError(refused), QStringLiteral("invalid_token"));
    QVERIFY(refused.header("WWW-Authenticate").startsWith("Bearer error=\"invalid_token\""));
}

void tst_UserLogins::convertedActionOnATenantWithoutRules()
{
    // The rule, converted; what the converter lists as unconverted is finished by hand as it
    // says: the tenant's domain from a secret, and a module-level cache instead of `global`.
    QFile file(QStringLiteral(RULEBENCH_SOURCE_DIR "/resources/templates/call-api.rule.js"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    RuleHost converterHost;
    QString error;
    QVERIFY2(converterHost.startAndWait(&error), qPrintable(error));
    const ConversionResult converted = RuleConverter(converterHost).convert(QString::fromUtf8(file.readAll()));
    QVERIFY2(converted.isConverted(), qPrintable(converted.error));
    QStringList constructs;
    for (const Unconverted &item : converted.unconverted)
        constructs << item.construct;
    QCOMPARE(constructs, (QStringList { QStringLiteral("global.rulebenchM2mToken"), QStringLiteral("auth0.domain"),
                                        QStringLiteral("global.rulebenchM2mToken") }));
    QString code = converted.actionSource;
    code.replace(QLatin1String("auth0.domain"), QLatin1String("event.secrets.AUTH0_DOMAIN"));
    code.replace(QLatin1String("global.rulebenchM2mToken"), QLatin1String("tokenCache.m2m"));
    code.prepend(QStringLiteral("const tokenCache = {};\n"));

    LocalTenant::Options options;
    options.rulesAvailable = false;
    options.loginChain = m_chain.get(); // the same host serves both tenants
    TenantFixture tenant(options);
    QVERIFY2(tenant.isRunning(), qPrintable(tenant.startError()));
    COMPARE_STATUS(tenant.api("POST", QStringLiteral("/api/v2/resource-servers"),
                              QJsonObject { { QStringLiteral("identifier"), Api },
                                            { QStringLiteral("scopes"), QJsonArray { QJsonObject { { QStringLiteral("value"), QStringLiteral("read:messages") } } } } }),
                   201);
    const ClientCredentials m2m = tenant.createM2mClient(QStringLiteral("Action M2M client"), Api, { QStringLiteral("read:messages") });
    QVERIFY(m2m.isValid());
    const Client app = createLoginClient(tenant, QStringLiteral("Login test app"), false);
    QVERIFY(!createUser(tenant, QStringLiteral("jane@example.com"), true).isEmpty());

    auto secret = [](const QString &name, const QString &value) {
        return QJsonObject { { QStringLiteral("name"), name }, { QStringLiteral("value"), value } };
    };
    QJsonArray dependencies;
    for (const QString &dependency : converted.dependencies)
        dependencies.append(QJsonObject { { QStringLiteral("name"), dependency.section(QLatin1Char('@'), 0, -2) },
                                          { QStringLiteral("version"), dependency.section(QLatin1Char('@'), -1) } });
    const HttpReply action = tenant.api(
        "POST", QStringLiteral("/api/v2/actions/actions"),
        QJsonObject { { QStringLiteral("name"), QStringLiteral("call-test-api") },
                      { QStringLiteral("supported_triggers"),
                        QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("post-login") }, { QStringLiteral("version"), QStringLiteral("v3") } } } },
                      { QStringLiteral("code"), code },
                      { QStringLiteral("dependencies"), dependencies },
                      { QStringLiteral("secrets"),
                        QJsonArray { secret(QStringLiteral("RULE_APP_CLIENT_ID"), m2m.clientId),
                                     secret(QStringLiteral("RULE_APP_CLIENT_SECRET"), m2m.clientSecret),
                                     secret(QStringLiteral("API_AUDIENCE"), Api),
                                     secret(QStringLiteral("API_URL"), tenant.local().baseUrl() + QStringLiteral("/sample-api/messages")),
                                     secret(QStringLiteral("AUTH0_DOMAIN"), tenant.tenant().domain()) } } });
    COMPARE_STATUS(action, 201);
    const QString actionId = action.object().value(QLatin1String("id")).toString();
    QTRY_COMPARE_WITH_TIMEOUT(tenant.api("GET", QStringLiteral("/api/v2/actions/actions/") + actionId).object().value(QLatin1String("status")).toString(),
                              QStringLiteral("built"), 5000);
    COMPARE_STATUS(tenant.api("POST", QStringLiteral("/api/v2/actions/actions/%1/deploy").arg(actionId)), 200);
    // A second Action with a secret of its own: each Action sees only its own secrets.
    const HttpReply peek = tenant.api(
        "POST", QStringLiteral("/api/v2/actions/actions"),
        QJsonObject { { QStringLiteral("name"), QStringLiteral("peek-secrets") },
                      { QStringLiteral("supported_triggers"),
                        QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("post-login") }, { QStringLiteral("version"), QStringLiteral("v3") } } } },
                      { QStringLiteral("code"),
                        QStringLiteral("exports.onExecutePostLogin = async (event, api) => {\n"
                                       "  api.idToken.setCustomClaim('https://rulebench.test/own', event.secrets.OWN);\n"
                                       "  api.idToken.setCustomClaim('https://rulebench.test/sees_other', 'RULE_APP_CLIENT_SECRET' in event.secrets);\n"
                                       "};\n") },
                      { QStringLiteral("secrets"), QJsonArray { secret(QStringLiteral("OWN"), QStringLiteral("mine")) } } });
    COMPARE_STATUS(peek, 201);
    const QString peekId = peek.object().value(QLatin1String("id")).toString();
    QTRY_COMPARE_WITH_TIMEOUT(tenant.api("GET", QStringLiteral("/api/v2/actions/actions/") + peekId).object().value(QLatin1String("status")).toString(),
                              QStringLiteral("built"), 5000);
    COMPARE_STATUS(tenant.api("POST", QStringLiteral("/api/v2/actions/actions/%1/deploy").arg(peekId)), 200);
    const auto binding = [](const QString &id) {
        return QJsonObject { { QStringLiteral("ref"), QJsonObject { { QStringLiteral("type"), QStringLiteral("action_id") },
                                                                    { QStringLiteral("value"), id } } } };
    };
    COMPARE_STATUS(tenant.api("PATCH", QStringLiteral("/api/v2/actions/triggers/post-login/bindings"),
                              QJsonObject { { QStringLiteral("bindings"), QJsonArray { binding(actionId), binding(peekId) } } }),
                   200);

    const int m2mBefore = tenant.tenant().issuedCount(QStringLiteral("client_credentials"));
    const auto login = passwordRealm(tenant, app, QStringLiteral("jane@example.com"), Password);
    QVERIFY2(login.isOk(), qPrintable(login.error().message + QLatin1Char(' ') + QString::fromUtf8(login.error().body)));
    const QJsonObject id = payload(login.value().idToken);
    QCOMPARE(id.value(ApiResultClaim).toString(), ApiAnswer);
    QCOMPARE(id.value(QLatin1String("aud")).toString(), app.id);
    QCOMPARE(id.value(QLatin1String("https://rulebench.test/own")).toString(), QStringLiteral("mine"));
    QCOMPARE(id.value(QLatin1String("https://rulebench.test/sees_other")).toBool(true), false);
    QCOMPARE(tenant.tenant().issuedCount(QStringLiteral("client_credentials")), m2mBefore + 1);
    // Rules are past their end of life here: the rules endpoints say so.
    COMPARE_STATUS(tenant.api("GET", QStringLiteral("/api/v2/rules")), 403);
}

void tst_UserLogins::withoutARuleHost()
{
    // No LoginChain: logins work while the tenant has nothing to run, and are refused, saying
    // why, once it has a rule. The tenant's clock also ages authorization codes.
    ManualClock clock(QDateTime(QDate(2026, 6, 1), QTime(8, 30), Qt::UTC));
    TenantFixture tenant(LocalTenant::Options(), &clock);
    QVERIFY2(tenant.isRunning(), qPrintable(tenant.startError()));
    const Client app = createLoginClient(tenant, QStringLiteral("Login test app"), false);
    const QString jane = createUser(tenant, QStringLiteral("jane@example.com"), true);
    QVERIFY(!app.id.isEmpty() && !jane.isEmpty());
    const QList<QPair<QString, QString>> login { { QStringLiteral("grant_type"), QStringLiteral("password") },
                                                 { QStringLiteral("client_id"), app.id },
                                                 { QStringLiteral("client_secret"), app.secret },
                                                 { QStringLiteral("username"), QStringLiteral("jane@example.com") },
                                                 { QStringLiteral("password"), Password } };

    const HttpReply allowed = token(tenant, login);
    COMPARE_STATUS(allowed, 200);
    const QJsonObject id = payload(allowed.object().value(QLatin1String("id_token")).toString().toUtf8());
    QCOMPARE(id.value(QLatin1String("sub")).toString(), jane);
    QCOMPARE(id.value(QLatin1String("iat")).toInteger(), clock.nowSecs());
    // The recorded default of a resource-owner login that names no scope.
    QCOMPARE(allowed.object().value(QLatin1String("scope")).toString(), QStringLiteral("openid profile email address phone"));

    AuthenticationClient authentication(tenant.network(), QUrl(tenant.local().baseUrl()), clock);
    AuthorizeRequest request;
    request.clientId = app.id;
    request.redirectUri = QStringLiteral("https://app.example/callback");
    const HttpReply redirect = authorize(tenant, authentication.authorizeUrl(request), QStringLiteral("jane@example.com"), Password);
    COMPARE_STATUS(redirect, 302);
    const QString code = QUrlQuery(QUrl(QString::fromUtf8(redirect.header("Location")))).queryItemValue(QStringLiteral("code"));
    QVERIFY(!code.isEmpty());
    clock.advanceSecs(UserLogins::CodeLifetimeSecs + 1);
    const HttpReply expired = token(tenant, { { QStringLiteral("grant_type"), QStringLiteral("authorization_code") },
                                              { QStringLiteral("client_id"), app.id },
                                              { QStringLiteral("client_secret"), app.secret },
                                              { QStringLiteral("code"), code },
                                              { QStringLiteral("redirect_uri"), request.redirectUri } });
    COMPARE_STATUS(expired, 403);
    QCOMPARE(oauthDescription(expired), QStringLiteral("Invalid authorization code"));

    COMPARE_STATUS(tenant.api("POST", QStringLiteral("/api/v2/rules"),
                              QJsonObject { { QStringLiteral("name"), QStringLiteral("allow-all") },
                                            { QStringLiteral("script"), QStringLiteral("function (user, context, callback) { callback(null, user, context); }") } }),
                   201);
    const HttpReply refused = token(tenant, login);
    COMPARE_STATUS(refused, 403);
    QCOMPARE(oauthError(refused), QStringLiteral("access_denied"));
    QCOMPARE(oauthDescription(refused), QStringLiteral("The local tenant has no rule host to run the rules and Actions of this login (1 in all)."));
}

void tst_UserLogins::tooManyWaitingLogins()
{
    // Logins wait for the chain one at a time on the server's threads; past LoginChain::MaxWaiting
    // waiting, more are refused at once, so the rules' own calls to the tenant still get a thread.
    TenantFixture tenant; // the chain comes after the start, as in the GUI
    QVERIFY2(tenant.isRunning(), qPrintable(tenant.startError()));
    tenant.local().setLoginChain(m_chain.get());
    const Client app = createLoginClient(tenant, QStringLiteral("Login test app"), false);
    QVERIFY(!app.id.isEmpty() && !createUser(tenant, QStringLiteral("jane@example.com"), true).isEmpty());
    COMPARE_STATUS(tenant.api("POST", QStringLiteral("/api/v2/rules"),
                              QJsonObject { { QStringLiteral("name"), QStringLiteral("slow") },
                                            { QStringLiteral("script"), QStringLiteral("function (user, context, callback) {\n"
                                                                                       "  setTimeout(function () { callback(null, user, context); }, 1500);\n}") } }),
                   201);

    const int logins = LoginChain::MaxWaiting + 3; // one runs, MaxWaiting wait, two are too many
    QNetworkRequest request(tenant.url(QStringLiteral("/oauth/token")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/x-www-form-urlencoded"));
    const QByteArray body = form({ { QStringLiteral("grant_type"), QStringLiteral("password") },
                                   { QStringLiteral("client_id"), app.id },
                                   { QStringLiteral("client_secret"), app.secret },
                                   { QStringLiteral("username"), QStringLiteral("jane@example.com") },
                                   { QStringLiteral("password"), Password } });
    QList<QNetworkReply *> replies;
    for (int i = 0; i < logins; ++i)
        replies << tenant.network()->post(request, body);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.begin(), replies.end(), [](QNetworkReply *r) { return r->isFinished(); }), 60000);
    int allowed = 0, refused = 0;
    for (QNetworkReply *reply : replies) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject answer = JsonUtil::parseObject(reply->readAll()).value_or(QJsonObject());
        if (status == 200)
            ++allowed;
        else if (status == 429 && answer.value(QLatin1String("error")).toString() == QLatin1String("too_many_requests"))
            ++refused;
        reply->deleteLater();
    }
    QCOMPARE(allowed, LoginChain::MaxWaiting + 1);
    QCOMPARE(refused, 2);
}

void tst_UserLogins::allowedCallbacks_data()
{
    QTest::addColumn<QString>("callback");
    QTest::addColumn<QString>("redirectUri");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("exact") << "https://app.example/callback" << "https://app.example/callback" << true;
    QTest::newRow("another path") << "https://app.example/callback" << "https://app.example/other" << false;
    QTest::newRow("another port, not loopback") << "https://app.example/callback" << "https://app.example:8443/callback" << false;
    QTest::newRow("loopback, any port") << "http://127.0.0.1/callback" << "http://127.0.0.1:49152/callback" << true;
    QTest::newRow("loopback with a port, another port") << "http://127.0.0.1:8484/callback" << "http://127.0.0.1:50000/callback" << true;
    QTest::newRow("localhost, any port") << "http://localhost/cb" << "http://localhost:3000/cb" << true;
    QTest::newRow("IPv6 loopback, any port") << "http://[::1]/cb" << "http://[::1]:3000/cb" << true;
    QTest::newRow("loopback, another path") << "http://127.0.0.1/callback" << "http://127.0.0.1:49152/elsewhere" << false;
    QTest::newRow("loopback, another host") << "http://127.0.0.1/callback" << "http://localhost:49152/callback" << false;
    QTest::newRow("loopback, https") << "http://127.0.0.1/callback" << "https://127.0.0.1:49152/callback" << false;
    QTest::newRow("loopback, a query added") << "http://127.0.0.1/callback" << "http://127.0.0.1:49152/callback?x=1" << false;
    QTest::newRow("loopback, a fragment") << "http://127.0.0.1/callback" << "http://127.0.0.1:49152/callback#x" << false;
    QTest::newRow("not a loopback lookalike") << "http://127.0.0.1.example/cb" << "http://127.0.0.1.example:81/cb" << false;
}

void tst_UserLogins::allowedCallbacks()
{
    QFETCH(QString, callback);
    QFETCH(QString, redirectUri);
    QFETCH(bool, allowed);
    const QJsonObject client { { QStringLiteral("callbacks"), QJsonArray { callback } } };
    QCOMPARE(AuthorizeEndpoint::isAllowedCallback(client, redirectUri), allowed);
}

QTEST_GUILESS_MAIN(tst_UserLogins)
#include "tst_userlogins.moc"
