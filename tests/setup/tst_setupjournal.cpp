// SPDX-License-Identifier: MIT
// SetupJournal on its own: a journal written before intents existed still opens, keeps its
// runs and resumes; intents are written, completed, claimed by the plan and tenant they belong
// to (not by another, nor once rolled back) and dropped.
#include "setup/SetupJournal.h"
#include "storage/SqliteDatabase.h"

#include <QTemporaryDir>
#include <QTest>

class SetupJournalTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void oldJournalStillOpens();
    void intentIsCompletedWithTheId();
    void intentIsClaimedOnlyByItsPlanAndTenant_data();
    void intentIsClaimedOnlyByItsPlanAndTenant();
    void intentsAreDropped();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("journal.sqlite")); }
    std::unique_ptr<SetupJournal> openJournal();

    std::unique_ptr<QTemporaryDir> m_dir;
};

void SetupJournalTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
}

std::unique_ptr<SetupJournal> SetupJournalTest::openJournal()
{
    QString error;
    auto journal = SetupJournal::open(path(), &error);
    if (!journal)
        qWarning("%s", qPrintable(error));
    return journal;
}

void SetupJournalTest::oldJournalStillOpens()
{
    {
        // The schema as it was before intents, with a failed run that created an API.
        QString error;
        const auto db = SqliteDatabase::open(path(), &error);
        QVERIFY2(db, qPrintable(error));
        QVERIFY2(db->exec(QStringLiteral(
                     "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, plan_hash TEXT NOT NULL,"
                     "  started TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'running');"
                     "CREATE TABLE IF NOT EXISTS created (run INTEGER NOT NULL REFERENCES runs(id), kind TEXT NOT NULL,"
                     "  id TEXT NOT NULL, label TEXT NOT NULL, sequence INTEGER PRIMARY KEY AUTOINCREMENT);"
                     "CREATE TABLE IF NOT EXISTS steps (run INTEGER NOT NULL REFERENCES runs(id), step TEXT NOT NULL,"
                     "  PRIMARY KEY (run, step));"
                     "INSERT INTO runs (id, tenant, plan_hash, started, status) VALUES (7, 'acme', 'h1', '2026-11-01T00:00:00Z', 'failed');"
                     "INSERT INTO created (run, kind, id, label) VALUES (7, 'resource_server', 'rs_1', 'https://api');"
                     "INSERT INTO steps (run, step) VALUES (7, 'api');")),
                 qPrintable(db->lastError()));
    }
    for (int opening = 1; opening <= 2; ++opening) { // the second finds the column added
        const auto journal = openJournal();
        QVERIFY(journal);
        bool resumed = false;
        QCOMPARE(journal->beginOrResume(QStringLiteral("acme"), QStringLiteral("h1"), &resumed), qint64(7));
        QVERIFY(resumed);
        QCOMPARE(journal->doneSteps(7), QStringList{QStringLiteral("api")});
        const QList<SetupJournal::Created> created = journal->created(7);
        QCOMPARE(created.size(), qsizetype(opening));
        QCOMPARE(created.first().kind, QStringLiteral("resource_server"));
        QCOMPARE(created.first().id, QStringLiteral("rs_1"));
        QVERIFY(!created.first().pending);
        if (opening == 1)
            journal->recordIntent(7, QStringLiteral("client"), QStringLiteral("My app"));
        else
            QVERIFY(created.last().pending);
        journal->finish(7, QStringLiteral("failed"));
    }
}

void SetupJournalTest::intentIsCompletedWithTheId()
{
    const auto journal = openJournal();
    QVERIFY(journal);
    bool resumed = true;
    const qint64 run = journal->beginOrResume(QStringLiteral("acme"), QStringLiteral("h1"), &resumed);
    QVERIFY(!resumed);
    journal->recordCreated(run, {QStringLiteral("resource_server"), QStringLiteral("rs_1"), QStringLiteral("https://api")});
    const qint64 intent = journal->recordIntent(run, QStringLiteral("client"), QStringLiteral("My app"));
    QList<SetupJournal::Created> created = journal->created(run);
    QCOMPARE(created.size(), 2);
    QCOMPARE(created.last().sequence, intent);
    QVERIFY(created.last().pending);
    QVERIFY(created.last().id.isEmpty());
    QCOMPARE(created.last().label, QStringLiteral("My app"));

    journal->completeIntent(intent, QStringLiteral("cl_1"));
    created = journal->created(run);
    QCOMPARE(created.size(), 2);
    QVERIFY(!created.last().pending);
    QCOMPARE(created.last().id, QStringLiteral("cl_1"));
    journal->forget(intent);
    QCOMPARE(journal->created(run).size(), 1);
}

