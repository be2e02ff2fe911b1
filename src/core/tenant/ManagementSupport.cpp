// SPDX-License-Identifier: MIT
#include "ManagementSupport.h"

#include "ApiErrors.h"
#include "SchemaValidator.h"
#include "Tenant.h"
#include "common/Clock.h"
#include "common/JsonUtil.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace Management {

namespace {

HttpResponse unauthorized(const QString &message)
{
    return ApiErrors::management(401, message).withHeader("WWW-Authenticate", "Bearer");
}

QStringList tokenScopes(const QJsonObject &claims)
{
    return claims.value(QLatin1String("scope")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

Router::Handler guarded(const Tenant &tenant, const QStringList &anyOfScopes, Router::Handler handler)
{
    return [&tenant, anyOfScopes, handler = std::move(handler)](HttpRequest &request) -> HttpResponse {
        const QByteArray authorization = request.header("authorization");
        if (authorization.isEmpty())
            return unauthorized(QStringLiteral("Missing authentication"));
        const QByteArray token = request.bearerToken();
        if (token.isEmpty())
            return unauthorized(QStringLiteral("Bad HTTP authentication header format"));
        const JwtVerification verification = tenant.verify(token, {});
        if (verification.status == JwtStatus::Expired)
            return unauthorized(QStringLiteral("Expired token received for JSON Web Token validation"));
        if (!verification.isValid())
            return unauthorized(QStringLiteral("Invalid token"));
        const QJsonValue aud = verification.token.payload.value(QLatin1String("aud"));
        bool audienceOk = tenant.isManagementAudience(aud.toString());
        for (const QJsonValue &value : aud.toArray())
            audienceOk = audienceOk || tenant.isManagementAudience(value.toString());
        if (!audienceOk)
            return unauthorized(QStringLiteral("Bad audience: ") + QString::fromUtf8(JsonUtil::compact(aud)));
        const QStringList held = tokenScopes(verification.token.payload);
        for (const QString &scope : anyOfScopes) {
            if (held.contains(scope))
                return handler(request);
        }
        return ApiErrors::management(403, QStringLiteral("Insufficient scope, expected any of: ") + anyOfScopes.join(QLatin1Char(',')),
                                     QStringLiteral("insufficient_scope"));
    };
}

void addEndpoints(Router &router, Tenant &tenant, const QList<Endpoint> &endpoints)
{
    for (const Endpoint &endpoint : endpoints) {
        auto handler = endpoint.handler;
        router.add(endpoint.method, endpoint.pattern,
                   guarded(tenant, endpoint.scopes, [&tenant, handler](HttpRequest &r) { return handler(tenant, r); }));
    }
}

std::optional<HttpResponse> readBody(const HttpRequest &request, QJsonObject *body)
{
    *body = {};
    if (request.body.trimmed().isEmpty())
        return std::nullopt;
    const QByteArray contentType = request.header("content-type").split(';').first().trimmed().toLower();
    if (contentType == "application/x-www-form-urlencoded") {
        const QUrlQuery form(QString::fromUtf8(request.body));
        for (const auto &item : form.queryItems(QUrl::FullyDecoded))
            body->insert(item.first, item.second);
        return std::nullopt;
    }
    if (!contentType.isEmpty() && contentType != "application/json")
        return ApiErrors::management(415, QStringLiteral("Unsupported Media Type"));
    QString why;
    auto parsed = JsonUtil::parse(request.body, &why);
    if (!parsed)
        return badRequest(QStringLiteral("Invalid request payload JSON format"), QStringLiteral("invalid_body"));
    if (!parsed->isObject())
        return badRequest(QStringLiteral("Payload validation error: 'Expected type object but found type %1'.")
                              .arg(parsed->isArray() ? QStringLiteral("array") : QStringLiteral("primitive")));
    *body = parsed->toObject();
    return std::nullopt;
}

std::optional<HttpResponse> validateBody(const QString &schemaName, const QJsonObject &body)
{
    const QStringList problems = SchemaValidator::validate(schemaName, body);
    if (problems.isEmpty())
        return std::nullopt;
    QStringList quoted;
    for (const QString &problem : problems)
        quoted << QLatin1Char('\'') + problem + QLatin1Char('\'');
    return badRequest(QStringLiteral("Payload validation error: ") + quoted.join(QStringLiteral("; ")) + QLatin1Char('.'));
}

std::optional<HttpResponse> readValidBody(const HttpRequest &request, const QString &schemaName, QJsonObject *body)
{
    if (auto error = readBody(request, body))
        return error;
    return validateBody(schemaName, *body);
}

std::optional<HttpResponse> checkListQuery(const HttpRequest &request)
{
    const auto queryError = [](const QString &message) {
        return ApiErrors::management(400, QStringLiteral("Query validation error: ") + message,
                                     QStringLiteral("invalid_query_string"));
    };
    for (const char *name : {"page", "per_page", "take"}) {
        const QString key = QLatin1String(name);
        if (!request.hasQuery(key))
            continue;
        bool ok = false;
        const int value = request.queryValue(key).toInt(&ok);
        if (!ok)
            return queryError(QStringLiteral("'Expected type integer but found type string' on property %1.").arg(key));
        const int minimum = key == QLatin1String("page") ? 0 : 1;
        if (value < minimum || value > (key == QLatin1String("page") ? 1000000 : 100))
            return queryError(QStringLiteral("'Value %1 is out of range' on property %2.").arg(value).arg(key));
    }
    for (const char *name : {"include_totals", "include_fields"}) {
        const QString key = QLatin1String(name);
        const QString value = request.queryValue(key);
        if (request.hasQuery(key) && value != QLatin1String("true") && value != QLatin1String("false"))
            return queryError(QStringLiteral("'Expected type boolean but found type string' on property %1.").arg(key));
    }
    return std::nullopt;
}

QJsonObject project(const HttpRequest &request, const QJsonObject &item, const QStringList &alwaysIncluded)
{
    const QStringList fields = request.queryValue(QStringLiteral("fields")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (fields.isEmpty())
        return item;
    const bool include = request.queryValue(QStringLiteral("include_fields")) != QLatin1String("false");
    QJsonObject out;
    for (auto it = item.begin(); it != item.end(); ++it) {
        const bool named = fields.contains(it.key());
        if ((include && (named || alwaysIncluded.contains(it.key()))) || (!include && !named))
            out.insert(it.key(), it.value());
    }
    return out;
}

HttpResponse list(const HttpRequest &request, const QList<QJsonObject> &items, const ListOptions &options)
{
    if (auto error = checkListQuery(request))
        return *error;
    QJsonArray page;
    const auto appendProjected = [&](const QJsonObject &item) {
        page.append(project(request, item, options.alwaysIncluded));
    };

    if (options.checkpoint && (request.hasQuery(QStringLiteral("from")) || request.hasQuery(QStringLiteral("take")))) {
        // Checkpoint pagination: "from" is an opaque position; we use the item index.
        const int take = request.hasQuery(QStringLiteral("take")) ? request.queryValue(QStringLiteral("take")).toInt() : 50;
        bool ok = true;
        const QString fromText = request.queryValue(QStringLiteral("from"));
        const int from = fromText.isEmpty() ? 0 : QString::fromUtf8(QByteArray::fromBase64(fromText.toLatin1())).toInt(&ok);
        if (!ok || from < 0)
            return ApiErrors::management(400, QStringLiteral("Query validation error: 'Invalid value for from' on property from."),
                                         QStringLiteral("invalid_query_string"));
        for (int i = from; i < items.size() && i < from + take; ++i)
            appendProjected(items.at(i));
        QJsonObject body{{options.collectionKey, page}};
        if (from + take < items.size())
            body.insert(QStringLiteral("next"), QString::fromLatin1(QByteArray::number(from + take).toBase64()));
        return HttpResponse::json(200, body);
    }

    const bool withTotals = request.queryValue(QStringLiteral("include_totals")) == QLatin1String("true");
    // With totals the answer names its "limit", so it must hold at most that many (page 0 of 50
    // by default); a client paging by start + limit would otherwise see items twice.
    const bool paged = withTotals || request.hasQuery(QStringLiteral("page")) || request.hasQuery(QStringLiteral("per_page"));
    const int perPage = request.hasQuery(QStringLiteral("per_page")) ? request.queryValue(QStringLiteral("per_page")).toInt() : 50;
    const int pageIndex = request.queryValue(QStringLiteral("page")).toInt();
    const int start = paged ? pageIndex * perPage : 0;
    const int end = paged ? qMin(int(items.size()), start + perPage) : int(items.size());
    for (int i = start; i < end; ++i)
        appendProjected(items.at(i));
    if (!withTotals)
        return HttpResponse::json(200, page);
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("start"), start},
                                               {QStringLiteral("limit"), perPage},
                                               {QStringLiteral("total"), int(items.size())},
                                               {options.collectionKey, page}});
}

HttpResponse notFound(const QString &message, const QString &errorCode)
{
    return ApiErrors::management(404, message, errorCode);
}

HttpResponse badRequest(const QString &message, const QString &errorCode)
{
    return ApiErrors::management(400, message, errorCode);
}

HttpResponse conflict(const QString &message, const QString &errorCode)
{
    return ApiErrors::management(409, message, errorCode);
}

QJsonObject applyPatch(QJsonObject target, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it)
        target.insert(it.key(), it.value());
    return target;
}

QJsonObject mergePatch(QJsonObject target, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        const QJsonValue existing = target.value(it.key());
        if (existing.isObject() && it.value().isObject())
            target.insert(it.key(), applyPatch(existing.toObject(), it.value().toObject()));
        else
            target.insert(it.key(), it.value());
    }
    return target;
}

QString timestamp(const Tenant &tenant)
{
    return tenant.clock().now().toString(Qt::ISODateWithMs);
}

} // namespace Management
