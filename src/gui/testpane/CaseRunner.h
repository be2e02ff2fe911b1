// SPDX-License-Identifier: MIT
#pragma once

#include "rules/JUnitReport.h"
#include "rules/LoginSimulator.h"
#include "rules/RuleTestCase.h"

#include <functional>
#include <optional>
#include <QElapsedTimer>
#include <QObject>

class RuleHost;

// Runs rule cases (files in the `rulebench-cli test` format) or a profile matrix one after
// another on the warm rule host, without blocking: each login is asynchronous and the next
// starts when it ends. Checks each result as the CLI does (RuleTestCase::check).
class CaseRunner : public QObject
{
    Q_OBJECT
public:
    // Applies a case's setup plan to the tenant (off the GUI thread) and calls back with the
    // configuration it yields, or nullopt and why.
    using PlanApplier = std::function<void(const QString &planPath, QObject *context,
                                           std::function<void(std::optional<QJsonObject>, QString)> done)>;

    struct MatrixEntry
    {
        QString name;
        SimulationInputs inputs;
    };

    explicit CaseRunner(RuleHost &host, QObject *parent = nullptr);

    // The simulator of the current tenant (the runner's own: the pane's may be busy).
    void setSimulator(LoginSimulator *simulator) { m_simulator = simulator; }

    void setPlanApplier(PlanApplier applier) { m_applyPlan = std::move(applier); }
    // `baseConfiguration` (the pane's) fills what a case's configuration leaves out: secrets are
    // never written into case files.
    void runCases(const QStringList &paths, const QJsonObject &baseConfiguration, const QString &tenantUrl,
                  const QString &tenantDomain);
    void runMatrix(const QList<MatrixEntry> &entries);
    void cancel();
    bool isRunning() const { return m_running; }
    const QList<JUnitReport::Case> &results() const { return m_results; }
    double seconds() const { return m_seconds; }

signals:
    void progress(int done, int total);
    void caseFinished(int index, const JUnitReport::Case &result, const QString &outcome);
    void finished(bool cancelled);

private:
    struct Job
    {
        QString name;
        QString path;
        std::optional<RuleTestCase> testCase;
        std::optional<SimulationInputs> inputs; // matrix entries
        QString loadError;
    };

    void start(QList<Job> jobs);
    void next();
    void runJob(const SimulationInputs &inputs, int loginsLeft);
    void record(const QStringList &failures, const QString &outcome, const QString &detail);

    RuleHost &m_host;
    LoginSimulator *m_simulator = nullptr;
    PlanApplier m_applyPlan;
    QList<Job> m_jobs;
    QList<JUnitReport::Case> m_results;
    QHash<QString, QJsonObject> m_plans;
    QJsonObject m_baseConfiguration;
    QString m_tenantUrl;
    QString m_tenantDomain;
    QElapsedTimer m_total;
    QElapsedTimer m_caseTimer;
    double m_seconds = 0;
    int m_index = -1;
    int m_runId = 0;
    bool m_running = false;
};
