// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class SqliteDatabase;

// Where the setup runner writes down what it is doing, so that a run interrupted at any point
// (crash, cancel, failure) can be resumed or rolled back. One row per run of a plan against a
// tenant; one row per resource the run created; one row per finished step.
//
// A create is written down before it is asked for, as an intent (kind + the label the runner
// finds that resource by), and completed with the id once the tenant answers: a tenant can
// carry out a POST whose answer never arrives (timeout, dropped connection, process killed),
// and only the intent then says that the resource, if it exists, is this plan's.
class SetupJournal
{
public:
    struct Created
    {
        QString kind; // resource_server, client, client_grant, rule, action, rules_config, keychain
        QString id;
        QString label;
        qint64 sequence = 0;
        bool pending = false; // an intent: asked for, not answered; id is empty
    };

    ~SetupJournal();
    static std::unique_ptr<SetupJournal> open(const QString &path, QString *error);

    // The unfinished run of this plan on this tenant, or a new one. *resumed says which.
    qint64 beginOrResume(const QString &tenant, const QString &planHash, bool *resumed);
    // The latest run of this plan on this tenant, finished or not.
    std::optional<qint64> latestRun(const QString &tenant, const QString &planHash) const;
    // Every run of this plan on this tenant not rolled back yet, newest first (for rollback:
    // a second apply creates nothing, yet "roll back" means what the plan created).
    QList<qint64> runsToRollBack(const QString &tenant, const QString &planHash) const;
    void recordCreated(qint64 run, const Created &created);
    // Before a create; the intent's sequence, for completeIntent() / forget().
    qint64 recordIntent(qint64 run, const QString &kind, const QString &label);
    // The tenant answered with the resource: the intent becomes a created row.
    void completeIntent(qint64 sequence, const QString &id);
    // An unresolved intent of a run of this plan on this tenant not rolled back yet, for the
    // resource `kind` + `label` that a step found: it becomes created with `id`. False if none.
    bool claimIntent(const QString &tenant, const QString &planHash, const QString &kind, const QString &label, const QString &id);
    // Drops the unresolved intents for `kind` + `label` of those runs (that resource is not there).
    void dropIntents(const QString &tenant, const QString &planHash, const QString &kind, const QString &label);
    void forget(qint64 sequence);
    // Created rows and unresolved intents, in the order they were written.
    QList<Created> created(qint64 run) const;
    void markStepDone(qint64 run, const QString &step);
    QStringList doneSteps(qint64 run) const;
    void finish(qint64 run, const QString &status); // applied, failed, cancelled, rolled_back
    QString status(qint64 run) const;

private:
    SetupJournal() = default;
    std::unique_ptr<SqliteDatabase> m_db;
};
