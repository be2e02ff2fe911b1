// SPDX-License-Identifier: MIT
#include "PlanConfiguration.h"

#include "common/Clock.h"
#include "JsonFile.h"
#include "management/ManagementClient.h"
#include "secrets/MemorySecretStore.h"
#include "setup/SetupRunner.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTemporaryDir>

namespace PlanConfiguration {

QJsonValue substitute(const QJsonValue &value, const QString &tenantUrl, const QString &tenantDomain)
{
    if (value.isString()) {
        QString text = value.toString();
        text.replace(QLatin1String("${TENANT_URL}"), tenantUrl);
        text.replace(QLatin1String("${TENANT_DOMAIN}"), tenantDomain);
        return text;
    }
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(substitute(item, tenantUrl, tenantDomain));
        return array;
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = substitute(it.value(), tenantUrl, tenantDomain);
        return object;
    }
    return value;
}

std::optional<QJsonObject> apply(const QString &planPath, const ManagementAccess &access, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    auto json = JsonFile::readObject(planPath, error);
    if (!json)
        return std::nullopt;
    QString tenantUrl = access.baseUrl.toString(QUrl::StripTrailingSlash);
    const QJsonObject planJson = substitute(*json, tenantUrl, access.domain()).toObject();
    QStringList problems;
    const SetupPlan plan = SetupPlan::fromJson(planJson, QFileInfo(planPath).absolutePath(), &problems);
    if (!problems.isEmpty())
        return fail(QStringLiteral("%1: %2").arg(planPath, problems.join(QStringLiteral("; "))));

    QTemporaryDir folder;
    if (!folder.isValid())
        return fail(QStringLiteral("cannot make a temporary folder for the setup journal: %1")
                        .arg(folder.errorString()));
    QString journalError;
    auto journal = SetupJournal::open(folder.filePath(QStringLiteral("journal.sqlite")), &journalError);
    if (!journal)
        return fail(journalError);
    QNetworkAccessManager network;
    ManagementClient client(&network, access, Clock::system());
    MemorySecretStore secrets;
    SetupRunner runner(client, secrets, *journal, plan, access.domain());
    const SetupReport report = runner.apply();
    if (!report.ok)
        return fail(QStringLiteral("%1: the plan could not be applied (step %2): %3")
                        .arg(planPath, report.failedStep, report.error.message));
    const SecretStore::Result secret = secrets.readAndWait(report.secretKey);
    if (!secret.isOk())
        return fail(QStringLiteral("%1: the client secret is not in the session store: %2")
                        .arg(planPath, secret.message));

    QJsonObject configuration;
    const QMap<QString, QString> extra = plan.extraConfiguration();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        configuration.insert(it.key(), it.value());
    configuration.insert(plan.configuration.clientIdKey, report.clientId);
    configuration.insert(plan.configuration.clientSecretKey, QString::fromUtf8(secret.secret.reveal()));
    return configuration;
}

} // namespace PlanConfiguration
