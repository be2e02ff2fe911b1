// SPDX-License-Identifier: MIT
// RuleHost against the real Node rule host: start, ping, run, answers out of order, and the
// faults the C++ watchdog contains — a looping rule the host cannot end itself (rules on the
// host's main thread, or a C++ grace shorter than the host's), a host that exits or runs out of
// heap — each followed by a login that succeeds.
#include "rules/NodeRuntime.h"
#include "rules/RuleHost.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace {

QJsonObject rule(const QString &name, const QString &source)
{
    return { { QStringLiteral("name"), name },
             { QStringLiteral("kind"), QStringLiteral("rule") },
             { QStringLiteral("source"), source } };
}

const QString Pass = QStringLiteral(
    "function (user, context, callback) { context.idToken.ok = true; callback(null, user, context); }");
const QString Counter = QStringLiteral("function (user, context, callback) { global.n = (global.n || 0) + 1; "
                                       "context.idToken.n = global.n; callback(null, user, context); }");
const QString LoopInPromise = QStringLiteral(
    "function (user, context, callback) { Promise.resolve().then(function () { while (true) {} }); }");
const QString Exit = QStringLiteral(
    "function (user, context, callback) { this.constructor.constructor('return process')().exit(1); }");
const QString HeapBomb = QStringLiteral(
    "function (user, context, callback) { const a = []; for (;;) a.push(new Array(1e5).fill(1)); }");

QJsonObject runRequest(const QList<QJsonObject> &rules, int timeoutMs = 20000)
{
    QJsonArray chain;
    for (const QJsonObject &r : rules)
        chain.append(r);
    return { { QStringLiteral("type"), QStringLiteral("run") },
             { QStringLiteral("chain"), chain },
             { QStringLiteral("user"),
               QJsonObject { { QStringLiteral("user_id"), QStringLiteral("auth0|1") },
                             { QStringLiteral("email_verified"), true } } },
             { QStringLiteral("context"),
               QJsonObject { { QStringLiteral("idToken"), QJsonObject() },
                             { QStringLiteral("accessToken"), QJsonObject() } } },
             { QStringLiteral("timeout_ms"), timeoutMs } };
}

QString outcome(const RuleHostReply &reply)
{
    return reply.response.value(QLatin1String("outcome")).toString();
}

QString errorKind(const RuleHostReply &reply)
{
    return reply.response.value(QLatin1String("error")).toObject().value(QLatin1String("kind")).toString();
}

int idTokenN(const RuleHostReply &reply)
{
    return reply.response.value(QLatin1String("context"))
        .toObject()
        .value(QLatin1String("idToken"))
        .toObject()
        .value(QLatin1String("n"))
        .toInt();
}

} // namespace

class TestRuleHost : public QObject
{
    Q_OBJECT

private slots:
    void startPingRun();
    void answersOutOfOrder();
    void sendDoesNotBlock();
    void hostEndsLoopInWorker();
    void watchdogKillsHostWithRulesOnMainThread();
    void watchdogBeatsHostGrace();
    void waitingRequestsAreResent();
    void exitInWorkerKeepsHost();
    void exitOnMainThreadRestartsHost();
    void heapBombInWorker();
    void heapBombOnMainThreadRestartsHost();
    void missingNodeIsUnavailable();
    void missingHostDirIsUnavailable();
    void stoppedHostAnswersUnavailable();
};

