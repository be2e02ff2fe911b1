// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/RsaKey.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

class Tenant;

// Who signs the tokens of a simulated login: the local tenant (its key, issuer and JWKS, so
// the sample API and any client accept them), or a throw-away key for offline runs.
class TokenSigner
{
public:
    virtual ~TokenSigner() = default;
    virtual QString issuer() const = 0; // with the trailing slash, as Auth0's
    virtual QByteArray sign(const QJsonObject &claims) const = 0; // RS256 compact JWS
    virtual QJsonObject jwks() const = 0;
};

class TenantTokenSigner final : public TokenSigner
{
public:
    explicit TenantTokenSigner(const Tenant &tenant)
        : m_tenant(tenant)
    {
    }
    QString issuer() const override;
    QByteArray sign(const QJsonObject &claims) const override;
    QJsonObject jwks() const override;

private:
    const Tenant &m_tenant;
};

// A fresh RS256 key per instance (kid = its RFC 7638 thumbprint). Tokens verify only against
// jwks() of the same instance.
class EphemeralTokenSigner final : public TokenSigner
{
public:
    explicit EphemeralTokenSigner(QString issuer = QStringLiteral("https://rulebench.local/"));
    QString issuer() const override { return m_issuer; }
    QByteArray sign(const QJsonObject &claims) const override;
    QJsonObject jwks() const override;

private:
    QString m_issuer;
    RsaKey m_key;
    QString m_keyId;
};
