// SPDX-License-Identifier: MIT
// MemorySecretStore, the session-only choice when no keychain is reachable: round trip,
// answers that come later on the caller's thread (as the keychain's do), a gone context
// gets no answer, and jobs from a worker thread.
#include "secrets/MemorySecretStore.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

class MemorySecretStoreTest : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void missingEntryIsNotFound();
    void answersLaterNotDuringTheCall();
    void goneContextGetsNoAnswer();
    void workerThreadGetsItsAnswerOnItsThread();
};

void MemorySecretStoreTest::roundTrip_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::newRow("client secret") << QByteArray("atjF6FRXkznWMjyjFmjEVsCc105hHsWYgd7k8rQBPZ3g1dVKyFMFz8oYzt4jKcWs");
    QTest::newRow("binary with NUL") << QByteArray("\x00\x01\xff\xfe secret\x00", 12);
    QTest::newRow("UTF-8") << QStringLiteral("pässwörd ✓").toUtf8();
}

void MemorySecretStoreTest::roundTrip()
{
    QFETCH(QByteArray, secret);
    MemorySecretStore store;
    const QString key = QStringLiteral("client/127.0.0.1:1/abc/secret");
    QVERIFY(store.writeAndWait(key, SecretBytes(secret)).isOk());
    const SecretStore::Result read = store.readAndWait(key);
    QVERIFY(read.isOk());
    QCOMPARE(read.secret.reveal(), secret);
    // Another key is another entry.
    QCOMPARE(store.readAndWait(key + QLatin1Char('x')).status, SecretStore::Status::NotFound);
    QVERIFY(store.removeAndWait(key).isOk());
    QCOMPARE(store.readAndWait(key).status, SecretStore::Status::NotFound);
    QVERIFY(!store.description().isEmpty());
}

void MemorySecretStoreTest::missingEntryIsNotFound()
{
    MemorySecretStore store;
    const SecretStore::Result read = store.readAndWait(QStringLiteral("nothing/here"));
    QCOMPARE(read.status, SecretStore::Status::NotFound);
    QVERIFY(read.secret.isEmpty());
    QVERIFY(!read.message.isEmpty());
}

void MemorySecretStoreTest::answersLaterNotDuringTheCall()
{
    MemorySecretStore store;
    QObject context;
    bool answered = false;
    store.write(QStringLiteral("k"), SecretBytes("v"), &context, [&answered](const SecretStore::Result &result) {
        answered = result.isOk();
    });
    QVERIFY(!answered); // callers cannot come to rely on a synchronous answer
    QTRY_VERIFY(answered);
}

void MemorySecretStoreTest::goneContextGetsNoAnswer()
{
    MemorySecretStore store;
    QVERIFY(store.writeAndWait(QStringLiteral("k"), SecretBytes("v")).isOk());
    int answers = 0;
    auto *gone = new QObject;
    QObject stays;
    store.read(QStringLiteral("k"), gone, [&answers](const SecretStore::Result &) { answers += 100; });
    store.read(QStringLiteral("k"), &stays, [&answers](const SecretStore::Result &) { answers += 1; });
    delete gone;
    QTRY_COMPARE(answers, 1); // the answer for the context still there arrives, the other never
    QCoreApplication::processEvents();
    QCOMPARE(answers, 1);
}

void MemorySecretStoreTest::workerThreadGetsItsAnswerOnItsThread()
{
    MemorySecretStore store; // lives on this thread; the setup runner uses it from its worker
    QThread *answeredOn = nullptr;
    SecretStore::Result read;
    QThread *worker = QThread::create([&] {
        store.writeAndWait(QStringLiteral("k"), SecretBytes("from the worker"));
        QObject context;
        QEventLoop loop;
        store.read(QStringLiteral("k"), &context, [&](const SecretStore::Result &result) {
            answeredOn = QThread::currentThread();
            read = result;
            loop.quit();
        });
        loop.exec();
    });
    QSignalSpy finished(worker, &QThread::finished);
    worker->start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000); // wait() would miss a thread that ended at once
    QCOMPARE(answeredOn, worker);
    QCOMPARE(read.secret.reveal(), QByteArray("from the worker"));
    QCOMPARE(store.readAndWait(QStringLiteral("k")).secret.reveal(), QByteArray("from the worker"));
    delete worker;
}

QTEST_GUILESS_MAIN(MemorySecretStoreTest)
#include "tst_memorysecretstore.moc"
