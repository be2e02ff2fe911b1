// SPDX-License-Identifier: MIT
#include "RulePage.h"

#include "setup/PlanValidation.h"
#include "ui_RulePage.h"
#include "wizard/SetupWizard.h"

#include <QFontDatabase>
#include <QRegularExpression>
#include <Qsci/qscilexerjavascript.h>
#include <Qsci/qsciscintilla.h>

namespace {

QStringList configurationKeys(const QString &code, bool action)
{
    static const QRegularExpression ruleKeys(QStringLiteral("configuration\\.([A-Za-z0-9_]+)"));
    static const QRegularExpression actionKeys(QStringLiteral("event\\.secrets\\.([A-Za-z0-9_]+)"));
    QStringList keys;
    auto it = (action ? actionKeys : ruleKeys).globalMatch(code);
    while (it.hasNext()) {
        const QString key = it.next().captured(1);
        if (!keys.contains(key))
            keys << key;
    }
    return keys;
}

} // namespace

RulePage::RulePage(SetupWizard *wizard) : QWizardPage(wizard), m_ui(std::make_unique<Ui::RulePage>()), m_wizard(wizard)
{
    m_ui->setupUi(this);
    m_editor = new QsciScintilla(this);
    m_editor->setObjectName(QStringLiteral("ruleCodeEditor"));
    m_editor->setAccessibleName(tr("Rule code"));
    auto *lexer = new QsciLexerJavaScript(m_editor);
    lexer->setDefaultFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLexer(lexer);
    m_editor->setUtf8(true);
    m_editor->setMarginType(0, QsciScintilla::NumberMargin);
    m_editor->setMarginWidth(0, QStringLiteral("0000"));
    m_editor->setAutoIndent(true);
    m_editor->setIndentationsUseTabs(false);
    m_editor->setIndentationWidth(2);
    m_editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    m_ui->editorLayout->addWidget(m_editor);
    m_syntaxTimer.setSingleShot(true);
    m_syntaxTimer.setInterval(400);
    connect(&m_syntaxTimer, &QTimer::timeout, this, &RulePage::checkSyntax);
    connect(m_editor, &QsciScintilla::textChanged, this, &RulePage::codeChanged);
    connect(m_ui->ruleNameLineEdit, &QLineEdit::textChanged, this, &RulePage::validate);
    connect(m_ui->templateComboBox, &QComboBox::currentIndexChanged, this, &RulePage::loadTemplate);
}

RulePage::~RulePage() = default;

bool RulePage::isAction() const
{
    return m_wizard->plan().rule.kind == QLatin1String("action");
}

void RulePage::initializePage()
{
    setTitle(isAction() ? tr("Post-login Action") : tr("Rule"));
    setSubTitle(isAction() ? tr("This tenant no longer runs Rules: the setup creates the equivalent post-login Action.")
                           : tr("The rule that gets an M2M token (cached until shortly before it expires) and calls the API."));
    m_ui->kindLabel->setText(isAction() ? tr("Creates a post-login Action, deploys it and binds it after the existing ones.")
                                        : tr("Creates an enabled rule, run after the rules already there."));
    if (m_ui->templateComboBox->count() == 0) {
        QSignalBlocker blocker(m_ui->templateComboBox);
        for (const QString &name : SetupPlan::templateNames())
            m_ui->templateComboBox->addItem(name == QLatin1String("call-api") ? tr("Call an API with an M2M token (call-api)") : name, name);
        loadTemplate();
    }
    if (m_ui->ruleNameLineEdit->text().isEmpty()) {
        QString slug = m_wizard->plan().api.name.toLower();
        slug.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
        slug.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
        m_ui->ruleNameLineEdit->setText((QStringLiteral("call-") + slug).left(60));
    }
    validate();
}

void RulePage::loadTemplate()
{
    const QString name = m_ui->templateComboBox->currentData().toString();
    m_editor->setText(SetupPlan::templateSource(name, m_wizard->plan().rule.kind));
}

void RulePage::codeChanged()
{
    const QStringList keys = configurationKeys(m_editor->text(), isAction());
    m_ui->configurationKeysLabel->setText(keys.isEmpty() ? tr("The code reads no %1.").arg(isAction() ? tr("secrets") : tr("configuration"))
                                                         : tr("Reads %1: %2").arg(isAction() ? tr("secrets") : tr("configuration"),
                                                                                  keys.join(QStringLiteral(", "))));
    m_syntaxProblem.clear();
    ++m_syntaxGeneration;
    m_ui->syntaxStatusLabel->setText(m_wizard->syntaxChecker() ? tr("Checking…") : tr("No syntax check: the rule host is not running."));
    if (m_wizard->syntaxChecker())
        m_syntaxTimer.start();
    validate();
}

void RulePage::checkSyntax()
{
    const int generation = m_syntaxGeneration;
    m_wizard->syntaxChecker()(m_editor->text(), this, [this, generation](const QString &problem) {
        if (generation != m_syntaxGeneration)
            return;
        m_syntaxProblem = problem;
        m_ui->syntaxStatusLabel->setText(problem.isEmpty() ? tr("Syntax OK") : problem);
        validate();
    });
}

void RulePage::validate()
{
    QString problem = PlanValidation::ruleName(m_ui->ruleNameLineEdit->text());
    m_ui->ruleNameErrorLabel->setText(problem);
    if (m_editor->text().trimmed().isEmpty())
        m_ui->syntaxStatusLabel->setText(tr("The code is empty"));
    emit completeChanged();
}

bool RulePage::isComplete() const
{
    return m_ui->ruleNameErrorLabel->text().isEmpty() && !m_editor->text().trimmed().isEmpty() && m_syntaxProblem.isEmpty();
}

bool RulePage::validatePage()
{
    SetupPlan::Rule &rule = m_wizard->plan().rule;
    rule.name = m_ui->ruleNameLineEdit->text();
    rule.enabled = m_ui->enabledCheckBox->isChecked();
    rule.script = m_editor->text();
    const QString templateName = m_ui->templateComboBox->currentData().toString();
    // An edited template is saved as code, not as the template's name.
    const bool untouched = rule.script == SetupPlan::templateSource(templateName, rule.kind);
    rule.templateName = untouched ? templateName : QString();
    rule.scriptFile = untouched ? QString() : rule.name + (rule.kind == QLatin1String("action") ? QStringLiteral(".action.js") : QStringLiteral(".rule.js"));
    return true;
}
