// SPDX-License-Identifier: MIT
#pragma once

#include "rules/RuleSource.h"

#include <QJsonObject>
#include <QList>
#include <QString>

class ManagementClient;

// What the test pane offers from a tenant, read through the Management API (on the
// ManagementWorker's thread): its applications, connections, APIs, and the login chain — the
// rules by `order` with their enabled state, then the Actions bound to post-login.
struct TenantCatalog
{
    QList<QJsonObject> applications; // client_id, name, app_type
    QList<QJsonObject> connections; // name, strategy
    QList<QJsonObject> apis; // identifier, name, scopes
    QList<RuleSource> chain;
    QList<bool> enabled;
    QStringList
        configurationKeys; // the rules' configuration (rules-configs): keys only, values are write-only
    QStringList problems; // what could not be read (the rest is still usable)

    // Blocking: call on the worker thread only.
    static TenantCatalog load(ManagementClient &client);
    // Auth0's usual connections, for tenants whose Management API lists none (the local tenant
    // has no /connections endpoint).
    static QList<QJsonObject> defaultConnections();
};
