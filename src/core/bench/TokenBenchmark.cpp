// SPDX-License-Identifier: MIT
#include "TokenBenchmark.h"

#include "crypto/Jwt.h"
#include "crypto/RsaKey.h"
#include "tenant/LocalTenant.h"
#include "tenant/TenantIds.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QUrl>
#include <httplib.h>

#include <atomic>
#include <thread>
#include <vector>

namespace TokenBenchmark {
namespace {

// Splits `total` work items over `threads` threads and returns items per second.
double perSecond(int total, int threads, const std::function<bool(int)> &work, std::atomic<int> *failures)
{
    std::vector<std::thread> pool;
    QElapsedTimer timer;
    timer.start();
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = t; i < total; i += threads) {
                if (!work(t))
                    ++*failures;
            }
        });
    }
    for (auto &thread : pool)
        thread.join();
    return total / (timer.nsecsElapsed() / 1e9);
}

} // namespace

TokenBenchmarkResult run(int requests, int threads, QString *error)
{
    TokenBenchmarkResult result;
    result.requests = requests;
    result.threads = threads;
    auto local = LocalTenant::start({}, error);
    if (!local)
        return result;

    // Set up as the wizard would leave a tenant: an API, an M2M client, a grant.
    TenantStore &store = local->tenant().store();
    const QString audience = QStringLiteral("https://bench-api");
    const QString clientId = TenantIds::clientId();
    const QString secret = TenantIds::clientSecret();
    store.put(QLatin1String(Tenant::ResourceServers), TenantIds::resourceServerId(),
              {{QStringLiteral("identifier"), audience}, {QStringLiteral("token_lifetime"), 86400},
               {QStringLiteral("scopes"), QJsonArray{QJsonObject{{QStringLiteral("value"), QStringLiteral("read:messages")}}}}});
    store.put(QLatin1String(Tenant::Clients), clientId,
              {{QStringLiteral("client_id"), clientId}, {QStringLiteral("client_secret"), secret},
               {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("client_credentials")}}});
    const QString grantId = TenantIds::clientGrantId();
    store.put(QLatin1String(Tenant::ClientGrants), grantId,
              {{QStringLiteral("id"), grantId}, {QStringLiteral("client_id"), clientId}, {QStringLiteral("audience"), audience},
               {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:messages")}}});

    const std::string body = QStringLiteral("grant_type=client_credentials&client_id=%1&client_secret=%2&audience=%3")
                                 .arg(clientId, secret, QString::fromLatin1(QUrl::toPercentEncoding(audience)))
                                 .toStdString();
    std::vector<std::unique_ptr<httplib::Client>> clients;
    for (int t = 0; t < threads; ++t) {
        clients.push_back(std::make_unique<httplib::Client>("127.0.0.1", local->port()));
        clients.back()->set_keep_alive(true);
        // As QNetworkAccessManager does: a POST's head and body are separate writes, and with
        // Nagle on the body would wait for a delayed ACK (~40 ms) on every kept-alive request.
        clients.back()->set_tcp_nodelay(true);
    }
    std::atomic<int> failures{0};
    // One warm-up request per connection so both sides measure steady state.
    for (auto &client : clients)
        client->Post("/oauth/token", body, "application/x-www-form-urlencoded");
    result.httpTokensPerSecond = perSecond(requests, threads, [&](int t) {
        auto response = clients[size_t(t)]->Post("/oauth/token", body, "application/x-www-form-urlencoded");
        return response && response->status == 200;
    }, &failures);
    result.failures = failures;

    // The same work minus HTTP, routing and lookups: sign an equivalent payload.
    const RsaKey key = RsaKey::generate();
    const QJsonObject claims{{QStringLiteral("iss"), local->tenant().issuer()}, {QStringLiteral("sub"), clientId + QStringLiteral("@clients")},
                             {QStringLiteral("aud"), audience}, {QStringLiteral("iat"), 1700000000}, {QStringLiteral("exp"), 1700086400},
                             {QStringLiteral("scope"), QStringLiteral("read:messages")}, {QStringLiteral("gty"), QStringLiteral("client-credentials")},
                             {QStringLiteral("azp"), clientId}};
    const auto sign = [&](int) { return !Jwt::signRs256(claims, key, QStringLiteral("kid")).isEmpty(); };
    std::atomic<int> ignored{0};
    result.bareSignsPerSecond = perSecond(requests, threads, sign, &ignored);
    result.bareSignsPerSecondOneThread = perSecond(requests, 1, sign, &ignored);
    return result;
}

} // namespace TokenBenchmark