void TestRuleHost::startPingRun()
{
    RuleHost host;
    QSignalSpy ready(&host, &RuleHost::ready);
    QString error;
    QVERIFY2(host.startAndWait(&error), qPrintable(error));
    QCOMPARE(ready.count(), 1);
    QCOMPARE(host.state(), RuleHost::State::Ready);
    QCOMPARE(host.isolation(), QStringLiteral("worker"));
    QVERIFY(host.nodeVersion() >= NodeRuntime::minimumVersion());
    const QStringList arguments = host.nodeArguments();
    QVERIFY(arguments.first().startsWith(QLatin1String("--max-old-space-size=")));
    if (host.nodeVersion().majorVersion() >= 20) {
        QVERIFY(arguments.contains(QStringLiteral("--allow-worker")));
        QVERIFY(std::any_of(arguments.begin(), arguments.end(), [](const QString &a) {
            return a.startsWith(QLatin1String("--allow-fs-read="));
        }));
    }

    const RuleHostReply pong = host.sendAndWait({ { QStringLiteral("type"), QStringLiteral("ping") } });
    QVERIFY(pong.isAnswered());
    QCOMPARE(pong.response.value(QLatin1String("type")).toString(), QStringLiteral("pong"));

    const RuleHostReply result = host.runAndWait(runRequest({ rule(QStringLiteral("pass"), Pass) }));
    QVERIFY(result.isAnswered());
    QVERIFY(result.isResult());
    QCOMPARE(outcome(result), QStringLiteral("allowed"));
    QCOMPARE(result.response.value(QLatin1String("context"))
                 .toObject()
                 .value(QLatin1String("idToken"))
                 .toObject()
                 .value(QLatin1String("ok"))
                 .toBool(),
             true);
}

void TestRuleHost::answersOutOfOrder()
{
    RuleHost host;
    QVERIFY(host.startAndWait());
    QStringList order;
    const QString slow = QStringLiteral("function (user, context, callback) { setTimeout(function () { "
                                        "callback(null, user, context); }, 300); }");
    host.send(runRequest({ rule(QStringLiteral("slow"), slow) }), this,
              [&](const RuleHostReply &r) { order << QStringLiteral("run:") + outcome(r); });
    host.send({ { QStringLiteral("type"), QStringLiteral("ping") } }, this,
              [&](const RuleHostReply &) { order << QStringLiteral("ping"); });
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 2, 10000);
    QCOMPARE(order, (QStringList { QStringLiteral("ping"), QStringLiteral("run:allowed") }));
}

void TestRuleHost::sendDoesNotBlock()
{
    RuleHost host;
    QVERIFY(host.startAndWait());
    QElapsedTimer timer;
    timer.start();
    bool answered = false;
    host.send(runRequest({ rule(QStringLiteral("spin"), LoopInPromise) }, 300), this,
              [&](const RuleHostReply &) { answered = true; });
    QVERIFY(timer.elapsed() < 100); // the caller's thread (the GUI's) goes on at once
    QVERIFY(!answered);
    QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
}

// Rules run in the host's worker thread: the host's own watchdog ends the loop and answers;
// the process lives on (no C++ restart).
void TestRuleHost::hostEndsLoopInWorker()
{
    RuleHost host;
    QSignalSpy restarted(&host, &RuleHost::restarted);
    QVERIFY(host.startAndWait());
    const qint64 pid = host.processId();
    const RuleHostReply reply
        = host.runAndWait(runRequest({ rule(QStringLiteral("spin"), LoopInPromise) }, 300));
    QVERIFY(reply.isAnswered());
    QCOMPARE(errorKind(reply), QStringLiteral("timeout"));
    QCOMPARE(restarted.count(), 0);
    QCOMPARE(host.processId(), pid);
    QCOMPARE(outcome(host.runAndWait(runRequest({ rule(QStringLiteral("pass"), Pass) }))),
             QStringLiteral("allowed"));
}

