// SPDX-License-Identifier: MIT
#pragma once

#include "rules/RuleSource.h"
#include "rules/SimulationResult.h"

#include <memory>
#include <QWidget>

namespace Ui {
class FindingsView;
}

// The findings of a login (reference/rules-runtime.md §7), each linked to its rule and line:
// double-click or Enter shows the rule's code with the line marked.
class FindingsView : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsView(QWidget *parent = nullptr);
    ~FindingsView() override;

    // `rules`: where the findings' rules are looked up by name.
    void setFindings(const QList<Finding> &findings, const QList<RuleSource> &rules);
    void showRuleAt(const QString &ruleName, int line);
    QByteArray saveSplitterState() const;
    void restoreSplitterState(const QByteArray &state);

signals:
    void ruleOpened(const QString &ruleName);

private:
    const std::unique_ptr<Ui::FindingsView> m_ui;
    QList<RuleSource> m_rules;
};
