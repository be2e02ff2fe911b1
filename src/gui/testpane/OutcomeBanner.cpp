// SPDX-License-Identifier: MIT
#include "OutcomeBanner.h"

OutcomeBanner::OutcomeBanner(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setMargin(8);
}

void OutcomeBanner::paintAs(const char *background, const char *border)
{
    setStyleSheet(QStringLiteral("OutcomeBanner { background: %1; border: 1px solid %2; border-radius: 4px; "
                                 "color: #1a1a1a; }")
                      .arg(QLatin1String(background), QLatin1String(border)));
    // A word-wrapped label in a splitter keeps its old height otherwise, cutting the message.
    setMinimumHeight(heightForWidth(qMax(200, width())));
}

void OutcomeBanner::showRunning(const QString &what)
{
    setText(what);
    paintAs("#e3f2fd", "#90caf9");
}

void OutcomeBanner::showResult(const SimulationResult &result)
{
    QString decidedBy;
    for (const RuleResult &rule : result.rules) {
        if (rule.status != QLatin1String("ok") && rule.status != QLatin1String("not_run"))
            decidedBy = rule.name;
    }
    const QString by = decidedBy.isEmpty() ? QString() : tr(" by %1").arg(decidedBy.toHtmlEscaped());
    const QString received = tr("The application's callback receives error=%1, error_description=\"%2\"")
                                 .arg(result.error.toHtmlEscaped(), result.errorDescription.toHtmlEscaped());
    if (result.isAllowed()) {
        setText(tr("<b>Allowed.</b> The application receives an ID token%1.")
                    .arg(result.accessToken.isEmpty() ? QString() : tr(" and an access token")));
        paintAs("#e8f5e9", "#66bb6a");
    } else if (result.outcome == QLatin1String("denied")) {
        setText(tr("<b>Denied%1.</b><br>%2").arg(by, received));
        paintAs("#fff3e0", "#fb8c00");
    } else {
        setText(tr("<b>Failed (%1)%2.</b><br>%3").arg(result.errorKind.toHtmlEscaped(), by, received));
        paintAs("#ffebee", "#e53935");
    }
}
