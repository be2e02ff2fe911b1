// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

#include <memory>

namespace Ui {
class ApiPage;
}
class SetupWizard;

// Step 1: the API (resource server): name, identifier (the audience), signing algorithm,
// token lifetime, RBAC — or an API the tenant already has.
class ApiPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ApiPage(SetupWizard *wizard);
    ~ApiPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void existingChanged(int index);
    void validate();

    const std::unique_ptr<Ui::ApiPage> m_ui;
    SetupWizard *m_wizard;
};
