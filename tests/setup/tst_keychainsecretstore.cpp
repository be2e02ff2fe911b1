// SPDX-License-Identifier: MIT
// KeychainSecretStore. In the headless session (a real, unlocked gnome-keyring): round trip
// through QtKeychain, checked independently with secret-tool. Everywhere: without a Secret
// Service it fails at once with NoKeychain and says so; a Secret Service that never answers
// hits the store's own time limit. Those run in a child process (keychain_child) whose
// session bus the test chooses, since a process keeps its first bus connection.
#include "KeychainProbe.h"
#include "common/JsonUtil.h"
#include "secrets/KeychainSecretStore.h"

#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

class KeychainSecretStoreTest : public QObject
{
    Q_OBJECT

private slots:
    void roundTripSeenBySecretTool_data();
    void roundTripSeenBySecretTool();
    void missingEntryIsNotFound();
    void noSecretServiceFailsFast_data();
    void noSecretServiceFailsFast();
    void busWithoutSecretService();
    void silentSecretServiceTimesOut();
};

namespace {

struct ChildAnswer
{
    bool finished = false;
    QJsonObject json;
    QString output;
};

// keychain_child OP KEY TIMEOUT_MS with `environment`; waits with the event loop running.
ChildAnswer runChild(const QStringList &command, const QProcessEnvironment &environment, const QByteArray &input = {})
{
    ChildAnswer answer;
    QProcess child;
    child.setProcessEnvironment(environment);
    QSignalSpy finished(&child, &QProcess::finished);
    child.start(command.first(), command.mid(1));
    child.write(input);
    child.closeWriteChannel();
    answer.finished = finished.wait(30000);
    if (!answer.finished) {
        child.kill();
        child.waitForFinished();
    }
    const QByteArray out = child.readAllStandardOutput();
    answer.output = QString::fromUtf8(out + child.readAllStandardError());
    answer.json = JsonUtil::parseObject(out.trimmed().split('\n').last()).value_or(QJsonObject());
    return answer;
}

QStringList childCommand(const QString &op, int timeoutMs)
{
    return {QStringLiteral(RULEBENCH_KEYCHAIN_CHILD), op, QStringLiteral("rulebench-test/") + QUuid::createUuid().toString(QUuid::WithoutBraces),
            QString::number(timeoutMs)};
}

// `address` empty: no session bus at all. GDBus also looks for $XDG_RUNTIME_DIR/bus (where
// the headless session puts its bus), so that points at an empty folder.
QProcessEnvironment environmentWithBus(const QString &address, const QString &emptyFolder)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY")); // with a display, GLib would autolaunch a bus
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), emptyFolder);
    if (address.isEmpty())
        environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    else
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address);
    return environment;
}

} // namespace

void KeychainSecretStoreTest::roundTripSeenBySecretTool_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::newRow("client secret") << QByteArray("atjF6FRXkznWMjyjFmjEVsCc105hHsWYgd7k8rQBPZ3g1dVKyFMFz8oYzt4jKcWs");
    QTest::newRow("binary with NUL") << QByteArray("\x00\x01\xff\xfe secret\x00", 12);
    QTest::newRow("UTF-8") << QStringLiteral("pässwörd ✓").toUtf8();
}

void KeychainSecretStoreTest::roundTripSeenBySecretTool()
{
    if (const QString why = KeychainProbe::unavailableReason(); !why.isEmpty())
        QSKIP(qPrintable(why));
    QFETCH(QByteArray, secret);
    KeychainSecretStore store(QStringLiteral("rulebench"), 10000);
    const QString key = QStringLiteral("rulebench-test/") + QUuid::createUuid().toString(QUuid::WithoutBraces);

    const SecretStore::Result written = store.writeAndWait(key, SecretBytes(secret));
    QVERIFY2(written.isOk(), qPrintable(written.message));
    const SecretStore::Result read = store.readAndWait(key);
    QVERIFY2(read.isOk(), qPrintable(read.message));
    QCOMPARE(read.secret.reveal(), secret);

    // Independently of QtKeychain: the Secret Service holds user=<key> server=rulebench.
    QString error;
    const auto entry = KeychainProbe::lookup(key, &error);
    QVERIFY2(entry, qPrintable(error));
    QCOMPARE(entry->type, QStringLiteral("base64")); // QtKeychain stores binary data base64-encoded
    QCOMPARE(entry->secret, secret);

    QVERIFY(store.writeAndWait(key, SecretBytes("replaced")).isOk());
    QCOMPARE(store.readAndWait(key).secret.reveal(), QByteArray("replaced"));
    QCOMPARE(KeychainProbe::lookup(key)->secret, QByteArray("replaced"));

    QVERIFY(store.removeAndWait(key).isOk());
    QCOMPARE(store.readAndWait(key).status, SecretStore::Status::NotFound);
    QVERIFY(!KeychainProbe::lookup(key));
}

