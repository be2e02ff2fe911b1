// SPDX-License-Identifier: MIT
#pragma once

#include "TestHttp.h"
#include "net/ApiResult.h"
#include "net/AuthenticationClient.h"
#include "tenant/LocalTenant.h"

#include <QStringList>

#include <memory>

class Clock;

struct ClientCredentials
{
    QString clientId;
    QString clientSecret;
    bool isValid() const { return !clientId.isEmpty() && !clientSecret.isEmpty(); }
};

// A LocalTenant on an ephemeral loopback port (in-memory store unless the options say
// otherwise), reached over real HTTP, plus the management token of its management client.
// Everything waits on signals; nothing sleeps.
class TenantFixture
{
public:
    explicit TenantFixture(const LocalTenant::Options &options = {}, const Clock *clock = nullptr);
    ~TenantFixture();

    bool isRunning() const { return bool(m_local); }
    QString startError() const { return m_startError; }
    LocalTenant &local() { return *m_local; }
    Tenant &tenant() { return m_local->tenant(); }
    QNetworkAccessManager *network() { return m_http.network(); }
    const Clock &clock() const { return *m_clock; }

    QUrl url(const QString &pathAndQuery) const;
    QString managementAudience() const { return m_local->managementCredentials().audience; }
    ClientCredentials managementClient() const;

    // client_credentials through AuthenticationClient, waiting for its callback.
    ApiResult<TokenResponse> requestToken(const ClientCredentials &client, const QString &audience,
                                          const QString &scope = QString());
    // The management client's token (every Management API scope), fetched once.
    QByteArray managementToken();

    // Raw HTTP. `authorization` is the whole header value ("Bearer …"), none when empty.
    HttpReply send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = QByteArray(),
                   const QByteArray &authorization = QByteArray(),
                   const QByteArray &contentType = "application/json");
    // A Management API call with the management token; a JSON body when `body` is not undefined.
    HttpReply api(const QByteArray &method, const QString &pathAndQuery,
                  const QJsonValue &body = QJsonValue(QJsonValue::Undefined));
    HttpReply apiAs(const QByteArray &token, const QByteArray &method, const QString &pathAndQuery,
                    const QJsonValue &body = QJsonValue(QJsonValue::Undefined));

    // Through the Management API: a machine-to-machine client, and (when scopes is not null)
    // its grant for `audience`. Invalid credentials when a call failed.
    ClientCredentials createM2mClient(const QString &name, const QString &audience, const QStringList &scopes);
    // A Management API token holding exactly `scopes` (a new client and grant).
    QByteArray managementTokenWithScopes(const QStringList &scopes);

private:
    std::unique_ptr<LocalTenant> m_local;
    QString m_startError;
    const Clock *m_clock;
    TestHttp m_http;
    QByteArray m_managementToken;
    int m_clientCounter = 0;
};
