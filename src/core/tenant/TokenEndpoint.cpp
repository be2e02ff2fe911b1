// SPDX-License-Identifier: MIT
#include "TokenEndpoint.h"

#include "ApiErrors.h"
#include "Router.h"
#include "Tenant.h"
#include "common/JsonUtil.h"
#include "crypto/Jwt.h"
#include "crypto/Random.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace TokenEndpoint {
namespace {

// Bodies may be form-encoded or JSON (reference/auth0-api.md §2).
std::optional<HttpResponse> parse(const HttpRequest &request, TokenRequest *out)
{
    const QByteArray contentType = request.header("content-type").split(';').first().trimmed().toLower();
    if (contentType == "application/json") {
        QString why;
        const auto object = JsonUtil::parseObject(request.body, &why);
        if (!object)
            return ApiErrors::oauth(400, QStringLiteral("invalid_request"), QStringLiteral("Invalid JSON body: ") + why);
        for (auto it = object->begin(); it != object->end(); ++it) {
            if (!it.value().isString())
                return ApiErrors::oauth(400, QStringLiteral("invalid_request"),
                                        QStringLiteral("Parameter %1 must be a string").arg(it.key()));
            out->params.insert(it.key(), it.value().toString());
        }
    } else if (contentType == "application/x-www-form-urlencoded" || (contentType.isEmpty() && request.body.isEmpty())) {
        const QUrlQuery form(QString::fromUtf8(request.body));
        for (const auto &item : form.queryItems(QUrl::FullyDecoded))
            out->params.insert(item.first, item.second);
    } else {
        return ApiErrors::oauth(400, QStringLiteral("invalid_request"),
                                QStringLiteral("Content-Type must be application/x-www-form-urlencoded or application/json"));
    }
    // client_secret_basic
    const QByteArray authorization = request.header("authorization");
    if (authorization.startsWith("Basic ")) {
        const QByteArray decoded = QByteArray::fromBase64(authorization.mid(6).trimmed());
        const int colon = decoded.indexOf(':');
        if (colon > 0) {
            out->params.insert(QStringLiteral("client_id"), QUrl::fromPercentEncoding(decoded.left(colon)));
            out->params.insert(QStringLiteral("client_secret"), QUrl::fromPercentEncoding(decoded.mid(colon + 1)));
        }
    }
    return std::nullopt;
}

bool secretsEqual(const QString &a, const QString &b)
{
    const QByteArray x = a.toUtf8(), y = b.toUtf8();
    if (x.size() != y.size())
        return false;
    unsigned char diff = 0;
    for (int i = 0; i < x.size(); ++i)
        diff |= static_cast<unsigned char>(x[i] ^ y[i]);
    return diff == 0;
}

HttpResponse clientCredentials(Tenant &tenant, const TokenRequest &request)
{
    const QString clientId = request.value("client_id");
    if (clientId.isEmpty())
        return ApiErrors::oauth(401, QStringLiteral("invalid_client"), QStringLiteral("Missing required parameter: client_id"));
    // Rules never run here (rules-runtime.md §2.5): an M2M token is the client's, not a user's.
    const auto client = tenant.store().get(QLatin1String(Tenant::Clients), clientId);
    if (!client || !secretsEqual(client->value(QLatin1String("client_secret")).toString(), request.value("client_secret")))
        return ApiErrors::oauth(401, QStringLiteral("invalid_client"), QStringLiteral("Client authentication failed"));
    if (auto refused = checkGrantType(*client, {QStringLiteral("client_credentials")}))
        return *refused;
    const QString audience = request.value("audience");
    if (audience.isEmpty())
        return ApiErrors::oauth(403, QStringLiteral("access_denied"),
                                QStringLiteral("No audience parameter was provided, and no default audience has been configured"));
    const auto api = findApi(tenant, audience);
    if (!api)
        return ApiErrors::oauth(403, QStringLiteral("access_denied"), QStringLiteral("Service not found: ") + audience);

    const QString apiIdentifier = api->value(QLatin1String("identifier")).toString();
    std::optional<QJsonObject> grant;
    for (const QJsonObject &candidate : tenant.store().list(QLatin1String(Tenant::ClientGrants))) {
        if (candidate.value(QLatin1String("client_id")).toString() == clientId
            && candidate.value(QLatin1String("audience")).toString() == apiIdentifier)
            grant = candidate;
    }
    if (!grant)
        return ApiErrors::oauth(403, QStringLiteral("access_denied"),
                                QStringLiteral("Client is not authorized to access \"%1\". You need to create a \"client-grant\" associated to this API.")
                                    .arg(audience));
    QStringList granted;
    for (const QJsonValue &scope : grant->value(QLatin1String("scope")).toArray())
        granted << scope.toString();
    QStringList scopes = granted;
    const QString requested = request.value("scope");
    if (!requested.isEmpty()) {
        scopes = requested.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QStringList missing;
        for (const QString &scope : scopes) {
            if (!granted.contains(scope))
                missing << scope;
        }
        if (!missing.isEmpty())
            return ApiErrors::oauth(403, QStringLiteral("access_denied"),
                                    QStringLiteral("Client has not been granted scopes: ") + missing.join(QLatin1Char(' ')));
    }

    const QByteArray token = mintAccessToken(tenant, *api, clientId + QStringLiteral("@clients"), clientId, scopes,
                                             QStringLiteral("client-credentials"));
    QJsonObject body{{QStringLiteral("access_token"), QString::fromLatin1(token)},
                     {QStringLiteral("expires_in"), api->value(QLatin1String("token_lifetime")).toInt(86400)},
                     {QStringLiteral("token_type"), QStringLiteral("Bearer")}};
    if (!requested.isEmpty() || !scopes.isEmpty())
        body.insert(QStringLiteral("scope"), scopes.join(QLatin1Char(' ')));
    tenant.countIssued(QStringLiteral("client_credentials"));
    return HttpResponse::json(200, body)
        .withHeader("Cache-Control", "no-store")
        .withHeader("Pragma", "no-cache");
}

HttpResponse token(Tenant &tenant, const QHash<QString, GrantHandler> &userGrants, HttpRequest &request)
{
    TokenRequest params;
    if (auto error = parse(request, &params))
        return *error;
    const QString grantType = params.value("grant_type");
    if (grantType.isEmpty())
        return ApiErrors::oauth(400, QStringLiteral("invalid_request"), QStringLiteral("Missing required parameter: grant_type"));
    if (grantType == QLatin1String("client_credentials"))
        return clientCredentials(tenant, params);
    if (const auto handler = userGrants.constFind(grantType); handler != userGrants.constEnd())
        return (*handler)(params, request);
    return ApiErrors::oauth(501, QStringLiteral("unsupported_grant_type"), QStringLiteral("Unsupported grant type: ") + grantType);
}

} // namespace

