// SPDX-License-Identifier: MIT
// TenantStore: JSON documents in creation order, settings, transactions, persistence in SQLite.
#include "crypto/Sealer.h"
#include "tenant/TenantStore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString Rules = QStringLiteral("rules");
const QString Clients = QStringLiteral("clients");

QJsonObject doc(const QString &id, int version = 1)
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("version"), version}};
}

QStringList ids(const QList<QJsonObject> &documents)
{
    QStringList out;
    for (const QJsonObject &document : documents)
        out << document.value(QLatin1String("id")).toString();
    return out;
}

} // namespace

class tst_TenantStore : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void putGetListInCreationOrder_data();
    void putGetListInCreationOrder();
    void updateKeepsPlace();
    void removeForgetsDocument();
    void collectionsAreSeparate();
    void settings();
    void persistsAcrossReopen();
    void orderSurvivesRemoveAndReopen();
    void transactionCommits();
    void transactionRollbackRestoresMemoryAndDisk();
    void memoryStoreForgets();
    void openRejects_data();
    void openRejects();
    void secretsAreSealedOnDisk();
    void otherKeyIsRefused_data();
    void otherKeyIsRefused();
    void plainFileIsSealedOnOpen();

private:
    std::unique_ptr<TenantStore> open(QString *error = nullptr, const SecretBytes &key = {});
    QByteArray fileBytes() const;
    QString m_path;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_TenantStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("tenant.sqlite"));
}

std::unique_ptr<TenantStore> tst_TenantStore::open(QString *error, const SecretBytes &key)
{
    QString why;
    auto store = TenantStore::open(m_path, &why, key);
    if (!store)
        qWarning("open %s: %s", qPrintable(m_path), qPrintable(why));
    if (error)
        *error = why;
    return store;
}

// The data file and its WAL, as anyone who copies them would read them.
QByteArray tst_TenantStore::fileBytes() const
{
    QByteArray bytes;
    for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
        QFile file(m_path + suffix);
        if (file.open(QIODevice::ReadOnly))
            bytes += file.readAll();
    }
    return bytes;
}

void tst_TenantStore::putGetListInCreationOrder_data()
{
    QTest::addColumn<QStringList>("insertOrder");
    QTest::newRow("one") << QStringList{QStringLiteral("a")};
    QTest::newRow("not alphabetical") << QStringList{QStringLiteral("m"), QStringLiteral("b"), QStringLiteral("z"),
                                                     QStringLiteral("a")};
    QTest::newRow("ids that sort oddly") << QStringList{QStringLiteral("rul_10"), QStringLiteral("rul_9"),
                                                        QStringLiteral("auth0|x"), QStringLiteral("ünï")};
}

void tst_TenantStore::putGetListInCreationOrder()
{
    QFETCH(QStringList, insertOrder);
    auto store = open();
    QVERIFY(store);
    QCOMPARE(store->list(Rules).size(), 0);
    for (const QString &id : insertOrder)
        QVERIFY(store->put(Rules, id, doc(id)));
    QCOMPARE(ids(store->list(Rules)), insertOrder);
    QCOMPARE(store->count(Rules), insertOrder.size());
    for (const QString &id : insertOrder)
        QCOMPARE(store->get(Rules, id), std::optional<QJsonObject>(doc(id)));
    QVERIFY(!store->get(Rules, QStringLiteral("missing")));
    QVERIFY(!store->get(QStringLiteral("no-such-collection"), insertOrder.first()));
}

