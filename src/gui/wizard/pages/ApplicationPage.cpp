// SPDX-License-Identifier: MIT
#include "ApplicationPage.h"

#include "setup/PlanValidation.h"
#include "ui_ApplicationPage.h"
#include "wizard/SetupWizard.h"

#include <QJsonArray>

ApplicationPage::ApplicationPage(SetupWizard *wizard)
    : QWizardPage(wizard), m_ui(std::make_unique<Ui::ApplicationPage>()), m_wizard(wizard)
{
    m_ui->setupUi(this);
    setTitle(tr("Machine-to-machine application"));
    setSubTitle(tr("The rule gets its tokens as this application (client_credentials)."));
    connect(m_ui->applicationNameLineEdit, &QLineEdit::textChanged, this, &ApplicationPage::validate);
    connect(m_ui->existingApplicationComboBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        const QJsonObject client = m_ui->existingApplicationComboBox->itemData(index).toJsonObject();
        m_ui->applicationNameLineEdit->setEnabled(client.isEmpty());
        if (!client.isEmpty())
            m_ui->applicationNameLineEdit->setText(client.value(QLatin1String("name")).toString());
        validate();
    });
}

ApplicationPage::~ApplicationPage() = default;

void ApplicationPage::initializePage()
{
    QSignalBlocker blocker(m_ui->existingApplicationComboBox);
    m_ui->existingApplicationComboBox->clear();
    m_ui->existingApplicationComboBox->addItem(tr("Create a new application"));
    for (const QJsonValue &value : m_wizard->tenant().snapshot.value(QLatin1String("applications")).toArray()) {
        const QJsonObject client = value.toObject();
        if (client.value(QLatin1String("client_id")).toString() == m_wizard->tenant().access.clientId)
            continue; // the credentials Rulebench itself uses are not for a rule
        m_ui->existingApplicationComboBox->addItem(client.value(QLatin1String("name")).toString(), client);
    }
    if (m_ui->applicationNameLineEdit->text().isEmpty())
        m_ui->applicationNameLineEdit->setText(tr("%1 (rule client)").arg(m_wizard->plan().api.name).left(100));
    validate();
}

void ApplicationPage::validate()
{
    m_ui->applicationNameErrorLabel->setText(PlanValidation::applicationName(m_ui->applicationNameLineEdit->text()));
    emit completeChanged();
}

bool ApplicationPage::isComplete() const
{
    return m_ui->applicationNameErrorLabel->text().isEmpty();
}

bool ApplicationPage::validatePage()
{
    m_wizard->plan().applicationName = m_ui->applicationNameLineEdit->text().trimmed();
    return true;
}
