// SPDX-License-Identifier: MIT
#include "UserChangesView.h"

#include "JsonDiff.h"
#include "ui_UserChangesView.h"

#include <QFontDatabase>
#include <QJsonDocument>

UserChangesView::UserChangesView(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::UserChangesView>())
{
    m_ui->setupUi(this);
    m_ui->userDiffTreeWidget->setColumnWidth(0, 200);
    m_ui->userDiffTreeWidget->setColumnWidth(1, 70);
    m_ui->userDiffTreeWidget->setColumnWidth(2, 220);
    m_ui->metadataTextEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
}

UserChangesView::~UserChangesView() = default;

void UserChangesView::clear()
{
    m_ui->userDiffTreeWidget->clear();
    m_ui->metadataTextEdit->clear();
}

void UserChangesView::show(const QJsonObject &before, const QJsonObject &after,
                           const QJsonArray &metadataUpdates)
{
    clear();
    if (after.isEmpty())
        return;
    const QStringList kinds { tr("added"), tr("removed"), tr("changed") };
    for (const JsonDiff::Change &change : JsonDiff::diff(before, after)) {
        auto *item = new QTreeWidgetItem(m_ui->userDiffTreeWidget,
                                         { change.path, kinds.at(change.kind), JsonDiff::text(change.before),
                                           JsonDiff::text(change.after) });
        item->setToolTip(2, item->text(2));
        item->setToolTip(3, item->text(3));
    }
    if (m_ui->userDiffTreeWidget->topLevelItemCount() == 0)
        new QTreeWidgetItem(m_ui->userDiffTreeWidget, { tr("(no changes)") });
    if (!metadataUpdates.isEmpty())
        m_ui->metadataTextEdit->setPlainText(
            QString::fromUtf8(QJsonDocument(metadataUpdates).toJson(QJsonDocument::Indented)));
}
