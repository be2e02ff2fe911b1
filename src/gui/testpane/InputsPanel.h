// SPDX-License-Identifier: MIT
// The inputs half of the test pane: a profile, the JSON editors and the chain to run.
#pragma once

#include "LoginProfiles.h"
#include "rules/RuleSource.h"

#include <memory>
#include <QJsonObject>
#include <QWidget>

namespace Ui {
class InputsPanel;
}
class ChainList;

// What a simulated login is made of: a ready-made profile that fills the user and context
// editors, the configuration, the expectations a saved case will check, and the rule chain
// (checkable, reorderable, rules added from files). Says which editor holds bad JSON, and where.
class InputsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit InputsPanel(QWidget *parent = nullptr);
    ~InputsPanel() override;

    void setProfiles(const QList<LoginProfile> &profiles);
    void selectProfile(const QString &profileId);
    QString profileId() const;
    QString profileName() const;

    QJsonObject user() const;
    QJsonObject contextOverrides() const;
    QJsonObject configuration() const;
    QJsonObject expectations() const;
    void setConfiguration(const QJsonObject &configuration);
    void setExpectations(const QJsonObject &expectations);
    void setExpectationsFromRunEnabled(bool enabled);

    ChainList *chain() const;
    bool addRuleFromFile(const QString &path, QString *error);

    // One message per editor whose text is not a valid input ("user, line 3: …"); empty when
    // everything can run.
    QStringList problems() const;

signals:
    void inputsChanged(); // an editor was checked: Run may change state
    void expectationsFromRunRequested();
    void reloadRequested();
    void notice(const QString &message);

private:
    void showProblems();

    const std::unique_ptr<Ui::InputsPanel> m_ui;
    QList<LoginProfile> m_profiles;
};
