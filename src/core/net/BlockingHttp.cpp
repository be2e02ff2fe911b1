// SPDX-License-Identifier: MIT
#include "BlockingHttp.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace BlockingHttp {

QByteArray Response::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

Response send(QNetworkAccessManager *network, const JsonHttp::Request &request, const std::atomic_bool *cancel)
{
    Response response;
    if (cancel && *cancel) {
        response.cancelled = true;
        return response;
    }
    QNetworkRequest netRequest(request.url);
    netRequest.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    netRequest.setRawHeader("Accept", "application/json");
    for (const auto &[name, value] : request.headers)
        netRequest.setRawHeader(name, value);
    netRequest.setTransferTimeout(request.timeoutMs);
    QNetworkReply *reply = network->sendCustomRequest(netRequest, request.method, request.body);

    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer cancelPoll;
    if (cancel) {
        QObject::connect(&cancelPoll, &QTimer::timeout, reply, [&] {
            if (*cancel) {
                response.cancelled = true;
                reply->abort();
            }
        });
        cancelPoll.start(50);
    }
    if (!reply->isFinished())
        loop.exec();
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.body = reply->readAll();
    response.headers = reply->rawHeaderPairs();
    if (response.status == 0 && !response.cancelled) {
        response.timedOut = reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError;
        response.transportError = reply->errorString();
    }
    reply->deleteLater();
    return response;
}

bool pause(int ms, const std::atomic_bool *cancel)
{
    QEventLoop loop;
    QTimer done;
    done.setSingleShot(true);
    QObject::connect(&done, &QTimer::timeout, &loop, &QEventLoop::quit);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (cancel && *cancel)
            loop.quit();
    });
    done.start(ms);
    poll.start(50);
    loop.exec();
    return !(cancel && *cancel);
}

} // namespace BlockingHttp
