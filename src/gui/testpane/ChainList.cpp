// SPDX-License-Identifier: MIT
#include "ChainList.h"

#include "TimelineView.h"

#include <QDropEvent>
#include <QKeyEvent>
#include <QPainter>

namespace {
constexpr int NameRole = Qt::UserRole + 1;
constexpr int KindRole = Qt::UserRole + 2;
constexpr int SourceRole = Qt::UserRole + 3;
constexpr int FileRole = Qt::UserRole + 4;
constexpr int LabelRole = Qt::UserRole + 5;
constexpr int StatusRole = Qt::UserRole + 6;
} // namespace

ChainList::ChainList(QWidget *parent)
    : QListWidget(parent)
{
    setDragDropMode(QAbstractItemView::InternalMove);
    setDefaultDropAction(Qt::MoveAction);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAccessibleName(tr("Rule chain"));
    setToolTip(
        tr("Checked rules run in this order. Drag or Alt+Up/Down to reorder; the tenant is not changed."));
    connect(this, &QListWidget::itemChanged, this, &ChainList::chainChanged);
}

void ChainList::setRules(const QList<RuleSource> &rules, const QList<bool> &enabled)
{
    QSignalBlocker blocker(this);
    clear();
    for (int i = 0; i < rules.size(); ++i)
        addRule(rules.at(i), enabled.value(i, true));
    blocker.unblock();
    emit chainChanged();
}

void ChainList::addRule(const RuleSource &rule, bool enabled)
{
    auto *item = new QListWidgetItem(rule.kind == QLatin1String("action") ? tr("%1  (Action)").arg(rule.name)
                                                                          : rule.name);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable
                   | Qt::ItemIsDragEnabled);
    item->setCheckState(enabled ? Qt::Checked : Qt::Unchecked);
    item->setData(NameRole, rule.name);
    item->setData(KindRole, rule.kind);
    item->setData(SourceRole, rule.source);
    item->setData(FileRole, rule.file);
    item->setData(LabelRole, item->text());
    item->setToolTip(enabled ? tr("Runs in this test")
                             : tr("Disabled on the tenant; check to run it in this test"));
    addItem(item);
    if (!signalsBlocked())
        emit chainChanged();
}

static RuleSource ruleOf(const QListWidgetItem *item)
{
    RuleSource rule;
    rule.name = item->data(NameRole).toString();
    rule.kind = item->data(KindRole).toString();
    rule.source = item->data(SourceRole).toString();
    rule.file = item->data(FileRole).toString();
    return rule;
}

RuleChain ChainList::chain() const
{
    RuleChain chain;
    for (int row = 0; row < count(); ++row) {
        if (item(row)->checkState() == Qt::Checked)
            chain.rules << ruleOf(item(row));
    }
    return chain;
}

QList<RuleSource> ChainList::allRules() const
{
    QList<RuleSource> rules;
    for (int row = 0; row < count(); ++row)
        rules << ruleOf(item(row));
    return rules;
}

int ChainList::rowOf(const QString &ruleName) const
{
    for (int row = 0; row < count(); ++row) {
        if (item(row)->data(NameRole).toString() == ruleName)
            return row;
    }
    return -1;
}

void ChainList::moveCurrent(int delta)
{
    const int row = currentRow();
    const int target = row + delta;
    if (row < 0 || target < 0 || target >= count())
        return;
    QListWidgetItem *moved = takeItem(row);
    insertItem(target, moved);
    setCurrentRow(target);
    emit chainChanged();
}

void ChainList::keyPressEvent(QKeyEvent *event)
{
    if (event->modifiers() == Qt::AltModifier
        && (event->key() == Qt::Key_Up || event->key() == Qt::Key_Down)) {
        moveCurrent(event->key() == Qt::Key_Up ? -1 : 1);
        event->accept();
        return;
    }
    QListWidget::keyPressEvent(event);
}

void ChainList::dropEvent(QDropEvent *event)
{
    QListWidget::dropEvent(event);
    emit chainChanged();
}

void ChainList::showStatuses(const QList<RuleResult> &results)
{
    QSignalBlocker blocker(this);
    clearStatuses();
    for (const RuleResult &result : results) {
        const int row = rowOf(result.name);
        if (row < 0)
            continue;
        QListWidgetItem *it = item(row);
        const QString status
            = QStringLiteral("%1 · %2 ms").arg(result.status).arg(result.durationMs, 0, 'f', 1);
        it->setData(StatusRole, result.status);
        it->setText(QStringLiteral("%1 — %2").arg(it->data(LabelRole).toString(), status));
        it->setForeground(TimelineView::statusColor(result.status));
    }
}

void ChainList::clearStatuses()
{
    QSignalBlocker blocker(this);
    for (int row = 0; row < count(); ++row) {
        QListWidgetItem *it = item(row);
        it->setText(it->data(LabelRole).toString());
        it->setData(StatusRole, QVariant());
        it->setForeground(palette().color(QPalette::Text));
    }
}

QString ChainList::statusText(int row) const
{
    return row >= 0 && row < count() ? item(row)->data(StatusRole).toString() : QString();
}

void ChainList::setEmptyText(const QString &text)
{
    m_emptyText = text;
    viewport()->update();
}

void ChainList::paintEvent(QPaintEvent *event)
{
    QListWidget::paintEvent(event);
    if (count() > 0 || m_emptyText.isEmpty())
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(viewport()->rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                     m_emptyText);
}
