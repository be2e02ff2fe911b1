// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QStringList>

class Router;
class Tenant;

// POST /oauth/token (reference/auth0-api.md §2). This issue serves client_credentials;
// the user grants (password, password-realm, authorization_code, refresh_token) come with logins.
namespace TokenEndpoint {

void registerRoutes(Router &router, Tenant &tenant);

// An access token for `api` (a resource server document) as Auth0 lays it out (§3):
// Auth0 profile (gty, azp) or RFC 9068 profile (typ at+jwt, client_id, jti), and
// `permissions` when RBAC is on with an *_authz dialect.
QByteArray mintAccessToken(const Tenant &tenant, const QJsonObject &api, const QString &subject,
                           const QString &clientId, const QStringList &scopes, const QString &grantTypeClaim);

} // namespace TokenEndpoint
