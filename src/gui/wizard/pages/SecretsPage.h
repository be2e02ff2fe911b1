// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

#include <memory>

namespace Ui {
class SecretsPage;
}
class SetupWizard;

// Step 6: the configuration (or Action secrets) the code reads: the keys for the M2M
// application's client id and secret (their values come from step 3, the secret never shown)
// and the other values, such as the API's URL.
class SecretsPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SecretsPage(SetupWizard *wizard);
    ~SecretsPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void setExtra(const QString &key, const QString &value);
    void validate();

    const std::unique_ptr<Ui::SecretsPage> m_ui;
    SetupWizard *m_wizard;
    bool m_complete = false;
};
