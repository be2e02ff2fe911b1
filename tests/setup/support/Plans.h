// SPDX-License-Identifier: MIT
#pragma once

#include "setup/SetupPlan.h"

#include <QJsonObject>
#include <QString>

// The plans the setup tests apply: DESIGN.md's example (tests/setup/data/example-plan.json).
namespace Plans {

QString dataFolder(); // tests/setup/data
QJsonObject exampleJson();
// The example with API_URL pointing at `tenantBaseUrl`'s sample API, and `tag` appended to
// the API identifier and every name, so runs in one tenant do not meet.
QJsonObject forTenant(const QString &tenantBaseUrl, const QString &tag = QString());
// Parses; an invalid plan gives an empty identifier and the problems in *problems.
SetupPlan parse(const QJsonObject &json, QStringList *problems = nullptr);

// Sets or removes (an undefined value) the value at a dotted path: "api.scopes[0].value".
QJsonObject with(QJsonObject plan, const QString &path, const QJsonValue &value);
QJsonObject without(const QJsonObject &plan, const QString &path);

} // namespace Plans
