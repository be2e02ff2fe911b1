// SPDX-License-Identifier: MIT
#include "DiscoveryApi.h"

#include "Router.h"
#include "Tenant.h"

#include <QJsonArray>

namespace DiscoveryApi {
namespace {

QJsonArray strings(std::initializer_list<const char *> values)
{
    QJsonArray array;
    for (const char *value : values)
        array.append(QLatin1String(value));
    return array;
}

HttpResponse openidConfiguration(const Tenant &tenant)
{
    const QString base = tenant.baseUrl();
    return HttpResponse::json(200, QJsonObject{
        {QStringLiteral("issuer"), tenant.issuer()},
        {QStringLiteral("authorization_endpoint"), base + QStringLiteral("/authorize")},
        {QStringLiteral("token_endpoint"), base + QStringLiteral("/oauth/token")},
        {QStringLiteral("userinfo_endpoint"), base + QStringLiteral("/userinfo")},
        {QStringLiteral("jwks_uri"), base + QStringLiteral("/.well-known/jwks.json")},
        {QStringLiteral("scopes_supported"), strings({"openid", "profile", "offline_access", "name", "given_name",
                                                      "family_name", "nickname", "email", "email_verified", "picture",
                                                      "created_at", "identities", "phone", "address"})},
        {QStringLiteral("response_types_supported"), strings({"code"})},
        {QStringLiteral("code_challenge_methods_supported"), strings({"S256", "plain"})},
        {QStringLiteral("response_modes_supported"), strings({"query"})},
        {QStringLiteral("subject_types_supported"), strings({"public"})},
        {QStringLiteral("id_token_signing_alg_values_supported"), strings({"RS256"})},
        {QStringLiteral("token_endpoint_auth_methods_supported"), strings({"client_secret_basic", "client_secret_post", "none"})},
        {QStringLiteral("grant_types_supported"), strings({"authorization_code", "client_credentials", "password",
                                                           "http://auth0.com/oauth/grant-type/password-realm",
                                                           "refresh_token"})},
        {QStringLiteral("claims_supported"), strings({"aud", "auth_time", "created_at", "email", "email_verified", "exp",
                                                      "family_name", "given_name", "iat", "identities", "iss", "name",
                                                      "nickname", "phone_number", "picture", "sub"})},
        {QStringLiteral("request_uri_parameter_supported"), false},
        {QStringLiteral("request_parameter_supported"), false},
    });
}

} // namespace

void registerRoutes(Router &router, Tenant &tenant)
{
    router.add("GET", QStringLiteral("/.well-known/openid-configuration"),
               [&tenant](HttpRequest &) { return openidConfiguration(tenant); });
    router.add("GET", QStringLiteral("/.well-known/jwks.json"),
               [&tenant](HttpRequest &) { return HttpResponse::json(200, tenant.jwks()); });
}

} // namespace DiscoveryApi
