// SPDX-License-Identifier: MIT
#pragma once

#include "tenant/Tenant.h"

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTcpServer>

#include <memory>

// The folders a child process writes to, all inside `root`, so that a test can scan them:
// HOME and XDG_{CONFIG,DATA,CACHE,STATE}_HOME. The session bus and XDG_RUNTIME_DIR are kept,
// so the child reaches the same Secret Service as the test.
struct ChildFolders
{
    QString home, config, data, cache, state;
    static ChildFolders under(const QString &root);
    QStringList all() const { return {home, config, data, cache, state}; }
    QProcessEnvironment environment() const;
};

struct CliRun
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    // The last line of stdout as a JSON object (--json prints one).
    QJsonObject json() const;
    // For QVERIFY2: exit code, stdout and stderr.
    QString describe() const;
};

// Runs the built rulebench-cli and waits for it (finished() through QProcess).
CliRun runCli(const QStringList &arguments, const QProcessEnvironment &environment, int timeoutMs = 60000);

// `rulebench-cli serve` on a free port with its data file; stopped (SIGTERM) when destroyed.
class ServeProcess
{
public:
    ~ServeProcess();
    bool start(const QString &dataFile, const QProcessEnvironment &environment, QString *error);
    void stop();
    QString baseUrl() const { return m_baseUrl; }
    QString clientId() const { return m_clientId; }
    QByteArray clientSecret() const { return m_clientSecret; }
    ManagementCredentials credentials() const
    {
        return {m_clientId, QString::fromUtf8(m_clientSecret), m_baseUrl + QStringLiteral("/api/v2/")};
    }

private:
    std::unique_ptr<QProcess> m_process;
    QString m_baseUrl;
    QString m_clientId;
    QByteArray m_clientSecret;
};

// A TCP server that accepts connections, counts them and never answers: the --tenant of a
// run that must not call anything, and a tenant that hangs.
class CountingServer
{
public:
    CountingServer();
    quint16 port() const { return m_server.serverPort(); }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }
    // Accepts what is waiting in the backlog first, so a connection made while the test
    // thread was blocked (waiting for a child process) is counted too.
    int connections();

private:
    QTcpServer m_server;
    int m_connections = 0;
};
