// SPDX-License-Identifier: MIT
#include "UserLogins.h"

#include "ActionsApi.h"
#include "LoginChain.h"
#include "ManagementSupport.h"
#include "Tenant.h"
#include "TokenEndpoint.h"
#include "common/Clock.h"
#include "common/JsonUtil.h"
#include "crypto/Jwt.h"
#include "crypto/PasswordHash.h"
#include "crypto/Random.h"
#include "rules/LoginContextBuilder.h"
#include "rules/TokenMinter.h"
#include "rules/TokenSigner.h"

#include <QCryptographicHash>
#include <QJsonArray>

#include <algorithm>

const QString UserLogins::DatabaseConnection = QStringLiteral("Username-Password-Authentication");

namespace {

const QString RefreshTokens = QStringLiteral("refresh_tokens");
const QString PasswordHashKey = QStringLiteral("password_hash");
// What Auth0 grants a resource-owner login that names no scope (the recorded
// TestOAuthLoginWithPassword answer).
const QStringList DefaultScopes { QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email"),
                                  QStringLiteral("address"), QStringLiteral("phone") };
const QStringList OidcScopes = DefaultScopes + QStringList { QStringLiteral("offline_access") };

QString refreshTokenId(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString connectionOf(const QJsonObject &user)
{
    return user.value(QLatin1String("identities")).toArray().first().toObject().value(QLatin1String("connection")).toString();
}

LoginTokens fromResult(const SimulationResult &result)
{
    if (result.errorKind == QLatin1String("busy"))
        return LoginTokens::failure(429, QStringLiteral("too_many_requests"),
                                    QStringLiteral("Too many logins are waiting for the rule chain; try again."));
    if (result.errorKind == QLatin1String("host_unavailable") || result.errorKind == QLatin1String("bad_request"))
        return LoginTokens::failure(403, QStringLiteral("access_denied"),
                                    QStringLiteral("The rule chain could not run: ") + result.errorDescription);
    // A rule's UnauthorizedError reaches the application as `unauthorized` (401 at the token
    // endpoint, ?error=unauthorized on redirects: reference/auth0-api.md §2.2); an Action's
    // api.access.deny or a rule that failed as `access_denied` (403), with the chain's message.
    if (!result.isAllowed()) {
        if (result.error == QLatin1String("unauthorized"))
            return LoginTokens::failure(401, QStringLiteral("unauthorized"), result.errorDescription);
        return LoginTokens::failure(403, QStringLiteral("access_denied"), result.errorDescription);
    }
    LoginTokens tokens;
    tokens.idToken = result.idToken;
    tokens.accessToken = result.accessToken;
    tokens.scope = result.accessTokenClaims.value(QLatin1String("scope")).toString();
    return tokens;
}

} // namespace

LoginTokens LoginTokens::failure(int status, const QString &error, const QString &description)
{
    LoginTokens tokens;
    tokens.status = status;
    tokens.error = error;
    tokens.errorDescription = description;
    return tokens;
}

HttpResponse LoginTokens::toResponse() const
{
    if (!isOk())
        return HttpResponse::json(status, QJsonObject { { QStringLiteral("error"), error },
                                                        { QStringLiteral("error_description"), errorDescription } });
    QJsonObject body { { QStringLiteral("access_token"), QString::fromLatin1(accessToken) },
                       { QStringLiteral("expires_in"), expiresIn },
                       { QStringLiteral("scope"), scope },
                       { QStringLiteral("token_type"), QStringLiteral("Bearer") } };
    if (!idToken.isEmpty())
        body.insert(QStringLiteral("id_token"), QString::fromLatin1(idToken));
    if (!refreshToken.isEmpty())
        body.insert(QStringLiteral("refresh_token"), refreshToken);
    return HttpResponse::json(200, body).withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
}

UserLogins::UserLogins(Tenant &tenant, bool rulesAvailable)
    : m_tenant(tenant)
    , m_rulesAvailable(rulesAvailable)
{
}

std::optional<QJsonObject> UserLogins::authenticate(const QString &connection, const QString &username,
                                                    const QString &password, LoginTokens *refused) const
{
    if (connection != DatabaseConnection) {
        *refused = LoginTokens::failure(400, QStringLiteral("invalid_request"), QStringLiteral("Unknown realm: ") + connection);
        return std::nullopt;
    }
    for (const QJsonObject &user : m_tenant.store().list(QLatin1String(Tenant::Users))) {
        if (connectionOf(user) != connection)
            continue;
        const bool named = user.value(QLatin1String("email")).toString().compare(username, Qt::CaseInsensitive) == 0
            || (!username.isEmpty() && user.value(QLatin1String("username")).toString() == username);
        if (!named)
            continue;
        if (!PasswordHash::verify(password, user.value(PasswordHashKey).toString()))
            break;
        if (user.value(QLatin1String("blocked")).toBool()) {
            *refused = LoginTokens::failure(401, QStringLiteral("unauthorized"), QStringLiteral("user is blocked"));
            return std::nullopt;
        }
        return user;
    }
    // auth0-api.md §2.2: the same answer for an unknown user and a wrong password.
    *refused = LoginTokens::failure(403, QStringLiteral("invalid_grant"), QStringLiteral("Wrong email or password."));
    return std::nullopt;
}

bool UserLogins::resolveScopeAndAudience(const QString &scope, const QString &audience, LoginRequest *request,
                                         LoginTokens *refused) const
{
    QStringList scopes = scope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (scopes.isEmpty())
        scopes = DefaultScopes;
    scopes.removeDuplicates();
    if (!audience.isEmpty()) {
        const auto api = TokenEndpoint::findApi(m_tenant, audience);
        if (!api) {
            *refused = LoginTokens::failure(403, QStringLiteral("access_denied"), QStringLiteral("Service not found: ") + audience);
            return false;
        }
        // A user's token for the Management API carries only the *:current_user* scopes.
        if (api->value(QLatin1String("is_system")).toBool()) {
            scopes.erase(std::remove_if(scopes.begin(), scopes.end(),
                                        [](const QString &s) { return !OidcScopes.contains(s) && !s.contains(QLatin1String("current_user")); }),
                         scopes.end());
        }
        request->api = *api;
    }
    request->scopes = scopes;
    request->audience = audience;
    request->query.insert(QStringLiteral("client_id"), request->client.value(QLatin1String("client_id")));
    request->query.insert(QStringLiteral("scope"), scopes.join(QLatin1Char(' ')));
    if (audience.isEmpty())
        request->query.remove(QStringLiteral("audience"));
    else
        request->query.insert(QStringLiteral("audience"), audience);
    return true;
}

RuleChain UserLogins::chain(QJsonObject *configuration, QJsonObject *secrets) const
{
    RuleChain chain;
    if (m_rulesAvailable) {
        QList<QJsonObject> rules;
        for (const QJsonObject &rule : m_tenant.store().list(QLatin1String(Tenant::Rules))) {
            if (rule.value(QLatin1String("enabled")).toBool(true))
                rules << rule;
        }
        std::stable_sort(rules.begin(), rules.end(), [](const QJsonObject &a, const QJsonObject &b) {
            return a.value(QLatin1String("order")).toDouble() < b.value(QLatin1String("order")).toDouble();
        });
        for (const QJsonObject &rule : rules) {
            const QString name = rule.value(QLatin1String("name")).toString();
            chain.rules << RuleSource { name, QStringLiteral("rule"), rule.value(QLatin1String("script")).toString(),
                                        name + QStringLiteral(".js") };
        }
        for (const QJsonObject &config : m_tenant.store().list(QLatin1String(Tenant::RulesConfigs)))
            configuration->insert(config.value(QLatin1String("key")).toString(), config.value(QLatin1String("value")));
    }
    for (const QJsonObject &action : ActionsApi::boundPostLoginActions(m_tenant)) {
        const QString name = action.value(QLatin1String("name")).toString();
        chain.rules << RuleSource { name, QStringLiteral("action"), action.value(QLatin1String("code")).toString(),
                                    name + QStringLiteral(".js") };
        // Each Action sees its own secrets only, as in Auth0 (the host takes them by Action name).
        QJsonObject own;
        for (const QJsonValue &secret : action.value(QLatin1String("secrets")).toArray())
            own.insert(secret.toObject().value(QLatin1String("name")).toString(),
                       secret.toObject().value(QLatin1String("value")).toString());
        secrets->insert(name, own);
    }
    return chain;
}

LoginTokens UserLogins::login(const LoginRequest &request, bool withRefreshToken)
{
    const Clock &clock = m_tenant.clock();
    const QString clientId = request.client.value(QLatin1String("client_id")).toString();
    const QString clientName = request.client.value(QLatin1String("name")).toString();
    const bool countLogin = request.protocol != QLatin1String("oauth2-refresh-token");

    QJsonObject storedUser = request.user;
    storedUser.remove(PasswordHashKey);
    const int loginsCount = storedUser.value(QLatin1String("logins_count")).toInt() + (countLogin ? 1 : 0);
    storedUser.insert(QStringLiteral("logins_count"), loginsCount);
    const QJsonObject givenContext {
        { QStringLiteral("clientMetadata"), request.client.value(QLatin1String("client_metadata")).toObject() },
        { QStringLiteral("connection"), connectionOf(storedUser) },
        { QStringLiteral("connectionStrategy"), QStringLiteral("auth0") },
        { QStringLiteral("protocol"), request.protocol },
        { QStringLiteral("stats"), QJsonObject { { QStringLiteral("loginsCount"), loginsCount } } },
        { QStringLiteral("request"),
          QJsonObject { { QStringLiteral("userAgent"), QString::fromUtf8(request.userAgent) },
                        { QStringLiteral("ip"), QStringLiteral("127.0.0.1") },
                        { QStringLiteral("body"), QJsonObject() } } },
    };
    LoginContextBuilder::Options options;
    options.domain = m_tenant.domain();
    options.clientId = clientId;
    options.clientName = clientName;
    options.now = clock.now();
    const LoginContextBuilder builder(options);
    const QJsonObject user = builder.user(storedUser);
    QJsonObject context = builder.context(givenContext, user);
    QJsonObject http = context.value(QLatin1String("request")).toObject();
    http.insert(QStringLiteral("query"), request.query);
    context.insert(QStringLiteral("request"), http);

    TokenMinter::Options tokenOptions;
    tokenOptions.idTokenLifetimeSecs = request.client.value(QLatin1String("jwt_configuration"))
                                           .toObject()
                                           .value(QLatin1String("lifetime_in_seconds"))
                                           .toInt(tokenOptions.idTokenLifetimeSecs);
    tokenOptions.accessTokenLifetimeSecs
        = request.api.value(QLatin1String("token_lifetime")).toInt(tokenOptions.accessTokenLifetimeSecs);
    const TenantTokenSigner signer(m_tenant);

    QJsonObject configuration, secrets;
    LoginJob job;
    job.inputs.chain = chain(&configuration, &secrets);
    SimulationResult result;
    if (job.inputs.chain.isEmpty()) {
        const TokenMinter::Tokens minted = TokenMinter(signer, tokenOptions).mint(user, context, clock.nowSecs(), {});
        result.outcome = minted.failure.isEmpty() ? QStringLiteral("allowed") : QStringLiteral("error");
        result.errorDescription = minted.failure;
        result.idToken = minted.idToken;
        result.accessToken = minted.accessToken;
        result.accessTokenClaims = minted.accessClaims;
    } else {
        LoginChain *loginChain = m_chain.load();
        if (!loginChain) {
            persist(storedUser.value(QLatin1String("user_id")).toString(), {}, countLogin);
            return LoginTokens::failure(
                403, QStringLiteral("access_denied"),
                QStringLiteral("The local tenant has no rule host to run the rules and Actions of this login (%1 in all).")
                    .arg(job.inputs.chain.size()));
        }
        job.inputs.user = user;
        job.inputs.context = context;
        job.inputs.configuration = configuration;
        job.inputs.secrets = secrets;
        // One sandbox per tenant: `global` lives on from login to login, as in Auth0's container.
        job.inputs.sandbox = QStringLiteral("local-tenant:") + m_tenant.domain();
        job.endpoint.domain = m_tenant.domain();
        job.endpoint.baseUrl = QStringLiteral("https://%1/api/v2").arg(m_tenant.domain());
        job.endpoint.rewriteHttpsHosts = QStringList { m_tenant.domain() };
        job.endpoint.tenantName = m_tenant.tenantName();
        job.endpoint.managementToken = QString::fromLatin1(
            TokenMinter::managementToken(signer, m_tenant.managementCredentials().clientId, clock.nowSecs()));
        job.clientId = clientId;
        job.clientName = clientName;
        job.query = request.query;
        job.tokenOptions = tokenOptions;
        result = loginChain->run(job, signer, clock);
    }
    persist(storedUser.value(QLatin1String("user_id")).toString(), result.metadataUpdates, countLogin);

    LoginTokens tokens = fromResult(result);
    if (!tokens.isOk())
        return tokens;
    // An HS256 API verifies its tokens with its own secret, as for client_credentials.
    const QString hsSecret = request.api.value(QLatin1String("signing_secret")).toString();
    if (request.api.value(QLatin1String("signing_alg")).toString() == QLatin1String("HS256") && !hsSecret.isEmpty())
        tokens.accessToken = Jwt::signHs256(result.accessTokenClaims, hsSecret.toUtf8());
    tokens.expiresIn = tokenOptions.accessTokenLifetimeSecs;
    if (withRefreshToken)
        tokens.refreshToken = issueRefreshToken(request);
    m_tenant.countIssued(request.protocol);
    return tokens;
}

void UserLogins::persist(const QString &userId, const QJsonArray &metadataUpdates, bool countLogin)
{
    TenantStore &store = m_tenant.store();
    auto guard = store.lock();
    const QString now = Management::timestamp(m_tenant);
    if (countLogin) {
        if (auto user = store.get(QLatin1String(Tenant::Users), userId)) {
            user->insert(QStringLiteral("logins_count"), user->value(QLatin1String("logins_count")).toInt() + 1);
            user->insert(QStringLiteral("last_login"), now);
            user->insert(QStringLiteral("last_ip"), QStringLiteral("127.0.0.1"));
            store.put(QLatin1String(Tenant::Users), userId, *user);
        }
    }
    // auth0.users.updateAppMetadata / api.user.setAppMetadata: merged as PATCH /users does.
    for (const QJsonValue &value : metadataUpdates) {
        const QJsonObject update = value.toObject();
        const QString id = update.value(QLatin1String("user_id")).toString();
        auto user = store.get(QLatin1String(Tenant::Users), id);
        if (!user)
            continue;
        for (const char *field : { "app_metadata", "user_metadata" }) {
            const QString key = QLatin1String(field);
            if (update.contains(key))
                user->insert(key, JsonUtil::mergeMetadata(user->value(key).toObject(), update.value(key).toObject()));
        }
        user->insert(QStringLiteral("updated_at"), now);
        store.put(QLatin1String(Tenant::Users), id, *user);
    }
}

QString UserLogins::issueRefreshToken(const LoginRequest &request)
{
    const bool offline = request.scopes.contains(QLatin1String("offline_access"));
    const bool apiAllows = request.api.isEmpty() || request.api.value(QLatin1String("allow_offline_access")).toBool();
    const bool clientAllows
        = request.client.value(QLatin1String("grant_types")).toArray().contains(QStringLiteral("refresh_token"));
    if (!offline || !apiAllows || !clientAllows)
        return {};
    const QString token = Random::alphanumeric(48);
    const QString id = refreshTokenId(token);
    m_tenant.store().put(RefreshTokens, id,
                         QJsonObject { { QStringLiteral("id"), id },
                                       { QStringLiteral("user_id"), request.user.value(QLatin1String("user_id")) },
                                       { QStringLiteral("client_id"), request.client.value(QLatin1String("client_id")) },
                                       { QStringLiteral("scope"), request.scopes.join(QLatin1Char(' ')) },
                                       { QStringLiteral("audience"), request.audience },
                                       { QStringLiteral("created_at"), Management::timestamp(m_tenant) } });
    return token;
}

std::optional<QJsonObject> UserLogins::findRefreshToken(const QString &token) const
{
    if (token.isEmpty())
        return std::nullopt;
    return m_tenant.store().get(RefreshTokens, refreshTokenId(token));
}

QString UserLogins::issueCode(const CodeGrant &grant)
{
    const QString code = Random::alphanumeric(32);
    const qint64 now = m_tenant.now();
    std::lock_guard lock(m_codesMutex);
    for (auto it = m_codes.begin(); it != m_codes.end();)
        it = it->second.expiresAt < now ? m_codes.erase(it) : std::next(it);
    CodeGrant stored = grant;
    stored.expiresAt = now + CodeLifetimeSecs;
    m_codes.emplace(code, stored);
    return code;
}

std::optional<CodeGrant> UserLogins::redeemCode(const QString &code)
{
    std::lock_guard lock(m_codesMutex);
    const auto it = m_codes.find(code);
    if (it == m_codes.end())
        return std::nullopt;
    CodeGrant grant = it->second;
    m_codes.erase(it);
    if (grant.expiresAt < m_tenant.now())
        return std::nullopt;
    return grant;
}
