// SPDX-License-Identifier: MIT
#include "CaseRunner.h"

#include "rules/PlanConfiguration.h"
#include "rules/RuleCaseFile.h"
#include "rules/RuleHost.h"

#include <QFileInfo>
#include <QTimer>

CaseRunner::CaseRunner(RuleHost &host, QObject *parent)
    : QObject(parent)
    , m_host(host)
{
}

void CaseRunner::runCases(const QStringList &paths, const QJsonObject &baseConfiguration,
                          const QString &tenantUrl, const QString &tenantDomain)
{
    m_baseConfiguration = baseConfiguration;
    m_tenantUrl = tenantUrl;
    m_tenantDomain = tenantDomain;
    QList<Job> jobs;
    for (const QString &path : paths) {
        Job job;
        job.path = path;
        job.name = QFileInfo(path).completeBaseName();
        QString error;
        job.testCase = RuleTestCase::load(path, &error);
        if (job.testCase)
            job.name = job.testCase->name;
        else
            job.loadError = error;
        jobs << job;
    }
    start(jobs);
}

void CaseRunner::runMatrix(const QList<MatrixEntry> &entries)
{
    QList<Job> jobs;
    for (const MatrixEntry &entry : entries) {
        Job job;
        job.name = entry.name;
        job.inputs = entry.inputs;
        jobs << job;
    }
    start(jobs);
}

void CaseRunner::start(QList<Job> jobs)
{
    if (m_running)
        return;
    m_jobs = std::move(jobs);
    m_results.clear();
    m_plans.clear();
    m_index = -1;
    m_running = true;
    ++m_runId;
    m_total.start();
    emit progress(0, int(m_jobs.size()));
    next();
}

void CaseRunner::cancel()
{
    if (!m_running)
        return;
    m_running = false;
    ++m_runId; // late plan or login answers are dropped
    if (m_simulator)
        m_simulator->cancel();
    m_seconds = double(m_total.nsecsElapsed()) / 1e9;
    emit finished(true);
}

void CaseRunner::next()
{
    if (!m_running)
        return;
    ++m_index;
    if (m_index >= m_jobs.size()) {
        m_running = false;
        m_seconds = double(m_total.nsecsElapsed()) / 1e9;
        emit finished(false);
        return;
    }
    m_caseTimer.start();
    const Job &job = m_jobs.at(m_index);
    if (job.inputs) {
        runJob(*job.inputs, 1);
        return;
    }
    if (!job.testCase) {
        record({ job.loadError }, QStringLiteral("error"), QString());
        return;
    }
    QString error;
    const auto chain = job.testCase->chain(&error);
    if (!chain) {
        record({ error }, QStringLiteral("error"), QString());
        return;
    }
    const QString plan = job.testCase->planPath;
    const auto proceed = [this, chain = *chain, plan] {
        const RuleTestCase &testCase = *m_jobs.at(m_index).testCase;
        QJsonObject base = m_baseConfiguration;
        if (!plan.isEmpty()) {
            const QJsonObject planned = m_plans.value(plan);
            for (auto it = planned.begin(); it != planned.end(); ++it)
                base.insert(it.key(), it.value());
        }
        SimulationInputs inputs = RuleCaseFile::inputs(testCase, chain, base, m_tenantUrl, m_tenantDomain);
        if (testCase.sandbox.isEmpty())
            inputs.sandbox = QStringLiteral("pane-case-%1-%2").arg(m_runId).arg(m_index);
        runJob(inputs, testCase.logins);
    };
    if (plan.isEmpty() || m_plans.contains(plan)) {
        proceed();
        return;
    }
    if (!m_applyPlan) {
        record({ tr("%1: this case needs its setup plan applied, which this tenant does not allow here")
                     .arg(plan) },
               QStringLiteral("error"), QString());
        return;
    }
    const int runId = m_runId;
    m_applyPlan(plan, this,
                [this, runId, plan, proceed](std::optional<QJsonObject> configuration, QString why) {
                    if (runId != m_runId)
                        return;
                    if (!configuration) {
                        record({ why }, QStringLiteral("error"), QString());
                        return;
                    }
                    m_plans.insert(plan, *configuration);
                    proceed();
                });
}

void CaseRunner::runJob(const SimulationInputs &inputs, int loginsLeft)
{
    if (!m_simulator) {
        record({ tr("no tenant to run the case on") }, QStringLiteral("error"), QString());
        return;
    }
    const int runId = m_runId;
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(
        m_simulator, &LoginSimulator::finished, this,
        [this, connection, runId, inputs, loginsLeft](const SimulationResult &result) {
            disconnect(*connection);
            if (runId != m_runId)
                return;
            if (loginsLeft > 1) {
                runJob(inputs, loginsLeft - 1);
                return;
            }
            // Cases do not share `global`: the next one gets a fresh sandbox.
            m_host.send({ { QStringLiteral("type"), QStringLiteral("reset") },
                          { QStringLiteral("sandbox"), inputs.sandbox } },
                        nullptr, nullptr);
            const Job &job = m_jobs.at(m_index);
            QStringList failures;
            if (job.testCase) {
                RuleTestCase testCase = *job.testCase;
                testCase.expect
                    = PlanConfiguration::substitute(testCase.expect, m_tenantUrl, m_tenantDomain).toObject();
                failures = testCase.check(result);
            } else if (result.outcome == QLatin1String("error")) {
                failures << tr("error: %1").arg(result.errorDescription);
            }
            QString detail = result.outcome;
            if (!result.isAllowed())
                detail += QStringLiteral(": ") + result.errorDescription;
            record(failures, result.outcome, detail);
        });
    if (!m_simulator || !m_simulator->run(inputs)) {
        disconnect(*connection);
        record({ tr("another simulated login is running") }, QStringLiteral("error"), QString());
    }
}

void CaseRunner::record(const QStringList &failures, const QString &outcome, const QString &detail)
{
    JUnitReport::Case result;
    result.name = m_jobs.at(m_index).name;
    result.path = m_jobs.at(m_index).path;
    result.passed = failures.isEmpty();
    result.failures = failures;
    result.seconds = double(m_caseTimer.nsecsElapsed()) / 1e9;
    result.detail = detail;
    m_results << result;
    emit caseFinished(m_index, result, outcome);
    emit progress(m_index + 1, int(m_jobs.size()));
    // Queued: a long folder never nests deeper than one case.
    QTimer::singleShot(0, this, &CaseRunner::next);
}
