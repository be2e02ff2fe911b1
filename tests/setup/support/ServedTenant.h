// SPDX-License-Identifier: MIT
#pragma once

#include "CliRunner.h"
#include "TenantHarness.h"

#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>

// `rulebench-cli serve` in a temporary folder, and what a CLI test runs against it: the
// folders the apply child writes to (HOME, XDG_*) and those of the serve process, kept apart
// so a scan can tell them; a TenantHarness on the served tenant; a plan file.
class ServedTenant
{
public:
    ServedTenant();
    bool start(QString *error);

    QString root() const { return m_dir.path(); }
    const ChildFolders &folders() const { return m_folders; } // the CLI child's
    QString serveFolder() const { return m_dir.filePath(QStringLiteral("serve")); }
    QString dataFile() const { return serveFolder() + QStringLiteral("/tenant.sqlite"); }
    ServeProcess &serve() { return m_serve; }
    TenantHarness &tenant() { return *m_tenant; }

    // The example plan for this tenant, as a file in the temporary folder.
    QString writePlan(const QJsonObject &plan, const QString &name = QStringLiteral("plan.json"));
    QString planPath() const { return m_planPath; }
    // The environment of a CLI child: its folders, and the management secret in a variable.
    QProcessEnvironment environment() const;
    static QString secretVariable() { return QStringLiteral("RULEBENCH_TEST_MANAGEMENT_SECRET"); }
    // apply PLAN --tenant URL --client-id ID --client-secret-env VAR, then `extra`.
    QStringList applyArguments(const QStringList &extra = {}) const;
    CliRun apply(const QStringList &extra = {}, int timeoutMs = 60000) const;

private:
    QTemporaryDir m_dir;
    ChildFolders m_folders;
    ServeProcess m_serve;
    std::unique_ptr<TenantHarness> m_tenant;
    QString m_planPath;
};

// In a test function: `ServedTenant served`, started, stopping the test if it does not start.
#define SERVED(served)                                                                                   \
    ServedTenant served;                                                                                 \
    do {                                                                                                 \
        QString error_;                                                                                  \
        QVERIFY2(served.start(&error_), qPrintable(error_));                                             \
    } while (false)
