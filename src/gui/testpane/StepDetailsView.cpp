// SPDX-License-Identifier: MIT
#include "StepDetailsView.h"

#include "TimelineView.h"
#include "ui_StepDetailsView.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>

namespace {

QString headerLines(const QJsonObject &headers)
{
    QStringList lines;
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        const QJsonValue value = it.value();
        lines << QStringLiteral("%1: %2").arg(
            it.key(),
            value.isArray() ? value.toVariant().toStringList().join(QStringLiteral(", "))
                            : value.toVariant().toString());
    }
    return lines.isEmpty() ? QStringLiteral("(no headers traced)") : lines.join(QLatin1Char('\n'));
}

} // namespace

StepDetailsView::StepDetailsView(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::StepDetailsView>())
{
    m_ui->setupUi(this);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->consoleTextEdit->setFont(fixed);
    m_ui->httpDetailTextEdit->setFont(fixed);
    m_ui->httpCallsTreeWidget->setColumnWidth(0, 60);
    m_ui->httpCallsTreeWidget->setColumnWidth(1, 60);
    m_ui->httpCallsTreeWidget->header()->setStretchLastSection(false);
    m_ui->httpCallsTreeWidget->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_ui->httpCallsTreeWidget->setColumnWidth(3, 70);
    m_ui->detailsSplitter->setStretchFactor(0, 1);
    m_ui->detailsSplitter->setStretchFactor(1, 1);
    m_ui->stepErrorLabel->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    connect(m_ui->httpCallsTreeWidget, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        const int call = item ? m_ui->httpCallsTreeWidget->indexOfTopLevelItem(item) : -1;
        m_ui->httpDetailTextEdit->setPlainText(call >= 0 ? describe(m_rule.http.at(call)) : QString());
        emit callSelected(call);
    });
}

StepDetailsView::~StepDetailsView() = default;

QString StepDetailsView::prettyBody(const QString &body)
{
    if (body.isEmpty())
        return QStringLiteral("(empty)");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toUtf8(), &error);
    if (error.error == QJsonParseError::NoError && !doc.isNull())
        return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
    return body;
}

QString StepDetailsView::describe(const HttpCall &call)
{
    QString text = QStringLiteral("%1 %2\n").arg(call.method, call.url);
    text += tr("Started at %1 ms, took %2 ms\n")
                .arg(call.startMs.value_or(0), 0, 'f', 1)
                .arg(call.durationMs, 0, 'f', 1);
    text += QStringLiteral("\n── Request ──\n") + headerLines(call.requestHeaders) + QStringLiteral("\n\n")
        + prettyBody(call.requestBody) + QStringLiteral("\n\n");
    if (call.status)
        text += tr("── Response: HTTP %1 ──\n").arg(*call.status) + headerLines(call.responseHeaders)
            + QStringLiteral("\n\n") + prettyBody(call.responseBody) + QLatin1Char('\n');
    else
        text += tr("── No response ──\n%1\n").arg(call.error);
    return text;
}

void StepDetailsView::clear()
{
    m_rule = RuleResult();
    m_ui->stepTitleLabel->setText(tr("Select a step of the timeline."));
    m_ui->stepErrorLabel->hide();
    m_ui->httpCallsTreeWidget->clear();
    m_ui->consoleTextEdit->clear();
    m_ui->httpDetailTextEdit->clear();
}

void StepDetailsView::showStep(const RuleResult &rule, int call)
{
    m_rule = rule;
    m_ui->stepTitleLabel->setText(tr("<b>%1</b> (%2): %3 in %4 ms")
                                      .arg(rule.name.toHtmlEscaped(), rule.kind, rule.status)
                                      .arg(rule.durationMs, 0, 'f', 1));
    const QString error = rule.errorMessage();
    m_ui->stepErrorLabel->setVisible(!error.isEmpty());
    m_ui->stepErrorLabel->setText(tr("Error: %1").arg(error));
    const QSignalBlocker blocker(m_ui->httpCallsTreeWidget);
    m_ui->httpCallsTreeWidget->clear();
    for (const HttpCall &http : rule.http) {
        auto *item
            = new QTreeWidgetItem(m_ui->httpCallsTreeWidget,
                                  { http.status ? QString::number(*http.status) : tr("none"), http.method,
                                    http.url, QStringLiteral("%1 ms").arg(http.durationMs, 0, 'f', 1) });
        item->setForeground(0, TimelineView::httpColor(http));
        item->setToolTip(2, http.url);
    }
    m_ui->consoleTextEdit->setPlainText(rule.console.join(QLatin1Char('\n')));
    m_ui->httpDetailTextEdit->clear();
    selectCall(call >= 0 ? call : (rule.http.isEmpty() ? -1 : 0));
}

void StepDetailsView::selectCall(int call)
{
    if (call < 0 || call >= m_rule.http.size())
        return;
    const QSignalBlocker blocker(m_ui->httpCallsTreeWidget);
    m_ui->httpCallsTreeWidget->setCurrentItem(m_ui->httpCallsTreeWidget->topLevelItem(call));
    m_ui->httpDetailTextEdit->setPlainText(describe(m_rule.http.at(call)));
}
