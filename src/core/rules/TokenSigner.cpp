// SPDX-License-Identifier: MIT
#include "TokenSigner.h"

#include "crypto/Jwt.h"
#include "tenant/Tenant.h"

#include <QJsonArray>

QString TenantTokenSigner::issuer() const
{
    return m_tenant.issuer();
}

QByteArray TenantTokenSigner::sign(const QJsonObject &claims) const
{
    return m_tenant.sign(claims);
}

QJsonObject TenantTokenSigner::jwks() const
{
    return m_tenant.jwks();
}

EphemeralTokenSigner::EphemeralTokenSigner(QString issuer)
    : m_issuer(std::move(issuer))
    , m_key(RsaKey::generate(2048))
    , m_keyId(m_key.thumbprint())
{
}

QByteArray EphemeralTokenSigner::sign(const QJsonObject &claims) const
{
    return Jwt::signRs256(claims, m_key, m_keyId);
}

QJsonObject EphemeralTokenSigner::jwks() const
{
    return { { QStringLiteral("keys"), QJsonArray { m_key.publicJwk(m_keyId) } } };
}
