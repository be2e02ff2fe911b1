// SPDX-License-Identifier: MIT
#include "LocalTenant.h"

#include "ActionsApi.h"
#include "ApiErrors.h"
#include "AuthorizeEndpoint.h"
#include "ClientGrantsApi.h"
#include "ClientsApi.h"
#include "DiscoveryApi.h"
#include "FaultInjector.h"
#include "ManagementSupport.h"
#include "HttpServer.h"
#include "RateLimiter.h"
#include "ResourceServersApi.h"
#include "Router.h"
#include "RulesApi.h"
#include "RulesConfigsApi.h"
#include "SampleApi.h"
#include "TokenEndpoint.h"
#include "UserGrants.h"
#include "UserInfoEndpoint.h"
#include "UserLogins.h"
#include "UsersApi.h"
#include "common/Clock.h"

std::unique_ptr<LocalTenant> LocalTenant::start(const Options &options, QString *error, const Clock *clock)
{
    const Clock &theClock = clock ? *clock : Clock::system();
    auto store = TenantStore::open(options.dataFile, error, options.sealKey);
    if (!store)
        return nullptr;
    std::unique_ptr<LocalTenant> local(new LocalTenant);
    local->m_tenant = std::make_unique<Tenant>(std::move(store), theClock);
    local->m_router = std::make_unique<Router>();
    local->m_rateLimiter = std::make_unique<RateLimiter>(theClock, options.rateLimitPerSecond);
    local->m_faults = std::make_unique<FaultInjector>();
    local->m_rulesAvailable = options.rulesAvailable;
    local->m_server = std::make_unique<HttpServer>([raw = local.get()](HttpRequest &r) { return raw->handle(r); });
    if (!local->m_server->bind(options.host, options.port, error))
        return nullptr;

    // Tokens name the address clients use; a wildcard bind is still reached on loopback.
    const bool wildcard = options.host == QLatin1String("0.0.0.0") || options.host == QLatin1String("::");
    const QString host = wildcard ? QStringLiteral("127.0.0.1") : options.host;
    const QString hostPart = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    if (!local->m_tenant->initialize(QStringLiteral("http://%1:%2").arg(hostPart).arg(local->port()), error))
        return nullptr;

    Tenant &tenant = *local->m_tenant;
    Router &router = *local->m_router;
    ResourceServersApi::registerRoutes(router, tenant);
    ClientsApi::registerRoutes(router, tenant);
    ClientGrantsApi::registerRoutes(router, tenant);
    RulesApi::registerRoutes(router, tenant);
    RulesConfigsApi::registerRoutes(router, tenant);
    UsersApi::registerRoutes(router, tenant);
    ActionsApi::registerRoutes(router, tenant);
    local->m_logins = std::make_unique<UserLogins>(tenant, options.rulesAvailable);
    local->m_logins->setLoginChain(options.loginChain);
    TokenEndpoint::registerRoutes(router, tenant, UserGrants::handlers(*local->m_logins));
    AuthorizeEndpoint::registerRoutes(router, *local->m_logins);
    UserInfoEndpoint::registerRoutes(router, tenant);
    DiscoveryApi::registerRoutes(router, tenant);
    SampleApi::registerRoutes(router, tenant);
    FaultInjector &faults = *local->m_faults;
    for (const char *method : {"GET", "POST", "DELETE"}) {
        router.add(method, QStringLiteral("/rulebench/faults"),
                   Management::guarded(tenant, Tenant::managementScopes(), [&faults](HttpRequest &r) { return faults.configure(r); }));
    }
    local->m_server->start();
    return local;
}

LocalTenant::~LocalTenant()
{
    stop();
}

quint16 LocalTenant::port() const
{
    return m_server->port();
}

void LocalTenant::setLoginChain(LoginChain *chain)
{
    m_logins->setLoginChain(chain);
}

void LocalTenant::stop()
{
    if (m_faults)
        m_faults->cancelHangs();
    if (m_server)
        m_server->stop();
}

HttpResponse LocalTenant::handle(HttpRequest &request)
{
    std::optional<FaultInjector::Fault> fault;
    if (!request.path.startsWith(QLatin1String("/rulebench/")))
        fault = m_faults->take(request);
    if (fault && !fault->after)
        return m_faults->respond(*fault);
    const auto handled = [this, &request] {
        if (!request.path.startsWith(QLatin1String("/api/v2/")))
            return m_router->dispatch(request);
        if (!m_rulesAvailable && (request.path.startsWith(QLatin1String("/api/v2/rules")))) {
            // What deploy-cli treats as "feature deprecated" (reference/auth0-api.md §4).
            return ApiErrors::management(403, QStringLiteral("Insufficient privileges to use this deprecated feature"),
                                         QStringLiteral("insufficient_scope"));
        }
        if (auto limited = m_rateLimiter->take()) {
            m_rateLimiter->decorate(*limited);
            return *limited;
        }
        HttpResponse response = m_router->dispatch(request);
        m_rateLimiter->decorate(response);
        return response;
    }();
    // An "after" fault: the tenant did what was asked, and the answer is lost.
    return fault ? m_faults->respond(*fault) : handled;
}
