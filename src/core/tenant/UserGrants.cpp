// SPDX-License-Identifier: MIT
#include "UserGrants.h"

#include "ApiErrors.h"
#include "Tenant.h"
#include "UserLogins.h"
#include "crypto/Pkce.h"

#include <QJsonArray>

namespace UserGrants {
namespace {

using TokenEndpoint::TokenRequest;

const QString PasswordGrant = QStringLiteral("password");
const QString PasswordRealmGrant = QStringLiteral("http://auth0.com/oauth/grant-type/password-realm");

std::optional<HttpResponse> missing(const TokenRequest &request, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        if (request.value(name).isEmpty())
            return ApiErrors::oauth(400, QStringLiteral("invalid_request"),
                                    QStringLiteral("Missing required parameter: %1").arg(QLatin1String(name)));
    }
    return std::nullopt;
}

// Resource owner password: `password` logs in to the database connection (the local tenant's
// "default directory"), password-realm to the connection `realm` names.
HttpResponse password(UserLogins &logins, const TokenRequest &request, const HttpRequest &http, bool realmGrant)
{
    QJsonObject client;
    if (auto refused = TokenEndpoint::authenticateClient(logins.tenant(), request, &client))
        return *refused;
    // A client allowed either resource-owner grant may use both, as Auth0's "Password" grant.
    const QStringList grants = realmGrant ? QStringList { PasswordRealmGrant, PasswordGrant }
                                          : QStringList { PasswordGrant, PasswordRealmGrant };
    if (auto refused = TokenEndpoint::checkGrantType(client, grants))
        return *refused;
    if (auto refused = missing(request, realmGrant ? std::initializer_list<const char *> { "username", "password", "realm" }
                                                   : std::initializer_list<const char *> { "username", "password" }))
        return *refused;
    const QString realm = request.value("realm").isEmpty() ? UserLogins::DatabaseConnection : request.value("realm");

    LoginTokens refused;
    const auto user = logins.authenticate(realm, request.value("username"), request.value("password"), &refused);
    if (!user)
        return refused.toResponse();
    LoginRequest login;
    login.client = client;
    login.user = *user;
    login.protocol = QStringLiteral("oauth2-password");
    login.userAgent = http.header("user-agent");
    login.query.insert(QStringLiteral("grant_type"), request.value("grant_type"));
    if (realmGrant)
        login.query.insert(QStringLiteral("realm"), realm);
    if (!logins.resolveScopeAndAudience(request.value("scope"), request.value("audience"), &login, &refused))
        return refused.toResponse();
    return logins.login(login, true).toResponse();
}

HttpResponse authorizationCode(UserLogins &logins, const TokenRequest &request)
{
    QJsonObject client;
    if (auto refused = TokenEndpoint::authenticateClient(logins.tenant(), request, &client))
        return *refused;
    if (auto refused = TokenEndpoint::checkGrantType(client, { QStringLiteral("authorization_code") }))
        return *refused;
    if (auto refused = missing(request, { "code" }))
        return *refused;
    const auto grant = logins.redeemCode(request.value("code"));
    if (!grant || grant->clientId != request.value("client_id"))
        return ApiErrors::oauth(403, QStringLiteral("invalid_grant"), QStringLiteral("Invalid authorization code"));
    if (!grant->redirectUri.isEmpty() && grant->redirectUri != request.value("redirect_uri"))
        return ApiErrors::oauth(403, QStringLiteral("invalid_grant"),
                                QStringLiteral("The redirect_uri does not match the one of the authorization request"));
    if (!grant->codeChallenge.isEmpty()) {
        if (auto refused = missing(request, { "code_verifier" }))
            return *refused;
        if (!Pkce::verify(request.value("code_verifier").toUtf8(), grant->codeChallenge.toUtf8(), grant->codeChallengeMethod))
            return ApiErrors::oauth(403, QStringLiteral("invalid_grant"), QStringLiteral("Failed to verify code verifier"));
    }
    LoginTokens tokens = grant->tokens;
    tokens.refreshToken = logins.issueRefreshToken(grant->login);
    return tokens.toResponse();
}

// Rules run again on a refresh (rules-runtime.md §2.5, protocol oauth2-refresh-token); the
// refresh token stays as it is (non-rotating, Auth0's default).
HttpResponse refreshToken(UserLogins &logins, const TokenRequest &request, const HttpRequest &http)
{
    QJsonObject client;
    if (auto refused = TokenEndpoint::authenticateClient(logins.tenant(), request, &client))
        return *refused;
    if (auto refused = TokenEndpoint::checkGrantType(client, { QStringLiteral("refresh_token") }))
        return *refused;
    if (auto refused = missing(request, { "refresh_token" }))
        return *refused;
    const auto grant = logins.findRefreshToken(request.value("refresh_token"));
    const auto user = grant ? logins.tenant().store().get(QLatin1String(Tenant::Users),
                                                          grant->value(QLatin1String("user_id")).toString())
                            : std::nullopt;
    if (!grant || !user || grant->value(QLatin1String("client_id")).toString() != request.value("client_id"))
        return ApiErrors::oauth(403, QStringLiteral("invalid_grant"), QStringLiteral("Unknown or invalid refresh token."));
    if (user->value(QLatin1String("blocked")).toBool())
        return ApiErrors::oauth(401, QStringLiteral("unauthorized"), QStringLiteral("user is blocked"));

    const QStringList granted = grant->value(QLatin1String("scope")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString scope = request.value("scope");
    for (const QString &wanted : scope.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!granted.contains(wanted))
            return ApiErrors::oauth(403, QStringLiteral("invalid_scope"),
                                    QStringLiteral("The scope %1 was not granted to this refresh token").arg(wanted));
    }
    if (scope.isEmpty())
        scope = granted.join(QLatin1Char(' '));
    LoginRequest login;
    login.client = client;
    login.user = *user;
    login.protocol = QStringLiteral("oauth2-refresh-token");
    login.userAgent = http.header("user-agent");
    login.query.insert(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    LoginTokens refused;
    if (!logins.resolveScopeAndAudience(scope, grant->value(QLatin1String("audience")).toString(), &login, &refused))
        return refused.toResponse();
    return logins.login(login, false).toResponse();
}

} // namespace

QHash<QString, TokenEndpoint::GrantHandler> handlers(UserLogins &logins)
{
    return {
        { PasswordGrant, [&logins](const TokenRequest &r, const HttpRequest &h) { return password(logins, r, h, false); } },
        { PasswordRealmGrant, [&logins](const TokenRequest &r, const HttpRequest &h) { return password(logins, r, h, true); } },
        { QStringLiteral("authorization_code"), [&logins](const TokenRequest &r, const HttpRequest &) { return authorizationCode(logins, r); } },
        { QStringLiteral("refresh_token"), [&logins](const TokenRequest &r, const HttpRequest &h) { return refreshToken(logins, r, h); } },
    };
}

} // namespace UserGrants
