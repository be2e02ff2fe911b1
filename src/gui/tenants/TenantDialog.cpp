// SPDX-License-Identifier: MIT
#include "TenantDialog.h"

#include "management/ManagementAccess.h"
#include "net/TenantAddress.h"
#include "ui_TenantDialog.h"

#include <QPushButton>

TenantDialog::TenantDialog(QWidget *parent) : QDialog(parent), m_ui(std::make_unique<Ui::TenantDialog>())
{
    m_ui->setupUi(this);
    for (QLineEdit *edit : {m_ui->nameLineEdit, m_ui->domainLineEdit, m_ui->clientIdLineEdit,
                            static_cast<QLineEdit *>(m_ui->clientSecretLineEdit), static_cast<QLineEdit *>(m_ui->tokenLineEdit)})
        connect(edit, &QLineEdit::textChanged, this, &TenantDialog::validate);
    connect(m_ui->clientCredentialsRadioButton, &QRadioButton::toggled, this, &TenantDialog::validate);
    validate();
}

TenantDialog::~TenantDialog() = default;

void TenantDialog::setProfile(const TenantProfile &profile)
{
    m_profile = profile;
    m_editing = true;
    setWindowTitle(tr("Edit tenant"));
    m_ui->nameLineEdit->setText(profile.name);
    m_ui->domainLineEdit->setText(profile.baseUrl.toString());
    m_ui->clientIdLineEdit->setText(profile.clientId);
    (profile.auth == TenantProfile::Auth::Token ? m_ui->tokenRadioButton : m_ui->clientCredentialsRadioButton)->setChecked(true);
    m_ui->clientSecretLineEdit->setPlaceholderText(tr("unchanged (kept in the keychain)"));
    m_ui->tokenLineEdit->setPlaceholderText(tr("unchanged (kept in the keychain)"));
    validate();
}

TenantProfile TenantDialog::profile() const
{
    TenantProfile profile = m_profile;
    profile.name = m_ui->nameLineEdit->text().trimmed();
    profile.baseUrl = TenantAddress::baseUrl(m_ui->domainLineEdit->text(), nullptr);
    profile.auth = m_ui->tokenRadioButton->isChecked() ? TenantProfile::Auth::Token : TenantProfile::Auth::ClientCredentials;
    profile.clientId = profile.auth == TenantProfile::Auth::Token ? QString() : m_ui->clientIdLineEdit->text().trimmed();
    return profile;
}

SecretBytes TenantDialog::secret() const
{
    return m_ui->tokenRadioButton->isChecked() ? m_ui->tokenLineEdit->secret() : m_ui->clientSecretLineEdit->secret();
}

bool TenantDialog::secretChanged() const
{
    return !secret().isEmpty();
}

void TenantDialog::validate()
{
    const bool token = m_ui->tokenRadioButton->isChecked();
    m_ui->clientIdLineEdit->setEnabled(!token);
    m_ui->clientSecretLineEdit->setEnabled(!token);
    m_ui->tokenLineEdit->setEnabled(token);

    QString domainError;
    if (!m_ui->domainLineEdit->text().trimmed().isEmpty())
        TenantAddress::baseUrl(m_ui->domainLineEdit->text(), &domainError);
    m_ui->domainErrorLabel->setText(domainError.section(QStringLiteral(": "), 1));
    m_ui->nameErrorLabel->setText(m_ui->nameLineEdit->text().trimmed().isEmpty() && m_ui->nameLineEdit->isModified()
                                      ? tr("Give the tenant a name") : QString());

    QString credentialsError;
    m_ui->tokenExpiryLabel->clear();
    if (token && !m_ui->tokenLineEdit->text().isEmpty()) {
        ManagementAccess access;
        access.baseUrl = QUrl(QStringLiteral("https://placeholder"));
        access.token = m_ui->tokenLineEdit->secret();
        credentialsError = access.problem().section(QStringLiteral(": "), 1);
        const QDateTime expiry = access.tokenExpiry();
        if (credentialsError.isEmpty() && expiry.isValid()) {
            const bool expired = expiry <= QDateTime::currentDateTimeUtc();
            m_ui->tokenExpiryLabel->setText(expired ? tr("This token expired on %1").arg(QLocale().toString(expiry.toLocalTime(), QLocale::ShortFormat))
                                                    : tr("Expires %1").arg(QLocale().toString(expiry.toLocalTime(), QLocale::ShortFormat)));
            if (expired)
                credentialsError = tr("the token has expired");
        }
    }
    m_ui->credentialsErrorLabel->setText(credentialsError);

    const bool secretNeeded = !m_editing || profile().auth != m_profile.auth;
    const bool secretGiven = !secret().isEmpty();
    const bool complete = !m_ui->nameLineEdit->text().trimmed().isEmpty() && !m_ui->domainLineEdit->text().trimmed().isEmpty()
        && domainError.isEmpty() && credentialsError.isEmpty() && (token || !m_ui->clientIdLineEdit->text().trimmed().isEmpty())
        && (secretGiven || !secretNeeded);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(complete);
}
