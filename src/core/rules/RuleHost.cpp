// SPDX-License-Identifier: MIT
#include "RuleHost.h"

#include "NodeRuntime.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTimer>

namespace {

const QLatin1String Type("type");
const int StderrTailLines = 40;

bool isExecutorRequest(const QString &type)
{
    // host.js answers ping, check and convert on its main thread at once; everything else
    // waits its turn in the executor.
    return type != QLatin1String("ping") && type != QLatin1String("check")
        && type != QLatin1String("convert");
}

} // namespace

RuleHost::RuleHost(QObject *parent)
    : RuleHost(Options(), parent)
{
}

RuleHost::RuleHost(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_watchdog(new QTimer(this))
    , m_startTimer(new QTimer(this))
{
    m_watchdog->setSingleShot(true);
    m_watchdog->setTimerType(Qt::PreciseTimer);
    connect(m_watchdog, &QTimer::timeout, this, &RuleHost::onWatchdog);
    m_startTimer->setSingleShot(true);
    connect(m_startTimer, &QTimer::timeout, this, &RuleHost::onStartTimeout);
}

RuleHost::~RuleHost()
{
    // No callbacks from a half-destroyed object; nobody can be waiting for them anyway.
    m_pending.clear();
    if (m_process) {
        m_process->disconnect(this);
        if (m_state == State::Ready)
            m_process->closeWriteChannel(); // idle host: exits at once
        if (m_state != State::Ready || !m_process->waitForFinished(1500)) {
            m_process->kill();
            m_process->waitForFinished(1500);
        }
    }
}

QString RuleHost::isolation() const
{
    return m_ready.value(QLatin1String("isolation")).toString();
}

qint64 RuleHost::processId() const
{
    return m_process ? m_process->processId() : 0;
}

void RuleHost::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void RuleHost::start()
{
    if (m_state == State::Starting || m_state == State::Ready)
        return;
    m_failedStarts = 0;
    m_lastError.clear();
    setState(State::Starting);
    m_nodeProgram = m_options.nodeProgram.isEmpty() ? NodeRuntime::find() : m_options.nodeProgram;
    if (m_nodeProgram.isEmpty()) {
        failAll(tr("Node.js was not found (looked for \"node\" and \"nodejs\" on PATH); install Node.js %1 "
                   "or newer")
                    .arg(NodeRuntime::minimumVersion().toString()));
        return;
    }
    const QString hostScript = QDir(hostDir()).filePath(QStringLiteral("host.js"));
    if (!QFileInfo::exists(hostScript)) {
        failAll(tr("the rule host is missing: %1 does not exist (set RULEBENCH_RULEHOST_DIR to the folder "
                   "that holds host.js)")
                    .arg(hostScript));
        return;
    }
    NodeRuntime::probe(m_nodeProgram, this, [this](const QVersionNumber &version, const QString &error) {
        if (m_state != State::Starting)
            return; // stopped meanwhile
        if (!error.isEmpty()) {
            failAll(error);
            return;
        }
        m_nodeVersion = version;
        launch();
    });
}

QString RuleHost::hostDir() const
{
    return m_options.hostDir.isEmpty() ? NodeRuntime::defaultHostDir() : m_options.hostDir;
}

void RuleHost::launch()
{
    if (m_nodeVersion < NodeRuntime::minimumVersion()) {
        failAll(tr("Node.js %1 is too old for the rule host (%2 found at %3); install %4 or newer")
                    .arg(NodeRuntime::minimumVersion().toString(), m_nodeVersion.toString(), m_nodeProgram,
                         NodeRuntime::minimumVersion().toString()));
        return;
    }
    const QString dir = QFileInfo(hostDir()).canonicalFilePath();
    NodeRuntime::Flags flags;
    flags.maxOldSpaceMb = m_options.maxOldSpaceMb;
    flags.permissions = m_options.permissions;
    flags.allowWorker = m_options.allowWorker;
    m_arguments = NodeRuntime::arguments(m_nodeVersion, flags, dir);

    m_process = new QProcess(this);
    m_process->setProgram(m_nodeProgram);
    m_process->setArguments(m_arguments);
    m_process->setWorkingDirectory(dir);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("NODE_OPTIONS")); // the flags above are the whole story
    m_process->setProcessEnvironment(environment);
    m_stdoutBuffer.clear();
    m_stderrBuffer.clear();
    m_stderrTail.clear();
    m_ready = {};
    connect(m_process, &QProcess::readyReadStandardOutput, this, &RuleHost::onReadyRead);
    connect(m_process, &QProcess::readyReadStandardError, this, &RuleHost::onStderr);
    connect(m_process, &QProcess::finished, this,
            [this](int code, QProcess::ExitStatus status) { onProcessFinished(code, int(status)); });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            failAll(tr("cannot start %1: %2").arg(m_nodeProgram, m_process->errorString()));
    });
    m_startTimer->start(m_options.startTimeoutMs);
    m_process->start();
}

