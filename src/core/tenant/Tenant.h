// SPDX-License-Identifier: MIT
#pragma once

#include "TenantStore.h"
#include "crypto/JwkSet.h"
#include "crypto/Jwt.h"
#include "crypto/RsaKey.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <mutex>

class Clock;

// The credentials of the management client the local tenant creates on the first start of a
// data file: what `rulebench-cli serve` prints on its second line.
struct ManagementCredentials
{
    QString clientId;
    QString clientSecret;
    QString audience;
    QJsonObject toJson() const;
};

// The state every API handler of the local tenant works on: the store, the signing key, the
// clock, and the addresses the tenant is reached at.
class Tenant
{
public:
    static constexpr const char *ResourceServers = "resource_servers";
    static constexpr const char *Clients = "clients";
    static constexpr const char *ClientGrants = "client_grants";
    static constexpr const char *Rules = "rules";
    static constexpr const char *RulesConfigs = "rules_configs";
    static constexpr const char *Users = "users";

    Tenant(std::unique_ptr<TenantStore> store, const Clock &clock);
    ~Tenant();

    // Called once the server knows its port: sets the base URL, makes the signing key and the
    // management client on first start, and moves the Management API audience if the port changed.
    bool initialize(const QString &baseUrl, QString *error);

    TenantStore &store() const { return *m_store; }
    const Clock &clock() const { return m_clock; }
    qint64 now() const;

    QString baseUrl() const { return m_baseUrl; }          // http://127.0.0.1:PORT
    QString domain() const;                                 // 127.0.0.1:PORT
    QString issuer() const { return m_baseUrl + QLatin1Char('/'); }
    QString managementAudience() const { return m_baseUrl + QStringLiteral("/api/v2/"); }
    // A tenant reached over plain HTTP on loopback is also addressed as https://HOST by SDKs
    // that hard-code https (reference/auth0-api.md §6): both spellings name the same API.
    bool isManagementAudience(const QString &audience) const;
    QString tenantName() const { return QStringLiteral("local"); }

    QByteArray sign(const QJsonObject &claims, const QString &type = QStringLiteral("JWT")) const;
    QString keyId() const { return m_keyId; }
    QString certificatePem() const { return m_certificatePem; }
    QJsonObject jwks() const { return m_jwks; } // made once with the key, not per request
    JwtVerification verify(const QByteArray &token, const QStringList &audiences) const;

    ManagementCredentials managementCredentials() const;
    static QStringList managementScopes();

    // Tokens issued since start: "client_credentials", and user logins by their protocol
    // ("oauth2-password", "oidc-basic-profile", "oauth2-refresh-token"). Lets a test see that a
    // rule's cached M2M token spared a second client_credentials request.
    void countIssued(const QString &grantType);
    int issuedCount(const QString &grantType) const;

private:
    bool ensureSigningKey();
    QJsonObject publishedKeys() const;
    bool ensureManagementApi();

    std::unique_ptr<TenantStore> m_store;
    const Clock &m_clock;
    QString m_baseUrl;
    RsaKey m_key;
    QString m_keyId;
    QString m_certificatePem;
    JwkSet m_publicKeys;
    QJsonObject m_jwks;
    mutable std::mutex m_issuedMutex;
    QHash<QString, int> m_issued;
};
