// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

struct ManagementAccess;

// Prepares a tenant for a rule case that carries a setup plan: applies the plan (API, scopes,
// M2M application, grant, rule, rules-configs) through SetupRunner with a session-only secret
// store and a throw-away journal, and returns the `configuration` the rule then reads:
// the client id and secret under the plan's keys, API_AUDIENCE and the plan's extra values.
// Synchronous (ManagementClient waits in a local event loop): CLI and tests only.
namespace PlanConfiguration {

// ${TENANT_URL} (http://127.0.0.1:PORT, no trailing slash) and ${TENANT_DOMAIN}
// (127.0.0.1:PORT) in every string of `value`, keys excepted.
QJsonValue substitute(const QJsonValue &value, const QString &tenantUrl, const QString &tenantDomain);

std::optional<QJsonObject> apply(const QString &planPath, const ManagementAccess &access, QString *error);

} // namespace PlanConfiguration