void KeychainSecretStoreTest::missingEntryIsNotFound()
{
    if (const QString why = KeychainProbe::unavailableReason(); !why.isEmpty())
        QSKIP(qPrintable(why));
    KeychainSecretStore store(QStringLiteral("rulebench"), 10000);
    const SecretStore::Result read = store.readAndWait(QStringLiteral("rulebench-test/never-written"));
    QCOMPARE(read.status, SecretStore::Status::NotFound);
    QVERIFY(read.message.contains(QLatin1String("no such entry")));
}

void KeychainSecretStoreTest::noSecretServiceFailsFast_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<bool>("deadSocket"); // else no session bus at all
    QTest::addColumn<QString>("cause");   // what QtKeychain said, kept in the message
    for (const char *op : {"write", "read", "remove"}) {
        QTest::addRow("%s, dead bus socket", op) << QString::fromLatin1(op) << true << QStringLiteral("Could not connect");
        QTest::addRow("%s, no bus, no display", op) << QString::fromLatin1(op) << false << QStringLiteral("autolaunch");
    }
}

void KeychainSecretStoreTest::noSecretServiceFailsFast()
{
    QFETCH(QString, op);
    QFETCH(bool, deadSocket);
    QFETCH(QString, cause);
    QTemporaryDir dir;
    const QString address = deadSocket ? QStringLiteral("unix:path=") + dir.filePath(QStringLiteral("no-bus-here")) : QString();
    // The store's own limit is 20 s: failing "fast" means NoKeychain, not TimedOut.
    const ChildAnswer answer = runChild(childCommand(op, 20000), environmentWithBus(address, dir.path()), "secret");
    QVERIFY2(answer.finished, qPrintable(answer.output));
    QCOMPARE(answer.json.value(QLatin1String("status")).toString(), QStringLiteral("NoKeychain"));
    const QString message = answer.json.value(QLatin1String("message")).toString();
    QVERIFY2(message.startsWith(QStringLiteral("no keychain is reachable (install and start gnome-keyring")), qPrintable(message));
    QVERIFY2(message.contains(cause), qPrintable(message));
    QVERIFY(answer.json.value(QLatin1String("elapsed_ms")).toDouble() < 20000);
}

void KeychainSecretStoreTest::busWithoutSecretService()
{
    // A session bus where nothing provides org.freedesktop.secrets: the headless session
    // without its keyring.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HEADLESS_NO_KEYRING"), QStringLiteral("1"));
    environment.insert(QStringLiteral("HEADLESS_NO_X"), QStringLiteral("1"));
    environment.insert(QStringLiteral("HEADLESS_QUIET"), QStringLiteral("1"));
    const ChildAnswer answer = runChild(QStringList{QStringLiteral(RULEBENCH_HEADLESS_SESSION)} + childCommand(QStringLiteral("read"), 20000),
                                        environment);
    if (answer.json.isEmpty())
        QSKIP(qPrintable(QStringLiteral("tests/headless-session.sh could not start a bus: ") + answer.output.left(400)));
    QCOMPARE(answer.json.value(QLatin1String("status")).toString(), QStringLiteral("NoKeychain"));
    const QString message = answer.json.value(QLatin1String("message")).toString();
    QVERIFY2(message.startsWith(QStringLiteral("no keychain is reachable")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("org.freedesktop.secrets")), qPrintable(message));
}

void KeychainSecretStoreTest::silentSecretServiceTimesOut()
{
    // A "bus" that accepts the connection and never says a word: the job would wait forever
    // (as on an unlock prompt); the store gives up after its own limit.
    QTemporaryDir dir;
    QLocalServer silent;
    const QString socket = dir.filePath(QStringLiteral("silent-bus"));
    QVERIFY2(silent.listen(socket), qPrintable(silent.errorString()));
    QList<QLocalSocket *> held;
    connect(&silent, &QLocalServer::newConnection, this, [&] {
        while (QLocalSocket *connection = silent.nextPendingConnection())
            held << connection;
    });
    const ChildAnswer answer = runChild(childCommand(QStringLiteral("read"), 500), environmentWithBus(QStringLiteral("unix:path=") + socket, dir.path()));
    QVERIFY2(answer.finished, qPrintable(answer.output));
    QVERIFY(!held.isEmpty()); // it did try the bus
    QCOMPARE(answer.json.value(QLatin1String("status")).toString(), QStringLiteral("TimedOut"));
    QCOMPARE(answer.json.value(QLatin1String("message")).toString(),
             QStringLiteral("the keychain did not answer (is it waiting for an unlock prompt?)"));
    QVERIFY(answer.json.value(QLatin1String("elapsed_ms")).toDouble() >= 450); // a coarse timer may fire 5% early
}

QTEST_GUILESS_MAIN(KeychainSecretStoreTest)
#include "tst_keychainsecretstore.moc"
