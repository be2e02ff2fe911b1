// SPDX-License-Identifier: MIT
// /api/v2/clients (reference/auth0-api.md §1.2)
#include "ClientsApi.h"

#include "ApiErrors.h"
#include "ManagementSupport.h"
#include "Tenant.h"
#include "TenantIds.h"
#include "crypto/Base64Url.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace ClientsApi {
namespace {

const QString Collection = QLatin1String(Tenant::Clients);
const QString AuthMethods = QStringLiteral("client_authentication_methods");

HttpResponse notFound()
{
    return Management::notFound(QStringLiteral("The client does not exist"), QStringLiteral("inexistent_client"));
}

QJsonObject defaults(const Tenant &tenant)
{
    // What a real tenant answers to a POST with only a name (TestClient_Create recording).
    return {
        {QStringLiteral("tenant"), tenant.tenantName()},
        {QStringLiteral("is_first_party"), true},
        {QStringLiteral("is_token_endpoint_ip_header_trusted"), false},
        {QStringLiteral("oidc_conformant"), false},
        {QStringLiteral("jwt_configuration"), QJsonObject{{QStringLiteral("secret_encoded"), false},
                                                          {QStringLiteral("lifetime_in_seconds"), 36000}}},
        {QStringLiteral("signing_keys"), QJsonArray{QJsonObject{{QStringLiteral("cert"), tenant.certificatePem()},
                                                                {QStringLiteral("subject"), QStringLiteral("/CN=") + tenant.domain()}}}},
        {QStringLiteral("sso_disabled"), false},
        {QStringLiteral("cross_origin_authentication"), false},
        {QStringLiteral("cross_origin_auth"), false}, // the older name, still sent by real tenants
        {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("implicit"),
                                                   QStringLiteral("refresh_token"), QStringLiteral("client_credentials")}},
        {QStringLiteral("custom_login_page_on"), true},
        {QStringLiteral("refresh_token"),
         QJsonObject{{QStringLiteral("rotation_type"), QStringLiteral("non-rotating")},
                     {QStringLiteral("expiration_type"), QStringLiteral("non-expiring")},
                     {QStringLiteral("leeway"), 0},
                     {QStringLiteral("token_lifetime"), 2592000},
                     {QStringLiteral("infinite_token_lifetime"), true},
                     {QStringLiteral("infinite_idle_token_lifetime"), true},
                     {QStringLiteral("idle_token_lifetime"), 1296000}}},
    };
}

// private_key_jwt credentials get ids, a kid and timestamps when they arrive.
QJsonObject storeCredentials(const Tenant &tenant, QJsonObject methods)
{
    QJsonObject privateKeyJwt = methods.value(QLatin1String("private_key_jwt")).toObject();
    QJsonArray stored;
    for (const QJsonValue &value : privateKeyJwt.value(QLatin1String("credentials")).toArray()) {
        QJsonObject credential = value.toObject();
        const QByteArray pem = credential.value(QLatin1String("pem")).toString().toUtf8();
        credential.insert(QStringLiteral("id"), TenantIds::credentialId());
        credential.insert(QStringLiteral("kid"), QString::fromLatin1(Base64Url::encode(
                                                     QCryptographicHash::hash(pem, QCryptographicHash::Sha256))));
        if (!credential.contains(QLatin1String("alg")))
            credential.insert(QStringLiteral("alg"), QStringLiteral("RS256"));
        credential.insert(QStringLiteral("created_at"), Management::timestamp(tenant));
        credential.insert(QStringLiteral("updated_at"), Management::timestamp(tenant));
        stored.append(credential);
    }
    if (!stored.isEmpty()) {
        privateKeyJwt.insert(QStringLiteral("credentials"), stored);
        methods.insert(QStringLiteral("private_key_jwt"), privateKeyJwt);
    }
    return methods;
}

// Credentials show in full right after creation, and only by id afterwards (recordings).
QJsonObject present(QJsonObject client, bool fullCredentials, bool withSecret)
{
    if (!withSecret)
        client.remove(QStringLiteral("client_secret"));
    QJsonObject methods = client.value(AuthMethods).toObject();
    QJsonObject privateKeyJwt = methods.value(QLatin1String("private_key_jwt")).toObject();
    if (privateKeyJwt.isEmpty())
        return client;
    QJsonArray shown;
    for (const QJsonValue &value : privateKeyJwt.value(QLatin1String("credentials")).toArray()) {
        QJsonObject credential = value.toObject();
        credential.remove(QStringLiteral("pem"));
        shown.append(fullCredentials ? credential : QJsonObject{{QStringLiteral("id"), credential.value(QLatin1String("id"))}});
    }
    privateKeyJwt.insert(QStringLiteral("credentials"), shown);
    methods.insert(QStringLiteral("private_key_jwt"), privateKeyJwt);
    client.insert(AuthMethods, methods);
    return client;
}

bool mayReadKeys(const HttpRequest &request, const Tenant &tenant)
{
    // guarded() already checked the token; here we only ask whether it also reads secrets.
    const JwtVerification token = tenant.verify(request.header("authorization").mid(7).trimmed(), {});
    const QStringList scopes = token.token.payload.value(QLatin1String("scope")).toString().split(QLatin1Char(' '));
    return scopes.contains(QLatin1String("read:client_keys")) || scopes.contains(QLatin1String("read:clients"));
}