void RuleHost::stop()
{
    if (m_process) {
        if (m_state == State::Ready && m_pending.empty()) {
            QProcess *process = m_process;
            m_process = nullptr;
            process->disconnect(this);
            connect(process, &QProcess::finished, process, &QObject::deleteLater);
            process->closeWriteChannel();
            QTimer::singleShot(3000, process, [process] { process->kill(); });
        } else {
            retireProcess();
        }
    }
    m_startTimer->stop();
    m_watchdog->stop();
    setState(State::Stopped);
    std::vector<qint64> ids;
    for (const auto &[id, pending] : m_pending)
        ids.push_back(id);
    for (qint64 id : ids)
        deliver(id, { RuleHostReply::Status::Unavailable, {}, tr("the rule host was stopped") });
}

int RuleHost::budgetFor(const QJsonObject &request) const
{
    const QString type = request.value(Type).toString();
    const int timeoutMs = request.value(QLatin1String("timeout_ms")).toInt(20000);
    if (type == QLatin1String("run"))
        return timeoutMs + m_options.graceMs;
    if (type == QLatin1String("bench"))
        return m_options.benchDeadlineMs + timeoutMs + m_options.graceMs;
    return m_options.defaultDeadlineMs;
}

qint64 RuleHost::send(QJsonObject request, QObject *context, Callback done, int deadlineMs)
{
    const qint64 id = m_nextId++;
    request.insert(QStringLiteral("id"), double(id));
    Pending pending;
    pending.request = std::move(request);
    pending.context = context;
    pending.hasContext = context != nullptr;
    pending.done = std::move(done);
    pending.budgetMs = deadlineMs > 0 ? deadlineMs : budgetFor(pending.request);
    pending.executor = isExecutorRequest(pending.request.value(Type).toString());
    auto &stored = m_pending.emplace(id, std::move(pending)).first->second;

    switch (m_state) {
    case State::Ready:
        write(id, stored);
        startClocks();
        rearmWatchdog();
        break;
    case State::Failed:
    case State::Stopped:
        // Answered later, like every other reply, so callers see one code path.
        QTimer::singleShot(0, this, [this, id] {
            deliver(id,
                    { RuleHostReply::Status::Unavailable,
                      {},
                      m_lastError.isEmpty() ? tr("the rule host is not running") : m_lastError });
        });
        break;
    case State::NotStarted:
        start();
        break;
    case State::Starting:
        break;
    }
    return id;
}

void RuleHost::abandon(qint64 id)
{
    auto it = m_pending.find(id);
    if (it != m_pending.end())
        it->second.done = nullptr;
}

void RuleHost::write(qint64, Pending &pending)
{
    m_process->write(QJsonDocument(pending.request).toJson(QJsonDocument::Compact) + '\n');
    pending.written = true;
    if (!pending.executor)
        pending.deadline = QDeadlineTimer(pending.budgetMs, Qt::PreciseTimer);
}

void RuleHost::writePending()
{
    for (auto &[id, pending] : m_pending) {
        if (!pending.written)
            write(id, pending);
    }
    startClocks();
    rearmWatchdog();
}

qint64 RuleHost::executorHead() const
{
    for (const auto &[id, pending] : m_pending) {
        if (pending.executor)
            return id;
    }
    return 0;
}

// The host runs executor requests one after another, so only the first one's clock runs.
void RuleHost::startClocks()
{
    const qint64 head = executorHead();
    if (!head)
        return;
    Pending &pending = m_pending.at(head);
    if (pending.written && pending.deadline.isForever())
        pending.deadline = QDeadlineTimer(pending.budgetMs, Qt::PreciseTimer);
}

