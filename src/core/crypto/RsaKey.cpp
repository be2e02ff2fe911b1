// SPDX-License-Identifier: MIT
#include "RsaKey.h"

#include "Base64Url.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <stdexcept>

namespace {

std::shared_ptr<EVP_PKEY> wrap(EVP_PKEY *key)
{
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

QByteArray bignumParam(EVP_PKEY *key, const char *name)
{
    BIGNUM *bn = nullptr;
    if (!key || EVP_PKEY_get_bn_param(key, name, &bn) != 1)
        return {};
    QByteArray out(BN_num_bytes(bn), Qt::Uninitialized);
    BN_bn2bin(bn, reinterpret_cast<unsigned char *>(out.data()));
    BN_free(bn);
    return out;
}

} // namespace

RsaKey RsaKey::generate(int bits)
{
    RsaKey key;
    key.m_key = wrap(EVP_RSA_gen(static_cast<unsigned int>(bits)));
    if (!key.m_key)
        throw std::runtime_error("RSA key generation failed");
    key.m_hasPrivate = true;
    return key;
}

RsaKey RsaKey::fromPrivatePem(const QByteArray &pem)
{
    RsaKey key;
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())), BIO_free);
    EVP_PKEY *raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    if (raw && EVP_PKEY_get_base_id(raw) == EVP_PKEY_RSA) {
        key.m_key = wrap(raw);
        key.m_hasPrivate = true;
    } else if (raw) {
        EVP_PKEY_free(raw);
    }
    return key;
}

RsaKey RsaKey::fromJwk(const QJsonObject &jwk)
{
    RsaKey key;
    QByteArray n, e;
    if (jwk.value(QLatin1String("kty")).toString() != QLatin1String("RSA")
        || !Base64Url::decode(jwk.value(QLatin1String("n")).toString().toLatin1(), &n)
        || !Base64Url::decode(jwk.value(QLatin1String("e")).toString().toLatin1(), &e) || n.isEmpty()
        || e.isEmpty())
        return key;

    BIGNUM *bnN = BN_bin2bn(reinterpret_cast<const unsigned char *>(n.constData()), int(n.size()), nullptr);
    BIGNUM *bnE = BN_bin2bn(reinterpret_cast<const unsigned char *>(e.constData()), int(e.size()), nullptr);
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, bnN);
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, bnE);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(builder);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    EVP_PKEY *raw = nullptr;
    if (ctx && EVP_PKEY_fromdata_init(ctx) == 1)
        EVP_PKEY_fromdata(ctx, &raw, EVP_PKEY_PUBLIC_KEY, params);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    BN_free(bnN);
    BN_free(bnE);
    if (raw)
        key.m_key = wrap(raw);
    return key;
}

QByteArray RsaKey::privatePem() const
{
    if (!m_hasPrivate)
        return {};
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, int(size));
}

QByteArray RsaKey::modulus() const
{
    return bignumParam(m_key.get(), OSSL_PKEY_PARAM_RSA_N);
}

QByteArray RsaKey::exponent() const
{
    return bignumParam(m_key.get(), OSSL_PKEY_PARAM_RSA_E);
}

QString RsaKey::thumbprint() const
{
    // RFC 7638 §3.2: the required members in lexicographic order, no white space.
    const QByteArray canonical = "{\"e\":\"" + Base64Url::encode(exponent()) + "\",\"kty\":\"RSA\",\"n\":\""
        + Base64Url::encode(modulus()) + "\"}";
    return QString::fromLatin1(Base64Url::encode(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256)));
}

QJsonObject RsaKey::publicJwk(const QString &kid) const
{
    return QJsonObject{
        {QStringLiteral("kty"), QStringLiteral("RSA")},
        {QStringLiteral("use"), QStringLiteral("sig")},
        {QStringLiteral("alg"), QStringLiteral("RS256")},
        {QStringLiteral("kid"), kid},
        {QStringLiteral("n"), QString::fromLatin1(Base64Url::encode(modulus()))},
        {QStringLiteral("e"), QString::fromLatin1(Base64Url::encode(exponent()))},
    };
}

QByteArray RsaKey::signSha256(const QByteArray &data) const
{
    if (!m_hasPrivate)
        return {};
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    size_t length = 0;
    if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_key.get()) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &length,
                          reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()))
            != 1)
        return {};
    QByteArray signature(int(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()))
        != 1)
        return {};
    signature.resize(int(length));
    return signature;
}

bool RsaKey::verifySha256(const QByteArray &data, const QByteArray &signature) const
{
    if (!m_key)
        return false;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    return EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_key.get()) == 1
        && EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                            size_t(signature.size()),
                            reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()))
        == 1;
}

QByteArray RsaKey::selfSignedCertificatePem(const QString &commonName, int validDays) const
{
    if (!m_hasPrivate)
        return {};
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(validDays) * 24 * 3600);
    X509_set_pubkey(cert.get(), m_key.get());
    X509_NAME *name = X509_get_subject_name(cert.get());
    const QByteArray cn = commonName.toUtf8();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()),
                               int(cn.size()), -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), m_key.get(), EVP_sha256()) == 0)
        return {};
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_X509(bio.get(), cert.get());
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, int(size));
}
