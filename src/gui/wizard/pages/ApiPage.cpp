// SPDX-License-Identifier: MIT
#include "ApiPage.h"

#include "setup/PlanValidation.h"
#include "ui_ApiPage.h"
#include "wizard/SetupWizard.h"

#include <QJsonArray>

ApiPage::ApiPage(SetupWizard *wizard) : QWizardPage(wizard), m_ui(std::make_unique<Ui::ApiPage>()), m_wizard(wizard)
{
    m_ui->setupUi(this);
    setTitle(tr("The API"));
    setSubTitle(tr("Register the API your rule will call. Its identifier is the audience of the tokens it accepts."));
    m_ui->signingAlgComboBox->addItems({QStringLiteral("RS256"), QStringLiteral("HS256"), QStringLiteral("PS256")});
    connect(m_ui->apiNameLineEdit, &QLineEdit::textChanged, this, &ApiPage::validate);
    connect(m_ui->apiIdentifierLineEdit, &QLineEdit::textChanged, this, &ApiPage::validate);
    connect(m_ui->existingApiComboBox, &QComboBox::currentIndexChanged, this, &ApiPage::existingChanged);
}

ApiPage::~ApiPage() = default;

void ApiPage::initializePage()
{
    QSignalBlocker blocker(m_ui->existingApiComboBox);
    m_ui->existingApiComboBox->clear();
    m_ui->existingApiComboBox->addItem(tr("Register a new API"));
    for (const QJsonValue &value : m_wizard->tenant().snapshot.value(QLatin1String("apis")).toArray()) {
        const QJsonObject api = value.toObject();
        if (api.value(QLatin1String("is_system")).toBool())
            continue;
        m_ui->existingApiComboBox->addItem(QStringLiteral("%1 (%2)").arg(api.value(QLatin1String("name")).toString(),
                                                                     api.value(QLatin1String("identifier")).toString()),
                                           api);
    }
    if (m_ui->apiIdentifierLineEdit->text().isEmpty()) {
        m_ui->apiNameLineEdit->setText(tr("Messages API"));
        m_ui->apiIdentifierLineEdit->setText(QStringLiteral("https://messages-api.example.com"));
    }
    validate();
}

void ApiPage::existingChanged(int index)
{
    const QJsonObject api = m_ui->existingApiComboBox->itemData(index).toJsonObject();
    const bool existing = !api.isEmpty();
    for (QWidget *field : {static_cast<QWidget *>(m_ui->apiNameLineEdit), static_cast<QWidget *>(m_ui->apiIdentifierLineEdit),
                           static_cast<QWidget *>(m_ui->signingAlgComboBox), static_cast<QWidget *>(m_ui->tokenLifetimeSpinBox),
                           static_cast<QWidget *>(m_ui->rbacCheckBox)})
        field->setEnabled(!existing);
    if (existing) {
        m_ui->apiNameLineEdit->setText(api.value(QLatin1String("name")).toString());
        m_ui->apiIdentifierLineEdit->setText(api.value(QLatin1String("identifier")).toString());
        m_ui->signingAlgComboBox->setCurrentText(api.value(QLatin1String("signing_alg")).toString());
        m_ui->tokenLifetimeSpinBox->setValue(api.value(QLatin1String("token_lifetime")).toInt(86400));
        m_ui->rbacCheckBox->setChecked(api.value(QLatin1String("enforce_policies")).toBool());
    }
    validate();
}

void ApiPage::validate()
{
    const QString identifierProblem = PlanValidation::apiIdentifier(m_ui->apiIdentifierLineEdit->text());
    const QString nameProblem = m_ui->apiNameLineEdit->text().trimmed().isEmpty()
        ? tr("Enter a name for the API") : PlanValidation::apiName(m_ui->apiNameLineEdit->text());
    m_ui->apiIdentifierErrorLabel->setText(identifierProblem);
    m_ui->apiNameErrorLabel->setText(nameProblem);
    emit completeChanged();
}

bool ApiPage::isComplete() const
{
    return m_ui->apiIdentifierErrorLabel->text().isEmpty() && m_ui->apiNameErrorLabel->text().isEmpty();
}

bool ApiPage::validatePage()
{
    SetupPlan &plan = m_wizard->plan();
    const QString identifier = m_ui->apiIdentifierLineEdit->text().trimmed();
    if (identifier != plan.api.identifier) {
        // Another API: its scopes become the starting permissions.
        plan.api.scopes.clear();
        for (const QJsonValue &scope : m_ui->existingApiComboBox->currentData().toJsonObject().value(QLatin1String("scopes")).toArray())
            plan.api.scopes.append({scope.toObject().value(QLatin1String("value")).toString(),
                                    scope.toObject().value(QLatin1String("description")).toString()});
        plan.grantScopes.clear();
    }
    plan.api.identifier = identifier;
    plan.api.name = m_ui->apiNameLineEdit->text().trimmed();
    plan.api.signingAlg = m_ui->signingAlgComboBox->currentText();
    plan.api.tokenLifetime = m_ui->tokenLifetimeSpinBox->value();
    plan.api.rbac = m_ui->rbacCheckBox->isChecked();
    return true;
}
