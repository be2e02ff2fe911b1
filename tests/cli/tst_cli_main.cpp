// SPDX-License-Identifier: MIT
// rulebench-cli itself: --version, --help, and what it says about unknown commands.
#include "CliRun.h"

#include <QRegularExpression>
#include <QTest>

class tst_CliMain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void version();
    void help_data();
    void help();
    void noArgumentsIsUsageError();
    void unknownCommand();
    void commandHelp_data();
    void commandHelp();

private:
    QTemporaryDir m_home;
};

void tst_CliMain::initTestCase()
{
    QVERIFY(m_home.isValid());
}

void tst_CliMain::version()
{
    const CliResult result = runCli({QStringLiteral("--version")}, m_home);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(QRegularExpression(QStringLiteral("^rulebench-cli \\d+\\.\\d+\\.\\d+\n$")).match(QString::fromUtf8(result.out)).hasMatch(),
             result.out.constData());
    QVERIFY(result.err.isEmpty());
}

void tst_CliMain::help_data()
{
    QTest::addColumn<QString>("flag");
    QTest::newRow("--help") << "--help";
    QTest::newRow("-h") << "-h";
}

void tst_CliMain::help()
{
    QFETCH(QString, flag);
    const CliResult result = runCli({flag}, m_home);
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.startsWith("Usage: rulebench-cli COMMAND"));
    for (const char *command : {"serve", "bench-token"})
        QVERIFY2(QRegularExpression(QStringLiteral("\n  %1 +\\S").arg(QLatin1String(command))).match(QString::fromUtf8(result.out)).hasMatch(),
                 result.out.constData());
}

void tst_CliMain::noArgumentsIsUsageError()
{
    const CliResult result = runCli({}, m_home);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.startsWith("Usage: rulebench-cli COMMAND"));
}

void tst_CliMain::unknownCommand()
{
    const CliResult result = runCli({QStringLiteral("sevre")}, m_home);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("unknown command \"sevre\""), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void tst_CliMain::commandHelp_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("serve") << "serve" << QStringList{QStringLiteral("--port"), QStringLiteral("--data"), QStringLiteral("--host"), QStringLiteral("--rate-limit")};
    QTest::newRow("bench-token") << "bench-token" << QStringList{QStringLiteral("--requests"), QStringLiteral("--threads")};
}

void tst_CliMain::commandHelp()
{
    QFETCH(QString, command);
    QFETCH(QStringList, options);
    const CliResult result = runCli({command, QStringLiteral("--help")}, m_home);
    QCOMPARE(result.exitCode, 0);
    for (const QString &option : options)
        QVERIFY2(result.out.contains(option.toUtf8()), result.out.constData());
}

QTEST_GUILESS_MAIN(tst_CliMain)
#include "tst_cli_main.moc"
