// SPDX-License-Identifier: MIT
#pragma once

#include "ApiResult.h"

#include <QJsonValue>
#include <QNetworkRequest>
#include <QPointer>

#include <functional>

class QNetworkAccessManager;

// One JSON request/answer over QNetworkAccessManager, with a time limit, an ApiResult, and a
// context object: if the context is gone when the answer comes, the callback is not called.
namespace JsonHttp {

struct Request
{
    QByteArray method = "GET";
    QUrl url;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    int timeoutMs = 30000;
};

using Callback = std::function<void(const ApiResult<QJsonValue> &)>;

void send(QNetworkAccessManager *network, const Request &request, QObject *context, Callback done);

// Turns an error answer (Auth0's Management or OAuth shape, or anything else) into an ApiError.
ApiError errorFromAnswer(int status, const QByteArray &body);

} // namespace JsonHttp
