// SPDX-License-Identifier: MIT
// `rulebench-cli convert RULE.js [--json] [--out FILE]` as a built binary: the Action on stdout,
// what was left on stderr as `line N: construct — why`, the exit statuses (0 complete,
// 6 something left, 2 bad input), --json and --out.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Run cli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(RULEBENCH_CLI), QStringList{QStringLiteral("convert")} + arguments);
    Run run;
    if (!process.waitForStarted()) {
        run.err = QStringLiteral("rulebench-cli does not start: %1").arg(process.errorString());
        return run;
    }
    if (!process.waitForFinished(60000)) {
        process.kill();
        run.err = QStringLiteral("rulebench-cli did not finish");
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QString fixture(const QString &name)
{
    return QStringLiteral(RULEBENCH_TEST_DATA "/") + name;
}

} // namespace

class TestConvertCommand : public QObject
{
    Q_OBJECT

private slots:
    void exitStatus_data();
    void exitStatus();
    void complete();
    void unconvertedOnStderr();
    void json();
    void out();
    void unwritableOut();
};

void TestConvertCommand::exitStatus_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrPart");

    QTest::newRow("complete") << QStringList{fixture(QStringLiteral("claims-deny-configuration.rule.js"))} << 0 << QString();
    QTest::newRow("partial") << QStringList{fixture(QStringLiteral("unconvertible.rule.js"))} << 6 << QStringLiteral("line 2: global.cache — ");
    QTest::newRow("syntax error names file and line")
        << QStringList{fixture(QStringLiteral("syntax-error.rule.js"))} << 2 << QStringLiteral("syntax-error.rule.js:2: Unexpected token");
    QTest::newRow("no such file") << QStringList{fixture(QStringLiteral("missing.rule.js"))} << 2 << QStringLiteral("missing.rule.js");
    QTest::newRow("no file") << QStringList{} << 2 << QStringLiteral("convert takes one rule file");
    QTest::newRow("two files") << QStringList{fixture(QStringLiteral("a.js")), fixture(QStringLiteral("b.js"))} << 2 << QStringLiteral("convert takes one rule file");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << 2 << QStringLiteral("frobnicate");
}

void TestConvertCommand::exitStatus()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrPart);

    const Run run = cli(arguments);
    QVERIFY2(run.err.contains(stderrPart), qPrintable(run.err));
    QCOMPARE(run.exitCode, exitCode);
}

void TestConvertCommand::complete()
{
    const Run run = cli({fixture(QStringLiteral("claims-deny-configuration.rule.js"))});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("/**\n * Post-login Action converted from a rule by Rulebench"));
    QVERIFY(run.out.contains("exports.onExecutePostLogin = async (event, api) => {"));
    QVERIFY(run.out.contains("return api.access.deny('Please verify your email.');"));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
}

void TestConvertCommand::unconvertedOnStderr()
{
    const Run run = cli({fixture(QStringLiteral("unconvertible.rule.js"))});
    QCOMPARE(run.exitCode, 6);
    QVERIFY(run.out.contains("exports.onExecutePostLogin"));
    const QStringList lines = run.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    const QStringList expected{QStringLiteral("line 2: global.cache — "), QStringLiteral("line 3: auth0.domain — "),
                               QStringLiteral("line 4: context.protocol === 'redirect-callback' — "),
                               QStringLiteral("line 7: context.samlConfiguration — "),
                               QStringLiteral("line 8: user.picture = 'https://rulebench.test/avatar.png' — ")};
    for (int i = 0; i < expected.size(); ++i)
        QVERIFY2(lines.at(i).startsWith(expected.at(i)), qPrintable(lines.at(i)));
}

void TestConvertCommand::json()
{
    const Run run = cli({QStringLiteral("--json"), fixture(QStringLiteral("nested-callback.rule.js"))});
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(run.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(json.value(QLatin1String("action")).toString().contains(QLatin1String("await new Promise((resolve, reject) => {")));
    QCOMPARE(json.value(QLatin1String("dependencies")).toArray(), QJsonArray{QStringLiteral("lodash@4.17.19")});
    QCOMPARE(json.value(QLatin1String("unconverted")).toArray(), QJsonArray());

    const Run partial = cli({QStringLiteral("--json"), fixture(QStringLiteral("unconvertible.rule.js"))});
    QCOMPARE(partial.exitCode, 6);
    const QJsonArray left = QJsonDocument::fromJson(partial.out).object().value(QLatin1String("unconverted")).toArray();
    QCOMPARE(left.size(), 5);
    QCOMPARE(left.at(0).toObject().value(QLatin1String("line")).toInt(), 2);
    QVERIFY2(partial.err.isEmpty(), qPrintable(partial.err)); // the list is in the JSON
}

void TestConvertCommand::out()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("action.js"));
    const Run run = cli({QStringLiteral("--out"), path, fixture(QStringLiteral("metadata-then.rule.js"))});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("api.user.setAppMetadata(key, value);"));
}

void TestConvertCommand::unwritableOut()
{
    const QString path = QStringLiteral(RULEBENCH_TEST_DATA "/no-such-folder/action.js");
    const Run run = cli({QStringLiteral("--out"), path, fixture(QStringLiteral("metadata-then.rule.js"))});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QLatin1String("--out")), qPrintable(run.err));
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(TestConvertCommand)
#include "tst_convertcommand.moc"
