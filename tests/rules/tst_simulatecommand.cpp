// SPDX-License-Identifier: MIT
// `rulebench-cli simulate` as a built binary: the exit codes of DESIGN.md (0 allowed, 3 denied,
// 4 rule failed, 2 bad input), the --json shape, --now determinism, and bad input messages
// that name the file and, for JSON, the line and column.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

QString data(const char *name)
{
    return QStringLiteral(RULEBENCH_TEST_DATA "/") + QLatin1String(name);
}

Run cli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(RULEBENCH_CLI), arguments);
    Run run;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        run.err = QStringLiteral("timed out");
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QJsonObject json(const Run &run)
{
    return QJsonDocument::fromJson(run.out).object();
}

} // namespace

class TestSimulateCommand : public QObject
{
    Q_OBJECT

private slots:
    void exitCodes_data();
    void exitCodes();
    void jsonShape();
    void fixedNowIsDeterministic();
    void badInput_data();
    void badInput();
    void helpDocumentsAdditions();
};

void TestSimulateCommand::exitCodes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("outcome");
    QTest::newRow("allowed") << QStringList { QStringLiteral("--rule"),   data("add-claims.js"),
                                              QStringLiteral("--user"),   data("user.json"),
                                              QStringLiteral("--config"), data("config.json") }
                             << 0 << "allowed";
    QTest::newRow("denied") << QStringList { QStringLiteral("--rule"), data("deny-unverified.js"),
                                             QStringLiteral("--user"), data("unverified-user.json") }
                            << 3 << "denied";
    QTest::newRow("exception") << QStringList { QStringLiteral("--rule"), data("throws.js"),
                                                QStringLiteral("--user"), data("user.json") }
                               << 4 << "error";
    QTest::newRow("timeout") << QStringList { QStringLiteral("--rule"),       data("never-calls-back.js"),
                                              QStringLiteral("--user"),       data("user.json"),
                                              QStringLiteral("--timeout-ms"), QStringLiteral("300") }
                             << 4 << "error";
}

void TestSimulateCommand::exitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, outcome);
    const Run run = cli(QStringList { QStringLiteral("simulate"), QStringLiteral("--json") } + arguments);
    QVERIFY2(run.exitCode == exitCode,
             qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
    QCOMPARE(json(run).value(QLatin1String("outcome")).toString(), outcome);
    // Without --json: the same exit code, text for people.
    const Run text = cli(QStringList { QStringLiteral("simulate") } + arguments);
    QCOMPARE(text.exitCode, exitCode);
    QVERIFY(text.out.contains("outcome: " + outcome.toUtf8()));
}

