// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// A JUnit XML report of rule cases (what `rulebench-cli test --junit` and the test pane's
// export write): one <testsuite> of <testcase>s, a <failure> per failed case with every
// mismatch, and the simulated login of failed cases as <system-out>.
namespace JUnitReport {

struct Case
{
    QString name;
    QString path;
    bool passed = false;
    double seconds = 0;
    QStringList failures;
    QString detail;
};

QByteArray toXml(const QList<Case> &cases, double seconds,
                 const QString &suiteName = QStringLiteral("rulebench rule cases"));
bool write(const QString &path, const QList<Case> &cases, double seconds, QString *error);

} // namespace JUnitReport
