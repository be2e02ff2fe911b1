// SPDX-License-Identifier: MIT
#include "FindingsView.h"

#include "ui_FindingsView.h"

#include <QFontDatabase>
#include <Qsci/qscilexerjavascript.h>

namespace {
constexpr int LineMarker = 1;
}

FindingsView::FindingsView(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::FindingsView>())
{
    m_ui->setupUi(this);
    auto *lexer = new QsciLexerJavaScript(m_ui->ruleSourceView);
    lexer->setDefaultFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    lexer->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->ruleSourceView->setLexer(lexer);
    m_ui->ruleSourceView->setReadOnly(true);
    m_ui->ruleSourceView->setMarginType(0, QsciScintilla::NumberMargin);
    m_ui->ruleSourceView->setMarginWidth(0, QStringLiteral("0000"));
    m_ui->ruleSourceView->markerDefine(QsciScintilla::Background, LineMarker);
    m_ui->ruleSourceView->setMarkerBackgroundColor(QColor(0xff, 0xe0, 0x82), LineMarker);
    m_ui->findingsTreeWidget->setColumnWidth(0, 70);
    m_ui->findingsTreeWidget->setColumnWidth(1, 190);
    m_ui->findingsTreeWidget->setColumnWidth(2, 130);
    m_ui->findingsTreeWidget->setColumnWidth(3, 40);
    connect(m_ui->findingsTreeWidget, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (!item->text(1).isEmpty())
            showRuleAt(item->text(2), item->text(3).toInt());
    });
}

FindingsView::~FindingsView() = default;

void FindingsView::setFindings(const QList<Finding> &findings, const QList<RuleSource> &rules)
{
    m_rules = rules;
    m_ui->findingsTreeWidget->clear();
    for (const Finding &finding : findings) {
        auto *item = new QTreeWidgetItem(m_ui->findingsTreeWidget,
                                         { finding.severity, finding.code, finding.rule,
                                           finding.line ? QString::number(*finding.line) : QString(),
                                           finding.message });
        item->setToolTip(4, finding.message);
        item->setForeground(0,
                            finding.severity == QLatin1String("error") ? QColor(0xb7, 0x1c, 0x1c)
                                : finding.severity == QLatin1String("warning")
                                ? QColor(0xbf, 0x5b, 0x00)
                                : palette().color(QPalette::Text));
    }
    if (findings.isEmpty()) {
        auto *none
            = new QTreeWidgetItem(m_ui->findingsTreeWidget,
                                  { QString(), QString(), QString(), QString(),
                                    tr("No findings: none of the pitfalls Rulebench looks for showed up.") });
        none->setFlags(Qt::ItemIsEnabled);
    }
}

void FindingsView::showRuleAt(const QString &ruleName, int line)
{
    const auto rule = std::find_if(m_rules.begin(), m_rules.end(),
                                   [&](const RuleSource &r) { return r.name == ruleName; });
    if (rule == m_rules.end()) {
        m_ui->ruleSourceLabel->setText(
            tr("%1 is not a rule of this chain (the finding is about the whole chain).").arg(ruleName));
        return;
    }
    m_ui->ruleSourceView->setText(rule->source);
    m_ui->ruleSourceView->markerDeleteAll(LineMarker);
    const QTreeWidgetItem *current = m_ui->findingsTreeWidget->currentItem();
    const QString message = current && current->text(2) == ruleName ? current->text(4) : QString();
    m_ui->ruleSourceLabel->setText((line > 0 ? tr("%1, line %2").arg(ruleName).arg(line) : ruleName)
                                   + (message.isEmpty() ? QString() : QStringLiteral(": ") + message));
    if (line > 0) {
        m_ui->ruleSourceView->markerAdd(line - 1, LineMarker);
        m_ui->ruleSourceView->setCursorPosition(line - 1, 0);
        m_ui->ruleSourceView->ensureLineVisible(line - 1);
    }
    emit ruleOpened(ruleName);
}

QByteArray FindingsView::saveSplitterState() const
{
    return m_ui->findingsSplitter->saveState();
}

void FindingsView::restoreSplitterState(const QByteArray &state)
{
    m_ui->findingsSplitter->restoreState(state);
}
