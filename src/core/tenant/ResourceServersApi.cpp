// SPDX-License-Identifier: MIT
#include "ResourceServersApi.h"

#include "ApiErrors.h"
#include "ManagementSupport.h"
#include "Tenant.h"
#include "TenantIds.h"
#include "crypto/Random.h"

#include <QJsonArray>

namespace ResourceServersApi {
namespace {

const QString Collection = QLatin1String(Tenant::ResourceServers);

std::optional<QJsonObject> find(const Tenant &tenant, const QString &idOrIdentifier)
{
    if (auto byId = tenant.store().get(Collection, idOrIdentifier))
        return byId;
    for (const QJsonObject &api : tenant.store().list(Collection)) {
        if (api.value(QLatin1String("identifier")).toString() == idOrIdentifier)
            return api;
    }
    return std::nullopt;
}

HttpResponse notFound()
{
    return Management::notFound(QStringLiteral("The resource server does not exist"),
                                QStringLiteral("inexistent_resource_server"));
}

std::optional<HttpResponse> checkLifetimes(const QJsonObject &api)
{
    if (api.value(QLatin1String("token_lifetime_for_web")).toInt() > api.value(QLatin1String("token_lifetime")).toInt())
        return Management::badRequest(QStringLiteral(
            "Payload validation error: 'token_lifetime_for_web must be less than or equal to token_lifetime' on property token_lifetime_for_web."));
    return std::nullopt;
}

QJsonObject withDefaults(const QJsonObject &body)
{
    QJsonObject api{
        {QStringLiteral("signing_alg"), QStringLiteral("RS256")},
        {QStringLiteral("scopes"), QJsonArray()},
        {QStringLiteral("allow_offline_access"), false},
        {QStringLiteral("token_lifetime"), 86400},
        {QStringLiteral("token_lifetime_for_web"), 7200},
        {QStringLiteral("skip_consent_for_verifiable_first_party_clients"), false},
        {QStringLiteral("enforce_policies"), false},
        {QStringLiteral("token_dialect"), QStringLiteral("access_token")},
        {QStringLiteral("subject_type_authorization"),
         QJsonObject{{QStringLiteral("user"), QJsonObject{{QStringLiteral("policy"), QStringLiteral("allow_all")}}},
                     {QStringLiteral("client"), QJsonObject{{QStringLiteral("policy"), QStringLiteral("require_client_grant")}}}}},
    };
    api = Management::applyPatch(api, body);
    if (!body.contains(QLatin1String("token_lifetime_for_web")))
        api.insert(QStringLiteral("token_lifetime_for_web"), qMin(7200, api.value(QLatin1String("token_lifetime")).toInt()));
    if (!body.contains(QLatin1String("name")))
        api.insert(QStringLiteral("name"), api.value(QLatin1String("identifier")));
    if (api.value(QLatin1String("signing_alg")).toString() == QLatin1String("HS256")
        && !api.contains(QLatin1String("signing_secret")))
        api.insert(QStringLiteral("signing_secret"), Random::alphanumeric(32));
    return api;
}

HttpResponse create(Tenant &tenant, HttpRequest &request)
{
    QJsonObject body;
    if (auto error = Management::readValidBody(request, QStringLiteral("resource-server-create"), &body))
        return *error;
    auto guard = tenant.store().lock();
    const QString identifier = body.value(QLatin1String("identifier")).toString();
    if (find(tenant, identifier) || tenant.isManagementAudience(identifier))
        return Management::conflict(QStringLiteral("A resource server with the same identifier already exists"),
                                    QStringLiteral("conflict"));
    QJsonObject api = withDefaults(body);
    if (auto error = checkLifetimes(api))
        return *error;
    const QString id = TenantIds::resourceServerId();
    api.insert(QStringLiteral("id"), id);
    tenant.store().put(Collection, id, api);
    return HttpResponse::json(201, api);
}

HttpResponse list(Tenant &tenant, HttpRequest &request)
{
    QList<QJsonObject> apis = tenant.store().list(Collection);
    const QStringList identifiers = request.queryValues(QStringLiteral("identifiers"));
    if (!identifiers.isEmpty()) {
        apis.erase(std::remove_if(apis.begin(), apis.end(), [&](const QJsonObject &api) {
            return !identifiers.contains(api.value(QLatin1String("identifier")).toString());
        }), apis.end());
    }
    return Management::list(request, apis, {QStringLiteral("resource_servers"), false, {}});
}

HttpResponse get(Tenant &tenant, HttpRequest &request)
{
    const auto api = find(tenant, request.pathParams.at(0));
    if (!api)
        return notFound();
    return HttpResponse::json(200, Management::project(request, *api));
}

HttpResponse update(Tenant &tenant, HttpRequest &request)
{
    QJsonObject body;
    if (auto error = Management::readValidBody(request, QStringLiteral("resource-server-update"), &body))
        return *error;
    auto guard = tenant.store().lock();
    const auto existing = find(tenant, request.pathParams.at(0));
    if (!existing)
        return notFound();
    if (existing->value(QLatin1String("is_system")).toBool())
        return ApiErrors::management(403, QStringLiteral("You cannot update a system resource server"),
                                     QStringLiteral("operation_not_supported"));
    const QJsonObject api = Management::applyPatch(*existing, body);
    if (auto error = checkLifetimes(api))
        return *error;
    tenant.store().put(Collection, api.value(QLatin1String("id")).toString(), api);
    return HttpResponse::json(200, api);
}

HttpResponse remove(Tenant &tenant, HttpRequest &request)
{
    auto guard = tenant.store().lock();
    const auto api = find(tenant, request.pathParams.at(0));
    if (!api)
        return HttpResponse::empty(204); // Auth0 answers 204 again for a deleted id
    if (api->value(QLatin1String("is_system")).toBool())
        return Management::badRequest(QStringLiteral("You cannot delete a system resource server"),
                                      QStringLiteral("operation_not_supported"));
    const QString audience = api->value(QLatin1String("identifier")).toString();
    tenant.store().transaction([&] {
        for (const QJsonObject &grant : tenant.store().list(QLatin1String(Tenant::ClientGrants))) {
            if (grant.value(QLatin1String("audience")).toString() == audience)
                tenant.store().remove(QLatin1String(Tenant::ClientGrants), grant.value(QLatin1String("id")).toString());
        }
        return tenant.store().remove(Collection, api->value(QLatin1String("id")).toString());
    });
    return HttpResponse::empty(204);
}

} // namespace

void registerRoutes(Router &router, Tenant &tenant)
{
    const QString base = QStringLiteral("/api/v2/resource-servers");
    const QString item = base + QStringLiteral("/([^/]+)");
    Management::addEndpoints(router, tenant,
                             {{"POST", base, {QStringLiteral("create:resource_servers")}, create},
                              {"GET", base, {QStringLiteral("read:resource_servers")}, list},
                              {"GET", item, {QStringLiteral("read:resource_servers")}, get},
                              {"PATCH", item, {QStringLiteral("update:resource_servers")}, update},
                              {"DELETE", item, {QStringLiteral("delete:resource_servers")}, remove}});
}

} // namespace ResourceServersApi
