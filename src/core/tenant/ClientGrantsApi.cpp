// SPDX-License-Identifier: MIT
// /api/v2/client-grants (reference/auth0-api.md §1.3)
#include "ClientGrantsApi.h"

#include "ManagementSupport.h"
#include "Tenant.h"
#include "TenantIds.h"

#include <QJsonArray>

namespace ClientGrantsApi {
namespace {

const QString Collection = QLatin1String(Tenant::ClientGrants);

HttpResponse notFound()
{
    return Management::notFound(QStringLiteral("The client grant does not exist"), QStringLiteral("inexistent_client_grant"));
}

std::optional<QJsonObject> apiFor(const Tenant &tenant, const QString &audience)
{
    for (const QJsonObject &api : tenant.store().list(QLatin1String(Tenant::ResourceServers))) {
        // The Management API is also named by its https:// spelling (what SDKs send).
        if (api.value(QLatin1String("identifier")).toString() == audience
            || (api.value(QLatin1String("is_system")).toBool() && tenant.isManagementAudience(audience)))
            return api;
    }
    return std::nullopt;
}

// Granted scopes must be scopes the API defines.
std::optional<HttpResponse> checkScopes(const QJsonObject &api, const QJsonArray &scopes)
{
    QStringList defined;
    for (const QJsonValue &scope : api.value(QLatin1String("scopes")).toArray())
        defined << scope.toObject().value(QLatin1String("value")).toString();
    QStringList unknown;
    for (const QJsonValue &scope : scopes) {
        if (!defined.contains(scope.toString()))
            unknown << scope.toString();
    }
    if (unknown.isEmpty())
        return std::nullopt;
    return Management::badRequest(QStringLiteral("Payload validation error: 'scope must be a subset of the resource server scopes; not defined: %1' on property scope.")
                                      .arg(unknown.join(QStringLiteral(", "))));
}

HttpResponse create(Tenant &tenant, HttpRequest &request)
{
    QJsonObject body;
    if (auto error = Management::readValidBody(request, QStringLiteral("client-grant-create"), &body))
        return *error;
    auto guard = tenant.store().lock();
    const QString clientId = body.value(QLatin1String("client_id")).toString();
    const QString audience = body.value(QLatin1String("audience")).toString();
    if (!clientId.isEmpty() && !tenant.store().get(QLatin1String(Tenant::Clients), clientId))
        return Management::notFound(QStringLiteral("No client found for client_id %1").arg(clientId), QStringLiteral("inexistent_client"));
    const auto api = apiFor(tenant, audience);
    if (!api)
        return Management::notFound(QStringLiteral("No resource server found for audience %1").arg(audience),
                                    QStringLiteral("inexistent_resource_server"));
    if (auto error = checkScopes(*api, body.value(QLatin1String("scope")).toArray()))
        return *error;
    const QString identifier = api->value(QLatin1String("identifier")).toString();
    for (const QJsonObject &grant : tenant.store().list(Collection)) {
        if (grant.value(QLatin1String("client_id")).toString() == clientId
            && grant.value(QLatin1String("audience")).toString() == identifier)
            return Management::conflict(QStringLiteral("A client grant for this client and audience already exists"),
                                        QStringLiteral("conflict"));
    }
    QJsonObject grant = body;
    grant.insert(QStringLiteral("id"), TenantIds::clientGrantId());
    grant.insert(QStringLiteral("audience"), api->value(QLatin1String("identifier"))); // one spelling stored
    if (!grant.contains(QLatin1String("scope")))
        grant.insert(QStringLiteral("scope"), QJsonArray());
    if (!grant.contains(QLatin1String("subject_type")))
        grant.insert(QStringLiteral("subject_type"), QStringLiteral("client"));
    tenant.store().put(Collection, grant.value(QLatin1String("id")).toString(), grant);
    return HttpResponse::json(201, grant);
}

HttpResponse list(Tenant &tenant, HttpRequest &request)
{
    QList<QJsonObject> grants = tenant.store().list(Collection);
    QString audience = request.queryValue(QStringLiteral("audience"));
    if (const auto api = apiFor(tenant, audience))
        audience = api->value(QLatin1String("identifier")).toString();
    const QString clientId = request.queryValue(QStringLiteral("client_id"));
    grants.erase(std::remove_if(grants.begin(), grants.end(), [&](const QJsonObject &grant) {
        return (!audience.isEmpty() && grant.value(QLatin1String("audience")).toString() != audience)
            || (!clientId.isEmpty() && grant.value(QLatin1String("client_id")).toString() != clientId);
    }), grants.end());
    return Management::list(request, grants, {QStringLiteral("client_grants"), true, {}});
}

HttpResponse get(Tenant &tenant, HttpRequest &request)
{
    const auto grant = tenant.store().get(Collection, request.pathParams.at(0));
    return grant ? HttpResponse::json(200, *grant) : notFound();
}

HttpResponse update(Tenant &tenant, HttpRequest &request)
{
    QJsonObject body;
    if (auto error = Management::readValidBody(request, QStringLiteral("client-grant-update"), &body))
        return *error;
    auto guard = tenant.store().lock();
    const auto existing = tenant.store().get(Collection, request.pathParams.at(0));
    if (!existing)
        return notFound();
    if (const auto api = apiFor(tenant, existing->value(QLatin1String("audience")).toString());
        api && body.contains(QLatin1String("scope"))) {
        if (auto error = checkScopes(*api, body.value(QLatin1String("scope")).toArray()))
            return *error;
    }
    const QJsonObject grant = Management::applyPatch(*existing, body);
    tenant.store().put(Collection, grant.value(QLatin1String("id")).toString(), grant);
    return HttpResponse::json(200, grant);
}

HttpResponse remove(Tenant &tenant, HttpRequest &request)
{
    tenant.store().remove(Collection, request.pathParams.at(0));
    return HttpResponse::empty(204); // idempotent, as recorded
}

} // namespace

void registerRoutes(Router &router, Tenant &tenant)
{
    const QString base = QStringLiteral("/api/v2/client-grants");
    const QString item = base + QStringLiteral("/([^/]+)");
    Management::addEndpoints(router, tenant,
                             {{"POST", base, {QStringLiteral("create:client_grants")}, create},
                              {"GET", base, {QStringLiteral("read:client_grants")}, list},
                              {"GET", item, {QStringLiteral("read:client_grants")}, get},
                              {"PATCH", item, {QStringLiteral("update:client_grants")}, update},
                              {"DELETE", item, {QStringLiteral("delete:client_grants")}, remove}});
}

} // namespace ClientGrantsApi
