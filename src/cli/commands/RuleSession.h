// SPDX-License-Identifier: MIT
#pragma once

#include "management/ManagementAccess.h"
#include "rules/LoginSimulator.h"
#include "rules/RuleHost.h"
#include "rules/TokenSigner.h"

#include <memory>
#include <optional>
#include <QJsonObject>
#include <QString>
#include <QUrl>

class LocalTenant;

// What `simulate` and `test` share: the tenant the rules talk to and the warm rule host.
// With --tenant URL the rules use that tenant (and tokens are signed by a throw-away key);
// without it an in-memory local tenant is started in this process on 127.0.0.1 and signs them.
class RuleSession
{
public:
    RuleSession();
    ~RuleSession();

    // tenant: empty, or what --tenant says. False with *error when it cannot start.
    bool open(const QString &tenant, QString *error);
    bool startHost(QString *error);

    RuleHost &host() { return *m_host; }
    const TokenSigner &signer() const { return *m_signer; }
    TenantEndpoint endpoint() const { return m_endpoint; }
    QString tenantUrl() const { return m_baseUrl.toString(QUrl::StripTrailingSlash); }
    QString tenantDomain() const { return m_baseUrl.authority(); }
    bool isInProcess() const { return bool(m_local); }
    // The management client of the in-process tenant; for --tenant the given credentials.
    ManagementAccess managementAccess() const { return m_access; }
    void setManagementCredentials(const QString &clientId, const QByteArray &secret);

    // ${TENANT_URL} and ${TENANT_DOMAIN} in configuration values.
    QJsonObject substitute(const QJsonObject &configuration) const;

    // Input helpers shared by simulate, test and bench; errors name the file or option.
    static std::optional<RuleChain> loadChain(const QStringList &rules, const QStringList &actions,
                                              QString *error);
    // ISO-8601; without an offset the time is taken as UTC.
    static std::optional<QDateTime> parseNow(const QString &text, QString *error);
    static std::optional<int> parseTimeout(const QString &text, QString *error);

private:
    std::unique_ptr<LocalTenant> m_local;
    std::unique_ptr<TokenSigner> m_signer;
    std::unique_ptr<RuleHost> m_host;
    TenantEndpoint m_endpoint;
    ManagementAccess m_access;
    QUrl m_baseUrl;
};
