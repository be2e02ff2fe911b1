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
    QString action; // created, found, updated, unchanged, stored; see interruptedRunMade()
    QString id;
    QString detail;
};

// What a step says of a resource it found that a create of this plan had made, its answer lost
// (timeout, dropped connection, killed process): "found (created by the interrupted run)".
inline QString interruptedRunMade(const QString &action)
{
    return action + QStringLiteral(" (created by the interrupted run)");
}

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
// interrupted run resumes without duplicates and can be rolled back. Each create is journalled
// as an intent before it is sent: a resource whose answer was lost is then claimed by the step
// that finds it on resume, or looked up and deleted by rollback. Synchronous: run it on a
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

    // The "find" half of each step, shared with rollback's look-up of unanswered creates: the
    // resource as the tenant lists it, or an empty object when there is none.
    ApiResult<QJsonObject> findApi(const QString &identifier);
    ApiResult<QJsonObject> findApplication(const QString &name);
    ApiResult<QJsonObject> findGrant(const QString &clientId, const QString &audience);
    ApiResult<QJsonObject> findRule(const QString &name);
    ApiResult<QJsonObject> findAction(const QString &name);
    ApiResult<QStringList> configurationKeys();
    // The id of the resource an intent was for, found the way its step finds it; empty if none.
    ApiResult<QString> findIntended(const SetupJournal::Created &intent);
    static QString grantLabel(const QString &clientId, const QString &audience);

    // Before a create: journals the intent (dropping older ones for the same resource, which
    // was just found missing). Its sequence goes to resolve() with the answer.
    qint64 intend(const QString &kind, const QString &label);
    // Completes the intent with the id, or drops it on a refusal (HTTP 4xx); after any other
    // failure the tenant may have carried out the create, and the intent stays.
    void resolve(qint64 intent, const ApiResult<QJsonValue> &answer, const QString &id);
    // A found resource that an unanswered create of this plan made: journalled as created.
    bool claim(const QString &kind, const QString &label, const QString &id);

    bool fail(SetupReport &report, const QString &step, const ApiError &error);
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
