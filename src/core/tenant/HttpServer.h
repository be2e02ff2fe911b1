// SPDX-License-Identifier: MIT
#pragma once

#include "HttpExchange.h"

#include <QString>

#include <functional>
#include <memory>

// An HTTP/1.1 server on its own threads (cpp-httplib: thread pool, keep-alive, body limits),
// handing every request to one dispatch function. We chose cpp-httplib over QHttpServer
// because Qt 6.4's QHttpServer is a technical preview whose API changed in 6.8, and because a
// handler here may block for a while (a login waits for its rule chain) without holding up
// other requests. The handler runs on a pool thread: it must be thread-safe.
class HttpServer
{
public:
    using Dispatch = std::function<HttpResponse(HttpRequest &)>;

    explicit HttpServer(Dispatch dispatch);
    ~HttpServer();

    void setMaxBodyBytes(size_t bytes);
    // Binds (port 0: any free port); start() then serves in the background.
    bool bind(const QString &host, quint16 port, QString *error);
    void start();
    quint16 port() const;
    void stop();

private:
    struct Private;
    std::unique_ptr<Private> d;
};
