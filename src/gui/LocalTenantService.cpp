// SPDX-License-Identifier: MIT
#include "LocalTenantService.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThread>

LocalTenantService::LocalTenantService(QObject *parent) : QObject(parent)
{
}

LocalTenantService::~LocalTenantService() = default;

QString LocalTenantService::baseUrl() const
{
    return m_tenant ? m_tenant->baseUrl() : QString();
}

ManagementAccess LocalTenantService::managementAccess() const
{
    ManagementAccess access;
    if (!m_tenant)
        return access;
    const ManagementCredentials credentials = m_tenant->managementCredentials();
    access.baseUrl = QUrl(m_tenant->baseUrl());
    access.clientId = credentials.clientId;
    access.clientSecret = SecretBytes::fromUtf8(credentials.clientSecret.toUtf8());
    return access;
}

void LocalTenantService::start(const QString &dataFile)
{
    QPointer<LocalTenantService> self(this);
    QThread *thread = QThread::create([self, dataFile] {
        LocalTenant::Options options;
        options.dataFile = dataFile;
        QString error;
        LocalTenant *tenant = LocalTenant::start(options, &error).release();
        QMetaObject::invokeMethod(qApp, [self, tenant, error] {
            std::unique_ptr<LocalTenant> owned(tenant);
            if (!self)
                return;
            if (!owned) {
                emit self->failed(error);
                return;
            }
            self->m_tenant = std::move(owned);
            emit self->started(self->m_tenant->baseUrl());
        });
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}
