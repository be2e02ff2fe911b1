// SPDX-License-Identifier: MIT
// /api/v2/rules (reference/auth0-api.md §1.4)
#include "RulesApi.h"

#include "ManagementSupport.h"
#include "Tenant.h"
#include "TenantIds.h"

namespace RulesApi {
namespace {

const QString Collection = QLatin1String(Tenant::Rules);

HttpResponse notFound()
{
    return Management::notFound(QStringLiteral("The rule does not exist"), QStringLiteral("inexistent_rule"));
}

bool nameTaken(const Tenant &tenant, const QString &name, const QString &exceptId)
{
    for (const QJsonObject &rule : tenant.store().list(Collection)) {
        if (rule.value(QLatin1String("name")).toString() == name && rule.value(QLatin1String("id")).toString() != exceptId)
            return true;
    }
    return false;
}

HttpResponse nameConflict()
{
    return Management::conflict(QStringLiteral("A rule with the same name already exists"), QStringLiteral("conflict"));
}

HttpResponse create(Tenant &tenant, HttpRequest &request)
{
    QJsonObject body;
    if (auto error = Management::readValidBody(request, QStringLiteral("rule-create"), &body))
        return *error;
    auto guard = tenant.store().lock();
    if (nameTaken(tenant, body.value(QLatin1String("name")).toString(), QString()))
        return nameConflict();
    double maxOrder = 0;
    for (const QJsonObject &rule : tenant.store().list(Collection))
        maxOrder = qMax(maxOrder, rule.value(QLatin1String("order")).toDouble());
    QJsonObject rule{{QStringLiteral("id"), TenantIds::ruleId()},
                     {QStringLiteral("enabled"), true},
                     {QStringLiteral("order"), maxOrder + 1}, // Auth0: omitted order is max + 1
                     {QStringLiteral("stage"), QStringLiteral("login_success")}};
    rule = Management::applyPatch(rule, body);
    tenant.store().put(Collection, rule.value(QLatin1String("id")).toString(), rule);
    return HttpResponse::json(201, rule);
}

HttpResponse list(Tenant &tenant, HttpRequest &request)
{
    QList<QJsonObject> rules = tenant.store().list(Collection);
    const QString enabled = request.queryValue(QStringLiteral("enabled"));
    if (!enabled.isEmpty()) {
        rules.erase(std::remove_if(rules.begin(), rules.end(), [&](const QJsonObject &rule) {
            return rule.value(QLatin1String("enabled")).toBool() != (enabled == QLatin1String("true"));
        }), rules.end());
    }
    std::stable_sort(rules.begin(), rules.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QLatin1String("order")).toDouble() < b.value(QLatin1String("order")).toDouble();
    });
    return Management::list(request, rules, {QStringLiteral("rules"), false, {}});
}

HttpResponse get(Tenant &tenant, HttpRequest &request)
{
    const auto rule = tenant.store().get(Collection, request.pathParams.at(0));
    return rule ? HttpResponse::json(200, Management::project(request, *rule)) : notFound();
}

HttpResponse update(Tenant &tenant, HttpRequest &request)
{
    QJsonObject body;
    if (auto error = Management::readValidBody(request, QStringLiteral("rule-update"), &body))
        return *error;
    auto guard = tenant.store().lock();
    const auto existing = tenant.store().get(Collection, request.pathParams.at(0));
    if (!existing)
        return notFound();
    if (body.contains(QLatin1String("name")) && nameTaken(tenant, body.value(QLatin1String("name")).toString(), request.pathParams.at(0)))
        return nameConflict();
    const QJsonObject rule = Management::applyPatch(*existing, body);
    tenant.store().put(Collection, request.pathParams.at(0), rule);
    return HttpResponse::json(200, rule);
}

HttpResponse remove(Tenant &tenant, HttpRequest &request)
{
    tenant.store().remove(Collection, request.pathParams.at(0));
    return HttpResponse::empty(204); // a repeated delete is 204 too (TestRuleManager_Delete)
}

} // namespace

void registerRoutes(Router &router, Tenant &tenant)
{
    const QString base = QStringLiteral("/api/v2/rules");
    const QString item = base + QStringLiteral("/([^/]+)");
    Management::addEndpoints(router, tenant,
                             {{"POST", base, {QStringLiteral("create:rules")}, create},
                              {"GET", base, {QStringLiteral("read:rules")}, list},
                              {"GET", item, {QStringLiteral("read:rules")}, get},
                              {"PATCH", item, {QStringLiteral("update:rules")}, update},
                              {"DELETE", item, {QStringLiteral("delete:rules")}, remove}});
}

} // namespace RulesApi
