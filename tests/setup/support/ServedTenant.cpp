// SPDX-License-Identifier: MIT
#include "ServedTenant.h"

#include "Plans.h"
#include "common/JsonUtil.h"

#include <QFile>

ServedTenant::ServedTenant()
{
    m_folders = ChildFolders::under(m_dir.filePath(QStringLiteral("cli")));
}

bool ServedTenant::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = m_dir.errorString();
        return false;
    }
    // serve gets folders of its own: whatever it writes counts as the tenant's.
    const ChildFolders serveFolders = ChildFolders::under(serveFolder());
    if (!m_serve.start(dataFile(), serveFolders.environment(), error))
        return false;
    m_tenant = std::make_unique<TenantHarness>(m_serve.baseUrl(), m_serve.credentials());
    if (!m_tenant->isRunning()) {
        *error = m_tenant->startError();
        return false;
    }
    writePlan(Plans::forTenant(m_serve.baseUrl()));
    return true;
}

QString ServedTenant::writePlan(const QJsonObject &plan, const QString &name)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(JsonUtil::compact(plan));
    if (name == QLatin1String("plan.json"))
        m_planPath = path;
    return path;
}

QProcessEnvironment ServedTenant::environment() const
{
    QProcessEnvironment environment = m_folders.environment();
    environment.insert(secretVariable(), QString::fromUtf8(m_serve.clientSecret()));
    return environment;
}

QStringList ServedTenant::applyArguments(const QStringList &extra) const
{
    return QStringList{QStringLiteral("apply"), m_planPath, QStringLiteral("--tenant"), m_serve.baseUrl(),
                       QStringLiteral("--client-id"), m_serve.clientId(), QStringLiteral("--client-secret-env"), secretVariable()}
        + extra;
}

CliRun ServedTenant::apply(const QStringList &extra, int timeoutMs) const
{
    return runCli(applyArguments(extra), environment(), timeoutMs);
}
