// SPDX-License-Identifier: MIT
#include "Tenant.h"

#include "TenantIds.h"
#include "common/Clock.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QUrl>

namespace {
const QString SigningKeySetting = QStringLiteral("signing_key_pem");
const QString ManagementClientSetting = QStringLiteral("management_client_id");
const QString ManagementApiSetting = QStringLiteral("management_api_id");
} // namespace

QJsonObject ManagementCredentials::toJson() const
{
    return {{QStringLiteral("client_id"), clientId},
            {QStringLiteral("client_secret"), clientSecret},
            {QStringLiteral("audience"), audience}};
}

Tenant::Tenant(std::unique_ptr<TenantStore> store, const Clock &clock) : m_store(std::move(store)), m_clock(clock)
{
}

Tenant::~Tenant() = default;

qint64 Tenant::now() const
{
    return m_clock.nowSecs();
}

QString Tenant::domain() const
{
    return QUrl(m_baseUrl).authority();
}

bool Tenant::isManagementAudience(const QString &audience) const
{
    if (audience == managementAudience())
        return true;
    QUrl url(audience);
    if (url.scheme() == QLatin1String("https"))
        url.setScheme(QStringLiteral("http"));
    return url.toString() == managementAudience();
}

QStringList Tenant::managementScopes()
{
    QStringList scopes;
    for (const char *resource : {"resource_servers", "clients", "client_grants", "rules", "rules_configs", "users",
                                 "actions", "users_app_metadata"}) {
        for (const char *verb : {"read", "create", "update", "delete"})
            scopes << QLatin1String(verb) + QLatin1Char(':') + QLatin1String(resource);
    }
    scopes << QStringLiteral("read:client_keys") << QStringLiteral("update:client_keys")
           << QStringLiteral("read:client_summary");
    return scopes;
}

bool Tenant::initialize(const QString &baseUrl, QString *error)
{
    m_baseUrl = baseUrl;
    auto guard = m_store->lock();
    const bool ok = m_store->transaction([this] { return ensureSigningKey() && ensureManagementApi(); });
    if (!ok && error)
        *error = QStringLiteral("cannot write the tenant's keys and management client");
    return ok;
}

bool Tenant::ensureSigningKey()
{
    const QString pem = m_store->setting(SigningKeySetting);
    m_key = pem.isEmpty() ? RsaKey::generate() : RsaKey::fromPrivatePem(pem.toLatin1());
    if (m_key.isNull())
        return false;
    m_keyId = m_key.thumbprint();
    m_certificatePem = QString::fromLatin1(m_key.selfSignedCertificatePem(QStringLiteral("rulebench-local-tenant")));
    m_publicKeys = JwkSet();
    m_publicKeys.insert(m_keyId, m_key);
    m_jwks = publishedKeys();
    return !pem.isEmpty() || m_store->setSetting(SigningKeySetting, QString::fromLatin1(m_key.privatePem()));
}

