// SPDX-License-Identifier: MIT
// /api/v2/users: the local tenant's test users (database connection only).
#include "UsersApi.h"

#include "ManagementSupport.h"
#include "Tenant.h"
#include "TenantIds.h"
#include "common/JsonUtil.h"
#include "crypto/PasswordHash.h"

#include <QJsonArray>

namespace UsersApi {
namespace {

const QString Collection = QLatin1String(Tenant::Users);
const QString DatabaseConnection = QStringLiteral("Username-Password-Authentication");
const QString PasswordHashKey = QStringLiteral("password_hash");

HttpResponse notFound()
{
    return Management::notFound(QStringLiteral("The user does not exist."), QStringLiteral("inexistent_user"));
}

QJsonObject present(QJsonObject user)
{
    user.remove(PasswordHashKey);
    return user;
}

// Keys with '.' or '$' make Auth0 answer 500 (rules-runtime.md §2.1); we say why instead.
std::optional<HttpResponse> checkMetadata(const QJsonObject &body)
{
    for (const char *field : {"app_metadata", "user_metadata"}) {
        const QJsonObject metadata = body.value(QLatin1String(field)).toObject();
        for (auto it = metadata.begin(); it != metadata.end(); ++it) {
            if (it.key().contains(QLatin1Char('.')) || it.key().contains(QLatin1Char('$')))
                return Management::badRequest(QStringLiteral("Payload validation error: 'metadata keys cannot contain \".\" or \"$\": %1' on property %2.")
                                                  .arg(it.key(), QLatin1String(field)));
        }
    }
    return std::nullopt;
}

// One email and one username per connection: logins find users by either.
bool taken(const Tenant &tenant, const QString &email, const QString &username, const QString &exceptUserId)
{
    for (const QJsonObject &user : tenant.store().list(Collection)) {
        if (user.value(QLatin1String("user_id")).toString() == exceptUserId)
            continue;
        if ((!email.isEmpty() && user.value(QLatin1String("email")).toString().compare(email, Qt::CaseInsensitive) == 0)
            || (!username.isEmpty() && user.value(QLatin1String("username")).toString() == username))
            return true;
    }
    return false;
}

HttpResponse userExists()
{
    return Management::conflict(QStringLiteral("The user already exists."), QStringLiteral("auth0_idp_error"));
}

HttpResponse create(Tenant &tenant, HttpRequest &request)
{
    QJsonObject body;
    if (auto error = Management::readValidBody(request, QStringLiteral("user-create"), &body))
        return *error;
    if (auto error = checkMetadata(body))
        return *error;
    const QString connection = body.value(QLatin1String("connection")).toString();
    if (connection != DatabaseConnection)
        return Management::badRequest(QStringLiteral("The connection does not exist."), QStringLiteral("inexistent_connection"));
    const QString email = body.value(QLatin1String("email")).toString();
    const QString username = body.value(QLatin1String("username")).toString();
    if (email.isEmpty() && username.isEmpty())
        return Management::badRequest(QStringLiteral("Payload validation error: 'Missing required property: email' on property email."));
    if (!body.contains(QLatin1String("password")))
        return Management::badRequest(QStringLiteral("Payload validation error: 'Missing required property: password' on property password."));

    auto guard = tenant.store().lock();
    if (taken(tenant, email, username, QString()))
        return userExists();
    const QString now = Management::timestamp(tenant);
    const QString userId = body.contains(QLatin1String("user_id"))
        ? QStringLiteral("auth0|") + body.value(QLatin1String("user_id")).toString()
        : TenantIds::userId();
    QJsonObject user{{QStringLiteral("user_id"), userId},
                     {QStringLiteral("email_verified"), false},
                     {QStringLiteral("created_at"), now},
                     {QStringLiteral("updated_at"), now},
                     {QStringLiteral("logins_count"), 0},
                     {QStringLiteral("blocked"), false},
                     {QStringLiteral("app_metadata"), QJsonObject()},
                     {QStringLiteral("user_metadata"), QJsonObject()},
                     {QStringLiteral("identities"), QJsonArray{QJsonObject{
                          {QStringLiteral("connection"), connection},
                          {QStringLiteral("provider"), QStringLiteral("auth0")},
                          {QStringLiteral("user_id"), userId.section(QLatin1Char('|'), 1)},
                          {QStringLiteral("isSocial"), false}}}}};
    body.remove(QStringLiteral("connection"));
    body.remove(QStringLiteral("verify_email"));
    body.remove(QStringLiteral("user_id"));
    const QString password = body.take(QStringLiteral("password")).toString();
    user = Management::applyPatch(user, body);
    if (!user.contains(QLatin1String("name")))
        user.insert(QStringLiteral("name"), email.isEmpty() ? username : email);
    if (!user.contains(QLatin1String("nickname")))
        user.insert(QStringLiteral("nickname"), (email.isEmpty() ? username : email).section(QLatin1Char('@'), 0, 0));
    user.insert(QStringLiteral("picture"), user.value(QLatin1String("picture")).toString(
                                               QStringLiteral("https://s.gravatar.com/avatar/0?s=480&d=mp")));
    user.insert(PasswordHashKey, PasswordHash::hash(password));
    tenant.store().put(Collection, userId, user);
    return HttpResponse::json(201, present(user));
}

HttpResponse list(Tenant &tenant, HttpRequest &request)
{
    QList<QJsonObject> users;
    const QString email = request.queryValue(QStringLiteral("email"));
    for (const QJsonObject &user : tenant.store().list(Collection)) {
        if (email.isEmpty() || user.value(QLatin1String("email")).toString().compare(email, Qt::CaseInsensitive) == 0)
            users.append(present(user));
    }
    return Management::list(request, users, {QStringLiteral("users"), false, {}});
}

HttpResponse get(Tenant &tenant, HttpRequest &request)
{
    const auto user = tenant.store().get(Collection, request.pathParams.at(0));
    return user ? HttpResponse::json(200, Management::project(request, present(*user))) : notFound();
}

HttpResponse update(Tenant &tenant, HttpRequest &request)
{
    QJsonObject body;
    if (auto error = Management::readValidBody(request, QStringLiteral("user-update"), &body))
        return *error;
    if (auto error = checkMetadata(body))
        return *error;
    auto guard = tenant.store().lock();
    auto user = tenant.store().get(Collection, request.pathParams.at(0));
    if (!user)
        return notFound();
    if (taken(tenant, body.value(QLatin1String("email")).toString(), body.value(QLatin1String("username")).toString(),
              user->value(QLatin1String("user_id")).toString()))
        return userExists();
    // Metadata merges at the root; nested objects are replaced; null deletes (Auth0 PATCH users).
    for (const char *field : {"app_metadata", "user_metadata"}) {
        const QString key = QLatin1String(field);
        if (body.contains(key))
            user->insert(key, JsonUtil::mergeMetadata(user->value(key).toObject(), body.take(key).toObject()));
    }
    if (body.contains(QLatin1String("password")))
        user->insert(PasswordHashKey, PasswordHash::hash(body.take(QStringLiteral("password")).toString()));
    body.remove(QStringLiteral("connection"));
    body.remove(QStringLiteral("client_id"));
    body.remove(QStringLiteral("verify_email"));
    *user = Management::applyPatch(*user, body);
    user->insert(QStringLiteral("updated_at"), Management::timestamp(tenant));
    tenant.store().put(Collection, request.pathParams.at(0), *user);
    return HttpResponse::json(200, present(*user));
}

HttpResponse remove(Tenant &tenant, HttpRequest &request)
{
    tenant.store().remove(Collection, request.pathParams.at(0));
    return HttpResponse::empty(204);
}

} // namespace

void registerRoutes(Router &router, Tenant &tenant)
{
    const QString base = QStringLiteral("/api/v2/users");
    const QString item = base + QStringLiteral("/([^/]+)");
    Management::addEndpoints(router, tenant,
                             {{"POST", base, {QStringLiteral("create:users")}, create},
                              {"GET", base, {QStringLiteral("read:users")}, list},
                              {"GET", item, {QStringLiteral("read:users")}, get},
                              {"PATCH", item, {QStringLiteral("update:users"), QStringLiteral("update:users_app_metadata")}, update},
                              {"DELETE", item, {QStringLiteral("delete:users")}, remove}});
}

} // namespace UsersApi
