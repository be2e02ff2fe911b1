// SPDX-License-Identifier: MIT
#pragma once

#include "management/ManagementAccess.h"
#include "setup/SetupPlan.h"

#include <QJsonObject>
#include <QObject>
#include <QThread>

#include <atomic>

class SecretStore;
class SetupRunner;

// Runs a SetupRunner (apply or rollback) on its own thread and reports back through queued
// signals, so the wizard stays responsive; cancel() may be called from the GUI thread.
class SetupJob : public QObject
{
    Q_OBJECT
public:
    SetupJob(ManagementAccess access, SetupPlan plan, SecretStore *secrets, QString journalPath, QObject *parent = nullptr);
    ~SetupJob() override;

    void start(bool rollback);
    void cancel();
    bool isRunning() const { return m_thread.isRunning(); }

signals:
    void stepStarted(int index, const QString &title);
    void stepFinished(int index, const QString &summary);
    void logLine(const QString &line);
    // SetupReport::toJson(); "error_message" when the journal could not be opened.
    void finished(const QJsonObject &report);

private:
    void run(bool rollback);

    ManagementAccess m_access;
    SetupPlan m_plan;
    SecretStore *m_secrets;
    QString m_journalPath;
    QThread m_thread;
    std::atomic<SetupRunner *> m_runner{nullptr};
    std::atomic_bool m_cancelRequested{false};
};
