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
class SetupJournal
{
public:
    struct Created
    {
        QString kind; // resource_server, client, client_grant, rule, action, rules_config, keychain
        QString id;
        QString label;
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
    void forgetCreated(qint64 run, const QString &kind, const QString &id);
    QList<Created> created(qint64 run) const;
    void markStepDone(qint64 run, const QString &step);
    QStringList doneSteps(qint64 run) const;
    void finish(qint64 run, const QString &status); // applied, failed, cancelled, rolled_back
    QString status(qint64 run) const;

private:
    SetupJournal() = default;
    std::unique_ptr<SqliteDatabase> m_db;
};
