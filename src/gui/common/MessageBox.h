// SPDX-License-Identifier: MIT
#pragma once

#include <QMessageBox>

#include <optional>

// QMessageBox::question/warning with a test seam (KeePassXC's MessageBox::setNextAnswer):
// a test sets the next answer and no dialog is shown, so no test ever waits on a person.
namespace MessageBox {

QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
                                     QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton);
void warning(QWidget *parent, const QString &title, const QString &text);
void setNextAnswer(QMessageBox::StandardButton answer);

} // namespace MessageBox
