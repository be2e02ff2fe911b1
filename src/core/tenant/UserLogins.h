// SPDX-License-Identifier: MIT
#pragma once

#include "HttpExchange.h"
#include "rules/RuleSource.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>

class LoginChain;
class Tenant;

// What one user login asks for, once the user is known (password checked, code redeemed or
// refresh token found).
struct LoginRequest
{
    QJsonObject client;
    QJsonObject user; // as stored
    QString protocol; // oauth2-password, oidc-basic-profile, oauth2-refresh-token (context.protocol)
    QStringList scopes;
    QString audience; // empty: a token for /userinfo only
    QJsonObject api; // the resource server of `audience`
    QJsonObject query; // what the rules see as context.request.query (scope and audience added)
    QByteArray userAgent;
};

// The tokens of an allowed login, or Auth0's error for a refused one.
struct LoginTokens
{
    int status = 200;
    QString error;
    QString errorDescription;
    QByteArray idToken;
    QByteArray accessToken;
    QString scope;
    int expiresIn = 0;
    QString refreshToken;

    bool isOk() const { return status == 200; }
    static LoginTokens failure(int status, const QString &error, const QString &description);
    // The /oauth/token answer: the tokens, or {error, error_description}.
    HttpResponse toResponse() const;
};

// An authorization code's grant (RFC 6749 §4.1): who logged in where, with the tokens the rule
// chain allowed at /authorize, waiting for the client to exchange it.
struct CodeGrant
{
    QString clientId;
    QString redirectUri;
    QString codeChallenge;
    QString codeChallengeMethod;
    qint64 expiresAt = 0;
    LoginTokens tokens;
    LoginRequest login; // for the refresh token issued at the exchange
};

// User logins on the local tenant: finds and checks database users, runs the tenant's chain
// (enabled rules by `order`, then the post-login Actions bound to the trigger) for each login
// through the LoginChain, persists what the chain changed (metadata, logins_count), and mints
// the tokens carrying what it added. Authorization codes live in memory (single use, short
// lived); refresh tokens in the store, by their SHA-256 only. Safe on the server's threads.
class UserLogins
{
public:
    static constexpr int CodeLifetimeSecs = 300;
    static const QString DatabaseConnection; // Username-Password-Authentication

    UserLogins(Tenant &tenant, bool rulesAvailable);

    // Without a chain, logins run when the tenant has no enabled rule and no bound Action, and
    // are refused (access_denied, saying why) when it has some. Not owned; may be set later.
    void setLoginChain(LoginChain *chain) { m_chain = chain; }
    LoginChain *loginChain() const { return m_chain; }

    // The connection's user whose email (any case) or username is `username`, when `password`
    // is theirs. Errors as Auth0's resource-owner grant answers them.
    std::optional<QJsonObject> authenticate(const QString &connection, const QString &username, const QString &password,
                                            LoginTokens *refused) const;

    // The requested scope (Auth0's default when empty) and the audience checked against the
    // tenant's APIs; fills the request's scopes, audience and query. False with *refused set.
    bool resolveScopeAndAudience(const QString &scope, const QString &audience, LoginRequest *request,
                                 LoginTokens *refused) const;

    // Runs the chain and mints the tokens (and a refresh token when `withRefreshToken`).
    LoginTokens login(const LoginRequest &request, bool withRefreshToken);
    // A refresh token for this login when it asked for offline_access, the API allows offline
    // access and the client the refresh_token grant (auth0-api.md §2.1); else empty.
    QString issueRefreshToken(const LoginRequest &request);

    QString issueCode(const CodeGrant &grant);
    // Takes the code out (it is single use, even when the exchange then fails).
    std::optional<CodeGrant> redeemCode(const QString &code);

    // The login a refresh token stands for: {user_id, client_id, scope, audience}.
    std::optional<QJsonObject> findRefreshToken(const QString &token) const;

    Tenant &tenant() const { return m_tenant; }

private:
    void persist(const QString &userId, const QJsonArray &metadataUpdates, bool countLogin);
    // The enabled rules by `order` (when the tenant has Rules), then the bound Actions; their
    // secrets merged into one object (the rule host hands every Action the same event.secrets).
    RuleChain chain(QJsonObject *configuration, QJsonObject *secrets) const;

    Tenant &m_tenant;
    const bool m_rulesAvailable;
    std::atomic<LoginChain *> m_chain{nullptr};
    mutable std::mutex m_codesMutex;
    std::map<QString, CodeGrant> m_codes;
};
