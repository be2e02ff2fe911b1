// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QWizardPage>

#include <memory>

namespace Ui {
class ApplyPage;
}
class SetupJob;
class SetupWizard;

// Step 8: applies the plan on a worker thread with per-step progress, a live log and Cancel.
// On failure the user rolls back what this run created, or keeps it and resumes later (the
// journal remembers; the same plan resumes from the wizard or with `rulebench-cli apply`).
class ApplyPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ApplyPage(SetupWizard *wizard);
    ~ApplyPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool isRunning() const;

    static QString journalPath();

private:
    void start(bool rollback);
    void stepStarted(int index, const QString &title);
    void stepFinished(int index, const QString &summary);
    void finished(const QJsonObject &report);

    const std::unique_ptr<Ui::ApplyPage> m_ui;
    SetupWizard *m_wizard;
    std::unique_ptr<SetupJob> m_job;
    bool m_done = false;
    bool m_rollingBack = false;
};
