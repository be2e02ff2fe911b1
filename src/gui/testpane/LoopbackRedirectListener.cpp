// SPDX-License-Identifier: MIT
#include "LoopbackRedirectListener.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace {
constexpr int MaxRequestBytes = 16 * 1024;

QByteArray response(int status, const QByteArray &reason, const QString &body)
{
    const QByteArray html = QStringLiteral("<!doctype html><meta charset=\"utf-8\"><title>Rulebench</title>"
                                           "<body style=\"font-family:sans-serif;margin:3em\">%1</body>")
                                .arg(body)
                                .toUtf8();
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
        + "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n"
          "Content-Length: "
        + QByteArray::number(html.size()) + "\r\n\r\n" + html;
}
} // namespace

LoopbackRedirectListener::LoopbackRedirectListener(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackRedirectListener::onConnection);
}

QUrl LoopbackRedirectListener::listen(QString *error)
{
    if (!m_server->isListening() && !m_server->listen(QHostAddress::LocalHost, 0)) {
        *error = m_server->errorString();
        return {};
    }
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->serverPort()).arg(m_path));
}

void LoopbackRedirectListener::stop()
{
    m_server->close();
}

bool LoopbackRedirectListener::isListening() const
{
    return m_server->isListening();
}

void LoopbackRedirectListener::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void LoopbackRedirectListener::onReadable(QTcpSocket *socket)
{
    QByteArray request = socket->property("request").toByteArray() + socket->readAll();
    socket->setProperty("request", request);
    if (!request.contains("\r\n\r\n")) {
        if (request.size() > MaxRequestBytes)
            socket->abort();
        return;
    }
    const QList<QByteArray> line = request.left(request.indexOf("\r\n")).split(' ');
    const QUrl target(QString::fromLatin1(line.value(1)));
    if (line.value(0) != "GET" || target.path() != m_path) {
        socket->write(response(404, "Not Found", tr("Not found.")));
        socket->disconnectFromHost();
        return;
    }
    const QUrlQuery query(target);
    const bool failed = query.hasQueryItem(QStringLiteral("error"));
    socket->write(response(
        200, "OK",
        failed ? tr("<h1>The login did not complete</h1><p>Rulebench shows why. You can close this tab.</p>")
               : tr("<h1>Logged in</h1><p>Return to Rulebench: the test pane shows the tokens. You can close "
                    "this tab.</p>")));
    socket->disconnectFromHost();
    emit redirected(query);
}
