// SPDX-License-Identifier: MIT
#pragma once

#include "HttpExchange.h"

#include <QRegularExpression>

#include <functional>
#include <vector>

// Maps "METHOD /path/(capture)" to handlers. Captures arrive percent-decoded in pathParams.
class Router
{
public:
    using Handler = std::function<HttpResponse(HttpRequest &)>;

    void add(const QByteArray &method, const QString &pattern, Handler handler);
    // 404 when no route has the path, 405 when the path exists for other methods.
    HttpResponse dispatch(HttpRequest &request) const;

private:
    struct Route
    {
        QByteArray method;
        QRegularExpression pattern;
        Handler handler;
    };
    std::vector<Route> m_routes;
};
