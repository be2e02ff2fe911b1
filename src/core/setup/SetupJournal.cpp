// SPDX-License-Identifier: MIT
#include "SetupJournal.h"

#include "storage/SqliteDatabase.h"

#include <QDateTime>

SetupJournal::~SetupJournal() = default;

std::unique_ptr<SetupJournal> SetupJournal::open(const QString &path, QString *error)
{
    std::unique_ptr<SetupJournal> journal(new SetupJournal);
    journal->m_db = SqliteDatabase::open(path, error);
    if (!journal->m_db)
        return nullptr;
    bool ok = journal->m_db->exec(QStringLiteral(
        "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, plan_hash TEXT NOT NULL,"
        "  started TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'running');"
        "CREATE TABLE IF NOT EXISTS created (run INTEGER NOT NULL REFERENCES runs(id), kind TEXT NOT NULL,"
        "  id TEXT NOT NULL, label TEXT NOT NULL, sequence INTEGER PRIMARY KEY AUTOINCREMENT);"
        "CREATE TABLE IF NOT EXISTS steps (run INTEGER NOT NULL REFERENCES runs(id), step TEXT NOT NULL,"
        "  PRIMARY KEY (run, step));"));
    // The column came with intents: journals written before lack it, and their rows are all
    // answered creates.
    bool hasPending = false;
    {
        auto columns = journal->m_db->prepare(QStringLiteral("PRAGMA table_info(created)"));
        while (columns.next())
            hasPending = hasPending || columns.text(1) == QLatin1String("pending");
    }
    if (ok && !hasPending)
        ok = journal->m_db->exec(QStringLiteral("ALTER TABLE created ADD COLUMN pending INTEGER NOT NULL DEFAULT 0"));
    if (!ok) {
        if (error)
            *error = QStringLiteral("cannot set up the setup journal in %1: %2").arg(path, journal->m_db->lastError());
        return nullptr;
    }
    return journal;
}

qint64 SetupJournal::beginOrResume(const QString &tenant, const QString &planHash, bool *resumed)
{
    auto open = m_db->prepare(QStringLiteral(
        "SELECT id FROM runs WHERE tenant = ? AND plan_hash = ? AND status IN ('running', 'failed', 'cancelled') ORDER BY id DESC LIMIT 1"));
    open.bind(1, tenant).bind(2, planHash);
    if (open.next()) {
        const qint64 run = open.integer(0);
        auto update = m_db->prepare(QStringLiteral("UPDATE runs SET status = 'running' WHERE id = ?"));
        update.bind(1, run).run();
        *resumed = true;
        return run;
    }
    *resumed = false;
    auto insert = m_db->prepare(QStringLiteral("INSERT INTO runs (tenant, plan_hash, started) VALUES (?, ?, ?)"));
    insert.bind(1, tenant).bind(2, planHash).bind(3, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)).run();
    auto last = m_db->prepare(QStringLiteral("SELECT last_insert_rowid()"));
    last.next();
    return last.integer(0);
}

std::optional<qint64> SetupJournal::latestRun(const QString &tenant, const QString &planHash) const
{
    auto query = m_db->prepare(QStringLiteral("SELECT id FROM runs WHERE tenant = ? AND plan_hash = ? ORDER BY id DESC LIMIT 1"));
    query.bind(1, tenant).bind(2, planHash);
    if (!query.next())
        return std::nullopt;
    return query.integer(0);
}

QList<qint64> SetupJournal::runsToRollBack(const QString &tenant, const QString &planHash) const
{
    QList<qint64> runs;
    auto query = m_db->prepare(QStringLiteral(
        "SELECT id FROM runs WHERE tenant = ? AND plan_hash = ? AND status != 'rolled_back' ORDER BY id DESC"));
    query.bind(1, tenant).bind(2, planHash);
    while (query.next())
        runs << query.integer(0);
    return runs;
}

