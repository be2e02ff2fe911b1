// SPDX-License-Identifier: MIT
#include "Router.h"

#include "ApiErrors.h"

#include <QUrl>

void Router::add(const QByteArray &method, const QString &pattern, Handler handler)
{
    QRegularExpression re(QLatin1Char('^') + pattern + QLatin1Char('$'));
    re.optimize();
    m_routes.push_back({method, re, std::move(handler)});
}

HttpResponse Router::dispatch(HttpRequest &request) const
{
    // HEAD is GET without the body (RFC 9110 §9.3.2); the server drops the body.
    const QByteArray method = request.method == "HEAD" ? QByteArray("GET") : request.method;
    QByteArrayList allowed;
    for (const Route &route : m_routes) {
        const QRegularExpressionMatch match = route.pattern.match(request.path);
        if (!match.hasMatch())
            continue;
        if (!allowed.contains(route.method))
            allowed << route.method;
        if (route.method != method)
            continue;
        request.pathParams.clear();
        for (int i = 1; i <= route.pattern.captureCount(); ++i)
            request.pathParams.append(QUrl::fromPercentEncoding(match.captured(i).toUtf8()));
        return route.handler(request);
    }
    if (!allowed.isEmpty()) {
        if (allowed.contains("GET"))
            allowed << "HEAD";
        return ApiErrors::management(405, QStringLiteral("Method Not Allowed")).withHeader("Allow", allowed.join(", "));
    }
    return ApiErrors::management(404, QStringLiteral("Not Found"));
}
