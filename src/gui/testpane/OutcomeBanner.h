// SPDX-License-Identifier: MIT
#pragma once

#include "rules/SimulationResult.h"

#include <QLabel>

// The banner over a login's results: running, allowed (tokens issued), or denied / failed with
// what the application's callback receives (error and error_description) and which rule
// decided it — shown prominently, as a denial is easy to miss otherwise (rules-runtime.md §6).
class OutcomeBanner : public QLabel
{
    Q_OBJECT
public:
    explicit OutcomeBanner(QWidget *parent = nullptr);

    void showRunning(const QString &what);
    void showResult(const SimulationResult &result);

private:
    void paintAs(const char *background, const char *border);
};
