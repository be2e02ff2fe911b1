// SPDX-License-Identifier: MIT
#include "ActionsApi.h"

#include "ApiErrors.h"
#include "ManagementSupport.h"
#include "Tenant.h"
#include "common/Clock.h"
#include "crypto/Random.h"

#include <QJsonArray>

namespace ActionsApi {
namespace {

const QString Actions = QStringLiteral("actions");
const QString Versions = QStringLiteral("action_versions");
const QString Bindings = QStringLiteral("trigger_bindings");
const QString PostLogin = QStringLiteral("post-login");
constexpr qint64 BuildMs = 300; // how long "building" takes here

// Secrets are write-only: kept whole in the store, shown as names and dates.
QJsonArray secretNames(const QJsonArray &secrets)
{
    QJsonArray names;
    for (const QJsonValue &secret : secrets)
        names.append(QJsonObject{{QStringLiteral("name"), secret.toObject().value(QLatin1String("name"))},
                                 {QStringLiteral("updated_at"), secret.toObject().value(QLatin1String("updated_at"))}});
    return names;
}

QJsonObject present(const Tenant &tenant, QJsonObject action)
{
    const qint64 changed = action.take(QStringLiteral("changed_ms")).toVariant().toLongLong();
    const bool built = tenant.clock().now().toMSecsSinceEpoch() - changed >= BuildMs;
    action.insert(QStringLiteral("status"), built ? QStringLiteral("built") : QStringLiteral("building"));
    action.insert(QStringLiteral("secrets"), secretNames(action.value(QLatin1String("secrets")).toArray()));
    return action;
}

HttpResponse notFound()
{
    // Real tenants send no errorCode here (reference/auth0-api.md §0.2).
    return ApiErrors::management(404, QStringLiteral("That action does not exist."));
}

std::optional<HttpResponse> checkBody(const QJsonObject &body, bool create)
{
    const QStringList known{QStringLiteral("name"), QStringLiteral("supported_triggers"), QStringLiteral("code"),
                            QStringLiteral("dependencies"), QStringLiteral("runtime"), QStringLiteral("secrets"),
                            QStringLiteral("deploy"), QStringLiteral("modules")};
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!known.contains(it.key()))
            return Management::badRequest(QStringLiteral("Payload validation error: 'Additional properties not allowed: %1'.").arg(it.key()));
    }
    if (create && body.value(QLatin1String("name")).toString().isEmpty())
        return Management::badRequest(QStringLiteral("Payload validation error: 'Missing required property: name'."));
    if (create && !body.value(QLatin1String("supported_triggers")).isArray())
        return Management::badRequest(QStringLiteral("Payload validation error: 'Missing required property: supported_triggers'."));
    for (const QJsonValue &trigger : body.value(QLatin1String("supported_triggers")).toArray()) {
        if (trigger.toObject().value(QLatin1String("id")).toString() != PostLogin)
            return Management::badRequest(QStringLiteral("Payload validation error: 'only the post-login trigger is served by the local tenant' on property supported_triggers."));
    }
    for (const char *field : {"code", "runtime", "name"}) {
        if (body.contains(QLatin1String(field)) && !body.value(QLatin1String(field)).isString())
            return Management::badRequest(QStringLiteral("Payload validation error: 'Expected type string' on property %1.").arg(QLatin1String(field)));
    }
    for (const char *field : {"dependencies", "secrets"}) {
        const QJsonValue list = body.value(QLatin1String(field));
        if (!list.isUndefined() && !list.isArray())
            return Management::badRequest(QStringLiteral("Payload validation error: 'Expected type array' on property %1.").arg(QLatin1String(field)));
        for (const QJsonValue &item : list.toArray()) {
            if (item.toObject().value(QLatin1String("name")).toString().isEmpty())
                return Management::badRequest(QStringLiteral("Payload validation error: 'Missing required property: name' on property %1.").arg(QLatin1String(field)));
        }
    }
    return std::nullopt;
}

// Secrets given in a PATCH replace those of the same name; others stay.
QJsonArray mergeSecrets(const Tenant &tenant, const QJsonArray &existing, const QJsonArray &given)
{
    QJsonArray merged;
    QStringList givenNames;
    for (const QJsonValue &secret : given)
        givenNames << secret.toObject().value(QLatin1String("name")).toString();
    for (const QJsonValue &secret : existing) {
        if (!givenNames.contains(secret.toObject().value(QLatin1String("name")).toString()))
            merged.append(secret);
    }
    for (const QJsonValue &secret : given) {
        QJsonObject stamped = secret.toObject();
        stamped.insert(QStringLiteral("updated_at"), Management::timestamp(tenant));
        merged.append(stamped);
    }
    return merged;
}

