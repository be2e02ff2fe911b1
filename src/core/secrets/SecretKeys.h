// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

// The names of Rulebench's keychain entries (service "rulebench"; the key is the account):
//   tenant/<profile id>/management-client-secret   secret of the M2M app used for the Management API
//   tenant/<profile id>/management-token           a pasted Management API token
//   client/<tenant domain>/<client id>/secret      secret of an M2M application the setup created
//   local-tenant/seal-key                          key that encrypts the local tenant's secrets at rest
namespace SecretKeys {

inline QString managementClientSecret(const QString &profileId)
{
    return QStringLiteral("tenant/%1/management-client-secret").arg(profileId);
}
inline QString managementToken(const QString &profileId)
{
    return QStringLiteral("tenant/%1/management-token").arg(profileId);
}
inline QString clientSecret(const QString &tenantDomain, const QString &clientId)
{
    return QStringLiteral("client/%1/%2/secret").arg(tenantDomain, clientId);
}
inline QString localTenantSealKey()
{
    return QStringLiteral("local-tenant/seal-key");
}

} // namespace SecretKeys
