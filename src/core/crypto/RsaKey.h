// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

typedef struct evp_pkey_st EVP_PKEY;

// An RSA key (OpenSSL EVP_PKEY), private or public only. Immutable and cheap to copy;
// signing and verifying are safe from several threads at once.
class RsaKey
{
public:
    RsaKey() = default;

    static RsaKey generate(int bits = 2048);
    static RsaKey fromPrivatePem(const QByteArray &pem);
    // A public key from a JWK ({"kty":"RSA","n":…,"e":…}); null if the JWK is not a usable RSA key.
    static RsaKey fromJwk(const QJsonObject &jwk);

    bool isNull() const { return !m_key; }
    bool hasPrivateKey() const { return m_hasPrivate; }

    QByteArray privatePem() const;
    // RFC 7638 thumbprint, base64url: stable across restarts, so tokens keep verifying.
    QString thumbprint() const;
    QJsonObject publicJwk(const QString &kid) const;
    // A self-signed X.509 certificate for this key (the "cert" of Auth0's signing keys).
    QByteArray selfSignedCertificatePem(const QString &commonName, int validDays = 3650) const;

    QByteArray signSha256(const QByteArray &data) const; // RSASSA-PKCS1-v1_5 (RS256)
    bool verifySha256(const QByteArray &data, const QByteArray &signature) const;

private:
    QByteArray modulus() const;
    QByteArray exponent() const;

    std::shared_ptr<EVP_PKEY> m_key;
    bool m_hasPrivate = false;
};
