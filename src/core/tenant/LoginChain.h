// SPDX-License-Identifier: MIT
#pragma once

#include "rules/LoginSimulator.h"
#include "rules/RuleHost.h"

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <mutex>

class Clock;
class QThread;
class TokenSigner;

// One user login as the local tenant hands it to the rule chain: the inputs (chain, user,
// context, configuration, secrets), who the tenant is to the rules, the client, and the exact
// request query the tokens are minted from (scope, audience, nonce: TokenMinter reads them
// from context.request.query, and LoginContextBuilder would fill in a made-up nonce and state).
struct LoginJob
{
    SimulationInputs inputs;
    TenantEndpoint endpoint;
    QString clientId;
    QString clientName;
    QJsonObject query;
    TokenMinter::Options tokenOptions;
};

// The rule host the local tenant's logins run through. cpp-httplib serves each request on a
// pool thread, and a RuleHost is a QObject that needs the event loop of the thread it lives
// on; so this class owns a QThread with the host (and, per login, a LoginSimulator) on it,
// and run() hands one login over and blocks the calling handler thread until the chain has
// answered. Logins run one at a time, in arrival order; at most MaxWaiting wait, so that
// waiting logins never take every server thread from the HTTP calls their rules make to the
// tenant. Shared: the GUI's simulator and the tenant may use the same instance.
class LoginChain
{
public:
    static constexpr int MaxWaiting = 3;

    explicit LoginChain(RuleHost::Options options = {});
    ~LoginChain();

    // Starts the thread and the Node process, and returns at once; run() waits for the host.
    // `started` runs on the chain's thread once the host is ready (error empty) or has failed.
    // Without it, the first run() starts the host (a tenant whose logins run no rules never
    // starts Node). Any thread; a second call does nothing.
    void startInBackground(std::function<void(const QString &error)> started = {});
    // startInBackground(), then waits until the host is ready or has failed to start.
    bool start(QString *error);
    // Empty while starting or once ready; why the host could not start otherwise.
    QString startError() const;

    // Runs one login; returns its result with tokens minted by `signer` (errorKind "busy"
    // when too many logins wait, "host_unavailable" when the host cannot run it). Blocks:
    // never call it from this object's own thread.
    SimulationResult run(const LoginJob &job, const TokenSigner &signer, const Clock &clock);

    // Each finished login, as lines for a log (serve prints them on stderr): one summary line,
    // then one line per HTTP call a rule made; also why the host could not start. Called on the
    // thread that called run() (the chain's own for a failed start). Set it before starting.
    void setTraceSink(std::function<void(const QString &line)> sink);
    static QStringList traceLines(const LoginJob &job, const SimulationResult &result);

    // How many logins reached the rule host since start (what tests count).
    int runCount() const { return m_runs; }

private:
    RuleHost::Options m_options;
    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; // lives on m_thread: the receiver of queued calls
    RuleHost *m_host = nullptr; // lives on m_thread
    std::shared_future<QString> m_started; // empty string: ready
    std::atomic_int m_waiting{0};
    std::atomic_int m_runs{0};
    std::mutex m_startMutex;
    std::mutex m_runMutex;
    std::mutex m_sinkMutex;
    std::function<void(const QString &)> m_sink;
};