QJsonObject bindingsDocument(const Tenant &tenant)
{
    return tenant.store().get(Bindings, PostLogin).value_or(QJsonObject{{QStringLiteral("bindings"), QJsonArray()}});
}

bool isBound(const Tenant &tenant, const QString &actionId)
{
    for (const QJsonValue &binding : bindingsDocument(tenant).value(QLatin1String("bindings")).toArray()) {
        if (binding.toObject().value(QLatin1String("action_id")).toString() == actionId)
            return true;
    }
    return false;
}

QJsonObject deploy(Tenant &tenant, QJsonObject &action)
{
    const QString now = Management::timestamp(tenant);
    int number = 0;
    for (const QJsonObject &version : tenant.store().list(Versions)) {
        if (version.value(QLatin1String("action_id")) == action.value(QLatin1String("id")))
            number = qMax(number, version.value(QLatin1String("number")).toInt());
    }
    QJsonObject version{{QStringLiteral("id"), Random::uuid()},
                        {QStringLiteral("action_id"), action.value(QLatin1String("id"))},
                        {QStringLiteral("code"), action.value(QLatin1String("code"))},
                        {QStringLiteral("dependencies"), action.value(QLatin1String("dependencies"))},
                        {QStringLiteral("runtime"), action.value(QLatin1String("runtime"))},
                        {QStringLiteral("secrets"), action.value(QLatin1String("secrets"))},
                        {QStringLiteral("supported_triggers"), action.value(QLatin1String("supported_triggers"))},
                        {QStringLiteral("number"), number + 1},
                        {QStringLiteral("status"), QStringLiteral("built")},
                        {QStringLiteral("deployed"), true},
                        {QStringLiteral("created_at"), now},
                        {QStringLiteral("updated_at"), now}};
    tenant.store().put(Versions, version.value(QLatin1String("id")).toString(), version);
    QJsonObject shown = version;
    shown.insert(QStringLiteral("secrets"), secretNames(version.value(QLatin1String("secrets")).toArray()));
    action.insert(QStringLiteral("deployed_version"), shown);
    action.insert(QStringLiteral("all_changes_deployed"), true);
    tenant.store().put(Actions, action.value(QLatin1String("id")).toString(), action);
    return shown;
}

HttpResponse create(Tenant &tenant, HttpRequest &request)
{
    QJsonObject body;
    if (auto error = Management::readBody(request, &body))
        return *error;
    if (auto error = checkBody(body, true))
        return *error;
    auto guard = tenant.store().lock();
    for (const QJsonObject &existing : tenant.store().list(Actions)) {
        if (existing.value(QLatin1String("name")) == body.value(QLatin1String("name")))
            return Management::conflict(QStringLiteral("An action with the same name already exists."), QString());
    }
    const QString now = Management::timestamp(tenant);
    QJsonObject action{{QStringLiteral("id"), Random::uuid()},
                       {QStringLiteral("name"), body.value(QLatin1String("name"))},
                       {QStringLiteral("supported_triggers"), body.value(QLatin1String("supported_triggers"))},
                       {QStringLiteral("code"), body.value(QLatin1String("code")).toString()},
                       {QStringLiteral("dependencies"), body.value(QLatin1String("dependencies")).toArray()},
                       {QStringLiteral("runtime"), body.value(QLatin1String("runtime")).toString(QStringLiteral("node22"))},
                       {QStringLiteral("secrets"), mergeSecrets(tenant, {}, body.value(QLatin1String("secrets")).toArray())},
                       {QStringLiteral("created_at"), now},
                       {QStringLiteral("updated_at"), now},
                       {QStringLiteral("all_changes_deployed"), false},
                       {QStringLiteral("changed_ms"), QString::number(tenant.clock().now().toMSecsSinceEpoch())}};
    tenant.store().put(Actions, action.value(QLatin1String("id")).toString(), action);
    if (body.value(QLatin1String("deploy")).toBool()) {
        deploy(tenant, action);
        return HttpResponse::json(201, present(tenant, action));
    }
    QJsonObject shown = present(tenant, action);
    shown.insert(QStringLiteral("status"), QStringLiteral("pending")); // right after create
    return HttpResponse::json(201, shown);
}

