// SPDX-License-Identifier: MIT
#pragma once

#include "common/SecretBytes.h"

#include <functional>
#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;

// A real login against a tenant, for the test pane's Live login tab. The pane talks to this
// small interface (tests may put a double behind it); the backend is AuthenticationClient.
struct LiveLoginRequest
{
    QUrl tenantUrl;
    QString username;
    SecretBytes password;
    QString realm; // the database connection
    QString clientId;
    SecretBytes clientSecret; // empty for a public client
    QString audience; // empty: no API
    QString scope = QStringLiteral("openid profile email");
};

struct LiveLoginResult
{
    bool ok = false;
    int httpStatus = 0;
    QString error; // OAuth error code, or a transport problem
    QString errorDescription;
    QByteArray idToken;
    QByteArray accessToken;
};

class LiveLoginBackend
{
public:
    using Callback = std::function<void(const LiveLoginResult &)>;
    virtual ~LiveLoginBackend() = default;
    // `done` runs once on context's thread, unless context is gone.
    virtual void passwordRealm(const LiveLoginRequest &request, QObject *context, Callback done) = 0;
};

// Auth0's password-realm grant through AuthenticationClient::passwordRealm, asynchronously.
class PasswordRealmLogin final : public LiveLoginBackend
{
public:
    explicit PasswordRealmLogin(QNetworkAccessManager *network)
        : m_network(network)
    {
    }
    void passwordRealm(const LiveLoginRequest &request, QObject *context, Callback done) override;

private:
    QNetworkAccessManager *m_network;
};
