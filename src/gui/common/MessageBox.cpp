// SPDX-License-Identifier: MIT
#include "MessageBox.h"

namespace MessageBox {
namespace {
std::optional<QMessageBox::StandardButton> nextAnswer;

std::optional<QMessageBox::StandardButton> takeNextAnswer()
{
    auto answer = nextAnswer;
    nextAnswer.reset();
    return answer;
}
} // namespace

QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
                                     QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton)
{
    if (auto answer = takeNextAnswer())
        return *answer;
    return QMessageBox::question(parent, title, text, buttons, defaultButton);
}

void warning(QWidget *parent, const QString &title, const QString &text)
{
    if (takeNextAnswer())
        return;
    QMessageBox::warning(parent, title, text);
}

void setNextAnswer(QMessageBox::StandardButton answer)
{
    nextAnswer = answer;
}

} // namespace MessageBox