void SetupJournal::recordCreated(qint64 run, const Created &created)
{
    auto insert = m_db->prepare(QStringLiteral("INSERT INTO created (run, kind, id, label) VALUES (?, ?, ?, ?)"));
    insert.bind(1, run).bind(2, created.kind).bind(3, created.id).bind(4, created.label).run();
}

qint64 SetupJournal::recordIntent(qint64 run, const QString &kind, const QString &label)
{
    auto insert = m_db->prepare(QStringLiteral("INSERT INTO created (run, kind, id, label, pending) VALUES (?, ?, '', ?, 1)"));
    insert.bind(1, run).bind(2, kind).bind(3, label).run();
    auto last = m_db->prepare(QStringLiteral("SELECT last_insert_rowid()"));
    last.next();
    return last.integer(0);
}

void SetupJournal::completeIntent(qint64 sequence, const QString &id)
{
    auto update = m_db->prepare(QStringLiteral("UPDATE created SET id = ?, pending = 0 WHERE sequence = ?"));
    update.bind(1, id).bind(2, sequence).run();
}

bool SetupJournal::claimIntent(const QString &tenant, const QString &planHash, const QString &kind, const QString &label,
                               const QString &id)
{
    auto query = m_db->prepare(QStringLiteral(
        "SELECT created.sequence FROM created JOIN runs ON runs.id = created.run"
        " WHERE runs.tenant = ? AND runs.plan_hash = ? AND runs.status != 'rolled_back'"
        " AND created.pending = 1 AND created.kind = ? AND created.label = ? ORDER BY created.sequence DESC LIMIT 1"));
    query.bind(1, tenant).bind(2, planHash).bind(3, kind).bind(4, label);
    if (!query.next())
        return false;
    const qint64 sequence = query.integer(0);
    completeIntent(sequence, id);
    // Any older intent for the same resource is that one too.
    dropIntents(tenant, planHash, kind, label);
    return true;
}

void SetupJournal::dropIntents(const QString &tenant, const QString &planHash, const QString &kind, const QString &label)
{
    auto remove = m_db->prepare(QStringLiteral(
        "DELETE FROM created WHERE pending = 1 AND kind = ? AND label = ? AND run IN"
        " (SELECT id FROM runs WHERE tenant = ? AND plan_hash = ? AND status != 'rolled_back')"));
    remove.bind(1, kind).bind(2, label).bind(3, tenant).bind(4, planHash).run();
}

void SetupJournal::forget(qint64 sequence)
{
    auto remove = m_db->prepare(QStringLiteral("DELETE FROM created WHERE sequence = ?"));
    remove.bind(1, sequence).run();
}

QList<SetupJournal::Created> SetupJournal::created(qint64 run) const
{
    QList<Created> list;
    auto query = m_db->prepare(QStringLiteral("SELECT kind, id, label, sequence, pending FROM created WHERE run = ? ORDER BY sequence"));
    query.bind(1, run);
    while (query.next())
        list.append({query.text(0), query.text(1), query.text(2), query.integer(3), query.integer(4) != 0});
    return list;
}

void SetupJournal::markStepDone(qint64 run, const QString &step)
{
    auto insert = m_db->prepare(QStringLiteral("INSERT OR IGNORE INTO steps (run, step) VALUES (?, ?)"));
    insert.bind(1, run).bind(2, step).run();
}

QStringList SetupJournal::doneSteps(qint64 run) const
{
    QStringList steps;
    auto query = m_db->prepare(QStringLiteral("SELECT step FROM steps WHERE run = ?"));
    query.bind(1, run);
    while (query.next())
        steps << query.text(0);
    return steps;
}

void SetupJournal::finish(qint64 run, const QString &status)
{
    auto update = m_db->prepare(QStringLiteral("UPDATE runs SET status = ? WHERE id = ?"));
    update.bind(1, status).bind(2, run).run();
}

QString SetupJournal::status(qint64 run) const
{
    auto query = m_db->prepare(QStringLiteral("SELECT status FROM runs WHERE id = ?"));
    query.bind(1, run);
    return query.next() ? query.text(0) : QString();
}