void tst_TenantStore::updateKeepsPlace()
{
    auto store = open();
    QVERIFY(store);
    for (const QString &id : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
        QVERIFY(store->put(Rules, id, doc(id)));
    QVERIFY(store->put(Rules, QStringLiteral("a"), doc(QStringLiteral("a"), 2)));
    QCOMPARE(ids(store->list(Rules)), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(store->get(Rules, QStringLiteral("a"))->value(QLatin1String("version")).toInt(), 2);
    QCOMPARE(store->count(Rules), 3);

    store.reset();
    store = open();
    QVERIFY(store);
    QCOMPARE(ids(store->list(Rules)), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(store->get(Rules, QStringLiteral("a"))->value(QLatin1String("version")).toInt(), 2);
}

void tst_TenantStore::removeForgetsDocument()
{
    auto store = open();
    QVERIFY(store);
    QVERIFY(store->put(Rules, QStringLiteral("a"), doc(QStringLiteral("a"))));
    QVERIFY(store->put(Rules, QStringLiteral("b"), doc(QStringLiteral("b"))));
    QVERIFY(store->remove(Rules, QStringLiteral("a")));
    QVERIFY(!store->get(Rules, QStringLiteral("a")));
    QCOMPARE(ids(store->list(Rules)), QStringList{QStringLiteral("b")});
    QVERIFY(!store->remove(Rules, QStringLiteral("a"))); // already gone
    QVERIFY(!store->remove(QStringLiteral("nothing"), QStringLiteral("a")));

    store.reset();
    store = open();
    QVERIFY(store);
    QVERIFY(!store->get(Rules, QStringLiteral("a")));
    QCOMPARE(store->count(Rules), 1);
}

void tst_TenantStore::collectionsAreSeparate()
{
    auto store = open();
    QVERIFY(store);
    QVERIFY(store->put(Rules, QStringLiteral("same-id"), doc(QStringLiteral("rule"))));
    QVERIFY(store->put(Clients, QStringLiteral("same-id"), doc(QStringLiteral("client"))));
    QCOMPARE(store->get(Rules, QStringLiteral("same-id"))->value(QLatin1String("id")).toString(), QStringLiteral("rule"));
    QVERIFY(store->remove(Rules, QStringLiteral("same-id")));
    QVERIFY(store->get(Clients, QStringLiteral("same-id")));
}

void tst_TenantStore::settings()
{
    auto store = open();
    QVERIFY(store);
    QCOMPARE(store->setting(QStringLiteral("k")), QString());
    QVERIFY(store->setSetting(QStringLiteral("k"), QStringLiteral("one")));
    QVERIFY(store->setSetting(QStringLiteral("k"), QStringLiteral("two")));
    QVERIFY(store->setSetting(QStringLiteral("pem"), QStringLiteral("-----BEGIN…\nmulti\nline")));
    QCOMPARE(store->setting(QStringLiteral("k")), QStringLiteral("two"));

    store.reset();
    store = open();
    QVERIFY(store);
    QCOMPARE(store->setting(QStringLiteral("k")), QStringLiteral("two"));
    QCOMPARE(store->setting(QStringLiteral("pem")), QStringLiteral("-----BEGIN…\nmulti\nline"));
}

void tst_TenantStore::persistsAcrossReopen()
{
    const QJsonObject rich{{QStringLiteral("id"), QStringLiteral("x")},
                           {QStringLiteral("script"), QStringLiteral("function (u, c, cb) { cb(null, u, c); } // ✓")},
                           {QStringLiteral("nested"), QJsonObject{{QStringLiteral("n"), 1.25}, {QStringLiteral("b"), true}}}};
    {
        auto store = open();
        QVERIFY(store);
        QVERIFY(store->put(Rules, QStringLiteral("x"), rich));
        QVERIFY(store->put(Rules, QStringLiteral("y"), doc(QStringLiteral("y"))));
    }
    QVERIFY(QFile::exists(m_path));
    auto store = open();
    QVERIFY(store);
    QCOMPARE(store->get(Rules, QStringLiteral("x")), std::optional<QJsonObject>(rich));
    QCOMPARE(ids(store->list(Rules)), (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
    // New documents go after the ones loaded from disk.
    QVERIFY(store->put(Rules, QStringLiteral("a"), doc(QStringLiteral("a"))));
    QCOMPARE(ids(store->list(Rules)), (QStringList{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("a")}));
}

void tst_TenantStore::orderSurvivesRemoveAndReopen()
{
    {
        auto store = open();
        QVERIFY(store);
        for (const QString &id : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
            QVERIFY(store->put(Rules, id, doc(id)));
        QVERIFY(store->remove(Rules, QStringLiteral("a")));
        QVERIFY(store->put(Rules, QStringLiteral("a"), doc(QStringLiteral("a"), 2))); // re-created: now last
        QCOMPARE(ids(store->list(Rules)), (QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("a")}));
    }
    auto store = open();
    QVERIFY(store);
    QCOMPARE(ids(store->list(Rules)), (QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("a")}));
    QVERIFY(store->put(Rules, QStringLiteral("d"), doc(QStringLiteral("d"))));
    store.reset();
    store = open();
    QVERIFY(store);
    QCOMPARE(ids(store->list(Rules)),
             (QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("d")}));
}

void tst_TenantStore::transactionCommits()
{
    {
        auto store = open();
        QVERIFY(store);
        const bool ok = store->transaction([&] {
            return store->put(Rules, QStringLiteral("a"), doc(QStringLiteral("a")))
                && store->setSetting(QStringLiteral("k"), QStringLiteral("v"));
        });
        QVERIFY(ok);
        QVERIFY(store->get(Rules, QStringLiteral("a")));
    }
    auto store = open();
    QVERIFY(store);
    QVERIFY(store->get(Rules, QStringLiteral("a")));
    QCOMPARE(store->setting(QStringLiteral("k")), QStringLiteral("v"));
}

void tst_TenantStore::transactionRollbackRestoresMemoryAndDisk()
{
    {
        auto store = open();
        QVERIFY(store);
        QVERIFY(store->put(Rules, QStringLiteral("keep"), doc(QStringLiteral("keep"))));
        QVERIFY(store->put(Rules, QStringLiteral("second"), doc(QStringLiteral("second"))));
        QVERIFY(store->setSetting(QStringLiteral("k"), QStringLiteral("before")));

        const bool ok = store->transaction([&] {
            store->put(Rules, QStringLiteral("added"), doc(QStringLiteral("added")));
            store->put(Rules, QStringLiteral("second"), doc(QStringLiteral("second"), 2));
            store->remove(Rules, QStringLiteral("keep"));
            store->setSetting(QStringLiteral("k"), QStringLiteral("during"));
            return false;
        });
        QVERIFY(!ok);
        QCOMPARE(ids(store->list(Rules)), (QStringList{QStringLiteral("keep"), QStringLiteral("second")}));
        QCOMPARE(store->get(Rules, QStringLiteral("second"))->value(QLatin1String("version")).toInt(), 1);
        QCOMPARE(store->setting(QStringLiteral("k")), QStringLiteral("before"));

        // The sequence was rolled back too: the next document still lands last.
        QVERIFY(store->put(Rules, QStringLiteral("after"), doc(QStringLiteral("after"))));
    }
    auto store = open();
    QVERIFY(store);
    QCOMPARE(ids(store->list(Rules)),
             (QStringList{QStringLiteral("keep"), QStringLiteral("second"), QStringLiteral("after")}));
    QCOMPARE(store->get(Rules, QStringLiteral("second"))->value(QLatin1String("version")).toInt(), 1);
    QVERIFY(!store->get(Rules, QStringLiteral("added")));
    QCOMPARE(store->setting(QStringLiteral("k")), QStringLiteral("before"));
}

void tst_TenantStore::memoryStoreForgets()
{
    QString error;
    {
        auto store = TenantStore::open(QStringLiteral(":memory:"), &error);
        QVERIFY2(store, qPrintable(error));
        QVERIFY(store->put(Rules, QStringLiteral("a"), doc(QStringLiteral("a"))));
        QVERIFY(store->setSetting(QStringLiteral("k"), QStringLiteral("v")));
        QVERIFY(store->transaction([&] { return store->put(Rules, QStringLiteral("b"), doc(QStringLiteral("b"))); }));
        QCOMPARE(ids(store->list(Rules)), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    }
    auto store = TenantStore::open(QStringLiteral(":memory:"), &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->count(Rules), 0);
    QCOMPARE(store->setting(QStringLiteral("k")), QString());
    QVERIFY(!QFile::exists(QStringLiteral(":memory:")));
}

void tst_TenantStore::openRejects_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("asFolder");
    QTest::newRow("a folder") << QByteArray() << true;
    QTest::newRow("not a database") << QByteArray("this is a text file, not SQLite\n").repeated(200) << false;
}

void tst_TenantStore::openRejects()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, asFolder);
    if (asFolder) {
        QVERIFY(QDir().mkpath(m_path));
    } else {
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    QString error;
    QVERIFY(!open(&error));
    QVERIFY2(error.contains(m_path), qPrintable(error));
    if (!asFolder) {
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), content); // a file that is not ours is never overwritten
    }
}

