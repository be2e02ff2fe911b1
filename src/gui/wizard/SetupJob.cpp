// SPDX-License-Identifier: MIT
#include "SetupJob.h"

#include "common/Clock.h"
#include "management/ManagementClient.h"
#include "setup/SetupRunner.h"

#include <QNetworkAccessManager>

SetupJob::SetupJob(ManagementAccess access, SetupPlan plan, SecretStore *secrets, QString journalPath, QObject *parent)
    : QObject(parent), m_access(std::move(access)), m_plan(std::move(plan)), m_secrets(secrets), m_journalPath(std::move(journalPath))
{
    m_thread.setObjectName(QStringLiteral("setup"));
}

SetupJob::~SetupJob()
{
    cancel();
    m_thread.quit();
    m_thread.wait();
}

void SetupJob::start(bool rollback)
{
    if (m_thread.isRunning())
        return;
    m_cancelRequested = false;
    // A plain QThread running one function: everything the runner uses is created on it.
    m_thread.disconnect();
    connect(&m_thread, &QThread::started, &m_thread, [this, rollback] {
        run(rollback);
        m_thread.quit();
    }, Qt::DirectConnection);
    m_thread.start();
}

void SetupJob::cancel()
{
    m_cancelRequested = true;
    if (SetupRunner *runner = m_runner.load())
        runner->cancel();
}

void SetupJob::run(bool rollback)
{
    QString error;
    auto journal = SetupJournal::open(m_journalPath, &error);
    if (!journal) {
        emit finished({{QStringLiteral("ok"), false}, {QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), error}}}});
        return;
    }
    QNetworkAccessManager network;
    ManagementClient client(&network, m_access, Clock::system());
    SetupRunner runner(client, *m_secrets, *journal, m_plan, m_access.domain());
    connect(&runner, &SetupRunner::stepStarted, this, &SetupJob::stepStarted, Qt::DirectConnection);
    connect(&runner, &SetupRunner::stepFinished, this, &SetupJob::stepFinished, Qt::DirectConnection);
    connect(&runner, &SetupRunner::logLine, this, &SetupJob::logLine, Qt::DirectConnection);
    m_runner = &runner;
    if (m_cancelRequested)
        runner.cancel();
    const SetupReport report = rollback ? runner.rollback() : runner.apply();
    m_runner = nullptr;
    emit finished(report.toJson());
}
