// SPDX-License-Identifier: MIT
// `rulebench-cli bench-token`: it runs and reports; the speeds themselves are not asserted
// (performance is measured by benchmarks, never by timed tests).
#include "CliRun.h"

#include <QRegularExpression>
#include <QTest>

class tst_CliBenchToken : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void reports();
    void badArguments_data();
    void badArguments();

private:
    QTemporaryDir m_home;
};

void tst_CliBenchToken::initTestCase()
{
    QVERIFY(m_home.isValid());
}

void tst_CliBenchToken::reports()
{
    const CliResult result = runCli({QStringLiteral("bench-token"), QStringLiteral("--requests"), QStringLiteral("50")}, m_home, 120000);
    QVERIFY2(result.finished, "bench-token did not finish");
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QString out = QString::fromUtf8(result.out);
    QVERIFY2(out.contains(QLatin1String("requests=50 threads=2 failures=0\n")), qPrintable(out));
    for (const char *key : {"http_tokens_per_s", "bare_rs256_signs_per_s", "bare_rs256_signs_per_s_1_thread"}) {
        const QRegularExpression line(QStringLiteral("(^|\n)%1=(\\d+)\n").arg(QLatin1String(key)));
        const auto match = line.match(out);
        QVERIFY2(match.hasMatch(), qPrintable(QStringLiteral("no %1= line in:\n%2").arg(QLatin1String(key), out)));
        QVERIFY2(match.captured(2).toDouble() > 0, qPrintable(out));
    }
}

void tst_CliBenchToken::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("messageContains");
    QTest::newRow("requests 0") << QStringList{QStringLiteral("--requests"), QStringLiteral("0")} << "--requests";
    QTest::newRow("requests text") << QStringList{QStringLiteral("--requests"), QStringLiteral("many")} << "--requests";
    QTest::newRow("threads 65") << QStringList{QStringLiteral("--threads"), QStringLiteral("65")} << "--threads must be from 1 to 64";
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--request"), QStringLiteral("5")} << "request";
}

void tst_CliBenchToken::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, messageContains);
    const CliResult result = runCli(QStringList{QStringLiteral("bench-token")} + arguments, m_home);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(messageContains.toUtf8()), result.err.constData());
    QVERIFY(!result.out.contains("http_tokens_per_s"));
}

QTEST_GUILESS_MAIN(tst_CliBenchToken)
#include "tst_cli_benchtoken.moc"
