// SPDX-License-Identifier: MIT
#include "ManagementAccess.h"

#include "crypto/Jwt.h"

QString ManagementAccess::audience() const
{
    QUrl url = baseUrl;
    url.setPath(QStringLiteral("/api/v2/"));
    return url.toString();
}

QString ManagementAccess::problem() const
{
    if (!baseUrl.isValid() || baseUrl.host().isEmpty())
        return QStringLiteral("tenant: no domain");
    if (usesToken()) {
        if (!Jwt::decode(token.reveal()))
            return QStringLiteral("token: not a JWT (paste the whole Management API token)");
        return {};
    }
    if (clientId.isEmpty())
        return QStringLiteral("client id: empty (or paste a Management API token instead)");
    if (clientSecret.isEmpty())
        return QStringLiteral("client secret: empty");
    return {};
}

QDateTime ManagementAccess::tokenExpiry() const
{
    const auto jwt = Jwt::decode(token.reveal());
    if (!jwt || !jwt->payload.value(QLatin1String("exp")).isDouble())
        return {};
    return QDateTime::fromSecsSinceEpoch(qint64(jwt->payload.value(QLatin1String("exp")).toDouble()), Qt::UTC);
}
