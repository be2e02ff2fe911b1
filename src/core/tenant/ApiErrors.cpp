// SPDX-License-Identifier: MIT
#include "ApiErrors.h"

#include <QJsonObject>

namespace ApiErrors {

QString reasonPhrase(int status)
{
    switch (status) {
    case 400: return QStringLiteral("Bad Request");
    case 401: return QStringLiteral("Unauthorized");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("Not Found");
    case 405: return QStringLiteral("Method Not Allowed");
    case 409: return QStringLiteral("Conflict");
    case 413: return QStringLiteral("Request Entity Too Large");
    case 414: return QStringLiteral("URI Too Long");
    case 415: return QStringLiteral("Unsupported Media Type");
    case 431: return QStringLiteral("Request Header Fields Too Large");
    case 429: return QStringLiteral("Too Many Requests");
    case 500: return QStringLiteral("Internal Server Error");
    case 501: return QStringLiteral("Not Implemented");
    case 503: return QStringLiteral("Service Unavailable");
    default: return QStringLiteral("Error");
    }
}

HttpResponse management(int status, const QString &message, const QString &errorCode)
{
    QJsonObject body{{QStringLiteral("statusCode"), status},
                     {QStringLiteral("error"), reasonPhrase(status)},
                     {QStringLiteral("message"), message}};
    if (!errorCode.isEmpty())
        body.insert(QStringLiteral("errorCode"), errorCode);
    return HttpResponse::json(status, body);
}

HttpResponse oauth(int status, const QString &error, const QString &description)
{
    return HttpResponse::json(status, QJsonObject{{QStringLiteral("error"), error},
                                                  {QStringLiteral("error_description"), description}});
}

HttpResponse bearer(int status, const QString &error, const QString &description)
{
    const QByteArray challenge = "Bearer error=\"" + error.toUtf8() + "\", error_description=\"" + description.toUtf8() + "\"";
    return oauth(status, error, description).withHeader("WWW-Authenticate", challenge);
}

} // namespace ApiErrors
