// SPDX-License-Identifier: MIT
// `rulebench-cli serve`, the built binary: what it prints, that its credentials and data
// outlive restarts, SIGTERM and kill -9, and how it refuses bad arguments.
#include "CliRun.h"
#include "TestHttp.h"
#include "common/Clock.h"
#include "common/JsonUtil.h"
#include "common/SecretBytes.h"
#include "net/AuthenticationClient.h"
#include "secrets/KeychainSecretStore.h"
#include "tenant/SealKey.h"
#include "tenant/TenantStore.h"

#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

#include <optional>

namespace {

// One `serve` child process and what it announced on its first two lines.
class Serve
{
public:
    explicit Serve(const QTemporaryDir &home) { m_process.setProcessEnvironment(cliEnvironment(home)); }
    ~Serve()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }

    // Starts and reads the two announcement lines; false (with why()) if they do not come.
    bool start(const QStringList &options)
    {
        m_process.start(QStringLiteral(RULEBENCH_CLI), QStringList{QStringLiteral("serve")} + options);
        if (!QTest::qWaitFor([this] { return countLines() >= 2 || m_process.state() == QProcess::NotRunning; }, 30000)
            || countLines() < 2) {
            m_why = QStringLiteral("no announcement; stdout: %1 stderr: %2")
                        .arg(QString::fromUtf8(m_out), QString::fromUtf8(m_process.readAllStandardError()));
            return false;
        }
        const QList<QByteArray> lines = m_out.split('\n');
        firstLine = QString::fromUtf8(lines.at(0));
        credentials = JsonUtil::parseObject(lines.at(1)).value_or(QJsonObject());
        const auto match = QRegularExpression(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:(\\d+))$")).match(firstLine);
        baseUrl = match.captured(1);
        port = match.captured(2).toUShort();
        return true;
    }

    // SIGTERM (QProcess::terminate) or SIGKILL (QProcess::kill), then wait for the end.
    bool stop(bool hard)
    {
        hard ? m_process.kill() : m_process.terminate();
        return m_process.waitForFinished(30000);
    }

    QProcess &process() { return m_process; }
    QString why() const { return m_why; }
    QString clientId() const { return credentials.value(QLatin1String("client_id")).toString(); }
    QString clientSecret() const { return credentials.value(QLatin1String("client_secret")).toString(); }
    QString audience() const { return credentials.value(QLatin1String("audience")).toString(); }

    QString firstLine;
    QJsonObject credentials;
    QString baseUrl;
    quint16 port = 0;

private:
    int countLines()
    {
        m_out += m_process.readAllStandardOutput();
        return int(m_out.count('\n'));
    }
    QProcess m_process;
    QByteArray m_out;
    QString m_why;
};

} // namespace

class tst_CliServe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void announcesAddressAndCredentials();
    void credentialsSurviveRestart();
    void dataSurvivesKill9();
    void terminateRightAfterStart();
    void badArguments_data();
    void badArguments();
    void startFailures();

private:
    QByteArray token(const Serve &serve);
    QString dataFile(const QString &name) const { return m_home.filePath(name); }
    QTemporaryDir m_home;
    TestHttp m_http;
};

void tst_CliServe::initTestCase()
{
    QVERIFY(m_home.isValid());
}

QByteArray tst_CliServe::token(const Serve &serve)
{
    AuthenticationClient client(m_http.network(), QUrl(serve.baseUrl), Clock::system());
    QObject context;
    std::optional<ApiResult<TokenResponse>> result;
    client.clientCredentials(serve.clientId(), SecretBytes::fromUtf8(serve.clientSecret().toUtf8()), serve.audience(), &context,
                             [&result](const ApiResult<TokenResponse> &answer) { result = answer; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 20000) || !result->isOk())
        return {};
    return result->value().accessToken.reveal();
}

