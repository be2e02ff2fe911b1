// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

#include <memory>

namespace Ui {
class AuthorizationPage;
}
class SetupWizard;

// Step 4: which of the API's permissions the application is granted (the client grant).
class AuthorizationPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit AuthorizationPage(SetupWizard *wizard);
    ~AuthorizationPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    QStringList checkedScopes() const;
    void validate();

    const std::unique_ptr<Ui::AuthorizationPage> m_ui;
    SetupWizard *m_wizard;
};