namespace {

const QString ClientSecret = QStringLiteral("client-secret-0123456789");
const QString ConfigValue = QStringLiteral("config-value-0123456789");
const QString SigningKey = QStringLiteral("-----BEGIN PRIVATE KEY-----signing-key-0123456789");

bool writeSecrets(TenantStore &store)
{
    return store.put(QStringLiteral("clients"), QStringLiteral("c1"),
                     {{QStringLiteral("client_id"), QStringLiteral("c1")}, {QStringLiteral("client_secret"), ClientSecret}})
        && store.put(QStringLiteral("rules_configs"), QStringLiteral("K"),
                     {{QStringLiteral("key"), QStringLiteral("K")}, {QStringLiteral("value"), ConfigValue}})
        && store.setSetting(QStringLiteral("signing_key_pem"), SigningKey);
}

QStringList secretsIn(const QByteArray &bytes)
{
    QStringList found;
    for (const QString &secret : {ClientSecret, ConfigValue, SigningKey}) {
        if (bytes.contains(secret.toUtf8()))
            found << secret;
    }
    return found;
}

} // namespace

void tst_TenantStore::secretsAreSealedOnDisk()
{
    const SecretBytes key = Sealer::newKey();
    {
        auto store = open(nullptr, key);
        QVERIFY(store);
        QVERIFY(writeSecrets(*store));
        QCOMPARE(store->get(QStringLiteral("clients"), QStringLiteral("c1"))->value(QLatin1String("client_secret")).toString(), ClientSecret);
        QCOMPARE(secretsIn(fileBytes()), QStringList()); // not even in the WAL while open
    }
    QCOMPARE(secretsIn(fileBytes()), QStringList());
    QVERIFY(fileBytes().contains("c1")); // the rest is not encrypted

    auto store = open(nullptr, key);
    QVERIFY(store);
    QCOMPARE(store->get(QStringLiteral("clients"), QStringLiteral("c1"))->value(QLatin1String("client_secret")).toString(), ClientSecret);
    QCOMPARE(store->get(QStringLiteral("rules_configs"), QStringLiteral("K"))->value(QLatin1String("value")).toString(), ConfigValue);
    QCOMPARE(store->setting(QStringLiteral("signing_key_pem")), SigningKey);
}

