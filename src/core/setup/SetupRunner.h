// SPDX-License-Identifier: MIT
#pragma once

#include "SetupJournal.h"
#include "SetupPlan.h"
#include "common/SecretBytes.h"
#include "net/ApiResult.h"

#include <QJsonObject>
#include <QObject>

#include <atomic>

class ManagementClient;
class SecretStore;

// One Management API call the runner may make, for the review page and --dry-run.
struct PlannedCall
{
    QString step;
    QString method;
    QString path;
    QString why; // "if the API does not exist yet"
    QJsonObject body;
};

struct SetupStepOutcome
{
    QString step;   // api, application, grant, rule, configuration, keychain
    QString action; // created, found, updated, unchanged, stored
    QString id;
    QString detail;
};

struct SetupReport
{
    bool ok = false;
    bool cancelled = false;
    bool resumed = false;
    QString failedStep;
    ApiError error;
    QList<SetupStepOutcome> steps;
    QString apiId, clientId, grantId, ruleId;
    QStringList configurationKeys;
    QString secretKey;       // keychain entry that holds the client secret
    QString secretStoredIn;  // "OS keychain" / "this session only"
    QJsonObject toJson() const;
};

// Applies a SetupPlan to a tenant through the Management API, step by step, each step
// find-or-create (a second apply creates nothing), journalling what it creates so that an
// interrupted run resumes without duplicates and can be rolled back. Synchronous: run it on a
// worker thread (the wizard does) or in the CLI; cancel() may be called from any thread.
class SetupRunner : public QObject
{
    Q_OBJECT
public:
    static QStringList stepNames();
    static QString stepTitle(const QString &step);

    SetupRunner(ManagementClient &client, SecretStore &secrets, SetupJournal &journal, SetupPlan plan, QString tenantDomain);
    // The client may outlive the runner: it forgets the runner's cancel flag and log.
    ~SetupRunner() override;

    QList<PlannedCall> plannedCalls() const;
    // The same, without a runner: for the wizard's review page.
    static QList<PlannedCall> plannedCalls(const SetupPlan &plan, const QString &tenantDomain, const QString &secretStoreDescription);
    SetupReport apply();
    // Deletes what applying this plan to this tenant created (every run not rolled back yet),
    // newest first; what a run found there is kept.
    SetupReport rollback();
    void cancel() { m_cancel = true; }
    const std::atomic_bool *cancelFlag() const { return &m_cancel; }

signals:
    void stepStarted(int index, const QString &title);
    void stepFinished(int index, const QString &summary);
    void logLine(const QString &line);

private:
    bool ensureApi(SetupReport &report);
    bool ensureApplication(SetupReport &report);
    bool ensureGrant(SetupReport &report);
    bool ensureRule(SetupReport &report);
    bool ensureAction(SetupReport &report);
    bool writeConfiguration(SetupReport &report);
    bool storeSecret(SetupReport &report);

    bool fail(SetupReport &report, const QString &step, const ApiError &error);
    void created(const QString &kind, const QString &id, const QString &label);
    void outcome(SetupReport &report, const QString &step, const QString &action, const QString &id, const QString &detail);
    QString planHash() const;
    QMap<QString, QString> configurationValues(const QString &clientId) const;
    static QMap<QString, QString> configurationValues(const SetupPlan &plan, const QString &tenantDomain, const QString &clientId);

    ManagementClient &m_client;
    SecretStore &m_secrets;
    SetupJournal &m_journal;
    SetupPlan m_plan;
    QString m_tenantDomain;
    std::atomic_bool m_cancel{false};
    qint64 m_run = 0;
    SecretBytes m_clientSecret;
};
