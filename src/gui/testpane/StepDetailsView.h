// SPDX-License-Identifier: MIT
#pragma once

#include "rules/SimulationResult.h"

#include <memory>
#include <QWidget>

namespace Ui {
class StepDetailsView;
}

// What one step of the chain did: its error, its console output, and its outbound HTTP calls
// with request and response (headers and bodies as the host traced them, secrets already
// masked; JSON bodies pretty-printed).
class StepDetailsView : public QWidget
{
    Q_OBJECT
public:
    explicit StepDetailsView(QWidget *parent = nullptr);
    ~StepDetailsView() override;

    void showStep(const RuleResult &rule, int call);
    void clear();
    void selectCall(int call);

    // "METHOD url\n\nheaders\n\nbody" of both sides: the text shown for a call.
    static QString describe(const HttpCall &call);
    static QString prettyBody(const QString &body);

signals:
    void callSelected(int call);

private:
    const std::unique_ptr<Ui::StepDetailsView> m_ui;
    RuleResult m_rule;
};
