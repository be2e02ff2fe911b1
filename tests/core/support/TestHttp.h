// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QString>
#include <QUrl>

// One HTTP answer as a test looks at it: status, headers and body kept apart.
struct HttpReply
{
    int status = 0; // 0: no HTTP answer, see error
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString error;

    QByteArray header(const QByteArray &name) const;
    QJsonValue json() const; // undefined when the body is not JSON
    QJsonObject object() const { return json().toObject(); }
    QJsonArray array() const { return json().toArray(); }
    QString message() const { return object().value(QLatin1String("message")).toString(); }
    // "expected HTTP 201, got 400: {…}" for QVERIFY2
    QString describe(int expectedStatus) const;
};

// Fails the running test, with the body in the message, unless the reply has that status.
#define COMPARE_STATUS(reply, expected)                                                                      \
    QVERIFY2((reply).status == (expected), qPrintable((reply).describe(expected)))

// Real HTTP through QNetworkAccessManager, waiting on the reply's finished() signal with a
// QSignalSpy: the local tenant serves on its own threads, so the test thread may wait.
class TestHttp
{
public:
    TestHttp();
    QNetworkAccessManager *network() { return &m_network; }

    HttpReply send(const QByteArray &method, const QUrl &url, const QByteArray &body = QByteArray(),
                   const QList<QPair<QByteArray, QByteArray>> &headers = {}, int timeoutMs = 20000);

private:
    QNetworkAccessManager m_network;
};

QByteArray bearer(const QByteArray &token);
// An application/x-www-form-urlencoded body, every key and value percent-encoded.
QByteArray form(const QList<QPair<QString, QString>> &fields);
