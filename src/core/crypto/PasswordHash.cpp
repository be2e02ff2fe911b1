// SPDX-License-Identifier: MIT
#include "PasswordHash.h"

#include "Random.h"

#include <QStringList>
#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace PasswordHash {
namespace {

constexpr int Iterations = 60000;
constexpr int HashBytes = 32;

QByteArray derive(const QString &password, const QByteArray &salt, int iterations)
{
    const QByteArray utf8 = password.toUtf8();
    QByteArray out(HashBytes, Qt::Uninitialized);
    PKCS5_PBKDF2_HMAC(utf8.constData(), int(utf8.size()), reinterpret_cast<const unsigned char *>(salt.constData()),
                      int(salt.size()), iterations, EVP_sha256(), HashBytes, reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

} // namespace

QString hash(const QString &password)
{
    const QByteArray salt = Random::bytes(16);
    return QStringLiteral("pbkdf2-sha256$%1$%2$%3")
        .arg(Iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(derive(password, salt, Iterations).toBase64()));
}

bool verify(const QString &password, const QString &stored)
{
    const QStringList parts = stored.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts[0] != QLatin1String("pbkdf2-sha256"))
        return false;
    const int iterations = parts[1].toInt();
    const QByteArray salt = QByteArray::fromBase64(parts[2].toLatin1());
    const QByteArray expected = QByteArray::fromBase64(parts[3].toLatin1());
    const QByteArray actual = derive(password, salt, iterations);
    return iterations > 0 && expected.size() == actual.size()
        && CRYPTO_memcmp(expected.constData(), actual.constData(), size_t(actual.size())) == 0;
}

} // namespace PasswordHash