std::optional<QJsonObject> findApi(const Tenant &tenant, const QString &audience)
{
    for (const QJsonObject &api : tenant.store().list(QLatin1String(Tenant::ResourceServers))) {
        const QString identifier = api.value(QLatin1String("identifier")).toString();
        if (identifier == audience || (api.value(QLatin1String("is_system")).toBool() && tenant.isManagementAudience(audience)))
            return api;
    }
    return std::nullopt;
}

std::optional<HttpResponse> authenticateClient(const Tenant &tenant, const TokenRequest &request, QJsonObject *client)
{
    const QString clientId = request.value("client_id");
    if (clientId.isEmpty())
        return ApiErrors::oauth(401, QStringLiteral("invalid_client"), QStringLiteral("Missing required parameter: client_id"));
    const auto found = tenant.store().get(QLatin1String(Tenant::Clients), clientId);
    if (!found)
        return ApiErrors::oauth(401, QStringLiteral("invalid_client"), QStringLiteral("Client authentication failed"));
    const bool isPublic = found->value(QLatin1String("token_endpoint_auth_method")).toString() == QLatin1String("none");
    if (!isPublic && !secretsEqual(found->value(QLatin1String("client_secret")).toString(), request.value("client_secret")))
        return ApiErrors::oauth(401, QStringLiteral("invalid_client"), QStringLiteral("Client authentication failed"));
    *client = *found;
    return std::nullopt;
}

std::optional<HttpResponse> checkGrantType(const QJsonObject &client, const QStringList &grantTypes)
{
    const QJsonArray allowed = client.value(QLatin1String("grant_types")).toArray();
    for (const QString &grantType : grantTypes) {
        if (allowed.contains(grantType))
            return std::nullopt;
    }
    return ApiErrors::oauth(403, QStringLiteral("unauthorized_client"),
                            QStringLiteral("Grant type '%1' not allowed for the client.").arg(grantTypes.value(0)));
}

QByteArray mintAccessToken(const Tenant &tenant, const QJsonObject &api, const QString &subject, const QString &clientId,
                           const QStringList &scopes, const QString &grantTypeClaim)
{
    const qint64 now = tenant.now();
    const QString dialect = api.value(QLatin1String("token_dialect")).toString(QStringLiteral("access_token"));
    QJsonObject claims{{QStringLiteral("iss"), tenant.issuer()},
                       {QStringLiteral("sub"), subject},
                       {QStringLiteral("aud"), api.value(QLatin1String("identifier"))},
                       {QStringLiteral("iat"), now},
                       {QStringLiteral("exp"), now + api.value(QLatin1String("token_lifetime")).toInt(86400)},
                       {QStringLiteral("scope"), scopes.join(QLatin1Char(' '))}};
    const bool rfc9068 = dialect.startsWith(QLatin1String("rfc9068_profile"));
    if (rfc9068) {
        claims.insert(QStringLiteral("client_id"), clientId);
        claims.insert(QStringLiteral("jti"), Random::hex(32));
    } else {
        claims.insert(QStringLiteral("azp"), clientId);
        if (!grantTypeClaim.isEmpty())
            claims.insert(QStringLiteral("gty"), grantTypeClaim);
    }
    if (api.value(QLatin1String("enforce_policies")).toBool() && dialect.endsWith(QLatin1String("_authz")))
        claims.insert(QStringLiteral("permissions"), QJsonArray::fromStringList(scopes));
    // RFC 9068 §2.1: the profile's tokens say so in the header, and §4 tells resource servers
    // to reject a token without typ "at+jwt" (so an ID token cannot pass for an access token).
    // An HS256 API verifies with its own signing secret, not the tenant's JWKS.
    if (api.value(QLatin1String("signing_alg")).toString() == QLatin1String("HS256")
        && !api.value(QLatin1String("signing_secret")).toString().isEmpty())
        return Jwt::signHs256(claims, api.value(QLatin1String("signing_secret")).toString().toUtf8());
    return tenant.sign(claims, rfc9068 ? QStringLiteral("at+jwt") : QStringLiteral("JWT"));
}

void registerRoutes(Router &router, Tenant &tenant, const QHash<QString, GrantHandler> &userGrants)
{
    router.add("POST", QStringLiteral("/oauth/token"),
               [&tenant, userGrants](HttpRequest &r) { return token(tenant, userGrants, r); });
}

} // namespace TokenEndpoint
