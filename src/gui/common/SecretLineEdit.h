// SPDX-License-Identifier: MIT
#pragma once

#include "common/SecretBytes.h"

#include <QLineEdit>

// A line edit for secrets: masked, with a reveal toggle, and kept out of the clipboard
// history (copy and cut are disabled; paste still works).
class SecretLineEdit : public QLineEdit
{
    Q_OBJECT
public:
    explicit SecretLineEdit(QWidget *parent = nullptr);

    SecretBytes secret() const { return SecretBytes::fromUtf8(text().toUtf8()); }
    bool isRevealed() const { return echoMode() == QLineEdit::Normal; }
    void setRevealed(bool revealed);

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QAction *m_revealAction;
};
