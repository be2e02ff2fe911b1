// SPDX-License-Identifier: MIT
#include "CliRunner.h"

#include "common/JsonUtil.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QTcpSocket>

ChildFolders ChildFolders::under(const QString &root)
{
    ChildFolders folders{root + QStringLiteral("/home"), root + QStringLiteral("/config"), root + QStringLiteral("/data"),
                         root + QStringLiteral("/cache"), root + QStringLiteral("/state")};
    for (const QString &folder : folders.all())
        QDir().mkpath(folder);
    return folders;
}

QProcessEnvironment ChildFolders::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
    environment.insert(QStringLiteral("XDG_DATA_HOME"), data);
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), cache);
    environment.insert(QStringLiteral("XDG_STATE_HOME"), state);
    return environment;
}

QJsonObject CliRun::json() const
{
    const QList<QByteArray> lines = out.trimmed().split('\n');
    return JsonUtil::parseObject(lines.isEmpty() ? QByteArray() : lines.last()).value_or(QJsonObject());
}

QString CliRun::describe() const
{
    return QStringLiteral("exit %1%2\n--- stdout:\n%3\n--- stderr:\n%4")
        .arg(exitCode)
        .arg(finished ? QString() : QStringLiteral(" (did not finish in time)"), QString::fromUtf8(out), QString::fromUtf8(err));
}

CliRun runCli(const QStringList &arguments, const QProcessEnvironment &environment, int timeoutMs)
{
    CliRun run;
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(RULEBENCH_CLI), arguments);
    process.closeWriteChannel();
    run.finished = process.waitForFinished(timeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished();
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

ServeProcess::~ServeProcess()
{
    stop();
}

bool ServeProcess::start(const QString &dataFile, const QProcessEnvironment &environment, QString *error)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(environment);
    m_process->start(QStringLiteral(RULEBENCH_CLI), {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                                                     QStringLiteral("--data"), dataFile});
    // Two lines: "listening on URL", then the management client's credentials.
    QList<QByteArray> lines;
    const QDeadlineTimer deadline(20000);
    while (lines.size() < 2 && !deadline.hasExpired()) {
        if (m_process->canReadLine())
            lines << m_process->readLine().trimmed();
        else if (!m_process->waitForReadyRead(int(deadline.remainingTime())))
            break;
    }
    if (lines.size() < 2 || !lines.first().startsWith("listening on ")) {
        *error = QStringLiteral("serve did not start: %1 %2").arg(QString::fromUtf8(lines.join('\n')),
                                                                   QString::fromUtf8(m_process->readAllStandardError()));
        return false;
    }
    m_baseUrl = QString::fromUtf8(lines.first().mid(int(qstrlen("listening on "))));
    const QJsonObject credentials = JsonUtil::parseObject(lines.at(1)).value_or(QJsonObject());
    m_clientId = credentials.value(QLatin1String("client_id")).toString();
    m_clientSecret = credentials.value(QLatin1String("client_secret")).toString().toUtf8();
    if (m_clientId.isEmpty() || m_clientSecret.isEmpty()) {
        *error = QStringLiteral("serve printed no credentials: %1").arg(QString::fromUtf8(lines.at(1)));
        return false;
    }
    return true;
}

void ServeProcess::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(10000)) {
        m_process->kill();
        m_process->waitForFinished();
    }
}

CountingServer::CountingServer()
{
    QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            ++m_connections;
            socket->setParent(&m_server); // kept open and silent until the server goes
        }
    });
    m_server.listen(QHostAddress::LocalHost);
}

int CountingServer::connections()
{
    while (m_server.waitForNewConnection(0)) {
    }
    return m_connections;
}