bool Tenant::ensureManagementApi()
{
    // The Management API is a system resource server whose identifier follows the port.
    QString apiId = m_store->setting(ManagementApiSetting);
    QJsonObject api = m_store->get(QLatin1String(ResourceServers), apiId).value_or(QJsonObject());
    const QString oldAudience = api.value(QLatin1String("identifier")).toString();
    if (apiId.isEmpty()) {
        apiId = TenantIds::resourceServerId();
        QJsonArray scopes;
        for (const QString &scope : managementScopes())
            scopes.append(QJsonObject{{QStringLiteral("value"), scope}, {QStringLiteral("description"), scope}});
        api = {{QStringLiteral("id"), apiId},
               {QStringLiteral("name"), QStringLiteral("Auth0 Management API")},
               {QStringLiteral("is_system"), true},
               {QStringLiteral("scopes"), scopes},
               {QStringLiteral("signing_alg"), QStringLiteral("RS256")},
               {QStringLiteral("allow_offline_access"), false},
               {QStringLiteral("token_lifetime"), 86400},
               {QStringLiteral("token_lifetime_for_web"), 7200},
               {QStringLiteral("skip_consent_for_verifiable_first_party_clients"), false}};
        if (!m_store->setSetting(ManagementApiSetting, apiId))
            return false;
    }
    api.insert(QStringLiteral("identifier"), managementAudience());
    if (!m_store->put(QLatin1String(ResourceServers), apiId, api))
        return false;
    for (QJsonObject grant : m_store->list(QLatin1String(ClientGrants))) {
        if (!oldAudience.isEmpty() && grant.value(QLatin1String("audience")).toString() == oldAudience) {
            grant.insert(QStringLiteral("audience"), managementAudience());
            if (!m_store->put(QLatin1String(ClientGrants), grant.value(QLatin1String("id")).toString(), grant))
                return false;
        }
    }

    if (!m_store->setting(ManagementClientSetting).isEmpty())
        return true;
    const QString clientId = TenantIds::clientId();
    const QJsonObject client{{QStringLiteral("client_id"), clientId},
                             {QStringLiteral("client_secret"), TenantIds::clientSecret()},
                             {QStringLiteral("tenant"), tenantName()},
                             {QStringLiteral("name"), QStringLiteral("Rulebench Management Client")},
                             {QStringLiteral("app_type"), QStringLiteral("non_interactive")},
                             {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("client_credentials")}},
                             {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("client_secret_post")},
                             {QStringLiteral("is_first_party"), true}};
    const QString grantId = TenantIds::clientGrantId();
    const QJsonObject grant{{QStringLiteral("id"), grantId},
                            {QStringLiteral("client_id"), clientId},
                            {QStringLiteral("audience"), managementAudience()},
                            {QStringLiteral("subject_type"), QStringLiteral("client")},
                            {QStringLiteral("scope"), QJsonArray::fromStringList(managementScopes())}};
    return m_store->put(QLatin1String(Clients), clientId, client)
        && m_store->put(QLatin1String(ClientGrants), grantId, grant)
        && m_store->setSetting(ManagementClientSetting, clientId);
}

ManagementCredentials Tenant::managementCredentials() const
{
    const QString clientId = m_store->setting(ManagementClientSetting);
    const QJsonObject client = m_store->get(QLatin1String(Clients), clientId).value_or(QJsonObject());
    return {clientId, client.value(QLatin1String("client_secret")).toString(), managementAudience()};
}

void Tenant::countIssued(const QString &grantType)
{
    std::lock_guard lock(m_issuedMutex);
    ++m_issued[grantType];
}

int Tenant::issuedCount(const QString &grantType) const
{
    std::lock_guard lock(m_issuedMutex);
    return m_issued.value(grantType);
}

QByteArray Tenant::sign(const QJsonObject &claims, const QString &type) const
{
    return Jwt::signRs256(claims, m_key, m_keyId, type);
}

QJsonObject Tenant::publishedKeys() const
{
    // As Auth0's: the key, and its certificate (x5c, base64 DER) with the SHA-1 thumbprint
    // (x5t), which some libraries read instead of n/e.
    QByteArray der;
    for (const QByteArray &line : m_certificatePem.toLatin1().split('\n')) {
        if (!line.startsWith("-----"))
            der += line.trimmed();
    }
    der = QByteArray::fromBase64(der);
    QJsonObject key = m_key.publicJwk(m_keyId);
    key.insert(QStringLiteral("x5c"), QJsonArray { QString::fromLatin1(der.toBase64()) });
    key.insert(QStringLiteral("x5t"),
               QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha1)
                                       .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
    return { { QStringLiteral("keys"), QJsonArray { key } } };
}

JwtVerification Tenant::verify(const QByteArray &token, const QStringList &audiences) const
{
    JwtExpectations expect;
    expect.issuer = issuer();
    expect.audiences = audiences;
    expect.now = now();
    expect.requireExpiry = true; // every token the tenant issues expires
    return verifyJwt(token, m_publicKeys, expect);
}
