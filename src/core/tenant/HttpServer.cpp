// SPDX-License-Identifier: MIT
#include "HttpServer.h"

#include "ApiErrors.h"

#include <QUrl>
#include <httplib.h>

#include <atomic>
#include <sys/socket.h>
#include <thread>

struct HttpServer::Private
{
    Dispatch dispatch;
    httplib::Server server;
    std::thread thread;
    std::atomic_bool listenEnded{false};
    int port = 0;
    size_t maxBodyBytes = 1024 * 1024;
};

namespace {

HttpRequest toRequest(const httplib::Request &in)
{
    HttpRequest out;
    out.method = QByteArray::fromStdString(in.method);
    // Route on the raw target: an encoded "/" inside an id (an API identifier) must stay one segment.
    const std::string &target = in.target.empty() ? in.path : in.target;
    const size_t question = target.find('?');
    out.path = QString::fromStdString(target.substr(0, question));
    if (question != std::string::npos)
        out.query = QUrlQuery(QString::fromStdString(target.substr(question + 1)));
    for (const auto &[name, value] : in.headers)
        out.headers.insert(QByteArray::fromStdString(name).toLower(), QByteArray::fromStdString(value));
    out.body = QByteArray::fromStdString(in.body);
    return out;
}

void fromResponse(const HttpResponse &in, httplib::Response &out)
{
    out.status = in.status;
    for (const auto &[name, value] : in.headers)
        out.set_header(name.toStdString(), value.toStdString());
    if (!in.body.isEmpty() || in.status != 204)
        out.set_content(in.body.toStdString(), in.contentType.toStdString());
}

} // namespace

HttpServer::HttpServer(Dispatch dispatch) : d(std::make_unique<Private>())
{
    d->dispatch = std::move(dispatch);
    const auto handler = [this](const httplib::Request &req, httplib::Response &res) {
        // cpp-httplib 0.11 applies its payload limit to Content-Length bodies only; a chunked
        // body over the limit arrives whole, and is refused here as Auth0 refuses it.
        if (req.body.size() > d->maxBodyBytes) {
            res.status = 413;
            return;
        }
        HttpRequest request = toRequest(req);
        fromResponse(d->dispatch(request), res);
    };
    d->server.Get(".*", handler);
    d->server.Post(".*", handler);
    d->server.Put(".*", handler);
    d->server.Patch(".*", handler);
    d->server.Delete(".*", handler);
    d->server.Options(".*", handler);
    // Errors the library answers itself (413 over the body limit, 400 for a bad request line)
    // get a JSON body in Auth0's shape too.
    d->server.set_error_handler([](const httplib::Request &, httplib::Response &res) {
        if (!res.body.empty())
            return;
        QString message = ApiErrors::reasonPhrase(res.status);
        if (res.status == 413)
            message = QStringLiteral("Payload content length greater than maximum allowed: 1048576");
        fromResponse(ApiErrors::management(res.status, message), res);
    });
    d->server.set_exception_handler([](const httplib::Request &, httplib::Response &res, std::exception_ptr) {
        fromResponse(ApiErrors::management(500, QStringLiteral("Internal error")), res);
    });
    // Responses go out as two writes (head, then body). With Nagle's algorithm on, the body
    // waits for the ACK of the head, which a client on a kept-alive connection delays by up to
    // 40 ms: every request after a connection's first took ~44 ms (bench-token: 23 tokens/s).
    d->server.set_tcp_nodelay(true);
    // httplib's default also sets SO_REUSEPORT, which lets a second server bind a port that is
    // in use and the kernel then splits connections between the two (two tenants, two data
    // files, one port). SO_REUSEADDR alone still allows a restart on the same port at once.
    d->server.set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    d->server.set_payload_max_length(d->maxBodyBytes); // Auth0's 1 MB limit (reference/auth0-api.md §0)
    d->server.set_keep_alive_max_count(1000);
    // stop() waits for every kept-alive connection to idle out, and QNetworkAccessManager keeps
    // its connections open: with httplib's 5 s default, quitting the app or Ctrl-C on `serve`
    // took 5 s whenever a client had talked to the tenant. Reconnecting on loopback is cheap.
    d->server.set_keep_alive_timeout(1);
}

HttpServer::~HttpServer()
{
    stop();
}

void HttpServer::setMaxBodyBytes(size_t bytes)
{
    d->maxBodyBytes = bytes;
    d->server.set_payload_max_length(bytes);
}

bool HttpServer::bind(const QString &host, quint16 port, QString *error)
{
    const std::string hostName = host.toStdString();
    d->port = port == 0 ? d->server.bind_to_any_port(hostName) : (d->server.bind_to_port(hostName, port) ? port : -1);
    if (d->port <= 0) {
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2 (in use, or not an address of this machine)").arg(host).arg(port);
        return false;
    }
    return true;
}

void HttpServer::start()
{
    d->thread = std::thread([this] {
        d->server.listen_after_bind();
        d->listenEnded = true;
    });
    // httplib's stop() does nothing to a server whose thread is not listening yet, and stop()
    // would then join a thread blocked in accept() for ever: return once it listens.
    while (!d->server.is_running() && !d->listenEnded)
        std::this_thread::yield();
}

quint16 HttpServer::port() const
{
    return quint16(d->port);
}

void HttpServer::stop()
{
    if (!d->thread.joinable())
        return;
    d->server.stop();
    d->thread.join();
}
