// SPDX-License-Identifier: MIT
#pragma once

#include "rules/SimulationResult.h"

#include <QWidget>

// The chain of one login drawn on a time axis: a bar per rule or Action, coloured by its
// status, with its outbound HTTP calls as thinner bars nested under it (coloured by HTTP
// status). A step is selected by clicking it or with Up/Down/Home/End; a click on a call
// selects that call too. Tooltips name the step, its status and timing.
class TimelineView : public QWidget
{
    Q_OBJECT
public:
    struct Step
    {
        RuleResult rule;
        double startMs = 0;
    };

    explicit TimelineView(QWidget *parent = nullptr);

    void setRules(const QList<RuleResult> &rules);
    void clear(const QString &emptyText);
    int stepCount() const { return int(m_steps.size()); }
    const Step &step(int index) const { return m_steps.at(index); }
    int selectedStep() const { return m_selected; }
    int selectedCall() const { return m_selectedCall; }
    void selectStep(int index, int call = -1);
    double totalMs() const { return m_totalMs; }

    static QColor statusColor(const QString &status);
    static QColor httpColor(const HttpCall &call);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void stepSelected(int index, int call);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Hit
    {
        int step = -1;
        int call = -1;
    };
    int labelWidth() const;
    int rowTop(int index) const;
    int rowHeight(int index) const;
    QRectF barRect(int index) const;
    QRectF callRect(int index, int call) const;
    double xFor(double ms) const;
    Hit hitAt(const QPoint &pos) const;
    QString tooltipFor(const Hit &hit) const;

    QList<Step> m_steps;
    double m_totalMs = 0;
    int m_selected = -1;
    int m_selectedCall = -1;
    QString m_emptyText;
};
