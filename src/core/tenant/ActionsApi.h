// SPDX-License-Identifier: MIT
#pragma once

class Router;
class Tenant;

// /api/v2/actions: actions (create, get, list, update, delete), deploy, versions, triggers and
// the post-login bindings (reference/auth0-api.md §1.6). An action is "pending" when its code
// changes and "built" a moment later, as on a real tenant, so clients must poll before deploying.
#include <QJsonObject>
#include <QList>

namespace ActionsApi {
void registerRoutes(Router &router, Tenant &tenant);
// The deployed versions bound to post-login, in binding (= execution) order, each with the
// action's name and its secrets (values included): what a login runs after the rules.
QList<QJsonObject> boundPostLoginActions(const Tenant &tenant);
}