void RuleHost::rearmWatchdog()
{
    qint64 soonest = -1;
    for (const auto &[id, pending] : m_pending) {
        if (!pending.written || pending.deadline.isForever())
            continue;
        const qint64 left = qMax<qint64>(0, pending.deadline.remainingTime());
        if (soonest < 0 || left < soonest)
            soonest = left;
    }
    if (soonest < 0)
        m_watchdog->stop();
    else
        m_watchdog->start(int(qMin<qint64>(soonest, std::numeric_limits<int>::max())));
}

void RuleHost::onWatchdog()
{
    qint64 culprit = 0;
    for (const auto &[id, pending] : m_pending) {
        if (pending.written && !pending.deadline.isForever() && pending.deadline.hasExpired()) {
            culprit = id;
            break;
        }
    }
    if (!culprit) {
        rearmWatchdog();
        return;
    }
    const Pending &pending = m_pending.at(culprit);
    restartAfter(RuleHostReply::Status::Timeout,
                 tr("the rule host did not answer within %1 ms (a rule blocked it?); Rulebench ended the "
                    "process and started a new one")
                     .arg(pending.budgetMs),
                 culprit);
}

void RuleHost::onStartTimeout()
{
    if (m_state != State::Starting || !m_process)
        return;
    m_lastError = tr("the rule host did not say it was ready within %1 ms").arg(m_options.startTimeoutMs);
    retireProcess();
    if (++m_failedStarts >= m_options.maxFailedStarts) {
        failAll(m_lastError);
        return;
    }
    launch();
}

void RuleHost::onProcessFinished(int exitCode, int exitStatus)
{
    onStderr();
    if (!m_stderrBuffer.trimmed().isEmpty())
        m_stderrTail.append(QString::fromUtf8(m_stderrBuffer).trimmed());
    m_stderrBuffer.clear();
    QString reason = exitStatus == QProcess::CrashExit
        ? tr("the rule host crashed")
        : tr("the rule host exited with code %1").arg(exitCode);
    const QString tail = m_stderrTail.join(QLatin1Char('\n'));
    if (tail.contains(QLatin1String("heap limit")) || tail.contains(QLatin1String("out of memory")))
        reason += tr(" (out of memory: the heap is capped at %1 MB)").arg(m_options.maxOldSpaceMb);
    else if (!m_stderrTail.isEmpty())
        reason += QStringLiteral(": ") + m_stderrTail.constLast();
    m_lastError = reason;
    if (m_state == State::Starting) {
        retireProcess();
        if (++m_failedStarts >= m_options.maxFailedStarts) {
            failAll(tr("the rule host could not start: %1").arg(reason));
            return;
        }
        launch();
        return;
    }
    // The first chain in line was running when it died; the others were only waiting.
    const qint64 head = executorHead();
    const bool headStarted = head && m_pending.at(head).written;
    restartAfter(RuleHostReply::Status::HostRestarted, reason + tr("; Rulebench started a new one"),
                 headStarted ? head : 0);
}

void RuleHost::retireProcess()
{
    if (!m_process)
        return;
    QProcess *process = m_process;
    m_process = nullptr;
    process->disconnect(this);
    if (process->state() == QProcess::NotRunning) {
        process->deleteLater();
        return;
    }
    connect(process, &QProcess::finished, process, &QObject::deleteLater);
    process->kill(); // SIGKILL: a rule that blocks the event loop ignores everything else
}

void RuleHost::restartAfter(RuleHostReply::Status status, const QString &reason, qint64 culprit)
{
    retireProcess();
    m_watchdog->stop();
    m_startTimer->stop();
    ++m_restarts;
    setState(State::Starting);
    // Every sandbox's `global` died with the process; requests that were only waiting go to
    // the next one. The culprit is answered for.
    for (auto &[id, pending] : m_pending) {
        pending.written = false;
        pending.deadline = QDeadlineTimer(QDeadlineTimer::Forever);
    }
    emit restarted(reason);
    launch();
    if (culprit && m_pending.count(culprit)) {
        const QString kind = status == RuleHostReply::Status::Timeout ? QStringLiteral("timeout")
                                                                      : QStringLiteral("host_restarted");
        const Pending &pending = m_pending.at(culprit);
        QJsonObject response;
        if (pending.request.value(Type).toString() == QLatin1String("run"))
            response = RuleHostReply::lostRunResult(pending.request, kind, reason);
        else
            response = { { QStringLiteral("id"), double(culprit) },
                         { QStringLiteral("type"), QStringLiteral("error") },
                         { QStringLiteral("message"), reason } };
        deliver(culprit, { status, response, reason });
    }
}

