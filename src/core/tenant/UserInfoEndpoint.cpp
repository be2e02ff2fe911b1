// SPDX-License-Identifier: MIT
#include "UserInfoEndpoint.h"

#include "ApiErrors.h"
#include "Router.h"
#include "Tenant.h"
#include "rules/TokenMinter.h"

namespace UserInfoEndpoint {
namespace {

HttpResponse userInfo(const Tenant &tenant, const HttpRequest &request)
{
    const QByteArray token = request.bearerToken();
    if (token.isEmpty())
        return ApiErrors::bearer(401, QStringLiteral("invalid_token"), QStringLiteral("Missing bearer token"));
    const JwtVerification verification = tenant.verify(token, { tenant.issuer() + QStringLiteral("userinfo") });
    if (!verification.isValid())
        return ApiErrors::bearer(401, QStringLiteral("invalid_token"), verification.message);
    const QJsonObject &claims = verification.token.payload;
    const QStringList scopes = claims.value(QLatin1String("scope")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (!scopes.contains(QLatin1String("openid")))
        return ApiErrors::bearer(403, QStringLiteral("insufficient_scope"),
                                 QStringLiteral("The access token does not hold the openid scope"));
    const QString subject = claims.value(QLatin1String("sub")).toString();
    const auto user = tenant.store().get(QLatin1String(Tenant::Users), subject);
    if (!user)
        return ApiErrors::bearer(401, QStringLiteral("invalid_token"), QStringLiteral("The token's user does not exist"));
    QJsonObject body = TokenMinter::scopedProfileClaims(*user, scopes);
    body.insert(QStringLiteral("sub"), subject);
    return HttpResponse::json(200, body).withHeader("Cache-Control", "no-store");
}

} // namespace

void registerRoutes(Router &router, Tenant &tenant)
{
    for (const char *method : { "GET", "POST" })
        router.add(method, QStringLiteral("/userinfo"), [&tenant](HttpRequest &r) { return userInfo(tenant, r); });
}

} // namespace UserInfoEndpoint
