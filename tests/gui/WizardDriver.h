// SPDX-License-Identifier: MIT
#pragma once

#include "wizard/SetupWizard.h"

#include <QAbstractButton>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QDir>
#include <QLineEdit>
#include <QTest>

// Finds wizard widgets by objectName (the contract the GUI tests rely on) and saves
// screenshots of pages when RULEBENCH_SCREENSHOT_DIR is set.
namespace WizardDriver {

template<typename T>
T *find(QWidget *root, const char *name)
{
    T *widget = root->findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no widget %s", name);
    return widget;
}

inline void type(QWidget *root, const char *name, const QString &text)
{
    QLineEdit *edit = find<QLineEdit>(root, name);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
    if (edit->text() != text) // keyClicks appends to a selection-less field; set it outright
        edit->setText(text);
}

inline bool nextEnabled(QWizard *wizard)
{
    return wizard->button(QWizard::NextButton)->isEnabled();
}

inline void screenshot(QWidget *widget, const QString &name)
{
    const QString folder = qEnvironmentVariable("RULEBENCH_SCREENSHOT_DIR");
    if (folder.isEmpty())
        return;
    QDir().mkpath(folder);
    widget->grab().save(folder + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace WizardDriver
