// SPDX-License-Identifier: MIT
#include "ManagementWorker.h"

#include "common/Clock.h"
#include "management/ManagementClient.h"

#include <QNetworkAccessManager>

class ManagementWorker::Executor : public QObject
{
public:
    std::unique_ptr<QNetworkAccessManager> network;
    std::unique_ptr<ManagementClient> client;

    void setAccess(const ManagementAccess &access, const std::atomic_bool *cancel)
    {
        if (!network)
            network = std::make_unique<QNetworkAccessManager>();
        client = std::make_unique<ManagementClient>(network.get(), access, Clock::system());
        client->setCancelFlag(cancel);
    }
};

ManagementWorker::ManagementWorker(QObject *parent) : QObject(parent), m_executor(new Executor)
{
    m_thread.setObjectName(QStringLiteral("management"));
    m_executor->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_executor, &QObject::deleteLater);
    m_thread.start();
}

ManagementWorker::~ManagementWorker()
{
    m_cancel = true;
    m_thread.quit();
    m_thread.wait();
}

void ManagementWorker::setAccess(const ManagementAccess &access)
{
    m_cancel = false;
    QMetaObject::invokeMethod(m_executor, [executor = m_executor, access, cancel = &m_cancel] { executor->setAccess(access, cancel); });
}

void ManagementWorker::cancelAll()
{
    m_cancel = true;
}

void ManagementWorker::post(std::function<void(ManagementClient &)> job)
{
    QMetaObject::invokeMethod(m_executor, [executor = m_executor, job = std::move(job), this] {
        if (!executor->client)
            return;
        m_cancel = false;
        job(*executor->client);
    });
}