HttpResponse list(Tenant &tenant, HttpRequest &request)
{
    if (auto error = Management::checkListQuery(request))
        return *error;
    const QString name = request.queryValue(QStringLiteral("actionName"));
    const QString trigger = request.queryValue(QStringLiteral("triggerId"));
    const QString deployed = request.queryValue(QStringLiteral("deployed"));
    QJsonArray all;
    for (const QJsonObject &action : tenant.store().list(Actions)) {
        if (!name.isEmpty() && action.value(QLatin1String("name")).toString() != name)
            continue;
        if (!trigger.isEmpty() && trigger != PostLogin)
            continue;
        if (!deployed.isEmpty() && action.contains(QLatin1String("deployed_version")) != (deployed == QLatin1String("true")))
            continue;
        all.append(present(tenant, action));
    }
    // The actions family always answers wrapped, 20 per page by default.
    const int perPage = request.hasQuery(QStringLiteral("per_page")) ? request.queryValue(QStringLiteral("per_page")).toInt() : 20;
    const int page = request.queryValue(QStringLiteral("page")).toInt();
    QJsonArray slice;
    for (int i = page * perPage; i < all.size() && i < (page + 1) * perPage; ++i)
        slice.append(all.at(i));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("total"), all.size()}, {QStringLiteral("page"), page},
                                               {QStringLiteral("per_page"), perPage}, {Actions, slice}});
}

HttpResponse get(Tenant &tenant, HttpRequest &request)
{
    const auto action = tenant.store().get(Actions, request.pathParams.at(0));
    return action ? HttpResponse::json(200, present(tenant, *action)) : notFound();
}

HttpResponse update(Tenant &tenant, HttpRequest &request)
{
    QJsonObject body;
    if (auto error = Management::readBody(request, &body))
        return *error;
    if (auto error = checkBody(body, false))
        return *error;
    auto guard = tenant.store().lock();
    auto action = tenant.store().get(Actions, request.pathParams.at(0));
    if (!action)
        return notFound();
    const QJsonArray secrets = mergeSecrets(tenant, action->value(QLatin1String("secrets")).toArray(), body.take(QStringLiteral("secrets")).toArray());
    body.remove(QStringLiteral("deploy"));
    *action = Management::applyPatch(*action, body);
    action->insert(QStringLiteral("secrets"), secrets);
    action->insert(QStringLiteral("updated_at"), Management::timestamp(tenant));
    action->insert(QStringLiteral("all_changes_deployed"), false);
    action->insert(QStringLiteral("changed_ms"), QString::number(tenant.clock().now().toMSecsSinceEpoch()));
    tenant.store().put(Actions, request.pathParams.at(0), *action);
    return HttpResponse::json(200, present(tenant, *action));
}

HttpResponse remove(Tenant &tenant, HttpRequest &request)
{
    auto guard = tenant.store().lock();
    const QString id = request.pathParams.at(0);
    if (!tenant.store().get(Actions, id))
        return notFound(); // a repeated delete is a 404 for actions (recordings)
    if (isBound(tenant, id) && request.queryValue(QStringLiteral("force")) != QLatin1String("true"))
        return Management::badRequest(QStringLiteral("The action is bound to a trigger; unbind it first or delete with force=true."),
                                      QStringLiteral("invalid_body"));
    tenant.store().transaction([&] {
        QJsonObject bindings = bindingsDocument(tenant);
        QJsonArray kept;
        for (const QJsonValue &binding : bindings.value(QLatin1String("bindings")).toArray()) {
            if (binding.toObject().value(QLatin1String("action_id")).toString() != id)
                kept.append(binding);
        }
        bindings.insert(QStringLiteral("bindings"), kept);
        tenant.store().put(Bindings, PostLogin, bindings);
        for (const QJsonObject &version : tenant.store().list(Versions)) {
            if (version.value(QLatin1String("action_id")).toString() == id)
                tenant.store().remove(Versions, version.value(QLatin1String("id")).toString());
        }
        return tenant.store().remove(Actions, id);
    });
    return HttpResponse::empty(204);
}

