// SPDX-License-Identifier: MIT
#pragma once

#include "RuleHostReply.h"

#include <functional>
#include <map>
#include <QDeadlineTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QVersionNumber>

class QProcess;
class QTimer;

// The Node.js rule host (src/rulehost) as a child process spoken to in JSON lines over stdio.
// Starts `node` with a heap cap and, on Node >= 20, the permission flags; matches answers to
// requests by id (they may come out of order); and keeps a watchdog in C++: a request whose
// deadline passes (run: its timeout_ms plus a grace period, counted from when the host starts
// it, as the host runs chains one at a time) gets the process killed and restarted, and a host
// that dies is restarted. Requests that were only waiting are sent again to the new process.
// Every request is answered exactly once, on this object's thread; nothing here blocks except
// the *AndWait helpers, which run a local event loop (for the CLI and tests).
class RuleHost : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        NotStarted,
        Starting,
        Ready,
        Failed,
        Stopped
    };
    Q_ENUM(State)

    struct Options
    {
        QString nodeProgram; // empty: `node`, else `nodejs`, from PATH
        QString hostDir; // empty: NodeRuntime::defaultHostDir()
        int maxOldSpaceMb = 512; // --max-old-space-size; the executor thread inherits it
        bool permissions = true; // Node's permission model where the Node version has it
        // Off only for tests: rules then run on the host's main thread (the host reports
        // "isolation":"in-process") and only this class's watchdog can end a looping rule.
        bool allowWorker = true;
        int graceMs = 2000; // on top of a run's timeout_ms; the host's own watchdog needs ~1.2 s
        int startTimeoutMs = 20000; // from launch to the "ready" line
        int defaultDeadlineMs = 10000; // ping, check, reset
        int benchDeadlineMs = 600000; // bench, on top of timeout_ms + grace
        int maxFailedStarts = 3; // consecutive deaths before "ready": give up (State::Failed)
    };
    using Callback = std::function<void(const RuleHostReply &)>;

    explicit RuleHost(QObject *parent = nullptr);
    explicit RuleHost(Options options, QObject *parent = nullptr);
    ~RuleHost() override;

    void start();
    // Closes the host's stdin (it exits once idle) or kills it when busy; pending requests are
    // answered Unavailable.
    void stop();
    State state() const { return m_state; }
    QString lastError() const { return m_lastError; }
    QJsonObject readyInfo() const { return m_ready; } // the host's "ready" line
    QString isolation() const; // "worker" or "in-process"
    QVersionNumber nodeVersion() const { return m_nodeVersion; }
    QStringList nodeArguments() const { return m_arguments; } // of the running process
    qint64 processId() const;
    int restartCount() const { return m_restarts; }
    QStringList recentDiagnostics() const { return m_stderrTail; }

    // Sends a request ({"type": …} plus its fields; the id is added). `done` runs once, later,
    // unless `context` is destroyed first. deadlineMs 0: derived from the request type.
    qint64 send(QJsonObject request, QObject *context, Callback done, int deadlineMs = 0);
    // Forget a request: its callback will not run (the host still finishes the work).
    void abandon(qint64 id);

    bool startAndWait(QString *error = nullptr);
    RuleHostReply sendAndWait(const QJsonObject &request, int deadlineMs = 0);
    RuleHostReply runAndWait(const QJsonObject &runRequest) { return sendAndWait(runRequest); }

signals:
    void stateChanged(RuleHost::State state);
    void ready();
    void startFailed(const QString &message);
    // The watchdog killed a stuck host, or the host died; a new process is starting.
    void restarted(const QString &reason);
    void diagnostic(const QString &line); // the host's stderr, minus Node's flag warnings

private:
    struct Pending
    {
        QJsonObject request;
        QPointer<QObject> context;
        bool hasContext = false;
        Callback done;
        int budgetMs = 0;
        bool executor = false; // run/bench/reset: the host runs these one at a time, in order
        bool written = false;
        QDeadlineTimer deadline { QDeadlineTimer::Forever };
    };

    void setState(State state);
    QString hostDir() const;
    void launch();
    void onReadyRead();
    void onStderr();
    void onLine(const QByteArray &line);
    void onProcessFinished(int exitCode, int exitStatus);
    void onStartTimeout();
    void onWatchdog();
    void writePending();
    void write(qint64 id, Pending &pending);
    void startClocks();
    void rearmWatchdog();
    void restartAfter(RuleHostReply::Status status, const QString &reason, qint64 culprit);
    void retireProcess();
    void failAll(const QString &message);
    void deliver(qint64 id, RuleHostReply reply);
    int budgetFor(const QJsonObject &request) const;
    qint64 executorHead() const;

    Options m_options;
    State m_state = State::NotStarted;
    QProcess *m_process = nullptr;
    QTimer *m_watchdog = nullptr;
    QTimer *m_startTimer = nullptr;
    QByteArray m_stdoutBuffer;
    QByteArray m_stderrBuffer;
    QStringList m_stderrTail;
    QJsonObject m_ready;
    QVersionNumber m_nodeVersion;
    QString m_nodeProgram;
    QStringList m_arguments;
    QString m_lastError;
    std::map<qint64, Pending> m_pending; // by id, so ascending = the order they were sent
    qint64 m_nextId = 1;
    int m_restarts = 0;
    int m_failedStarts = 0;
};
