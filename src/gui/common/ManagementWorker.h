// SPDX-License-Identifier: MIT
#pragma once

#include "management/ManagementAccess.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

class ManagementClient;
class QNetworkAccessManager;

// Runs Management API work off the GUI thread. The worker thread owns its own
// QNetworkAccessManager and ManagementClient (which waits for answers in local event loops);
// results come back to the GUI thread through `context`, and are dropped if it is gone.
class ManagementWorker : public QObject
{
    Q_OBJECT
public:
    explicit ManagementWorker(QObject *parent = nullptr);
    ~ManagementWorker() override;

    // Work queued after this uses the new access; running work finishes with the old one.
    void setAccess(const ManagementAccess &access);
    // `job` runs on the worker thread; `done` on context's thread. Jobs run one after another.
    template<typename T>
    void run(QObject *context, std::function<T(ManagementClient &)> job, std::function<void(const T &)> done)
    {
        QPointer<QObject> guard(context);
        post([guard, job = std::move(job), done = std::move(done)](ManagementClient &client) {
            T result = job(client);
            if (!guard)
                return;
            QMetaObject::invokeMethod(guard.data(), [guard, done, result] {
                if (guard)
                    done(result);
            });
        });
    }
    void cancelAll();
    const std::atomic_bool *cancelFlag() const { return &m_cancel; }

private:
    void post(std::function<void(ManagementClient &)> job);

    class Executor;
    QThread m_thread;
    Executor *m_executor; // lives in m_thread
    std::atomic_bool m_cancel{false};
};
