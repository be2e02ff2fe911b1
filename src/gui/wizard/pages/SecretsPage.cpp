// SPDX-License-Identifier: MIT
#include "SecretsPage.h"

#include "setup/PlanValidation.h"
#include "ui_SecretsPage.h"
#include "wizard/SetupWizard.h"

#include <QRegularExpression>

SecretsPage::SecretsPage(SetupWizard *wizard) : QWizardPage(wizard), m_ui(std::make_unique<Ui::SecretsPage>()), m_wizard(wizard)
{
    m_ui->setupUi(this);
    setTitle(tr("Secrets and configuration"));
    m_ui->extraTableWidget->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    connect(m_ui->clientIdKeyLineEdit, &QLineEdit::textChanged, this, &SecretsPage::validate);
    connect(m_ui->clientSecretKeyLineEdit, &QLineEdit::textChanged, this, &SecretsPage::validate);
    connect(m_ui->extraTableWidget, &QTableWidget::itemChanged, this, &SecretsPage::validate);
    connect(m_ui->addValueButton, &QPushButton::clicked, this, [this] {
        setExtra(QString(), QString());
        m_ui->extraTableWidget->setCurrentCell(m_ui->extraTableWidget->rowCount() - 1, 0);
        m_ui->extraTableWidget->editItem(m_ui->extraTableWidget->currentItem());
    });
    connect(m_ui->removeValueButton, &QPushButton::clicked, this, [this] {
        if (m_ui->extraTableWidget->currentRow() >= 0)
            m_ui->extraTableWidget->removeRow(m_ui->extraTableWidget->currentRow());
        validate();
    });
}

SecretsPage::~SecretsPage() = default;

void SecretsPage::setExtra(const QString &key, const QString &value)
{
    QSignalBlocker blocker(m_ui->extraTableWidget);
    for (int row = 0; row < m_ui->extraTableWidget->rowCount() && !key.isEmpty(); ++row) {
        if (m_ui->extraTableWidget->item(row, 0)->text() == key)
            return; // keep what the user typed
    }
    const int row = m_ui->extraTableWidget->rowCount();
    m_ui->extraTableWidget->insertRow(row);
    m_ui->extraTableWidget->setItem(row, 0, new QTableWidgetItem(key));
    m_ui->extraTableWidget->setItem(row, 1, new QTableWidgetItem(value));
}

void SecretsPage::initializePage()
{
    const SetupPlan &plan = m_wizard->plan();
    const bool action = plan.rule.kind == QLatin1String("action");
    setSubTitle(action ? tr("The Action's secrets (event.secrets). They are write-only on the tenant.")
                       : tr("The rules configuration (configuration.KEY), shared by all rules. Values are write-only on the tenant."));
    if (m_ui->clientIdKeyLineEdit->text().isEmpty()) {
        m_ui->clientIdKeyLineEdit->setText(plan.configuration.clientIdKey);
        m_ui->clientSecretKeyLineEdit->setText(plan.configuration.clientSecretKey);
    }
    const QJsonObject existing = m_wizard->existingApplication();
    m_ui->clientIdValueLabel->setText(existing.isEmpty() ? tr("the new application's client id, once it is created")
                                                         : existing.value(QLatin1String("client_id")).toString());
    m_ui->clientSecretValueLabel->setText(tr("•••••• — goes to the tenant and to your keychain, never shown"));

    // Values the code reads (other than the credentials), with sensible defaults.
    const QRegularExpression keyPattern(action ? QStringLiteral("event\\.secrets\\.([A-Za-z0-9_]+)")
                                               : QStringLiteral("configuration\\.([A-Za-z0-9_]+)"));
    auto it = keyPattern.globalMatch(plan.rule.script);
    while (it.hasNext()) {
        const QString key = it.next().captured(1);
        if (key == m_ui->clientIdKeyLineEdit->text() || key == m_ui->clientSecretKeyLineEdit->text())
            continue;
        QString value = plan.configuration.extra.value(key);
        if (value.isEmpty() && key == QLatin1String("API_URL"))
            value = m_wizard->tenant().sampleApiUrl;
        if (value.isEmpty() && key == QLatin1String("API_AUDIENCE"))
            value = plan.api.identifier;
        if (value.isEmpty() && key == QLatin1String("AUTH0_DOMAIN"))
            value = m_wizard->tenant().access.domain();
        setExtra(key, value);
    }
    validate();
}

void SecretsPage::validate()
{
    QString problem;
    const QString idKey = m_ui->clientIdKeyLineEdit->text();
    const QString secretKey = m_ui->clientSecretKeyLineEdit->text();
    m_ui->clientIdKeyErrorLabel->setText(PlanValidation::configurationKey(idKey));
    m_ui->clientSecretKeyErrorLabel->setText(idKey == secretKey ? tr("Use a different key than the client id's")
                                                                : PlanValidation::configurationKey(secretKey));
    QStringList seen{idKey, secretKey};
    for (int row = 0; row < m_ui->extraTableWidget->rowCount() && problem.isEmpty(); ++row) {
        const QString key = m_ui->extraTableWidget->item(row, 0)->text().trimmed();
        const QString value = m_ui->extraTableWidget->item(row, 1) ? m_ui->extraTableWidget->item(row, 1)->text() : QString();
        problem = PlanValidation::configurationKey(key);
        if (problem.isEmpty() && seen.contains(key))
            problem = tr("\"%1\" is given twice").arg(key);
        if (problem.isEmpty() && value.isEmpty())
            problem = tr("%1 has no value; the code reads it").arg(key);
        if (!problem.isEmpty())
            problem = tr("Row %1: %2").arg(row + 1).arg(problem);
        seen << key;
    }
    m_ui->extraErrorLabel->setText(problem);
    m_complete = problem.isEmpty() && m_ui->clientIdKeyErrorLabel->text().isEmpty() && m_ui->clientSecretKeyErrorLabel->text().isEmpty();
    emit completeChanged();
}

bool SecretsPage::isComplete() const
{
    return m_complete;
}

bool SecretsPage::validatePage()
{
    SetupPlan::Configuration &configuration = m_wizard->plan().configuration;
    configuration.clientIdKey = m_ui->clientIdKeyLineEdit->text();
    configuration.clientSecretKey = m_ui->clientSecretKeyLineEdit->text();
    configuration.extra.clear();
    for (int row = 0; row < m_ui->extraTableWidget->rowCount(); ++row)
        configuration.extra.insert(m_ui->extraTableWidget->item(row, 0)->text().trimmed(), m_ui->extraTableWidget->item(row, 1)->text());
    return true;
}
