// SPDX-License-Identifier: MIT
#pragma once

#include "common/SecretBytes.h"
#include "profiles/TenantProfile.h"

#include <QDialog>

#include <memory>

namespace Ui {
class TenantDialog;
}

// Add or edit a real tenant: domain, and an M2M application's credentials or a pasted
// Management API token. Each field says what is wrong with it; OK stays disabled until all
// are right. The secret is handed to the caller, who puts it in the keychain.
class TenantDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TenantDialog(QWidget *parent = nullptr);
    ~TenantDialog() override;

    // Editing: the secret is left empty and only replaced if the user types a new one.
    void setProfile(const TenantProfile &profile);
    TenantProfile profile() const;
    SecretBytes secret() const; // client secret or token, by the chosen mode
    bool secretChanged() const;

private:
    void validate();

    const std::unique_ptr<Ui::TenantDialog> m_ui;
    TenantProfile m_profile;
    bool m_editing = false;
};
