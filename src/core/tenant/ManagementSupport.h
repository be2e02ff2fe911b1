// SPDX-License-Identifier: MIT
#pragma once

#include "HttpExchange.h"
#include "Router.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <functional>
#include <optional>

class Tenant;

// What every Management API v2 endpoint does the same way: bearer-token checks, body parsing
// and validation, pagination and field projection (reference/auth0-api.md §0).
namespace Management {

// One Management API route: method, path pattern (captures become pathParams), the scopes
// that allow it (any of), and the handler.
struct Endpoint
{
    QByteArray method;
    QString pattern;
    QStringList scopes;
    std::function<HttpResponse(Tenant &, HttpRequest &)> handler;
};
void addEndpoints(Router &router, Tenant &tenant, const QList<Endpoint> &endpoints);

// Wraps a handler so it runs only for a valid Management API token holding one of the scopes.
Router::Handler guarded(const Tenant &tenant, const QStringList &anyOfScopes, Router::Handler handler);

// Reads a JSON (or form-encoded) object body. Errors: 415 for other content types, 400 for
// bodies that are not a JSON object. An empty body is an empty object.
std::optional<HttpResponse> readBody(const HttpRequest &request, QJsonObject *body);
// 400 invalid_body listing every schema problem.
std::optional<HttpResponse> validateBody(const QString &schemaName, const QJsonObject &body);
// readBody + validateBody.
std::optional<HttpResponse> readValidBody(const HttpRequest &request, const QString &schemaName, QJsonObject *body);

struct ListOptions
{
    QString collectionKey;      // "clients", "resource_servers", …
    bool checkpoint = false;    // supports from/take
    QStringList alwaysIncluded; // keys a projection keeps (Auth0 always sends "tenant" on clients)
};
// page/per_page/include_totals (and from/take), then fields/include_fields.
HttpResponse list(const HttpRequest &request, const QList<QJsonObject> &items, const ListOptions &options);
std::optional<HttpResponse> checkListQuery(const HttpRequest &request);
QJsonObject project(const HttpRequest &request, const QJsonObject &item, const QStringList &alwaysIncluded = {});

HttpResponse notFound(const QString &message, const QString &errorCode);
HttpResponse badRequest(const QString &message, const QString &errorCode = QStringLiteral("invalid_body"));
HttpResponse conflict(const QString &message, const QString &errorCode);

// Copies the keys of patch onto target (PATCH semantics: top-level keys replaced).
QJsonObject applyPatch(QJsonObject target, const QJsonObject &patch);
// Like applyPatch, but an object-valued key merges into an object already there (one level),
// as Auth0 does for jwt_configuration and refresh_token.
QJsonObject mergePatch(QJsonObject target, const QJsonObject &patch);
// Current time as Auth0 writes it: 2025-08-07T13:45:34.546Z
QString timestamp(const Tenant &tenant);

} // namespace Management