HttpResponse deployAction(Tenant &tenant, HttpRequest &request)
{
    auto guard = tenant.store().lock();
    auto action = tenant.store().get(Actions, request.pathParams.at(0));
    if (!action)
        return notFound();
    if (present(tenant, *action).value(QLatin1String("status")).toString() != QLatin1String("built"))
        return Management::badRequest(QStringLiteral("The action is still building; deploy it once its status is built."),
                                      QStringLiteral("invalid_body"));
    return HttpResponse::json(200, deploy(tenant, *action));
}

HttpResponse versions(Tenant &tenant, HttpRequest &request)
{
    const QString id = request.pathParams.at(0);
    if (!tenant.store().get(Actions, id))
        return notFound();
    QJsonArray list;
    for (const QJsonObject &version : tenant.store().list(Versions)) {
        if (version.value(QLatin1String("action_id")).toString() == id) {
            QJsonObject shown = version;
            shown.insert(QStringLiteral("secrets"), secretNames(version.value(QLatin1String("secrets")).toArray()));
            list.prepend(shown); // newest first
        }
    }
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("total"), list.size()}, {QStringLiteral("page"), 0},
                                               {QStringLiteral("per_page"), 20}, {QStringLiteral("versions"), list}});
}

HttpResponse version(Tenant &tenant, HttpRequest &request)
{
    const auto found = tenant.store().get(Versions, request.pathParams.at(1));
    if (!found || found->value(QLatin1String("action_id")).toString() != request.pathParams.at(0))
        return ApiErrors::management(404, QStringLiteral("That action version does not exist."));
    QJsonObject shown = *found;
    shown.insert(QStringLiteral("secrets"), secretNames(found->value(QLatin1String("secrets")).toArray()));
    return HttpResponse::json(200, shown);
}

HttpResponse triggers(Tenant &, HttpRequest &)
{
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("triggers"), QJsonArray{QJsonObject{
        {QStringLiteral("id"), PostLogin}, {QStringLiteral("version"), QStringLiteral("v3")},
        {QStringLiteral("status"), QStringLiteral("CURRENT")},
        {QStringLiteral("runtimes"), QJsonArray{QStringLiteral("node18"), QStringLiteral("node22")}},
        {QStringLiteral("default_runtime"), QStringLiteral("node22")},
        {QStringLiteral("binding_policy"), QStringLiteral("trigger-bound")}}}}});
}

QJsonObject presentBinding(const Tenant &tenant, const QJsonObject &binding)
{
    QJsonObject shown = binding;
    const auto action = tenant.store().get(Actions, binding.value(QLatin1String("action_id")).toString());
    shown.remove(QStringLiteral("action_id"));
    shown.insert(QStringLiteral("action"), action ? present(tenant, *action) : QJsonObject());
    return shown;
}

std::optional<HttpResponse> checkTrigger(const HttpRequest &request)
{
    if (request.pathParams.at(0) != PostLogin)
        return ApiErrors::management(404, QStringLiteral("Trigger %1 is not served by the local tenant (post-login is).").arg(request.pathParams.at(0)));
    return std::nullopt;
}

HttpResponse listBindings(Tenant &tenant, HttpRequest &request)
{
    if (auto error = checkTrigger(request))
        return *error;
    QJsonArray shown;
    for (const QJsonValue &binding : bindingsDocument(tenant).value(QLatin1String("bindings")).toArray())
        shown.append(presentBinding(tenant, binding.toObject()));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("total"), shown.size()}, {QStringLiteral("page"), 0},
                                               {QStringLiteral("per_page"), 20}, {QStringLiteral("bindings"), shown}});
}

