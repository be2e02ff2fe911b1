// SPDX-License-Identifier: MIT
#include "TenantCatalog.h"

#include "management/ManagementClient.h"

#include <algorithm>
#include <QJsonArray>

QList<QJsonObject> TenantCatalog::defaultConnections()
{
    const auto connection = [](const char *name, const char *strategy) {
        return QJsonObject { { QStringLiteral("name"), QLatin1String(name) },
                             { QStringLiteral("strategy"), QLatin1String(strategy) } };
    };
    return { connection("Username-Password-Authentication", "auth0"),
             connection("google-oauth2", "google-oauth2"), connection("github", "github"),
             connection("acme-saml", "samlp"), connection("contoso-azure-ad", "waad") };
}

TenantCatalog TenantCatalog::load(ManagementClient &client)
{
    TenantCatalog catalog;
    const auto clients
        = client.listAll(QStringLiteral("/clients?fields=client_id,name,app_type&include_fields=true"),
                         QStringLiteral("clients"));
    if (clients.isOk())
        catalog.applications = clients.value();
    else
        catalog.problems << clients.error().message;

    const auto connections = client.listAll(QStringLiteral("/connections"), QStringLiteral("connections"));
    catalog.connections
        = connections.isOk() && !connections.value().isEmpty() ? connections.value() : defaultConnections();

    const auto apis = client.listAll(QStringLiteral("/resource-servers"), QStringLiteral("resource_servers"));
    if (apis.isOk()) {
        for (const QJsonObject &api : apis.value()) {
            if (!api.value(QLatin1String("is_system")).toBool())
                catalog.apis << api;
        }
    } else {
        catalog.problems << apis.error().message;
    }

    const auto rules = client.listAll(QStringLiteral("/rules"), QStringLiteral("rules"));
    if (rules.isOk()) {
        QList<QJsonObject> sorted = rules.value();
        std::stable_sort(sorted.begin(), sorted.end(), [](const QJsonObject &a, const QJsonObject &b) {
            return a.value(QLatin1String("order")).toDouble() < b.value(QLatin1String("order")).toDouble();
        });
        for (const QJsonObject &rule : sorted) {
            const QString name = rule.value(QLatin1String("name")).toString();
            catalog.chain << RuleSource { name, QStringLiteral("rule"),
                                          rule.value(QLatin1String("script")).toString(),
                                          name + QStringLiteral(".js") };
            catalog.enabled << rule.value(QLatin1String("enabled")).toBool(true);
        }
    } else if (rules.error().httpStatus != 403) { // 403: a tenant past Rules' end of life
        catalog.problems << rules.error().message;
    }

    const auto configs = client.call("GET", QStringLiteral("/rules-configs"));
    if (configs.isOk()) {
        for (const QJsonValue &config : configs.value().toArray())
            catalog.configurationKeys << config.toObject().value(QLatin1String("key")).toString();
    }

    const auto bindings = client.call("GET", QStringLiteral("/actions/triggers/post-login/bindings"));
    if (bindings.isOk()) {
        for (const QJsonValue &binding : bindings.value()[QLatin1String("bindings")].toArray()) {
            const QString id = binding[QLatin1String("action")][QLatin1String("id")].toString();
            const auto action
                = client.call("GET", QStringLiteral("/actions/actions/") + ManagementClient::encode(id));
            if (!action.isOk()) {
                catalog.problems << action.error().message;
                continue;
            }
            const QJsonObject a = action.value().toObject();
            const QString name = a.value(QLatin1String("name")).toString();
            catalog.chain << RuleSource { name, QStringLiteral("action"),
                                          a.value(QLatin1String("code")).toString(),
                                          name + QStringLiteral(".action.js") };
            catalog.enabled << true;
        }
    }
    return catalog;
}
