// SPDX-License-Identifier: MIT
#include "RulePage.h"

#include "convert/RuleConverter.h"
#include "setup/PlanValidation.h"
#include "ui_RulePage.h"
#include "wizard/SetupWizard.h"

#include <QFontDatabase>
#include <QListWidget>
#include <QSplitter>
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

QsciScintilla *javaScriptEditor(QWidget *parent, const QString &objectName, const QString &accessibleName)
{
    auto *editor = new QsciScintilla(parent);
    editor->setObjectName(objectName);
    editor->setAccessibleName(accessibleName);
    auto *lexer = new QsciLexerJavaScript(editor);
    lexer->setDefaultFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor->setLexer(lexer);
    editor->setUtf8(true);
    editor->setMarginType(0, QsciScintilla::NumberMargin);
    editor->setMarginWidth(0, QStringLiteral("0000"));
    editor->setAutoIndent(true);
    editor->setIndentationsUseTabs(false);
    editor->setIndentationWidth(2);
    editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    return editor;
}

} // namespace

RulePage::RulePage(SetupWizard *wizard) : QWizardPage(wizard), m_ui(std::make_unique<Ui::RulePage>()), m_wizard(wizard)
{
    m_ui->setupUi(this);
    m_ruleEditor = javaScriptEditor(this, QStringLiteral("sourceRuleEditor"), tr("Rule to convert"));
    m_ruleEditor->setToolTip(tr("Your rule. The Action below is made from it as you type."));
    m_ruleEditor->hide();
    m_editor = javaScriptEditor(this, QStringLiteral("ruleCodeEditor"), tr("Rule code"));
    // The rule above the Action made from it; the user drags the line between them.
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("ruleActionSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_ruleEditor);
    splitter->addWidget(m_editor);
    m_ui->editorLayout->addWidget(splitter);
    m_ui->conversionLabel->hide();
    m_ui->unconvertedList->hide();
    m_conversionTimer.setSingleShot(true);
    m_conversionTimer.setInterval(400);
    connect(&m_conversionTimer, &QTimer::timeout, this, &RulePage::convertRule);
    connect(m_ruleEditor, &QsciScintilla::textChanged, this, [this] {
        ++m_conversionGeneration;
        m_conversionProblem = tr("Converting…");
        m_ui->conversionLabel->setText(m_conversionProblem);
        m_conversionTimer.start();
        validate();
    });
    connect(m_ui->convertFromRuleCheckBox, &QCheckBox::toggled, this, &RulePage::setConvertFromRule);
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
    m_ui->convertFromRuleCheckBox->setVisible(isAction());
    m_ui->convertFromRuleCheckBox->setEnabled(bool(m_wizard->ruleConverter()));
    m_ui->convertFromRuleCheckBox->setToolTip(m_wizard->ruleConverter()
                                                  ? tr("Converts Auth0 rule code into a post-login Action")
                                                  : tr("Needs the rule host, which is not running"));
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

void RulePage::setConvertFromRule(bool on)
{
    m_ruleEditor->setVisible(on);
    m_ui->conversionLabel->setVisible(on);
    m_ui->unconvertedList->setVisible(on && m_ui->unconvertedList->count() > 0);
    m_editor->setReadOnly(on);
    m_editor->setAccessibleName(on ? tr("Action converted from the rule") : tr("Rule code"));
    if (!on) {
        ++m_conversionGeneration; // a late answer must not overwrite what the user now edits
        m_conversionTimer.stop();
        m_conversionProblem.clear();
        validate();
        return;
    }
    if (m_ruleEditor->text().isEmpty()) // starts from the rule twin of the chosen template
        m_ruleEditor->setText(SetupPlan::templateSource(m_ui->templateComboBox->currentData().toString(),
                                                        QStringLiteral("rule")));
    m_ruleEditor->setFocus();
    // Two editors and the list of leftovers want more room than the wizard's minimum.
    QWidget *window = this->window();
    window->resize(qMax(window->width(), 960), qMax(window->height(), 800));
}

void RulePage::convertRule()
{
    const int generation = m_conversionGeneration;
    if (m_ruleEditor->text().trimmed().isEmpty()) {
        m_conversionProblem = tr("Paste the rule to convert");
        m_ui->conversionLabel->setText(m_conversionProblem);
        validate();
        return;
    }
    m_wizard->ruleConverter()(m_ruleEditor->text(), this, [this, generation](const ConversionResult &result) {
        if (generation == m_conversionGeneration)
            showConversion(result);
    });
}

void RulePage::showConversion(const ConversionResult &result)
{
    m_ui->unconvertedList->clear();
    if (!result.isConverted()) {
        m_conversionProblem = result.errorLine > 0 ? tr("Your rule, line %1: %2").arg(result.errorLine).arg(result.error)
                                                   : tr("Your rule cannot be converted: %1").arg(result.error);
        m_ui->conversionLabel->setText(m_conversionProblem);
        m_ui->unconvertedList->hide();
        validate();
        return;
    }
    m_conversionProblem.clear();
    m_editor->setText(result.actionSource);
    const QString secrets = result.secrets.isEmpty() ? tr("none") : result.secrets.join(QStringLiteral(", "));
    if (result.isComplete()) {
        m_ui->conversionLabel->setText(tr("Converted completely. Secrets: %1.").arg(secrets));
    } else {
        const int count = int(result.unconverted.size());
        m_ui->conversionLabel->setText(
            count == 1 ? tr("Converted. Secrets: %1. One line of your rule needs a hand (left as it was and listed "
                            "at the top of the Action):")
                             .arg(secrets)
                       : tr("Converted. Secrets: %1. %2 lines of your rule need a hand (left as they were and "
                            "listed at the top of the Action):")
                             .arg(secrets)
                             .arg(count));
        for (const Unconverted &item : result.unconverted) {
            auto *row = new QListWidgetItem(tr("line %1: %2 — %3").arg(item.line).arg(item.construct, item.why),
                                            m_ui->unconvertedList);
            row->setToolTip(item.why);
        }
    }
    m_ui->unconvertedList->setVisible(!result.unconverted.isEmpty());
    validate();
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
    const bool converting = m_ui->convertFromRuleCheckBox->isChecked();
    return m_ui->ruleNameErrorLabel->text().isEmpty() && !m_editor->text().trimmed().isEmpty()
        && m_syntaxProblem.isEmpty() && !(converting && !m_conversionProblem.isEmpty());
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