void tst_CliServe::announcesAddressAndCredentials()
{
    Serve serve(m_home);
    QVERIFY2(serve.start({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data"), dataFile(QStringLiteral("announce.sqlite"))}),
             qPrintable(serve.why()));
    QVERIFY2(serve.port != 0, qPrintable(serve.firstLine));
    QCOMPARE(serve.credentials.keys(), (QStringList{QStringLiteral("audience"), QStringLiteral("client_id"), QStringLiteral("client_secret")}));
    QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9]{32}$")).match(serve.clientId()).hasMatch());
    QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9]{64}$")).match(serve.clientSecret()).hasMatch());
    QCOMPARE(serve.audience(), QStringLiteral("http://127.0.0.1:%1/api/v2/").arg(serve.port));

    // The credentials are the way in.
    const QByteArray accessToken = token(serve);
    QVERIFY(!accessToken.isEmpty());
    const HttpReply rules = m_http.send("GET", QUrl(serve.baseUrl + QStringLiteral("/api/v2/rules")), QByteArray(),
                                        {{"Authorization", bearer(accessToken)}});
    COMPARE_STATUS(rules, 200);
    QCOMPARE(rules.array().size(), 0);
}

void tst_CliServe::credentialsSurviveRestart()
{
    const QString data = dataFile(QStringLiteral("restart.sqlite"));
    QJsonObject before;
    {
        Serve serve(m_home);
        QVERIFY2(serve.start({QStringLiteral("--data"), data}), qPrintable(serve.why()));
        before = serve.credentials;
        QVERIFY(!token(serve).isEmpty()); // leaves a kept-alive connection open, as clients do
        QVERIFY(serve.stop(false));
        QCOMPARE(serve.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.process().exitCode(), 0);
        QVERIFY2(serve.process().readAllStandardError().contains("stopped"), "no \"stopped\" on stderr");
    }
    Serve again(m_home);
    QVERIFY2(again.start({QStringLiteral("--data"), data}), qPrintable(again.why()));
    QCOMPARE(again.clientId(), before.value(QLatin1String("client_id")).toString());
    QCOMPARE(again.clientSecret(), before.value(QLatin1String("client_secret")).toString());
    QCOMPARE(again.audience(), QStringLiteral("http://127.0.0.1:%1/api/v2/").arg(again.port)); // follows the port
    QVERIFY(!token(again).isEmpty());
}

void tst_CliServe::dataSurvivesKill9()
{
    const QString data = dataFile(QStringLiteral("kill9.sqlite"));
    QString clientId;
    constexpr int Rounds = 4;
    for (int round = 0; round < Rounds; ++round) {
        Serve serve(m_home);
        QVERIFY2(serve.start({QStringLiteral("--data"), data}), qPrintable(serve.why()));
        if (round == 0)
            clientId = serve.clientId();
        QCOMPARE(serve.clientId(), clientId);
        const QByteArray accessToken = token(serve);
        QVERIFY2(!accessToken.isEmpty(), qPrintable(QStringLiteral("round %1: no token").arg(round)));
        const QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", bearer(accessToken)}, {"Content-Type", "application/json"}};

        // Everything written before the earlier kills is still there.
        const HttpReply rules = m_http.send("GET", QUrl(serve.baseUrl + QStringLiteral("/api/v2/rules")), QByteArray(), headers);
        COMPARE_STATUS(rules, 200);
        QCOMPARE(rules.array().size(), round);
        for (int earlier = 0; earlier < round; ++earlier)
            QCOMPARE(rules.array().at(earlier)[QLatin1String("name")].toString(), QStringLiteral("round-%1").arg(earlier));

        const QJsonObject rule{{QStringLiteral("name"), QStringLiteral("round-%1").arg(round)},
                               {QStringLiteral("script"), QStringLiteral("function (u, c, cb) { cb(null, u, c); }")}};
        COMPARE_STATUS(m_http.send("POST", QUrl(serve.baseUrl + QStringLiteral("/api/v2/rules")), JsonUtil::compact(rule), headers), 201);
        COMPARE_STATUS(m_http.send("PUT", QUrl(serve.baseUrl + QStringLiteral("/api/v2/rules-configs/ROUND")),
                                   JsonUtil::compact(QJsonObject{{QStringLiteral("value"), QString::number(round)}}), headers),
                       200);

        QVERIFY(serve.stop(true)); // kill -9: no chance to close anything
        QCOMPARE(serve.process().exitStatus(), QProcess::CrashExit);
    }
    // The file opens cleanly outside the server too, with everything in it (its secrets are
    // sealed with a key from the keychain, or from FILE.key where there is none).
    KeychainSecretStore keychain(QStringLiteral("rulebench"), 5000);
    const SealKey seal = SealKey::forDataFile(keychain, data, true);
    QVERIFY2(seal.error.isEmpty(), qPrintable(seal.error));
    QString error;
    auto store = TenantStore::open(data, &error, seal.key);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->count(QStringLiteral("rules")), Rounds);
    QCOMPARE(store->count(QStringLiteral("rules_configs")), 1);
}