void SetupJournalTest::intentIsClaimedOnlyByItsPlanAndTenant_data()
{
    QTest::addColumn<QString>("tenant");
    QTest::addColumn<QString>("planHash");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("label");
    QTest::addColumn<bool>("rolledBack");
    QTest::addColumn<bool>("claimed");

    const QString acme = QStringLiteral("acme"), h1 = QStringLiteral("h1"), rule = QStringLiteral("rule"), name = QStringLiteral("call-api");
    QTest::newRow("its plan and tenant") << acme << h1 << rule << name << false << true;
    QTest::newRow("another tenant") << QStringLiteral("other") << h1 << rule << name << false << false;
    QTest::newRow("another plan") << acme << QStringLiteral("h2") << rule << name << false << false;
    QTest::newRow("another kind") << acme << h1 << QStringLiteral("action") << name << false << false;
    QTest::newRow("another label") << acme << h1 << rule << QStringLiteral("other-rule") << false << false;
    QTest::newRow("run rolled back") << acme << h1 << rule << name << true << false;
}

void SetupJournalTest::intentIsClaimedOnlyByItsPlanAndTenant()
{
    QFETCH(QString, tenant);
    QFETCH(QString, planHash);
    QFETCH(QString, kind);
    QFETCH(QString, label);
    QFETCH(bool, rolledBack);
    QFETCH(bool, claimed);

    const auto journal = openJournal();
    QVERIFY(journal);
    bool resumed = false;
    const qint64 run = journal->beginOrResume(QStringLiteral("acme"), QStringLiteral("h1"), &resumed);
    journal->recordIntent(run, QStringLiteral("rule"), QStringLiteral("call-api"));
    journal->finish(run, rolledBack ? QStringLiteral("rolled_back") : QStringLiteral("failed"));

    QCOMPARE(journal->claimIntent(tenant, planHash, kind, label, QStringLiteral("rul_1")), claimed);
    const QList<SetupJournal::Created> created = journal->created(run);
    QCOMPARE(created.size(), 1);
    QCOMPARE(created.first().pending, !claimed);
    QCOMPARE(created.first().id, claimed ? QStringLiteral("rul_1") : QString());
    // Claimed once: a second claim finds nothing left to claim.
    QVERIFY(!journal->claimIntent(tenant, planHash, kind, label, QStringLiteral("rul_2")));
}

void SetupJournalTest::intentsAreDropped()
{
    const auto journal = openJournal();
    QVERIFY(journal);
    bool resumed = false;
    const qint64 run = journal->beginOrResume(QStringLiteral("acme"), QStringLiteral("h1"), &resumed);
    journal->recordIntent(run, QStringLiteral("rule"), QStringLiteral("call-api"));
    journal->recordIntent(run, QStringLiteral("rule"), QStringLiteral("call-api"));
    journal->recordIntent(run, QStringLiteral("rules_config"), QStringLiteral("API_URL"));
    journal->recordCreated(run, {QStringLiteral("rule"), QStringLiteral("rul_0"), QStringLiteral("call-api")});

    journal->dropIntents(QStringLiteral("other"), QStringLiteral("h1"), QStringLiteral("rule"), QStringLiteral("call-api"));
    QCOMPARE(journal->created(run).size(), 4);
    // Both unanswered creates of that rule go; the answered one and the other intent stay.
    journal->dropIntents(QStringLiteral("acme"), QStringLiteral("h1"), QStringLiteral("rule"), QStringLiteral("call-api"));
    const QList<SetupJournal::Created> created = journal->created(run);
    QCOMPARE(created.size(), 2);
    QCOMPARE(created.at(0).kind, QStringLiteral("rules_config"));
    QVERIFY(created.at(0).pending);
    QCOMPARE(created.at(1).id, QStringLiteral("rul_0"));
    QVERIFY(!created.at(1).pending);
}

QTEST_GUILESS_MAIN(SetupJournalTest)
#include "tst_setupjournal.moc"
