// SPDX-License-Identifier: MIT
#pragma once

#include <QTimer>
#include <QWizardPage>

#include <memory>

namespace Ui {
class RulePage;
}
class QsciScintilla;
class SetupWizard;
struct ConversionResult;

// Step 5: the rule that gets the M2M token and calls the API — or, on a tenant without Rules,
// the post-login Action — from a template, in a JavaScript editor with a syntax check through
// the rule host and the list of configuration keys the code reads. On a tenant without Rules
// the Action may also come from a rule the user pastes: it is converted as they type (through
// the rule host), and what could not be converted is listed with its line.
class RulePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit RulePage(SetupWizard *wizard);
    ~RulePage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    QsciScintilla *editor() const { return m_editor; }
    QsciScintilla *sourceRuleEditor() const { return m_ruleEditor; }

private:
    void loadTemplate();
    void codeChanged();
    void checkSyntax();
    void validate();
    bool isAction() const;
    void setConvertFromRule(bool on);
    void convertRule();
    void showConversion(const ConversionResult &result);

    const std::unique_ptr<Ui::RulePage> m_ui;
    SetupWizard *m_wizard;
    QsciScintilla *m_editor;
    QsciScintilla *m_ruleEditor;
    QTimer m_syntaxTimer;
    QString m_syntaxProblem;
    int m_syntaxGeneration = 0;
    QTimer m_conversionTimer;
    QString m_conversionProblem; // the pasted rule cannot be converted (or not yet)
    int m_conversionGeneration = 0;
};
