// SPDX-License-Identifier: MIT
#include "Sealer.h"

#include "Random.h"

#include <openssl/evp.h>

#include <memory>

namespace {
const QString Prefix = QStringLiteral("rbseal:v1:");
constexpr int NonceBytes = 12;
constexpr int TagBytes = 16;
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;
} // namespace

Sealer::Sealer(SecretBytes key) : m_key(std::move(key))
{
}

SecretBytes Sealer::newKey()
{
    return SecretBytes(Random::bytes(32));
}

bool Sealer::isSealed(const QString &text)
{
    return text.startsWith(Prefix);
}

QString Sealer::seal(const QString &plaintext) const
{
    const QByteArray nonce = Random::bytes(NonceBytes);
    const QByteArray input = plaintext.toUtf8();
    QByteArray output(input.size() + TagBytes, Qt::Uninitialized);
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int length = 0, finalLength = 0;
    const auto *key = reinterpret_cast<const unsigned char *>(m_key.reveal().constData());
    const auto *iv = reinterpret_cast<const unsigned char *>(nonce.constData());
    auto *out = reinterpret_cast<unsigned char *>(output.data());
    if (m_key.size() != 32 || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key, iv) != 1
        || EVP_EncryptUpdate(ctx.get(), out, &length, reinterpret_cast<const unsigned char *>(input.constData()), int(input.size())) != 1
        || EVP_EncryptFinal_ex(ctx.get(), out + length, &finalLength) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, TagBytes, out + length + finalLength) != 1)
        return {};
    output.resize(length + finalLength + TagBytes);
    return Prefix + QString::fromLatin1((nonce + output).toBase64());
}

std::optional<QString> Sealer::unseal(const QString &sealed) const
{
    if (!isSealed(sealed) || m_key.size() != 32)
        return std::nullopt;
    const QByteArray data = QByteArray::fromBase64(sealed.mid(Prefix.size()).toLatin1());
    if (data.size() < NonceBytes + TagBytes)
        return std::nullopt;
    const QByteArray nonce = data.left(NonceBytes);
    const QByteArray ciphertext = data.mid(NonceBytes, data.size() - NonceBytes - TagBytes);
    QByteArray tag = data.right(TagBytes);
    QByteArray output(ciphertext.size() + 1, Qt::Uninitialized);
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int length = 0, finalLength = 0;
    auto *out = reinterpret_cast<unsigned char *>(output.data());
    if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char *>(m_key.reveal().constData()),
                           reinterpret_cast<const unsigned char *>(nonce.constData())) != 1
        || EVP_DecryptUpdate(ctx.get(), out, &length, reinterpret_cast<const unsigned char *>(ciphertext.constData()), int(ciphertext.size())) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, TagBytes, tag.data()) != 1
        || EVP_DecryptFinal_ex(ctx.get(), out + length, &finalLength) != 1)
        return std::nullopt;
    output.resize(length + finalLength);
    return QString::fromUtf8(output);
}
