// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QTcpServer>
#include <QUrl>

// The tiny fault double the style guide allows for what a real tenant cannot be made to do on
// demand: a loopback server that answers every request with the same canned bytes, or, when
// there are none, accepts the connection and never answers.
class CannedHttpServer
{
public:
    explicit CannedHttpServer(const QByteArray &response = QByteArray());

    QUrl url() const;
    int requestsSeen() const { return m_requests; }
    int disconnects() const { return m_disconnects; } // connections the client closed

    static QByteArray response(int status, const QByteArray &contentType, const QByteArray &body);

private:
    QTcpServer m_server;
    QByteArray m_response;
    int m_requests = 0;
    int m_disconnects = 0;
};
