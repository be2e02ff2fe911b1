// SPDX-License-Identifier: MIT
#include "LocalTenantService.h"

#include "tenant/LoginChain.h"
#include "tenant/SealKey.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThread>

LocalTenantService::LocalTenantService(QObject *parent) : QObject(parent)
{
}

LocalTenantService::~LocalTenantService()
{
    m_tenant.reset(); // no login may be waiting on the chain when it goes
}

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

void LocalTenantService::start(const QString &dataFile, SecretStore *secrets)
{
    QPointer<LocalTenantService> self(this);
    QThread *thread = QThread::create([self, dataFile, secrets] {
        LocalTenant::Options options;
        options.dataFile = dataFile;
        const SealKey seal = SealKey::forDataFile(*secrets, dataFile, false);
        if (seal.error.isEmpty()) {
            options.sealKey = seal.key;
        } else {
            // Never a plaintext file of secrets: without a keychain the tenant lives in memory.
            options.dataFile = QStringLiteral(":memory:");
            const QString message = tr("No keychain: the local tenant runs in memory this session (%1)").arg(seal.error);
            QMetaObject::invokeMethod(qApp, [self, message] {
                if (self)
                    emit self->notice(message);
            });
        }
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
            // User logins run the rules and Actions on a rule host of their own, started (as
            // in `serve`) by the first login that has some to run, not with the app.
            self->m_loginChain = std::make_unique<LoginChain>();
            self->m_tenant->setLoginChain(self->m_loginChain.get());
            emit self->started(self->m_tenant->baseUrl());
        });
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}
