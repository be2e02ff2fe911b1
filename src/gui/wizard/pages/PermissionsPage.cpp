// SPDX-License-Identifier: MIT
#include "PermissionsPage.h"

#include "setup/PlanValidation.h"
#include "ui_PermissionsPage.h"
#include "wizard/SetupWizard.h"

PermissionsPage::PermissionsPage(SetupWizard *wizard)
    : QWizardPage(wizard), m_ui(std::make_unique<Ui::PermissionsPage>()), m_wizard(wizard)
{
    m_ui->setupUi(this);
    setTitle(tr("Permissions"));
    setSubTitle(tr("The permissions (scopes) the API defines, such as read:messages."));
    m_ui->scopesTableWidget->setHorizontalHeaderLabels({tr("Permission"), tr("Description")});
    connect(m_ui->scopesTableWidget, &QTableWidget::itemChanged, this, &PermissionsPage::validate);
    connect(m_ui->addScopeButton, &QPushButton::clicked, this, [this] {
        addRow(QString(), QString());
        m_ui->scopesTableWidget->setCurrentCell(m_ui->scopesTableWidget->rowCount() - 1, 0);
        m_ui->scopesTableWidget->editItem(m_ui->scopesTableWidget->currentItem());
    });
    connect(m_ui->removeScopeButton, &QPushButton::clicked, this, [this] {
        const int row = m_ui->scopesTableWidget->currentRow();
        if (row >= 0)
            m_ui->scopesTableWidget->removeRow(row);
        validate();
    });
}

PermissionsPage::~PermissionsPage() = default;

void PermissionsPage::addRow(const QString &value, const QString &description)
{
    QSignalBlocker blocker(m_ui->scopesTableWidget);
    const int row = m_ui->scopesTableWidget->rowCount();
    m_ui->scopesTableWidget->insertRow(row);
    m_ui->scopesTableWidget->setItem(row, 0, new QTableWidgetItem(value));
    m_ui->scopesTableWidget->setItem(row, 1, new QTableWidgetItem(description));
    blocker.unblock();
    validate();
}

void PermissionsPage::initializePage()
{
    m_ui->scopesTableWidget->setRowCount(0);
    const QList<SetupPlan::Scope> &scopes = m_wizard->plan().api.scopes;
    if (scopes.isEmpty())
        addRow(QStringLiteral("read:messages"), tr("Read messages"));
    for (const SetupPlan::Scope &scope : scopes)
        addRow(scope.value, scope.description);
    validate();
}

void PermissionsPage::validate()
{
    QStringList values;
    for (int row = 0; row < m_ui->scopesTableWidget->rowCount(); ++row)
        values << (m_ui->scopesTableWidget->item(row, 0) ? m_ui->scopesTableWidget->item(row, 0)->text().trimmed() : QString());
    const QStringList problems = PlanValidation::scopeList(values);
    QString first;
    QSignalBlocker blocker(m_ui->scopesTableWidget);
    for (int row = 0; row < problems.size(); ++row) {
        QTableWidgetItem *item = m_ui->scopesTableWidget->item(row, 0);
        QString problem = problems[row];
        if (problem.isEmpty() && m_ui->scopesTableWidget->item(row, 1))
            problem = PlanValidation::scopeDescription(m_ui->scopesTableWidget->item(row, 1)->text());
        item->setToolTip(problem);
        item->setBackground(problem.isEmpty() ? QBrush() : QBrush(QColor(0xf9, 0xde, 0xdc)));
        if (first.isEmpty() && !problem.isEmpty())
            first = tr("Row %1: %2").arg(row + 1).arg(problem);
    }
    if (values.isEmpty())
        first = tr("Add at least one permission: the application will be granted some of them.");
    m_ui->scopesErrorLabel->setText(first);
    m_ui->removeScopeButton->setEnabled(!values.isEmpty());
    m_complete = first.isEmpty();
    emit completeChanged();
}

bool PermissionsPage::isComplete() const
{
    return m_complete;
}

bool PermissionsPage::validatePage()
{
    SetupPlan &plan = m_wizard->plan();
    plan.api.scopes.clear();
    for (int row = 0; row < m_ui->scopesTableWidget->rowCount(); ++row)
        plan.api.scopes.append({m_ui->scopesTableWidget->item(row, 0)->text().trimmed(), m_ui->scopesTableWidget->item(row, 1)->text().trimmed()});
    // Granted scopes the API no longer defines are dropped.
    QStringList kept;
    for (const QString &scope : plan.grantScopes) {
        if (std::any_of(plan.api.scopes.begin(), plan.api.scopes.end(), [&](const SetupPlan::Scope &s) { return s.value == scope; }))
            kept << scope;
    }
    plan.grantScopes = kept;
    return true;
}
