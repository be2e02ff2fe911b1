// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QUrl>
#include <QUrlQuery>

class QTcpServer;
class QTcpSocket;

// Receives the redirect that ends an authorization-code login in the system browser
// (RFC 8252 §7.3: a loopback redirect URI on an ephemeral port). Listens on 127.0.0.1 only,
// answers the browser with a short page, and reports the callback's query once; other paths
// (a favicon) get 404.
class LoopbackRedirectListener : public QObject
{
    Q_OBJECT
public:
    explicit LoopbackRedirectListener(QObject *parent = nullptr);

    // Starts listening (again); the redirect URI to register and send, or an empty URL and why.
    QUrl listen(QString *error);
    void stop();
    bool isListening() const;

signals:
    void redirected(const QUrlQuery &query);

private:
    void onConnection();
    void onReadable(QTcpSocket *socket);

    QTcpServer *m_server;
    QString m_path = QStringLiteral("/callback");
};
