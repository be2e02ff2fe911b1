// SPDX-License-Identifier: MIT
#pragma once

#include "ApiResult.h"
#include "common/SecretBytes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class Clock;
class QNetworkAccessManager;

struct TokenResponse
{
    SecretBytes accessToken;
    QByteArray idToken; // user logins with the openid scope
    SecretBytes refreshToken; // user logins with offline_access, where the API allows it
    QString tokenType;
    QString scope;
    int expiresIn = 0;
    QDateTime expiresAt;
};

// What an authorization-code login sends the browser to (GET /authorize, auth0-api.md §2.4).
struct AuthorizeRequest
{
    QString clientId;
    QString redirectUri;
    QString scope = QStringLiteral("openid profile email");
    QString audience; // empty: none
    QString state;
    QString nonce;
    QByteArray codeChallenge; // Pkce::challengeS256(verifier); empty: no PKCE
    QString connection; // empty: the tenant's default
};

// Auth0's Authentication API, as far as Rulebench needs it (reference/auth0-api.md §2). Every
// call is asynchronous: `done` runs once, on the context's thread, unless `context` is gone.
// An empty client secret is not sent (public clients, token_endpoint_auth_method "none").
class AuthenticationClient
{
public:
    AuthenticationClient(QNetworkAccessManager *network, const QUrl &baseUrl, const Clock &clock);

    using TokenCallback = std::function<void(const ApiResult<TokenResponse> &)>;
    using UserInfoCallback = std::function<void(const ApiResult<QJsonObject> &)>;

    // POST /oauth/token grant_type=client_credentials (client_secret_post).
    void clientCredentials(const QString &clientId, const SecretBytes &clientSecret, const QString &audience,
                           QObject *context, TokenCallback done, const QString &scope = QString());
    // POST /oauth/token grant_type=http://auth0.com/oauth/grant-type/password-realm: a user of
    // the connection `realm` logs in; the tenant's rules and Actions run. Empty audience/scope:
    // not sent (the tenant's defaults).
    void passwordRealm(const QString &username, const SecretBytes &password, const QString &realm,
                       const QString &clientId, const SecretBytes &clientSecret, const QString &audience,
                       const QString &scope, QObject *context, TokenCallback done);
    // The URL of the login page for an authorization-code login.
    QUrl authorizeUrl(const AuthorizeRequest &request) const;
    // POST /oauth/token grant_type=authorization_code, with the PKCE verifier when there is one.
    void authorizationCode(const QString &code, const QByteArray &codeVerifier, const QString &redirectUri,
                           const QString &clientId, const SecretBytes &clientSecret, QObject *context,
                           TokenCallback done);
    // POST /oauth/token grant_type=refresh_token; `scope` empty: the one first granted.
    void refresh(const SecretBytes &refreshToken, const QString &clientId, const SecretBytes &clientSecret,
                 QObject *context, TokenCallback done, const QString &scope = QString());
    // GET /userinfo with the access token of a user login (openid scope): the profile claims.
    void userInfo(const SecretBytes &accessToken, QObject *context, UserInfoCallback done);

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

private:
    // POST /oauth/token with `form` plus the secrets, appended as bytes so that they never pass
    // through a QString (empty ones are left out).
    void requestToken(const QUrlQuery &form, const QList<QPair<QByteArray, SecretBytes>> &secrets, QObject *context,
                      TokenCallback done);

    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    const Clock &m_clock;
    int m_timeoutMs = 30000;
};
