// SPDX-License-Identifier: MIT
#include "ConnectionCheck.h"

#include "management/ManagementClient.h"

#include <QJsonArray>

QJsonObject ConnectionReport::toJson() const
{
    return {{QStringLiteral("reachable"), reachable},
            {QStringLiteral("error"), error.message},
            {QStringLiteral("granted_scopes"), QJsonArray::fromStringList(grantedScopes)},
            {QStringLiteral("missing_scopes"), QJsonArray::fromStringList(missingScopes)},
            {QStringLiteral("steps_blocked"), QJsonArray::fromStringList(stepsBlocked)},
            {QStringLiteral("rules_accepted"), rulesAccepted},
            {QStringLiteral("rules_detail"), rulesDetail}};
}

namespace ConnectionCheck {

QList<QPair<QString, QStringList>> requiredScopes(bool actions)
{
    QList<QPair<QString, QStringList>> steps{
        {QStringLiteral("Register the API"), {QStringLiteral("read:resource_servers"), QStringLiteral("create:resource_servers"), QStringLiteral("update:resource_servers")}},
        {QStringLiteral("Create the M2M application"), {QStringLiteral("read:clients"), QStringLiteral("create:clients"), QStringLiteral("read:client_keys")}},
        {QStringLiteral("Authorize the application"), {QStringLiteral("read:client_grants"), QStringLiteral("create:client_grants"), QStringLiteral("update:client_grants")}},
    };
    if (actions) {
        steps.append({QStringLiteral("Create the Action"), {QStringLiteral("read:actions"), QStringLiteral("create:actions"), QStringLiteral("update:actions")}});
    } else {
        steps.append({QStringLiteral("Create the rule"), {QStringLiteral("read:rules"), QStringLiteral("create:rules"), QStringLiteral("update:rules")}});
        steps.append({QStringLiteral("Set the rule's configuration"), {QStringLiteral("read:rules_configs"), QStringLiteral("update:rules_configs")}});
    }
    steps.append({QStringLiteral("Roll back"), {QStringLiteral("delete:resource_servers"), QStringLiteral("delete:clients"), QStringLiteral("delete:client_grants"),
                                               actions ? QStringLiteral("delete:actions") : QStringLiteral("delete:rules")}});
    return steps;
}

ConnectionReport run(ManagementClient &client)
{
    ConnectionReport report;
    const auto scopes = client.grantedScopes();
    if (!scopes.isOk()) {
        report.error = scopes.error();
        return report;
    }
    report.grantedScopes = scopes.value();
    const auto rules = client.call("GET", QStringLiteral("/rules?per_page=1"));
    if (rules.isOk()) {
        report.reachable = true;
        report.rulesAccepted = true;
        report.rulesDetail = QStringLiteral("The tenant accepts Rules");
    } else if (rules.error().httpStatus == 403 && rules.error().message.contains(QLatin1String("deprecated"), Qt::CaseInsensitive)) {
        report.reachable = true;
        report.rulesDetail = QStringLiteral("Rules are gone on this tenant (end of life 18 Nov 2026): the setup creates a post-login Action");
    } else if (rules.error().httpStatus == 403) {
        report.reachable = true;
        report.rulesDetail = QStringLiteral("Cannot tell whether the tenant accepts Rules: the credentials lack read:rules");
    } else {
        report.error = rules.error();
        return report;
    }
    for (const auto &[step, needed] : requiredScopes(!report.rulesAccepted)) {
        QStringList missing;
        for (const QString &scope : needed) {
            if (!report.grantedScopes.contains(scope))
                missing << scope;
        }
        if (!missing.isEmpty())
            report.stepsBlocked << QStringLiteral("%1 (needs %2)").arg(step, missing.join(QStringLiteral(", ")));
        for (const QString &scope : missing) {
            if (!report.missingScopes.contains(scope))
                report.missingScopes << scope;
        }
    }
    return report;
}

} // namespace ConnectionCheck
