// SPDX-License-Identifier: MIT
#include "InputsPanel.h"

#include "ChainList.h"
#include "JsonEditor.h"
#include "ui_InputsPanel.h"

#include <QFileDialog>

InputsPanel::InputsPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::InputsPanel>())
{
    m_ui->setupUi(this);
    m_ui->userEditor->setFieldName(tr("user"));
    m_ui->contextEditor->setFieldName(tr("context overrides"));
    m_ui->configurationEditor->setFieldName(tr("configuration"));
    m_ui->configurationEditor->setStringValuesOnly(true);
    m_ui->expectEditor->setFieldName(tr("expectations"));
    m_ui->configurationEditor->setObject({});
    m_ui->expectEditor->setObject({});
    m_ui->inputErrorLabel->setStyleSheet(QStringLiteral("color: #b71c1c; font-weight: bold;"));
    for (JsonEditor *editor :
         { m_ui->userEditor, m_ui->contextEditor, m_ui->configurationEditor, m_ui->expectEditor })
        connect(editor, &JsonEditor::checked, this, &InputsPanel::showProblems);
    connect(m_ui->profileComboBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index < 0 || index >= m_profiles.size())
            return;
        m_ui->userEditor->setObject(m_profiles.at(index).user);
        m_ui->contextEditor->setObject(m_profiles.at(index).context);
    });
    connect(m_ui->moveUpButton, &QToolButton::clicked, this,
            [this] { m_ui->chainListWidget->moveCurrent(-1); });
    connect(m_ui->moveDownButton, &QToolButton::clicked, this,
            [this] { m_ui->chainListWidget->moveCurrent(1); });
    connect(m_ui->reloadChainButton, &QPushButton::clicked, this, &InputsPanel::reloadRequested);
    connect(m_ui->expectFromRunButton, &QPushButton::clicked, this,
            &InputsPanel::expectationsFromRunRequested);
    connect(m_ui->addRuleFileButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Add a rule or Action file"), QString(),
                                                          tr("Rules and Actions (*.js)"));
        QString error;
        if (!path.isEmpty() && !addRuleFromFile(path, &error))
            emit notice(error);
    });
}

InputsPanel::~InputsPanel() = default;

void InputsPanel::setProfiles(const QList<LoginProfile> &profiles)
{
    m_profiles = profiles;
    QSignalBlocker blocker(m_ui->profileComboBox);
    m_ui->profileComboBox->clear();
    for (const LoginProfile &profile : profiles) {
        m_ui->profileComboBox->addItem(profile.name, profile.id);
        m_ui->profileComboBox->setItemData(m_ui->profileComboBox->count() - 1, profile.description,
                                           Qt::ToolTipRole);
    }
    m_ui->profileComboBox->setCurrentIndex(-1);
}

void InputsPanel::selectProfile(const QString &profileId)
{
    const int index = m_ui->profileComboBox->findData(profileId);
    if (index >= 0)
        m_ui->profileComboBox->setCurrentIndex(index);
}

QString InputsPanel::profileId() const
{
    return m_ui->profileComboBox->currentData().toString();
}

QString InputsPanel::profileName() const
{
    return m_ui->profileComboBox->currentText();
}

QJsonObject InputsPanel::user() const
{
    return m_ui->userEditor->object();
}

QJsonObject InputsPanel::contextOverrides() const
{
    return m_ui->contextEditor->object();
}

QJsonObject InputsPanel::configuration() const
{
    return m_ui->configurationEditor->object();
}

QJsonObject InputsPanel::expectations() const
{
    return m_ui->expectEditor->object();
}

void InputsPanel::setConfiguration(const QJsonObject &configuration)
{
    m_ui->configurationEditor->setObject(configuration);
}

void InputsPanel::setExpectations(const QJsonObject &expectations)
{
    m_ui->expectEditor->setObject(expectations);
}

void InputsPanel::setExpectationsFromRunEnabled(bool enabled)
{
    m_ui->expectFromRunButton->setEnabled(enabled);
}

ChainList *InputsPanel::chain() const
{
    return m_ui->chainListWidget;
}

bool InputsPanel::addRuleFromFile(const QString &path, QString *error)
{
    const bool action = path.endsWith(QLatin1String(".action.js"));
    auto rule = RuleSource::fromFile(path, action ? QStringLiteral("action") : QStringLiteral("rule"), error);
    if (!rule)
        return false;
    m_ui->chainListWidget->addRule(*rule);
    m_ui->chainListWidget->setCurrentRow(m_ui->chainListWidget->count() - 1);
    return true;
}

QStringList InputsPanel::problems() const
{
    QStringList problems;
    for (const JsonEditor *editor :
         { m_ui->userEditor, m_ui->contextEditor, m_ui->configurationEditor, m_ui->expectEditor }) {
        if (!editor->isValid())
            problems << editor->errorMessage();
    }
    return problems;
}

void InputsPanel::showProblems()
{
    const QStringList messages = problems();
    m_ui->inputErrorLabel->setVisible(!messages.isEmpty());
    m_ui->inputErrorLabel->setText(messages.join(QLatin1Char('\n')));
    emit inputsChanged();
}
