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
    bool pathKnown = false;
    for (const Route &route : m_routes) {
        const QRegularExpressionMatch match = route.pattern.match(request.path);
        if (!match.hasMatch())
            continue;
        pathKnown = true;
        if (route.method != request.method)
            continue;
        request.pathParams.clear();
        for (int i = 1; i <= route.pattern.captureCount(); ++i)
            request.pathParams.append(QUrl::fromPercentEncoding(match.captured(i).toUtf8()));
        return route.handler(request);
    }
    if (pathKnown)
        return ApiErrors::management(405, QStringLiteral("Method Not Allowed"));
    return ApiErrors::management(404, QStringLiteral("Not Found"));
}