HttpResponse updateBindings(Tenant &tenant, HttpRequest &request)
{
    if (auto error = checkTrigger(request))
        return *error;
    QJsonObject body;
    if (auto error = Management::readBody(request, &body))
        return *error;
    if (!body.value(QLatin1String("bindings")).isArray())
        return Management::badRequest(QStringLiteral("Payload validation error: 'Missing required property: bindings'."));
    auto guard = tenant.store().lock();
    const QJsonArray previous = bindingsDocument(tenant).value(QLatin1String("bindings")).toArray();
    QJsonArray bindings;
    const QString now = Management::timestamp(tenant);
    const QJsonArray given = body.value(QLatin1String("bindings")).toArray();
    for (int i = 0; i < given.size(); ++i) {
        const QJsonObject entry = given.at(i).toObject();
        const QJsonObject ref = entry.value(QLatin1String("ref")).toObject();
        const QString type = ref.value(QLatin1String("type")).toString(QStringLiteral("action_name"));
        const QString value = ref.value(QLatin1String("value")).toString();
        std::optional<QJsonObject> action;
        QJsonObject binding;
        for (const QJsonValue &old : previous) {
            if (type == QLatin1String("binding_id") && old.toObject().value(QLatin1String("id")).toString() == value)
                binding = old.toObject();
        }
        const QString actionId = type == QLatin1String("binding_id") ? binding.value(QLatin1String("action_id")).toString() : QString();
        for (const QJsonObject &candidate : tenant.store().list(Actions)) {
            const bool match = type == QLatin1String("action_id") ? candidate.value(QLatin1String("id")).toString() == value
                             : type == QLatin1String("action_name") ? candidate.value(QLatin1String("name")).toString() == value
                                                                     : candidate.value(QLatin1String("id")).toString() == actionId;
            if (match)
                action = candidate;
        }
        const QString where = QStringLiteral("bindings[%1].ref").arg(i);
        if (!action)
            return Management::badRequest(QStringLiteral("Payload validation error: 'no action for %1 \"%2\"' on property %3.").arg(type, value, where));
        if (!action->contains(QLatin1String("deployed_version")))
            return Management::badRequest(QStringLiteral("Payload validation error: 'the action \"%1\" must be deployed before it is bound' on property %2.")
                                              .arg(action->value(QLatin1String("name")).toString(), where));
        if (binding.isEmpty())
            binding = {{QStringLiteral("id"), Random::uuid()}, {QStringLiteral("trigger_id"), PostLogin}, {QStringLiteral("created_at"), now}};
        binding.insert(QStringLiteral("action_id"), action->value(QLatin1String("id")));
        binding.insert(QStringLiteral("display_name"), entry.value(QLatin1String("display_name")).toString(action->value(QLatin1String("name")).toString()));
        binding.insert(QStringLiteral("updated_at"), now);
        bindings.append(binding);
    }
    tenant.store().put(Bindings, PostLogin, {{QStringLiteral("bindings"), bindings}});
    QJsonArray shown;
    for (const QJsonValue &binding : bindings)
        shown.append(presentBinding(tenant, binding.toObject()));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("bindings"), shown}});
}

} // namespace

QList<QJsonObject> boundPostLoginActions(const Tenant &tenant)
{
    QList<QJsonObject> actions;
    for (const QJsonValue &binding : bindingsDocument(tenant).value(QLatin1String("bindings")).toArray()) {
        const auto action = tenant.store().get(Actions, binding.toObject().value(QLatin1String("action_id")).toString());
        if (!action)
            continue;
        const QString versionId = action->value(QLatin1String("deployed_version")).toObject().value(QLatin1String("id")).toString();
        QJsonObject version = tenant.store().get(Versions, versionId).value_or(QJsonObject());
        version.insert(QStringLiteral("name"), action->value(QLatin1String("name")));
        actions.append(version);
    }
    return actions;
}

void registerRoutes(Router &router, Tenant &tenant)
{
    const QString base = QStringLiteral("/api/v2/actions/actions");
    const QString item = base + QStringLiteral("/([^/]+)");
    const QString bindings = QStringLiteral("/api/v2/actions/triggers/([^/]+)/bindings");
    Management::addEndpoints(router, tenant,
                             {{"POST", base, {QStringLiteral("create:actions")}, create},
                              {"GET", base, {QStringLiteral("read:actions")}, list},
                              {"GET", item, {QStringLiteral("read:actions")}, get},
                              {"PATCH", item, {QStringLiteral("update:actions")}, update},
                              {"DELETE", item, {QStringLiteral("delete:actions")}, remove},
                              {"POST", item + QStringLiteral("/deploy"), {QStringLiteral("create:actions"), QStringLiteral("update:actions")}, deployAction},
                              {"GET", item + QStringLiteral("/versions"), {QStringLiteral("read:actions")}, versions},
                              {"GET", item + QStringLiteral("/versions/([^/]+)"), {QStringLiteral("read:actions")}, version},
                              {"GET", QStringLiteral("/api/v2/actions/triggers"), {QStringLiteral("read:actions")}, triggers},
                              {"GET", bindings, {QStringLiteral("read:actions")}, listBindings},
                              {"PATCH", bindings, {QStringLiteral("update:actions")}, updateBindings}});
}

} // namespace ActionsApi
