// SPDX-License-Identifier: MIT
#pragma once

#include "HttpExchange.h"
#include "Tenant.h"

#include <QString>

#include <memory>

class Clock;
class FaultInjector;
class HttpServer;
class LoginChain;
class RateLimiter;
class Router;
class UserLogins;

// The built-in local tenant: an HTTP server on loopback that speaks Auth0's Management and
// Authentication APIs over a SQLite data file. Used by `rulebench-cli serve` and embedded by
// the GUI on first launch. Serves on background threads; stop() or the destructor ends it.
class LocalTenant
{
public:
    struct Options
    {
        QString dataFile = QStringLiteral(":memory:");
        QString host = QStringLiteral("127.0.0.1");
        quint16 port = 0;
        int rateLimitPerSecond = 1000;
        // false: the tenant answers the Rules endpoints as a tenant past Rules' end of life does
        // (18 Nov 2026) and runs only Actions on logins.
        bool rulesAvailable = true;
        // Seals the secrets in the data file (see SealKey); empty: stored as they are.
        SecretBytes sealKey;
        // Runs the rules and Actions of user logins; not owned, must outlive the tenant. None:
        // logins run when the tenant has no enabled rule and no bound Action, and are refused
        // with access_denied (saying why) when it has some. setLoginChain() may add it later.
        LoginChain *loginChain = nullptr;
    };

    static std::unique_ptr<LocalTenant> start(const Options &options, QString *error, const Clock *clock = nullptr);
    ~LocalTenant();

    QString baseUrl() const { return m_tenant->baseUrl(); }
    quint16 port() const;
    ManagementCredentials managementCredentials() const { return m_tenant->managementCredentials(); }
    Tenant &tenant() { return *m_tenant; }
    void setLoginChain(LoginChain *chain);
    void stop();

private:
    LocalTenant() = default;
    HttpResponse handle(HttpRequest &request);

    std::unique_ptr<Tenant> m_tenant;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<RateLimiter> m_rateLimiter;
    std::unique_ptr<FaultInjector> m_faults;
    std::unique_ptr<UserLogins> m_logins;
    bool m_rulesAvailable = true;
    std::unique_ptr<HttpServer> m_server;
};
