// SPDX-License-Identifier: MIT
#pragma once

#include "JsonHttp.h"

#include <QList>
#include <QPair>

#include <atomic>

// One HTTP exchange that waits in a local event loop: for worker threads and the CLI, never
// for the GUI thread (the setup runner runs on its own thread). Cancellable through a flag.
namespace BlockingHttp {

struct Response
{
    int status = 0; // 0: no HTTP answer
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool timedOut = false;
    bool cancelled = false;
    QString transportError;

    QByteArray header(const QByteArray &name) const;
};

Response send(QNetworkAccessManager *network, const JsonHttp::Request &request, const std::atomic_bool *cancel = nullptr);

// Waits `ms`, returning early (false) when the flag is raised.
bool pause(int ms, const std::atomic_bool *cancel);

} // namespace BlockingHttp