void TestSimulateCommand::jsonShape()
{
    const Run run = cli({ QStringLiteral("simulate"), QStringLiteral("--json"), QStringLiteral("--rule"),
                          data("add-claims.js"), QStringLiteral("--rule"), data("deny-unverified.js"),
                          QStringLiteral("--user"), data("user.json"), QStringLiteral("--config"),
                          data("config.json") });
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(doc.isObject(), qPrintable(error.errorString()));
    const QJsonObject result = doc.object();
    const QStringList keys { QStringLiteral("outcome"),
                             QStringLiteral("error"),
                             QStringLiteral("user"),
                             QStringLiteral("context"),
                             QStringLiteral("id_token"),
                             QStringLiteral("access_token"),
                             QStringLiteral("id_token_claims"),
                             QStringLiteral("access_token_claims"),
                             QStringLiteral("rules"),
                             QStringLiteral("findings"),
                             QStringLiteral("metadata_updates") };
    QStringList actual = result.keys();
    QStringList expected = keys;
    actual.sort();
    expected.sort();
    QCOMPARE(actual, expected);
    QVERIFY(result.value(QLatin1String("error")).isNull());
    QVERIFY(result.value(QLatin1String("id_token")).toString().count(QLatin1Char('.')) == 2);
    QVERIFY(result.value(QLatin1String("access_token")).toString().count(QLatin1Char('.')) == 2);
    QCOMPARE(result.value(QLatin1String("id_token_claims"))
                 .toObject()
                 .value(QLatin1String("https://rulebench.test/greeting"))
                 .toString(),
             QStringLiteral("Hello, Jane Doe"));
    QVERIFY(result.value(QLatin1String("findings")).isArray());
    QVERIFY(result.value(QLatin1String("metadata_updates")).isArray());
    const QJsonArray rules = result.value(QLatin1String("rules")).toArray();
    QCOMPARE(rules.size(), 2);
    const QJsonObject rule = rules.first().toObject();
    for (const char *key : { "name", "kind", "status", "duration_ms", "console", "http", "error" })
        QVERIFY2(rule.contains(QLatin1String(key)), key);
    QCOMPARE(rule.value(QLatin1String("name")).toString(), QStringLiteral("add-claims"));
    QCOMPARE(rule.value(QLatin1String("kind")).toString(), QStringLiteral("rule"));
    QCOMPARE(rule.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QVERIFY(rule.value(QLatin1String("duration_ms")).isDouble());
    QVERIFY(rule.value(QLatin1String("error")).isNull());

    const Run denied
        = cli({ QStringLiteral("simulate"), QStringLiteral("--json"), QStringLiteral("--rule"),
                data("deny-unverified.js"), QStringLiteral("--user"), data("unverified-user.json") });
    const QJsonObject deniedResult = json(denied);
    QCOMPARE(deniedResult.value(QLatin1String("error")).toObject(),
             (QJsonObject { { QStringLiteral("error"), QStringLiteral("unauthorized") },
                            { QStringLiteral("error_description"),
                              QStringLiteral("Please verify your email before logging in.") } }));
    QVERIFY(deniedResult.value(QLatin1String("id_token")).isNull());
}

void TestSimulateCommand::fixedNowIsDeterministic()
{
    const QStringList arguments { QStringLiteral("simulate"), QStringLiteral("--json"),
                                  QStringLiteral("--now"),    QStringLiteral("2024-03-02T09:15:40Z"),
                                  QStringLiteral("--rule"),   data("add-claims.js"),
                                  QStringLiteral("--user"),   data("user.json"),
                                  QStringLiteral("--config"), data("config.json") };
    const QJsonObject first = json(cli(arguments));
    const QJsonObject second = json(cli(arguments));
    const QJsonObject id = first.value(QLatin1String("id_token_claims")).toObject();
    QCOMPARE(id.value(QLatin1String("iat")).toInteger(), qint64(1709370940));
    QCOMPARE(id.value(QLatin1String("exp")).toInteger(), qint64(1709370940 + 36000));
    // Both runs start their own in-process tenant (another port, so another issuer); every other
    // claim is the same, including what the rule read from Date.
    auto withoutIssuer = [](QJsonObject claims) {
        claims.remove(QStringLiteral("iss"));
        claims.remove(QStringLiteral("aud"));
        return claims;
    };
    QCOMPARE(withoutIssuer(id), withoutIssuer(second.value(QLatin1String("id_token_claims")).toObject()));
    QCOMPARE(withoutIssuer(first.value(QLatin1String("access_token_claims")).toObject()),
             withoutIssuer(second.value(QLatin1String("access_token_claims")).toObject()));
    QVERIFY(first.value(QLatin1String("access_token_claims"))
                .toObject()
                .value(QLatin1String("https://rulebench.test/now"))
                .toString()
            == QLatin1String("2024-03-02T09:15"));
}

void TestSimulateCommand::badInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("mentions");
    const QString missing = QStringLiteral(RULEBENCH_TEST_DATA "/no-such-user.json");
    QTest::newRow("missing user file")
        << QStringList { QStringLiteral("--rule"), data("add-claims.js"), QStringLiteral("--user"), missing }
        << QStringList { missing };
    QTest::newRow("missing rule file") << QStringList { QStringLiteral("--rule"), data("no-such-rule.js"),
                                                        QStringLiteral("--user"), data("user.json") }
                                       << QStringList { data("no-such-rule.js") };
    QTest::newRow("invalid JSON") << QStringList {
        QStringLiteral("--rule"), data("add-claims.js"), QStringLiteral("--user"), data("invalid.json")
    } << QStringList { data("invalid.json") + QStringLiteral(":4:"), QStringLiteral("invalid JSON") };
    QTest::newRow("configuration not strings")
        << QStringList { QStringLiteral("--rule"), data("add-claims.js"),      QStringLiteral("--user"),
                         data("user.json"),        QStringLiteral("--config"), data("user.json") }
        << QStringList { data("user.json"), QStringLiteral("must be a string") };
    QTest::newRow("no rule") << QStringList { QStringLiteral("--user"), data("user.json") }
                             << QStringList { QStringLiteral("--rule") };
    QTest::newRow("no user") << QStringList { QStringLiteral("--rule"), data("add-claims.js") }
                             << QStringList { QStringLiteral("--user") };
    QTest::newRow("bad --now") << QStringList { QStringLiteral("--rule"), data("add-claims.js"),
                                                QStringLiteral("--user"), data("user.json"),
                                                QStringLiteral("--now"),  QStringLiteral("yesterday") }
                               << QStringList { QStringLiteral("--now") };
    QTest::newRow("bad --timeout-ms")
        << QStringList { QStringLiteral("--rule"), data("add-claims.js"),          QStringLiteral("--user"),
                         data("user.json"),        QStringLiteral("--timeout-ms"), QStringLiteral("0") }
        << QStringList { QStringLiteral("--timeout-ms") };
    QTest::newRow("unknown option") << QStringList { QStringLiteral("--frobnicate") }
                                    << QStringList { QStringLiteral("frobnicate") };
}

void TestSimulateCommand::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, mentions);
    const Run run = cli(QStringList { QStringLiteral("simulate"), QStringLiteral("--json") } + arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    for (const QString &mention : mentions)
        QVERIFY2(run.err.contains(mention), qPrintable(run.err));
}

void TestSimulateCommand::helpDocumentsAdditions()
{
    const Run simulate = cli({ QStringLiteral("simulate"), QStringLiteral("--help") });
    QCOMPARE(simulate.exitCode, 0);
    for (const char *option : { "--tenant", "--now", "--timeout-ms", "--json", "${TENANT_URL}" })
        QVERIFY2(simulate.out.contains(option), option);
    const Run test = cli({ QStringLiteral("test"), QStringLiteral("--help") });
    for (const char *option : { "--junit", "plan", "timeout_ms", "--tenant" })
        QVERIFY2(test.out.contains(option), option);
    const Run bench = cli({ QStringLiteral("bench"), QStringLiteral("--help") });
    for (const char *option : { "--compare-bare", "--latency", "--with-tokens", "--logins" })
        QVERIFY2(bench.out.contains(option), option);
}

QTEST_GUILESS_MAIN(TestSimulateCommand)
#include "tst_simulatecommand.moc"
