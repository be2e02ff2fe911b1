// SPDX-License-Identifier: MIT
#include "Pkce.h"

#include "Base64Url.h"
#include "Random.h"

#include <QCryptographicHash>
#include <openssl/crypto.h>

namespace Pkce {

QByteArray makeVerifier()
{
    return Base64Url::encode(Random::bytes(32));
}

QByteArray challengeS256(const QByteArray &verifier)
{
    return Base64Url::encode(QCryptographicHash::hash(verifier, QCryptographicHash::Sha256));
}

bool isWellFormedVerifier(const QByteArray &verifier)
{
    if (verifier.size() < 43 || verifier.size() > 128)
        return false;
    for (const char c : verifier) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
            || c == '.' || c == '_' || c == '~';
        if (!unreserved)
            return false;
    }
    return true;
}

bool verify(const QByteArray &verifier, const QByteArray &challenge, const QString &method)
{
    if (!isWellFormedVerifier(verifier))
        return false;
    QByteArray expected;
    if (method == QLatin1String("S256"))
        expected = challengeS256(verifier);
    else if (method == QLatin1String("plain"))
        expected = verifier;
    else
        return false;
    return expected.size() == challenge.size()
        && CRYPTO_memcmp(expected.constData(), challenge.constData(), size_t(expected.size())) == 0;
}

} // namespace Pkce
