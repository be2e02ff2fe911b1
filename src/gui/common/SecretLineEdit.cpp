// SPDX-License-Identifier: MIT
#include "SecretLineEdit.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QKeySequence>
#include <QMenu>

SecretLineEdit::SecretLineEdit(QWidget *parent) : QLineEdit(parent)
{
    setEchoMode(QLineEdit::Password);
    setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase | Qt::ImhSensitiveData);
    m_revealAction = addAction(QIcon(QStringLiteral(":/icons/reveal.svg")), QLineEdit::TrailingPosition);
    m_revealAction->setObjectName(QStringLiteral("revealAction"));
    m_revealAction->setCheckable(true);
    m_revealAction->setToolTip(tr("Show the secret"));
    connect(m_revealAction, &QAction::toggled, this, &SecretLineEdit::setRevealed);
}

void SecretLineEdit::setRevealed(bool revealed)
{
    setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_revealAction->setChecked(revealed);
    m_revealAction->setToolTip(revealed ? tr("Hide the secret") : tr("Show the secret"));
}

void SecretLineEdit::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu *menu = createStandardContextMenu();
    for (QAction *action : menu->actions()) {
        if (action->text().contains(tr("Copy"), Qt::CaseInsensitive) || action->text().contains(tr("Cut"), Qt::CaseInsensitive))
            action->setEnabled(false);
    }
    menu->exec(event->globalPos());
    delete menu;
}

void SecretLineEdit::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy) || event->matches(QKeySequence::Cut)) {
        event->ignore();
        return;
    }
    QLineEdit::keyPressEvent(event);
}
