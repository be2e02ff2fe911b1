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

// Step 5: the rule that gets the M2M token and calls the API — or, on a tenant without Rules,
// the post-login Action — from a template, in a JavaScript editor with a syntax check through
// the rule host and the list of configuration keys the code reads.
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

private:
    void loadTemplate();
    void codeChanged();
    void checkSyntax();
    void validate();
    bool isAction() const;

    const std::unique_ptr<Ui::RulePage> m_ui;
    SetupWizard *m_wizard;
    QsciScintilla *m_editor;
    QTimer m_syntaxTimer;
    QString m_syntaxProblem;
    int m_syntaxGeneration = 0;
};
