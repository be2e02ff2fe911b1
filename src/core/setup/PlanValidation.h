// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

// The checks a setup plan's values must pass, shared by SetupPlan (for `apply`) and the
// wizard's pages (inline messages). Each returns an empty string when the value is fine, or
// one sentence saying what is wrong. Auth0's own constraints: reference/auth0-api.md §1.
namespace PlanValidation {

QString apiIdentifier(const QString &identifier);
QString apiName(const QString &name);
QString scopeValue(const QString &scope);
QString scopeDescription(const QString &description);
QString applicationName(const QString &name);
QString ruleName(const QString &name);
QString configurationKey(const QString &key);
// Problems of a list of scopes: each value, and duplicates. Indexed like the input.
QStringList scopeList(const QStringList &values);

} // namespace PlanValidation
