// SPDX-License-Identifier: MIT
#pragma once

#include "net/ApiResult.h"

#include <QJsonObject>
#include <QStringList>

class ManagementClient;

// "Test connection": can Rulebench reach the tenant's Management API, which scopes do the
// credentials hold, which setup steps lack a scope, and does the tenant still accept Rules
// (a post-EOL tenant answers 403 "deprecated feature" on /rules; reference/auth0-api.md §4).
struct ConnectionReport
{
    bool reachable = false;
    ApiError error;
    QStringList grantedScopes;
    QStringList missingScopes;
    QStringList stepsBlocked; // "Create the rule (needs create:rules)"
    bool rulesAccepted = false;
    QString rulesDetail;

    QJsonObject toJson() const;
};

namespace ConnectionCheck {
ConnectionReport run(ManagementClient &client);
// The scopes setup needs, by step, for rules or for Actions.
QList<QPair<QString, QStringList>> requiredScopes(bool actions);
} // namespace ConnectionCheck
