// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

// What the local tenant's handlers see of an HTTP request, independent of the server library.
struct HttpRequest
{
    QByteArray method; // upper case
    QString path;      // decoded path, no query
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names lower case
    QByteArray body;
    QStringList pathParams; // captures of the matched route, percent-decoded

    QByteArray header(const char *name) const { return headers.value(QByteArray(name)); }
    // The token of an "Authorization: Bearer <token>" header (the scheme in any case, RFC 7235);
    // empty when there is none.
    QByteArray bearerToken() const
    {
        const QByteArray authorization = header("authorization").trimmed();
        const int space = authorization.indexOf(' ');
        if (space < 0 || authorization.left(space).toLower() != "bearer")
            return {};
        return authorization.mid(space + 1).trimmed();
    }
    QString queryValue(const QString &key) const
    {
        return query.queryItemValue(key, QUrl::FullyDecoded);
    }
    QStringList queryValues(const QString &key) const { return query.allQueryItemValues(key, QUrl::FullyDecoded); }
    bool hasQuery(const QString &key) const { return query.hasQueryItem(key); }
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json; charset=utf-8";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpResponse json(int status, const QJsonValue &value);
    static HttpResponse empty(int status);
    static HttpResponse html(int status, const QByteArray &page);
    static HttpResponse redirect(const QByteArray &location);
    HttpResponse &withHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append({name, value});
        return *this;
    }
};
