// SPDX-License-Identifier: MIT
#pragma once

#include "management/ManagementAccess.h"
#include "tenant/LocalTenant.h"

#include <QObject>
#include <QString>

#include <memory>

class LoginChain;
class SecretStore;

// Starts the embedded local tenant off the GUI thread (the first start generates an RSA key)
// and tells when it is up or why it is not. Its user logins run the tenant's rules and Actions
// through a LoginChain: a rule host on a thread of its own, started by the first login that
// needs it.
class LocalTenantService : public QObject
{
    Q_OBJECT
public:
    explicit LocalTenantService(QObject *parent = nullptr);
    ~LocalTenantService() override;

    // Reads (or makes) the data file's seal key in `secrets` first; without a keychain the
    // tenant runs in memory and `notice` says so.
    void start(const QString &dataFile, SecretStore *secrets);
    bool isRunning() const { return m_tenant != nullptr; }
    QString baseUrl() const;
    // The management client's credentials; only valid while running. Kept in memory only.
    ManagementAccess managementAccess() const;
    // The running tenant (its signer for simulated tokens the sample API accepts); null before
    // started() and after a failure.
    LocalTenant *localTenant() const { return m_tenant.get(); }

signals:
    void started(const QString &baseUrl);
    void notice(const QString &message);
    void failed(const QString &message);

private:
    std::unique_ptr<LoginChain> m_loginChain; // declared first: outlives the tenant that uses it
    std::unique_ptr<LocalTenant> m_tenant;
};
