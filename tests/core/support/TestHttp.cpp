// SPDX-License-Identifier: MIT
#include "TestHttp.h"

#include "common/JsonUtil.h"

#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonValue HttpReply::json() const
{
    return JsonUtil::parse(body).value_or(QJsonValue(QJsonValue::Undefined));
}

QString HttpReply::describe(int expectedStatus) const
{
    if (status == 0)
        return QStringLiteral("expected HTTP %1, got no answer: %2").arg(expectedStatus).arg(error);
    return QStringLiteral("expected HTTP %1, got %2: %3")
        .arg(expectedStatus)
        .arg(status)
        .arg(QString::fromUtf8(body.left(600)));
}

TestHttp::TestHttp()
{
    // Never let an http_proxy of the machine running the tests sit between us and loopback.
    m_network.setProxy(QNetworkProxy::NoProxy);
}

HttpReply TestHttp::send(const QByteArray &method, const QUrl &url, const QByteArray &body,
                         const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    request.setTransferTimeout(timeoutMs);
    // Tests look at a redirect itself (/authorize answers 302), never at where it leads.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = method == "GET" && body.isEmpty() ? m_network.get(request)
                                                             : m_network.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(timeoutMs + 5000);

    HttpReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.headers = reply->rawHeaderPairs();
    if (out.status == 0)
        out.error = reply->isFinished() ? reply->errorString() : QStringLiteral("no answer in time");
    if (!reply->isFinished())
        reply->abort();
    reply->deleteLater();
    return out;
}

QByteArray bearer(const QByteArray &token)
{
    return "Bearer " + token;
}

QByteArray form(const QList<QPair<QString, QString>> &fields)
{
    QByteArray out;
    for (const auto &[key, value] : fields)
        out += (out.isEmpty() ? "" : "&") + QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    return out;
}
