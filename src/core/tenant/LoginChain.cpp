// SPDX-License-Identifier: MIT
#include "LoginChain.h"

#include "rules/TokenSigner.h"

#include <QThread>

#include <chrono>
#include <future>

namespace {

// A login whose host never answers is still ended by the RuleHost's watchdog (timeout_ms plus
// its grace period, and a restart); this is only the handler thread's last resort.
constexpr int SafetyMarginMs = 30000;

QJsonObject withQuery(QJsonObject request, const QJsonObject &query)
{
    QJsonObject context = request.value(QLatin1String("context")).toObject();
    QJsonObject http = context.value(QLatin1String("request")).toObject();
    http.insert(QStringLiteral("query"), query);
    context.insert(QStringLiteral("request"), http);
    request.insert(QStringLiteral("context"), context);
    return request;
}

} // namespace

LoginChain::LoginChain(RuleHost::Options options)
    : m_options(std::move(options))
{
}

LoginChain::~LoginChain()
{
    std::lock_guard lock(m_startMutex);
    if (!m_thread)
        return;
    // Not while the host starts: its startAndWait() runs a nested event loop that would run
    // the deletion inside it. Then the host (and the Node process) end on their own thread.
    m_started.wait();
    QMetaObject::invokeMethod(
        m_context, [this] { delete m_host; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_context;
    delete m_thread;
}

void LoginChain::startInBackground(std::function<void(const QString &)> onStarted)
{
    std::lock_guard lock(m_startMutex);
    if (m_thread)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("rulebench-login-chain"));
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    m_thread->start();

    auto started = std::make_shared<std::promise<QString>>();
    m_started = started->get_future().share();
    QMetaObject::invokeMethod(
        m_context,
        [this, started, onStarted] {
            m_host = new RuleHost(m_options);
            QString why;
            if (!m_host->startAndWait(&why)) {
                why = QStringLiteral("the rule host cannot start: %1").arg(why.isEmpty() ? QStringLiteral("no reason given") : why);
                std::lock_guard lock(m_sinkMutex);
                if (m_sink)
                    m_sink(why + QStringLiteral("; logins on a tenant with rules or Actions are refused"));
            }
            started->set_value(why);
            if (onStarted)
                onStarted(why);
        },
        Qt::QueuedConnection);
}

bool LoginChain::start(QString *error)
{
    startInBackground();
    const QString why = m_started.get();
    if (!why.isEmpty() && error)
        *error = why;
    return why.isEmpty();
}

QString LoginChain::startError() const
{
    if (!m_started.valid() || m_started.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return {};
    return m_started.get();
}

void LoginChain::setTraceSink(std::function<void(const QString &)> sink)
{
    std::lock_guard lock(m_sinkMutex);
    m_sink = std::move(sink);
}

SimulationResult LoginChain::run(const LoginJob &job, const TokenSigner &signer, const Clock &clock)
{
    startInBackground();
    struct Waiting
    {
        std::atomic_int &count;
        ~Waiting() { --count; }
    } waiting { m_waiting };
    if (++m_waiting > MaxWaiting + 1)
        return SimulationResult::failure(QStringLiteral("too many logins are waiting for the rule chain"),
                                         QStringLiteral("busy"));

    std::lock_guard one(m_runMutex);
    const int startMs = m_options.startTimeoutMs * (m_options.maxFailedStarts + 1);
    if (m_started.wait_for(std::chrono::milliseconds(startMs)) != std::future_status::ready)
        return SimulationResult::failure(QStringLiteral("the rule host is still starting"), QStringLiteral("host_unavailable"));
    if (const QString why = m_started.get(); !why.isEmpty())
        return SimulationResult::failure(why, QStringLiteral("host_unavailable"));
    ++m_runs;
    auto promise = std::make_shared<std::promise<SimulationResult>>();
    std::future<SimulationResult> answer = promise->get_future();
    QMetaObject::invokeMethod(
        m_context,
        [this, job, &signer, &clock, promise] {
            auto *simulator = new LoginSimulator(*m_host, signer, job.endpoint, clock);
            simulator->setClient(job.clientId, job.clientName);
            simulator->setTokenOptions(job.tokenOptions);
            const QJsonObject request = withQuery(simulator->buildRequest(job.inputs), job.query);
            m_host->send(request, simulator, [simulator, job, promise](const RuleHostReply &reply) {
                if (reply.isResult()) {
                    promise->set_value(simulator->complete(reply.response, job.inputs));
                } else {
                    const QString kind = reply.status == RuleHostReply::Status::Unavailable
                        ? QStringLiteral("host_unavailable")
                        : QStringLiteral("bad_request");
                    promise->set_value(SimulationResult::failure(reply.message, kind));
                }
                simulator->deleteLater();
            });
        },
        Qt::QueuedConnection);

    const int waitMs = job.inputs.timeoutMs + m_options.graceMs + SafetyMarginMs;
    SimulationResult result;
    if (answer.wait_for(std::chrono::milliseconds(waitMs)) == std::future_status::ready)
        result = answer.get();
    else
        result = SimulationResult::failure(QStringLiteral("the rule host did not answer in %1 ms").arg(waitMs),
                                           QStringLiteral("host_unavailable"));

    std::lock_guard lock(m_sinkMutex);
    if (m_sink) {
        for (const QString &line : traceLines(job, result))
            m_sink(line);
    }
    return result;
}

QStringList LoginChain::traceLines(const LoginJob &job, const SimulationResult &result)
{
    int calls = 0, actions = 0;
    for (const RuleResult &rule : result.rules) {
        calls += int(rule.http.size());
        actions += rule.kind == QLatin1String("action") ? 1 : 0;
    }
    QString outcome = result.outcome;
    if (!result.isAllowed())
        outcome += QStringLiteral(" (%1: %2)").arg(result.error.isEmpty() ? result.errorKind : result.error,
                                                   result.errorDescription);
    QStringList lines { QStringLiteral("login %1 client %2 (%3): %4; rules %5, Actions %6, HTTP calls %7")
                            .arg(job.inputs.user.value(QLatin1String("user_id")).toString(), job.clientId,
                                 job.inputs.context.value(QLatin1String("protocol")).toString(), outcome)
                            .arg(result.rules.size() - actions)
                            .arg(actions)
                            .arg(calls) };
    for (const RuleResult &rule : result.rules) {
        for (const HttpCall &call : rule.http) {
            const QString answer = call.status ? QString::number(*call.status) : QStringLiteral("no answer: ") + call.error;
            lines << QStringLiteral("  %1: %2 %3 -> %4 (%5 ms)")
                         .arg(rule.name, call.method, call.url, answer)
                         .arg(call.durationMs, 0, 'f', 1);
        }
    }
    return lines;
}