std::optional<HttpResponse> checkAuthMethod(const QJsonObject &client)
{
    // Auth0 refuses a machine-to-machine client that cannot authenticate (auth0-cli test 009).
    if (client.value(QLatin1String("app_type")).toString() == QLatin1String("non_interactive")
        && client.value(QLatin1String("token_endpoint_auth_method")).toString() == QLatin1String("none"))
        return Management::badRequest(QStringLiteral(
            "Payload validation error: 'token_endpoint_auth_method \"none\" is not allowed for non_interactive clients' on property token_endpoint_auth_method."));
    return std::nullopt;
}

HttpResponse create(Tenant &tenant, HttpRequest &request)
{
    QJsonObject body;
    if (auto error = Management::readValidBody(request, QStringLiteral("client-create"), &body))
        return *error;
    QJsonObject client = Management::mergePatch(defaults(tenant), body);
    if (auto error = checkAuthMethod(client))
        return *error;
    if (body.contains(AuthMethods))
        client.insert(AuthMethods, storeCredentials(tenant, body.value(AuthMethods).toObject()));
    if (!client.contains(QLatin1String("token_endpoint_auth_method")) && !client.contains(AuthMethods))
        client.insert(QStringLiteral("token_endpoint_auth_method"), QStringLiteral("client_secret_post"));
    const QString clientId = TenantIds::clientId();
    client.insert(QStringLiteral("client_id"), clientId);
    client.insert(QStringLiteral("client_secret"), TenantIds::clientSecret());
    tenant.store().put(Collection, clientId, client);
    return HttpResponse::json(201, present(client, true, true));
}

HttpResponse list(Tenant &tenant, HttpRequest &request)
{
    QList<QJsonObject> clients = tenant.store().list(Collection);
    const QStringList appTypes = request.queryValue(QStringLiteral("app_type")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    const QString firstParty = request.queryValue(QStringLiteral("is_first_party"));
    clients.erase(std::remove_if(clients.begin(), clients.end(), [&](const QJsonObject &client) {
        if (!appTypes.isEmpty() && !appTypes.contains(client.value(QLatin1String("app_type")).toString()))
            return true;
        return !firstParty.isEmpty()
            && client.value(QLatin1String("is_first_party")).toBool() != (firstParty == QLatin1String("true"));
    }), clients.end());
    const bool withSecret = mayReadKeys(request, tenant);
    for (QJsonObject &client : clients)
        client = present(client, false, withSecret);
    return Management::list(request, clients, {QStringLiteral("clients"), true, {QStringLiteral("tenant")}});
}

HttpResponse get(Tenant &tenant, HttpRequest &request)
{
    const auto client = tenant.store().get(Collection, request.pathParams.at(0));
    if (!client)
        return notFound();
    return HttpResponse::json(200, Management::project(request, present(*client, false, mayReadKeys(request, tenant))));
}

HttpResponse update(Tenant &tenant, HttpRequest &request)
{
    QJsonObject body;
    if (auto error = Management::readValidBody(request, QStringLiteral("client-update"), &body))
        return *error;
    auto guard = tenant.store().lock();
    const auto existing = tenant.store().get(Collection, request.pathParams.at(0));
    if (!existing)
        return notFound();
    QJsonObject client = Management::mergePatch(*existing, body);
    if (auto error = checkAuthMethod(client))
        return *error;
    if (body.contains(AuthMethods))
        client.insert(AuthMethods, storeCredentials(tenant, body.value(AuthMethods).toObject()));
    tenant.store().put(Collection, client.value(QLatin1String("client_id")).toString(), client);
    return HttpResponse::json(200, present(client, false, true));
}

HttpResponse remove(Tenant &tenant, HttpRequest &request)
{
    const QString clientId = request.pathParams.at(0);
    if (clientId == tenant.managementCredentials().clientId)
        return Management::badRequest(QStringLiteral("The management client of the local tenant cannot be deleted"),
                                      QStringLiteral("operation_not_supported"));
    auto guard = tenant.store().lock();
    tenant.store().transaction([&] {
        // Deleting a client deletes its grants too.
        for (const QJsonObject &grant : tenant.store().list(QLatin1String(Tenant::ClientGrants))) {
            if (grant.value(QLatin1String("client_id")).toString() == clientId)
                tenant.store().remove(QLatin1String(Tenant::ClientGrants), grant.value(QLatin1String("id")).toString());
        }
        tenant.store().remove(Collection, clientId);
        return true;
    });
    return HttpResponse::empty(204); // also for an id already deleted, as Auth0 does
}

HttpResponse rotateSecret(Tenant &tenant, HttpRequest &request)
{
    auto guard = tenant.store().lock();
    auto client = tenant.store().get(Collection, request.pathParams.at(0));
    if (!client)
        return notFound();
    client->insert(QStringLiteral("client_secret"), TenantIds::clientSecret());
    tenant.store().put(Collection, request.pathParams.at(0), *client);
    return HttpResponse::json(200, present(*client, false, true));
}

} // namespace

void registerRoutes(Router &router, Tenant &tenant)
{
    const QString base = QStringLiteral("/api/v2/clients");
    const QString item = base + QStringLiteral("/([^/]+)");
    const QStringList readScopes{QStringLiteral("read:clients"), QStringLiteral("read:client_keys"),
                                 QStringLiteral("read:client_summary")};
    Management::addEndpoints(router, tenant,
                             {{"POST", base, {QStringLiteral("create:clients")}, create},
                              {"GET", base, readScopes, list},
                              {"GET", item, readScopes, get},
                              {"PATCH", item, {QStringLiteral("update:clients"), QStringLiteral("update:client_keys")}, update},
                              {"DELETE", item, {QStringLiteral("delete:clients")}, remove},
                              {"POST", item + QStringLiteral("/rotate-secret"), {QStringLiteral("update:client_keys")}, rotateSecret}});
}

} // namespace ClientsApi
