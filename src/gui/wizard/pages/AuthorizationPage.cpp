// SPDX-License-Identifier: MIT
#include "AuthorizationPage.h"

#include "ui_AuthorizationPage.h"
#include "wizard/SetupWizard.h"

AuthorizationPage::AuthorizationPage(SetupWizard *wizard)
    : QWizardPage(wizard), m_ui(std::make_unique<Ui::AuthorizationPage>()), m_wizard(wizard)
{
    m_ui->setupUi(this);
    setTitle(tr("Authorization"));
    connect(m_ui->grantScopesListWidget, &QListWidget::itemChanged, this, &AuthorizationPage::validate);
}

AuthorizationPage::~AuthorizationPage() = default;

void AuthorizationPage::initializePage()
{
    const SetupPlan &plan = m_wizard->plan();
    setSubTitle(tr("Grant \"%1\" these permissions of %2.").arg(plan.applicationName, plan.api.identifier));
    QSignalBlocker blocker(m_ui->grantScopesListWidget);
    m_ui->grantScopesListWidget->clear();
    for (const SetupPlan::Scope &scope : plan.api.scopes) {
        auto *item = new QListWidgetItem(scope.description.isEmpty() ? scope.value : QStringLiteral("%1 — %2").arg(scope.value, scope.description),
                                         m_ui->grantScopesListWidget);
        item->setData(Qt::UserRole, scope.value);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        // Start from what was chosen before, or everything when nothing was.
        const bool checked = plan.grantScopes.isEmpty() || plan.grantScopes.contains(scope.value);
        item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    }
    validate();
}

QStringList AuthorizationPage::checkedScopes() const
{
    QStringList scopes;
    for (int row = 0; row < m_ui->grantScopesListWidget->count(); ++row) {
        const QListWidgetItem *item = m_ui->grantScopesListWidget->item(row);
        if (item->checkState() == Qt::Checked)
            scopes << item->data(Qt::UserRole).toString();
    }
    return scopes;
}

void AuthorizationPage::validate()
{
    m_ui->grantErrorLabel->setText(checkedScopes().isEmpty()
                                       ? tr("Choose at least one permission: a token without any cannot call the API's protected routes.")
                                       : QString());
    emit completeChanged();
}

bool AuthorizationPage::isComplete() const
{
    return m_ui->grantErrorLabel->text().isEmpty();
}

bool AuthorizationPage::validatePage()
{
    m_wizard->plan().grantScopes = checkedScopes();
    return true;
}
