// SPDX-License-Identifier: MIT
#pragma once

#include "rules/RuleSource.h"
#include "rules/SimulationResult.h"

#include <QListWidget>

// The rule chain of a test run: the tenant's rules (then its bound post-login Actions) in their
// order, each checkable. Unchecking, dragging or Alt+Up/Down changes only this run, never the
// tenant. Rules added from files join the end.
class ChainList : public QListWidget
{
    Q_OBJECT
public:
    explicit ChainList(QWidget *parent = nullptr);

    void setRules(const QList<RuleSource> &rules, const QList<bool> &enabled);
    void addRule(const RuleSource &rule, bool enabled = true);
    // The checked rules in the order shown.
    RuleChain chain() const;
    // Every rule, whatever its state (to find a rule's source by name).
    QList<RuleSource> allRules() const;
    int rowOf(const QString &ruleName) const;
    void moveCurrent(int delta);
    // Each rule's status in the last run beside its name ("call-api — ok · 42 ms"); cleared
    // when the chain changes.
    void showStatuses(const QList<RuleResult> &results);
    void clearStatuses();
    QString statusText(int row) const;
    // Shown in the empty list (loading, or a tenant without rules).
    void setEmptyText(const QString &text);

signals:
    void chainChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QString m_emptyText;
};
