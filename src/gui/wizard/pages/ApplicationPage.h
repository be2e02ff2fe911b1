// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

#include <memory>

namespace Ui {
class ApplicationPage;
}
class SetupWizard;

// Step 3: the machine-to-machine application the rule authenticates as — a new one, or an
// M2M application the tenant already has.
class ApplicationPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ApplicationPage(SetupWizard *wizard);
    ~ApplicationPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void validate();

    const std::unique_ptr<Ui::ApplicationPage> m_ui;
    SetupWizard *m_wizard;
};
