// SPDX-License-Identifier: MIT
#pragma once

#include "HttpExchange.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <optional>

class Router;
class Tenant;

// POST /oauth/token (reference/auth0-api.md §2): client_credentials here; the user grants
// (password, password-realm, authorization_code, refresh_token) are UserGrants'.
namespace TokenEndpoint {

// The parameters of a token request, from a form or JSON body, with client_secret_basic
// credentials folded into client_id/client_secret.
struct TokenRequest
{
    QHash<QString, QString> params;
    QString value(const char *key) const { return params.value(QLatin1String(key)); }
};

// A grant other than client_credentials, by grant_type.
using GrantHandler = std::function<HttpResponse(const TokenRequest &, const HttpRequest &)>;
void registerRoutes(Router &router, Tenant &tenant, const QHash<QString, GrantHandler> &userGrants = {});

// The client named by client_id, authenticated as its token_endpoint_auth_method asks (a
// public client, "none", needs no secret): 401 invalid_client otherwise.
std::optional<HttpResponse> authenticateClient(const Tenant &tenant, const TokenRequest &request, QJsonObject *client);
// 403 unauthorized_client unless the client's grant_types hold one of `grantTypes`.
std::optional<HttpResponse> checkGrantType(const QJsonObject &client, const QStringList &grantTypes);
// The resource server whose identifier is `audience` (the Management API also as https://).
std::optional<QJsonObject> findApi(const Tenant &tenant, const QString &audience);

// An access token for `api` (a resource server document) as Auth0 lays it out (§3):
// Auth0 profile (gty, azp) or RFC 9068 profile (typ at+jwt, client_id, jti), and
// `permissions` when RBAC is on with an *_authz dialect.
QByteArray mintAccessToken(const Tenant &tenant, const QJsonObject &api, const QString &subject,
                           const QString &clientId, const QStringList &scopes, const QString &grantTypeClaim);

} // namespace TokenEndpoint
