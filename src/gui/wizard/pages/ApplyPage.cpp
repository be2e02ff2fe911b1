// SPDX-License-Identifier: MIT
#include "ApplyPage.h"

#include "setup/SetupRunner.h"
#include "ui_ApplyPage.h"
#include "wizard/SetupJob.h"
#include "wizard/SetupWizard.h"

#include <QDir>
#include <QStandardPaths>

namespace {
const QString Pending = QStringLiteral("○ ");
const QString Running = QStringLiteral("◐ ");
const QString Done = QStringLiteral("✓ ");
const QString Failed = QStringLiteral("✗ ");
} // namespace

ApplyPage::ApplyPage(SetupWizard *wizard) : QWizardPage(wizard), m_ui(std::make_unique<Ui::ApplyPage>()), m_wizard(wizard)
{
    m_ui->setupUi(this);
    setTitle(tr("Apply"));
    setFinalPage(true);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, [this] {
        if (m_job)
            m_job->cancel();
        m_ui->cancelButton->setEnabled(false);
        m_ui->logTextEdit->appendPlainText(tr("Cancelling after the current call…"));
    });
    connect(m_ui->rollbackButton, &QPushButton::clicked, this, [this] { start(true); });
    connect(m_ui->keepButton, &QPushButton::clicked, this, [this] {
        m_ui->logTextEdit->appendPlainText(tr("Kept as it is. Run the wizard again with the same plan, or `rulebench-cli apply`, to resume."));
        m_ui->failureWidget->setVisible(false);
        m_done = true;
        emit completeChanged();
    });
    connect(m_ui->openTestPaneButton, &QPushButton::clicked, this, [this] {
        emit m_wizard->openInTestPaneRequested(m_wizard->plan().rule.name);
        m_wizard->accept();
    });
}

ApplyPage::~ApplyPage() = default;

QString ApplyPage::journalPath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return folder + QStringLiteral("/setup-journal.sqlite");
}

bool ApplyPage::isRunning() const
{
    return m_job && m_job->isRunning();
}

void ApplyPage::initializePage()
{
    setSubTitle(tr("Applying the plan to %1.").arg(m_wizard->tenant().access.domain()));
    m_ui->stepsListWidget->clear();
    for (const QString &step : SetupRunner::stepNames())
        m_ui->stepsListWidget->addItem(Pending + SetupRunner::stepTitle(step));
    m_ui->progressBar->setRange(0, int(SetupRunner::stepNames().size()));
    start(false);
}

void ApplyPage::start(bool rollback)
{
    m_done = false;
    m_rollingBack = rollback;
    m_ui->failureWidget->setVisible(false);
    m_ui->openTestPaneButton->setVisible(false);
    m_ui->cancelButton->setEnabled(true);
    m_ui->progressBar->setValue(0);
    m_ui->resultLabel->setText(rollback ? tr("Rolling back what this plan created…") : tr("Working…"));
    m_job = std::make_unique<SetupJob>(m_wizard->tenant().access, m_wizard->plan(), m_wizard->secrets(), journalPath());
    connect(m_job.get(), &SetupJob::stepStarted, this, &ApplyPage::stepStarted);
    connect(m_job.get(), &SetupJob::stepFinished, this, &ApplyPage::stepFinished);
    connect(m_job.get(), &SetupJob::logLine, m_ui->logTextEdit, &QPlainTextEdit::appendPlainText);
    connect(m_job.get(), &SetupJob::finished, this, &ApplyPage::finished);
    emit completeChanged();
    m_job->start(rollback);
}

void ApplyPage::stepStarted(int index, const QString &title)
{
    if (QListWidgetItem *item = m_ui->stepsListWidget->item(index))
        item->setText(Running + title);
}

void ApplyPage::stepFinished(int index, const QString &summary)
{
    if (QListWidgetItem *item = m_ui->stepsListWidget->item(index))
        item->setText(Done + SetupRunner::stepTitle(SetupRunner::stepNames().value(index)) + QStringLiteral(" — ") + summary);
    m_ui->progressBar->setValue(index + 1);
}

void ApplyPage::finished(const QJsonObject &report)
{
    m_ui->cancelButton->setEnabled(false);
    const bool ok = report.value(QLatin1String("ok")).toBool();
    const QString message = report.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
    if (m_rollingBack) {
        m_ui->resultLabel->setText(ok ? tr("Rolled back: what this plan created is deleted.") : tr("Rollback failed: %1").arg(message));
        m_done = ok;
        m_ui->failureWidget->setVisible(!ok);
    } else if (ok) {
        m_ui->resultLabel->setText(tr("Done. Client id %1; its secret is in %2.")
                                       .arg(report.value(QLatin1String("client_id")).toString(),
                                            report.value(QLatin1String("secret_stored_in")).toString()));
        m_ui->openTestPaneButton->setVisible(true);
        m_done = true;
    } else {
        const QStringList steps = SetupRunner::stepNames();
        const int failed = int(steps.indexOf(report.value(QLatin1String("failed_step")).toString()));
        if (QListWidgetItem *item = m_ui->stepsListWidget->item(failed))
            item->setText(Failed + SetupRunner::stepTitle(steps.value(failed)));
        m_ui->resultLabel->setText(report.value(QLatin1String("cancelled")).toBool() ? tr("Cancelled. %1").arg(message)
                                                                                    : tr("Failed. %1").arg(message));
        m_ui->failureWidget->setVisible(true);
    }
    emit completeChanged();
}

bool ApplyPage::isComplete() const
{
    // m_done is set when the job has reported its end; its thread may take a moment longer
    // to wind down, which SetupJob's destructor waits for.
    return m_done;
}
