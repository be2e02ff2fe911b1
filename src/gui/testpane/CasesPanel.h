// SPDX-License-Identifier: MIT
#pragma once

#include "LoginProfiles.h"
#include "rules/JUnitReport.h"

#include <memory>
#include <QWidget>

namespace Ui {
class CasesPanel;
}
class CaseRunner;

// The Cases tab: open a folder of case files, run them all (progress bar, pass/fail table),
// export the results as JUnit XML, save the current inputs as a new case, and run a matrix of
// profiles through the current chain.
class CasesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit CasesPanel(QWidget *parent = nullptr);
    ~CasesPanel() override;

    void setRunner(CaseRunner *runner);
    void setProfiles(const QList<LoginProfile> &profiles);
    void openFolder(const QString &folder);
    QString folder() const { return m_folder; }
    QStringList casePaths() const { return m_paths; }
    QStringList checkedProfiles() const;
    bool exportJUnit(const QString &path, QString *error) const;

signals:
    void runCasesRequested(const QStringList &paths);
    void runMatrixRequested(const QStringList &profileIds);
    void saveCaseRequested();

private:
    void caseFinished(int index, const JUnitReport::Case &result, const QString &outcome);
    void runEnded(bool cancelled);

    const std::unique_ptr<Ui::CasesPanel> m_ui;
    CaseRunner *m_runner = nullptr;
    QString m_folder;
    QStringList m_paths;
};
