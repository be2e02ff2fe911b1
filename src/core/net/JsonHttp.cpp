// SPDX-License-Identifier: MIT
#include "JsonHttp.h"

#include "common/JsonUtil.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace JsonHttp {

ApiError errorFromAnswer(int status, const QByteArray &body)
{
    ApiError error;
    error.kind = ApiError::Kind::Http;
    error.httpStatus = status;
    error.body = body;
    const QJsonObject object = JsonUtil::parseObject(body).value_or(QJsonObject());
    if (object.contains(QLatin1String("error_description"))) {
        error.code = object.value(QLatin1String("error")).toString();
        error.message = object.value(QLatin1String("error_description")).toString();
    } else if (object.contains(QLatin1String("message"))) {
        error.code = object.value(QLatin1String("errorCode")).toString(object.value(QLatin1String("error")).toString());
        error.message = object.value(QLatin1String("message")).toString();
    } else {
        error.message = QStringLiteral("HTTP %1").arg(status);
    }
    return error;
}

void send(QNetworkAccessManager *network, const Request &request, QObject *context, Callback done)
{
    QNetworkRequest netRequest(request.url);
    netRequest.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    netRequest.setRawHeader("Accept", "application/json");
    for (const auto &[name, value] : request.headers)
        netRequest.setRawHeader(name, value);
    netRequest.setTransferTimeout(request.timeoutMs);
    netRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);

    QNetworkReply *reply = request.body.isNull() && request.method == "GET"
        ? network->get(netRequest)
        : network->sendCustomRequest(netRequest, request.method, request.body);
    QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    QPointer<QObject> guard(context);
    const auto answered = QObject::connect(reply, &QNetworkReply::finished, context, [reply, guard, done = std::move(done), url = request.url] {
        if (!guard)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) {
            ApiError error;
            const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError
                || reply->error() == QNetworkReply::TimeoutError;
            error.kind = timedOut ? ApiError::Kind::Timeout : ApiError::Kind::Transport;
            error.message = timedOut ? QStringLiteral("%1 did not answer in time").arg(url.authority())
                                     : QStringLiteral("cannot reach %1: %2").arg(url.authority(), reply->errorString());
            done(ApiResult<QJsonValue>::failure(error));
            return;
        }
        const QByteArray body = reply->readAll();
        if (status >= 400) {
            done(ApiResult<QJsonValue>::failure(errorFromAnswer(status, body)));
            return;
        }
        if (body.trimmed().isEmpty()) {
            done(ApiResult<QJsonValue>::success(QJsonValue()));
            return;
        }
        QString why;
        const auto value = JsonUtil::parse(body, &why);
        if (!value) {
            ApiError error;
            error.kind = ApiError::Kind::Parse;
            error.httpStatus = status;
            error.body = body;
            error.message = QStringLiteral("%1 answered with something that is not JSON (%2)").arg(url.path(), why);
            done(ApiResult<QJsonValue>::failure(error));
            return;
        }
        done(ApiResult<QJsonValue>::success(*value));
    });
    // When the context goes, nobody is left to read the answer: end the request now instead of
    // letting it run to its time limit (the callback is never called either way).
    QObject::connect(context, &QObject::destroyed, reply, [reply, answered] {
        QObject::disconnect(answered);
        reply->abort();
    });
}

} // namespace JsonHttp
