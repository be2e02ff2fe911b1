// SPDX-License-Identifier: MIT
#include "JwkSet.h"

#include <QJsonArray>

JwkSet JwkSet::fromJson(const QJsonObject &jwks, QString *error)
{
    JwkSet set;
    const QJsonValue keys = jwks.value(QLatin1String("keys"));
    if (!keys.isArray()) {
        if (error)
            *error = QStringLiteral("JWKS has no \"keys\" array");
        return set;
    }
    for (const QJsonValue &entry : keys.toArray()) {
        const QJsonObject jwk = entry.toObject();
        const QString use = jwk.value(QLatin1String("use")).toString(QStringLiteral("sig"));
        if (use != QLatin1String("sig"))
            continue;
        const RsaKey key = RsaKey::fromJwk(jwk);
        if (!key.isNull())
            set.insert(jwk.value(QLatin1String("kid")).toString(), key);
    }
    if (set.isEmpty() && error)
        *error = QStringLiteral("JWKS holds no usable RSA signing key");
    return set;
}
