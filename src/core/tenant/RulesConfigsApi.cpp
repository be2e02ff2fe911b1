// SPDX-License-Identifier: MIT
// /api/v2/rules-configs (reference/auth0-api.md §1.5): values are write-only.
#include "RulesConfigsApi.h"

#include "ManagementSupport.h"
#include "Tenant.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace RulesConfigsApi {
namespace {

const QString Collection = QLatin1String(Tenant::RulesConfigs);

std::optional<HttpResponse> checkKey(const QString &key)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_\\-@*+:]{1,127}$"));
    if (pattern.match(key).hasMatch())
        return std::nullopt;
    return Management::badRequest(
        QStringLiteral("Path validation error: 'String does not match pattern ^[A-Za-z0-9_\\-@*+:]*$ or is longer than 127 characters: %1' on property key.")
            .arg(key),
        QStringLiteral("invalid_uri"));
}

HttpResponse list(Tenant &tenant, HttpRequest &)
{
    // A bare array of keys whatever the query says (TestRuleConfigManager_List).
    QJsonArray keys;
    for (const QJsonObject &config : tenant.store().list(Collection))
        keys.append(QJsonObject{{QStringLiteral("key"), config.value(QLatin1String("key"))}});
    return HttpResponse::json(200, keys);
}

HttpResponse set(Tenant &tenant, HttpRequest &request)
{
    const QString key = request.pathParams.at(0);
    if (auto error = checkKey(key))
        return *error;
    QJsonObject body;
    if (auto error = Management::readValidBody(request, QStringLiteral("rules-config-set"), &body))
        return *error;
    const QJsonObject config{{QStringLiteral("key"), key}, {QStringLiteral("value"), body.value(QLatin1String("value"))}};
    tenant.store().put(Collection, key, config);
    return HttpResponse::json(200, config);
}

HttpResponse remove(Tenant &tenant, HttpRequest &request)
{
    if (auto error = checkKey(request.pathParams.at(0)))
        return *error;
    tenant.store().remove(Collection, request.pathParams.at(0));
    return HttpResponse::empty(204);
}

} // namespace

void registerRoutes(Router &router, Tenant &tenant)
{
    const QString base = QStringLiteral("/api/v2/rules-configs");
    const QString item = base + QStringLiteral("/([^/]+)");
    Management::addEndpoints(router, tenant,
                             {{"GET", base, {QStringLiteral("read:rules_configs")}, list},
                              {"PUT", item, {QStringLiteral("update:rules_configs")}, set},
                              {"DELETE", item, {QStringLiteral("delete:rules_configs")}, remove}});
}

} // namespace RulesConfigsApi
