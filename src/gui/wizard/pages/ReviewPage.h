// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

#include <memory>

namespace Ui {
class ReviewPage;
}
class SetupWizard;

// Step 7: every Management API call the setup may make, as a readable list, and the plan as
// JSON to save (for `rulebench-cli apply`). Nothing has been called yet.
class ReviewPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ReviewPage(SetupWizard *wizard);
    ~ReviewPage() override;

    void initializePage() override;
    // Writes the plan (and the rule's code when it is not an unchanged template) to `path`.
    bool savePlan(const QString &path, QString *error) const;

private:
    const std::unique_ptr<Ui::ReviewPage> m_ui;
    SetupWizard *m_wizard;
};
