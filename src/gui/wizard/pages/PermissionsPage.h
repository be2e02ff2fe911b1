// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

#include <memory>

namespace Ui {
class PermissionsPage;
}
class SetupWizard;

// Step 2: the API's permissions (scopes), in an editable table; each value is checked as
// it is typed, and the first problem is named under the table.
class PermissionsPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit PermissionsPage(SetupWizard *wizard);
    ~PermissionsPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void addRow(const QString &value, const QString &description);
    void validate();

    const std::unique_ptr<Ui::PermissionsPage> m_ui;
    SetupWizard *m_wizard;
    bool m_complete = false;
};
