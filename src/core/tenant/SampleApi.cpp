// SPDX-License-Identifier: MIT
#include "SampleApi.h"

#include "ApiErrors.h"
#include "Router.h"
#include "Tenant.h"
#include "common/JsonUtil.h"

#include <QJsonArray>

namespace SampleApi {
namespace {

QStringList registeredAudiences(const Tenant &tenant)
{
    QStringList audiences;
    for (const QJsonObject &api : tenant.store().list(QLatin1String(Tenant::ResourceServers))) {
        if (!api.value(QLatin1String("is_system")).toBool())
            audiences << api.value(QLatin1String("identifier")).toString();
    }
    return audiences;
}

HttpResponse echo(const HttpRequest &request, const QJsonObject &claims, const QString &requiredScope)
{
    QJsonObject body{{QStringLiteral("ok"), true},
                     {QStringLiteral("method"), QString::fromLatin1(request.method)},
                     {QStringLiteral("path"), request.path},
                     {QStringLiteral("token_verified"), !claims.isEmpty()}};
    if (!claims.isEmpty()) {
        body.insert(QStringLiteral("sub"), claims.value(QLatin1String("sub")));
        body.insert(QStringLiteral("audience"), claims.value(QLatin1String("aud")));
        body.insert(QStringLiteral("scope"), claims.value(QLatin1String("scope")));
        body.insert(QStringLiteral("claims"), claims);
    }
    if (!requiredScope.isEmpty())
        body.insert(QStringLiteral("required_scope"), requiredScope);
    if (request.path.endsWith(QLatin1String("/messages"))) {
        body.insert(QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("id"), 1},
                                                                       {QStringLiteral("text"), QStringLiteral("Hello from the sample API")}}});
    }
    if (!request.body.isEmpty())
        body.insert(QStringLiteral("received_body"), QString::fromUtf8(request.body));
    return HttpResponse::json(200, body);
}

Router::Handler protectedRoute(const Tenant &tenant, const QString &requiredScope)
{
    return [&tenant, requiredScope](HttpRequest &request) -> HttpResponse {
        const QByteArray token = request.bearerToken();
        if (token.isEmpty())
            return ApiErrors::bearer(401, QStringLiteral("invalid_token"), QStringLiteral("Missing bearer token"));
        const QStringList audiences = registeredAudiences(tenant);
        const JwtVerification verification = tenant.verify(token, audiences);
        if (!verification.isValid())
            return ApiErrors::bearer(401, QStringLiteral("invalid_token"), verification.message);
        const QJsonObject &claims = verification.token.payload;
        const QStringList scopes = claims.value(QLatin1String("scope")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (!requiredScope.isEmpty() && !scopes.contains(requiredScope))
            return ApiErrors::bearer(403, QStringLiteral("insufficient_scope"),
                            QStringLiteral("This route needs the scope %1; the token has: %2")
                                .arg(requiredScope, scopes.isEmpty() ? QStringLiteral("(none)") : scopes.join(QLatin1Char(' '))));
        return echo(request, claims, requiredScope);
    };
}

} // namespace

void registerRoutes(Router &router, Tenant &tenant)
{
    router.add("GET", QStringLiteral("/sample-api/public"), [](HttpRequest &r) { return echo(r, {}, {}); });
    router.add("GET", QStringLiteral("/sample-api/profile"), protectedRoute(tenant, {}));
    router.add("GET", QStringLiteral("/sample-api/messages"), protectedRoute(tenant, QStringLiteral("read:messages")));
    router.add("POST", QStringLiteral("/sample-api/messages"), protectedRoute(tenant, QStringLiteral("create:messages")));
}

} // namespace SampleApi