// Without the host's worker (what happens where --allow-worker is not given) a loop inside a
// promise blocks the whole host: only the C++ watchdog can end it.
void TestRuleHost::watchdogKillsHostWithRulesOnMainThread()
{
    RuleHost::Options options;
    options.allowWorker = false;
    options.graceMs = 500;
    RuleHost host(options);
    QSignalSpy restarted(&host, &RuleHost::restarted);
    QVERIFY(host.startAndWait());
    if (host.isolation() != QLatin1String("in-process"))
        QSKIP("this Node has no permission model, so the host always runs rules in its worker");
    QCOMPARE(idTokenN(host.runAndWait(runRequest({ rule(QStringLiteral("count"), Counter) }))), 1);
    const qint64 pid = host.processId();

    QElapsedTimer timer;
    timer.start();
    const RuleHostReply reply
        = host.runAndWait(runRequest({ rule(QStringLiteral("spin"), LoopInPromise) }, 300));
    QCOMPARE(reply.status, RuleHostReply::Status::Timeout);
    QVERIFY(reply.isResult());
    QCOMPARE(outcome(reply), QStringLiteral("error"));
    QCOMPARE(errorKind(reply), QStringLiteral("timeout"));
    QCOMPARE(reply.response.value(QLatin1String("findings"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("code"))
                 .toString(),
             QStringLiteral("host-restarted"));
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(restarted.count(), 1);
    QCOMPARE(host.restartCount(), 1);

    const RuleHostReply after = host.runAndWait(runRequest({ rule(QStringLiteral("count"), Counter) }));
    QCOMPARE(outcome(after), QStringLiteral("allowed"));
    QCOMPARE(idTokenN(after), 1); // a new process: `global` starts over
    QVERIFY(host.processId() != pid);
}

// A C++ grace shorter than the host's own (~1.2 s): the C++ watchdog acts first.
void TestRuleHost::watchdogBeatsHostGrace()
{
    RuleHost::Options options;
    options.graceMs = 100;
    RuleHost host(options);
    QSignalSpy restarted(&host, &RuleHost::restarted);
    QVERIFY(host.startAndWait());
    const RuleHostReply reply
        = host.runAndWait(runRequest({ rule(QStringLiteral("spin"), LoopInPromise) }, 200));
    QCOMPARE(reply.status, RuleHostReply::Status::Timeout);
    QCOMPARE(errorKind(reply), QStringLiteral("timeout"));
    QCOMPARE(restarted.count(), 1);
    QCOMPARE(outcome(host.runAndWait(runRequest({ rule(QStringLiteral("pass"), Pass) }))),
             QStringLiteral("allowed"));
}

// Requests queued behind the stuck one are not lost: they go to the new process.
void TestRuleHost::waitingRequestsAreResent()
{
    RuleHost::Options options;
    options.graceMs = 100;
    RuleHost host(options);
    QVERIFY(host.startAndWait());
    QList<RuleHostReply> replies;
    host.send(runRequest({ rule(QStringLiteral("spin"), LoopInPromise) }, 200), this,
              [&](const RuleHostReply &r) { replies << r; });
    host.send(runRequest({ rule(QStringLiteral("count"), Counter) }), this,
              [&](const RuleHostReply &r) { replies << r; });
    host.send({ { QStringLiteral("type"), QStringLiteral("ping") } }, this,
              [&](const RuleHostReply &r) { replies << r; });
    QTRY_COMPARE_WITH_TIMEOUT(replies.size(), 3, 15000);
    int timeouts = 0;
    int allowed = 0;
    for (const RuleHostReply &r : replies) {
        timeouts += r.status == RuleHostReply::Status::Timeout ? 1 : 0;
        allowed += outcome(r) == QLatin1String("allowed") ? 1 : 0;
    }
    QCOMPARE(timeouts, 1);
    QCOMPARE(allowed, 1);
}

void TestRuleHost::exitInWorkerKeepsHost()
{
    RuleHost host;
    QSignalSpy restarted(&host, &RuleHost::restarted);
    QVERIFY(host.startAndWait());
    const RuleHostReply reply = host.runAndWait(runRequest({ rule(QStringLiteral("exit"), Exit) }));
    QVERIFY(reply.isAnswered());
    QCOMPARE(errorKind(reply), QStringLiteral("crashed"));
    QCOMPARE(restarted.count(), 0);
    QCOMPARE(outcome(host.runAndWait(runRequest({ rule(QStringLiteral("pass"), Pass) }))),
             QStringLiteral("allowed"));
}

void TestRuleHost::exitOnMainThreadRestartsHost()
{
    RuleHost::Options options;
    options.allowWorker = false;
    RuleHost host(options);
    QSignalSpy restarted(&host, &RuleHost::restarted);
    QVERIFY(host.startAndWait());
    if (host.isolation() != QLatin1String("in-process"))
        QSKIP("this Node has no permission model, so the host always runs rules in its worker");
    const RuleHostReply reply = host.runAndWait(runRequest({ rule(QStringLiteral("exit"), Exit) }));
    QCOMPARE(reply.status, RuleHostReply::Status::HostRestarted);
    QCOMPARE(errorKind(reply), QStringLiteral("host_restarted"));
    QVERIFY2(reply.message.contains(QLatin1String("exited with code 1")), qPrintable(reply.message));
    QCOMPARE(restarted.count(), 1);
    QCOMPARE(outcome(host.runAndWait(runRequest({ rule(QStringLiteral("pass"), Pass) }))),
             QStringLiteral("allowed"));
}

void TestRuleHost::heapBombInWorker()
{
    RuleHost::Options options;
    options.maxOldSpaceMb = 96;
    RuleHost host(options);
    QVERIFY(host.startAndWait());
    const RuleHostReply reply = host.runAndWait(runRequest({ rule(QStringLiteral("bomb"), HeapBomb) }));
    QVERIFY(reply.isAnswered());
    QCOMPARE(errorKind(reply), QStringLiteral("out_of_memory"));
    QCOMPARE(outcome(host.runAndWait(runRequest({ rule(QStringLiteral("pass"), Pass) }))),
             QStringLiteral("allowed"));
}

void TestRuleHost::heapBombOnMainThreadRestartsHost()
{
    RuleHost::Options options;
    options.allowWorker = false;
    options.maxOldSpaceMb = 96;
    RuleHost host(options);
    QVERIFY(host.startAndWait());
    if (host.isolation() != QLatin1String("in-process"))
        QSKIP("this Node has no permission model, so the host always runs rules in its worker");
    const RuleHostReply reply = host.runAndWait(runRequest({ rule(QStringLiteral("bomb"), HeapBomb) }));
    QCOMPARE(reply.status, RuleHostReply::Status::HostRestarted);
    QVERIFY2(reply.message.contains(QLatin1String("out of memory")), qPrintable(reply.message));
    QCOMPARE(outcome(host.runAndWait(runRequest({ rule(QStringLiteral("pass"), Pass) }))),
             QStringLiteral("allowed"));
}

void TestRuleHost::missingNodeIsUnavailable()
{
    RuleHost::Options options;
    options.nodeProgram = QStringLiteral("/nonexistent/node");
    RuleHost host(options);
    QSignalSpy failed(&host, &RuleHost::startFailed);
    QString error;
    QVERIFY(!host.startAndWait(&error));
    QCOMPARE(host.state(), RuleHost::State::Failed);
    QVERIFY2(error.contains(QLatin1String("/nonexistent/node")), qPrintable(error));
    QCOMPARE(failed.count(), 1);
    const RuleHostReply reply = host.sendAndWait(runRequest({ rule(QStringLiteral("pass"), Pass) }));
    QCOMPARE(reply.status, RuleHostReply::Status::Unavailable);
}

void TestRuleHost::missingHostDirIsUnavailable()
{
    RuleHost::Options options;
    options.hostDir = QStringLiteral("/nonexistent/rulehost");
    RuleHost host(options);
    const RuleHostReply reply = host.sendAndWait({ { QStringLiteral("type"), QStringLiteral("ping") } });
    QCOMPARE(reply.status, RuleHostReply::Status::Unavailable);
    QVERIFY2(reply.message.contains(QLatin1String("RULEBENCH_RULEHOST_DIR")), qPrintable(reply.message));
}

void TestRuleHost::stoppedHostAnswersUnavailable()
{
    RuleHost host;
    QVERIFY(host.startAndWait());
    host.stop();
    QCOMPARE(host.state(), RuleHost::State::Stopped);
    QCOMPARE(host.sendAndWait({ { QStringLiteral("type"), QStringLiteral("ping") } }).status,
             RuleHostReply::Status::Unavailable);
    host.start();
    QTRY_COMPARE_WITH_TIMEOUT(host.state(), RuleHost::State::Ready, 15000);
    QVERIFY(host.sendAndWait({ { QStringLiteral("type"), QStringLiteral("ping") } }).isAnswered());
}

QTEST_GUILESS_MAIN(TestRuleHost)
#include "tst_rulehost.moc"
