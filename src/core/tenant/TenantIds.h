// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/Random.h"

// Identifier formats as real tenants hand them out (reference/auth0-api.md §1).
namespace TenantIds {

inline QString clientId() { return Random::alphanumeric(32); }
inline QString clientSecret() { return Random::alphanumeric(64); }
inline QString resourceServerId() { return Random::hex(24); }
inline QString clientGrantId() { return QStringLiteral("cgr_") + Random::alphanumeric(16); }
inline QString ruleId() { return QStringLiteral("rul_") + Random::alphanumeric(16); }
inline QString credentialId() { return QStringLiteral("cred_") + Random::alphanumeric(22); }
inline QString userId() { return QStringLiteral("auth0|") + Random::hex(24); }

} // namespace TenantIds
