// SPDX-License-Identifier: MIT
#include "TenantProfile.h"

#include "secrets/SecretKeys.h"

QJsonObject TenantProfile::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("base_url"), baseUrl.toString()},
            {QStringLiteral("auth"), auth == Auth::Token ? QStringLiteral("token") : QStringLiteral("client_credentials")},
            {QStringLiteral("client_id"), clientId}};
}

TenantProfile TenantProfile::fromJson(const QJsonObject &json)
{
    TenantProfile profile;
    profile.id = json.value(QLatin1String("id")).toString();
    profile.name = json.value(QLatin1String("name")).toString();
    profile.baseUrl = QUrl(json.value(QLatin1String("base_url")).toString());
    profile.auth = json.value(QLatin1String("auth")).toString() == QLatin1String("token") ? Auth::Token : Auth::ClientCredentials;
    profile.clientId = json.value(QLatin1String("client_id")).toString();
    return profile;
}

QString TenantProfile::secretKey() const
{
    return auth == Auth::Token ? SecretKeys::managementToken(id) : SecretKeys::managementClientSecret(id);
}

QStringList TenantProfile::allSecretKeys() const
{
    return { SecretKeys::managementClientSecret(id), SecretKeys::managementToken(id) };
}

ManagementAccess TenantProfile::access(const SecretBytes &secret) const
{
    ManagementAccess access;
    access.baseUrl = baseUrl;
    access.clientId = clientId;
    (auth == Auth::Token ? access.token : access.clientSecret) = secret;
    return access;
}