void tst_CliServe::terminateRightAfterStart()
{
    // SIGTERM the moment the server has announced itself (what a supervising script does)
    // must still end cleanly. waitForReadyRead reacts within microseconds, as such a script
    // would; a narrow window right after the announcement let SIGTERM kill ~5 % of starts.
    const QString data = dataFile(QStringLiteral("quick.sqlite"));
    int killedBySignal = 0;
    for (int i = 0; i < 100; ++i) {
        QProcess process;
        process.setProcessEnvironment(cliEnvironment(m_home));
        process.start(QStringLiteral(RULEBENCH_CLI), {QStringLiteral("serve"), QStringLiteral("--data"), data});
        QByteArray out;
        while (out.count('\n') < 2 && process.waitForReadyRead(20000))
            out += process.readAllStandardOutput();
        QVERIFY2(out.startsWith("listening on "), out.constData());
        process.terminate();
        QVERIFY(process.waitForFinished(20000));
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
            ++killedBySignal;
    }
    QCOMPARE(killedBySignal, 0);
}

void tst_CliServe::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("messageContains");
    const QString folder = m_home.path();
    QTest::newRow("port not a number") << QStringList{QStringLiteral("--port"), QStringLiteral("abc")} << "--port must be a number from 0 to 65535, got \"abc\"";
    QTest::newRow("port too big") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")} << "--port must be a number from 0 to 65535, got \"70000\"";
    QTest::newRow("negative port") << QStringList{QStringLiteral("--port"), QStringLiteral("-1")} << "--port";
    QTest::newRow("port without value") << QStringList{QStringLiteral("--port")} << "port";
    QTest::newRow("rate limit 0") << QStringList{QStringLiteral("--rate-limit"), QStringLiteral("0")} << "--rate-limit must be a whole number above 0, got \"0\"";
    QTest::newRow("rate limit text") << QStringList{QStringLiteral("--rate-limit"), QStringLiteral("fast")} << "--rate-limit";
    QTest::newRow("data is a folder") << QStringList{QStringLiteral("--data"), folder} << QStringLiteral("--data must name a file, \"%1\" is a folder").arg(folder);
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--prot"), QStringLiteral("4321")} << "prot";
    QTest::newRow("extra argument") << QStringList{QStringLiteral("4321")} << "serve takes no arguments, got \"4321\"";
}

void tst_CliServe::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, messageContains);
    const CliResult result = runCli(QStringList{QStringLiteral("serve")} + arguments, m_home, 20000);
    QVERIFY2(result.finished, "serve started instead of refusing");
    QCOMPARE(result.exitStatus, QProcess::NormalExit);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(messageContains.toUtf8()), result.err.constData());
    QVERIFY(!result.out.contains("listening"));
}

void tst_CliServe::startFailures()
{
    // A port somebody else holds.
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost));
    const QString port = QString::number(squatter.serverPort());
    CliResult result = runCli({QStringLiteral("serve"), QStringLiteral("--port"), port, QStringLiteral("--data"), dataFile(QStringLiteral("busy.sqlite"))},
                              m_home, 20000);
    QVERIFY2(result.finished, "serve shared a port that was in use");
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("cannot listen on 127.0.0.1:" + port.toUtf8()), result.err.constData());

    // A port another serve holds: two tenants must never share one.
    Serve first(m_home);
    QVERIFY2(first.start({QStringLiteral("--data"), dataFile(QStringLiteral("first.sqlite"))}), qPrintable(first.why()));
    result = runCli({QStringLiteral("serve"), QStringLiteral("--port"), QString::number(first.port), QStringLiteral("--data"),
                     dataFile(QStringLiteral("second.sqlite"))},
                    m_home, 20000);
    QVERIFY2(result.finished, "a second serve shared the first one's port");
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("cannot listen on"), result.err.constData());

    // A data file that cannot be created.
    result = runCli({QStringLiteral("serve"), QStringLiteral("--data"), QStringLiteral("/nonexistent-folder/tenant.sqlite")}, m_home, 20000);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("/nonexistent-folder/tenant.sqlite"), result.err.constData());
}

QTEST_GUILESS_MAIN(tst_CliServe)
#include "tst_cli_serve.moc"