void RuleHost::failAll(const QString &message)
{
    m_lastError = message;
    retireProcess();
    m_watchdog->stop();
    m_startTimer->stop();
    setState(State::Failed);
    emit startFailed(message);
    std::vector<qint64> ids;
    for (const auto &[id, pending] : m_pending)
        ids.push_back(id);
    for (qint64 id : ids)
        deliver(id, { RuleHostReply::Status::Unavailable, {}, message });
}

void RuleHost::onReadyRead()
{
    if (!m_process)
        return;
    m_stdoutBuffer += m_process->readAllStandardOutput();
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = m_stdoutBuffer.indexOf('\n', start);
        if (end < 0)
            break;
        const QByteArray line = m_stdoutBuffer.mid(start, end - start);
        start = end + 1;
        QPointer<RuleHost> self(this);
        QProcess *process = m_process;
        onLine(line);
        if (!self || m_process != process)
            return; // a callback stopped or restarted the host; this buffer is gone
    }
    m_stdoutBuffer.remove(0, start);
}

void RuleHost::onStderr()
{
    if (!m_process)
        return;
    m_stderrBuffer += m_process->readAllStandardError();
    qsizetype end;
    while ((end = m_stderrBuffer.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_stderrBuffer.left(end)).trimmed();
        m_stderrBuffer.remove(0, end + 1);
        if (line.isEmpty() || NodeRuntime::isFlagWarning(line))
            continue;
        m_stderrTail.append(line);
        if (m_stderrTail.size() > StderrTailLines)
            m_stderrTail.removeFirst();
        emit diagnostic(line);
    }
}

void RuleHost::onLine(const QByteArray &line)
{
    if (line.trimmed().isEmpty())
        return;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (!doc.isObject()) {
        emit diagnostic(tr("unreadable line from the rule host: %1").arg(error.errorString()));
        return;
    }
    const QJsonObject message = doc.object();
    if (message.value(Type).toString() == QLatin1String("ready")) {
        m_ready = message;
        m_startTimer->stop();
        m_failedStarts = 0;
        setState(State::Ready);
        writePending();
        emit ready();
        return;
    }
    const QJsonValue idValue = message.value(QLatin1String("id"));
    if (!idValue.isDouble()) {
        emit diagnostic(tr("the rule host answered without an id: %1")
                            .arg(message.value(QLatin1String("message")).toString()));
        return;
    }
    const qint64 id = qint64(idValue.toDouble());
    if (!m_pending.count(id))
        return; // answered already (the watchdog spoke for it) or abandoned
    QString text;
    if (message.value(Type).toString() == QLatin1String("error"))
        text = message.value(QLatin1String("message")).toString();
    deliver(id, { RuleHostReply::Status::Answered, message, text });
    startClocks();
    rearmWatchdog();
}

void RuleHost::deliver(qint64 id, RuleHostReply reply)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Pending pending = std::move(it->second);
    m_pending.erase(it);
    if (!pending.done || (pending.hasContext && !pending.context))
        return;
    pending.done(reply);
}

bool RuleHost::startAndWait(QString *error)
{
    if (m_state != State::Ready) {
        QEventLoop loop;
        connect(this, &RuleHost::ready, &loop, &QEventLoop::quit);
        connect(this, &RuleHost::startFailed, &loop, &QEventLoop::quit);
        start();
        if (m_state == State::Starting)
            loop.exec();
    }
    if (m_state != State::Ready && error)
        *error = m_lastError;
    return m_state == State::Ready;
}

RuleHostReply RuleHost::sendAndWait(const QJsonObject &request, int deadlineMs)
{
    QEventLoop loop;
    RuleHostReply result;
    bool finished = false;
    send(
        request, &loop,
        [&](const RuleHostReply &reply) {
            result = reply;
            finished = true;
            loop.quit();
        },
        deadlineMs);
    if (!finished)
        loop.exec();
    return result;
}
