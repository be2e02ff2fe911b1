// SPDX-License-Identifier: MIT
#pragma once

#include "ApiResult.h"
#include "common/SecretBytes.h"

#include <QDateTime>
#include <QObject>
#include <QUrl>

#include <functional>

class Clock;
class QNetworkAccessManager;

struct TokenResponse
{
    SecretBytes accessToken;
    QString tokenType;
    QString scope;
    int expiresIn = 0;
    QDateTime expiresAt;
};

// Auth0's Authentication API, as far as Rulebench needs it (reference/auth0-api.md §2).
class AuthenticationClient
{
public:
    AuthenticationClient(QNetworkAccessManager *network, const QUrl &baseUrl, const Clock &clock);

    using TokenCallback = std::function<void(const ApiResult<TokenResponse> &)>;
    // POST /oauth/token grant_type=client_credentials (client_secret_post).
    void clientCredentials(const QString &clientId, const SecretBytes &clientSecret, const QString &audience,
                           QObject *context, TokenCallback done, const QString &scope = QString());

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

private:
    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    const Clock &m_clock;
    int m_timeoutMs = 30000;
};