void tst_TenantStore::otherKeyIsRefused_data()
{
    QTest::addColumn<bool>("noKey");
    QTest::newRow("another key") << false;
    QTest::newRow("no key") << true;
}

void tst_TenantStore::otherKeyIsRefused()
{
    QFETCH(bool, noKey);
    {
        auto store = open(nullptr, Sealer::newKey());
        QVERIFY(store);
        QVERIFY(writeSecrets(*store));
    }
    QString error;
    QVERIFY(!open(&error, noKey ? SecretBytes() : Sealer::newKey()));
    QVERIFY2(error.contains(QLatin1String("sealed with another key")), qPrintable(error));
    QVERIFY2(error.contains(m_path), qPrintable(error));
}

void tst_TenantStore::plainFileIsSealedOnOpen()
{
    // A data file from before sealing (or from a run without a key) keeps its secrets in the
    // clear until they are sealed; opening it with a key must do that, not wait for writes
    // that may never come (the signing key is written once, ever).
    {
        auto store = open();
        QVERIFY(store);
        QVERIFY(writeSecrets(*store));
    }
    QCOMPARE(secretsIn(fileBytes()).size(), 3);
    const SecretBytes key = Sealer::newKey();
    {
        auto store = open(nullptr, key);
        QVERIFY(store);
        QCOMPARE(store->setting(QStringLiteral("signing_key_pem")), SigningKey);
        QCOMPARE(store->get(QStringLiteral("clients"), QStringLiteral("c1"))->value(QLatin1String("client_secret")).toString(), ClientSecret);
    }
    QCOMPARE(secretsIn(fileBytes()), QStringList());
    auto store = open(nullptr, key);
    QVERIFY(store);
    QCOMPARE(store->get(QStringLiteral("rules_configs"), QStringLiteral("K"))->value(QLatin1String("value")).toString(), ConfigValue);
    QCOMPARE(store->count(QStringLiteral("clients")), 1);
    QCOMPARE(store->setting(QStringLiteral("signing_key_pem")), SigningKey);
}

QTEST_GUILESS_MAIN(tst_TenantStore)
#include "tst_tenantstore.moc"
