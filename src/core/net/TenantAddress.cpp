// SPDX-License-Identifier: MIT
#include "TenantAddress.h"

#include <QHostAddress>

namespace TenantAddress {

bool isLoopback(const QUrl &url)
{
    const QString host = url.host();
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QUrl baseUrl(const QString &input, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QUrl();
    };
    QString text = input.trimmed();
    if (text.isEmpty())
        return fail(QStringLiteral("tenant: enter a domain such as acme.eu.auth0.com"));
    if (!text.contains(QLatin1String("://")))
        text.prepend(QStringLiteral("https://"));
    QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return fail(QStringLiteral("tenant: \"%1\" is not a domain or URL").arg(input));
    if (!url.path().isEmpty() && url.path() != QLatin1String("/"))
        return fail(QStringLiteral("tenant: give the domain only, without a path (\"%1\")").arg(url.path()));
    if (url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
        return fail(QStringLiteral("tenant: give the domain only, without query, fragment or user name"));
    if (url.scheme() == QLatin1String("http") && !isLoopback(url))
        return fail(QStringLiteral("tenant: plain http is only allowed for loopback addresses; use https://%1").arg(url.authority()));
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return fail(QStringLiteral("tenant: the scheme must be https, not \"%1\"").arg(url.scheme()));
    // A loopback address typed without a scheme is the local tenant: plain HTTP.
    if (!input.contains(QLatin1String("://")) && isLoopback(url))
        url.setScheme(QStringLiteral("http"));
    url.setPath(QString());
    return url;
}

} // namespace TenantAddress
