// SPDX-License-Identifier: MIT
// How SetupRunner finds each resource — the "find" half of its find-or-create steps — and
// rollback, which finds the same way what a create whose answer was lost may have made.
#include "SetupRunner.h"

#include "management/ManagementClient.h"
#include "secrets/SecretKeys.h"
#include "secrets/SecretStore.h"

#include <QJsonArray>

#include <algorithm>
#include <functional>

namespace {

QJsonObject firstWith(const QList<QJsonObject> &items, const std::function<bool(const QJsonObject &)> &matches)
{
    const auto found = std::find_if(items.begin(), items.end(), matches);
    return found == items.end() ? QJsonObject() : *found;
}

QJsonObject firstNamed(const QList<QJsonObject> &items, const QString &name)
{
    return firstWith(items, [&name](const QJsonObject &item) { return item.value(QLatin1String("name")).toString() == name; });
}

template<typename T, typename F>
auto mapped(const ApiResult<T> &result, F &&f) -> ApiResult<decltype(f(result.value()))>
{
    using R = decltype(f(result.value()));
    return result.isOk() ? ApiResult<R>::success(f(result.value())) : ApiResult<R>::failure(result.error());
}

} // namespace

ApiResult<QJsonObject> SetupRunner::findApi(const QString &identifier)
{
    auto api = m_client.call("GET", QStringLiteral("/resource-servers/") + ManagementClient::encode(identifier));
    if (!api.isOk() && api.error().httpStatus == 404)
        return ApiResult<QJsonObject>::success({});
    return mapped(api, [](const QJsonValue &value) { return value.toObject(); });
}

ApiResult<QJsonObject> SetupRunner::findApplication(const QString &name)
{
    return mapped(m_client.listAll(QStringLiteral("/clients?app_type=non_interactive"), QStringLiteral("clients")),
                  [&name](const QList<QJsonObject> &clients) { return firstNamed(clients, name); });
}

ApiResult<QJsonObject> SetupRunner::findGrant(const QString &clientId, const QString &audience)
{
    const QString query = QStringLiteral("/client-grants?client_id=%1&audience=%2")
                              .arg(ManagementClient::encode(clientId), ManagementClient::encode(audience));
    return mapped(m_client.listAll(query, QStringLiteral("client_grants")), [&](const QList<QJsonObject> &grants) {
        return firstWith(grants, [&](const QJsonObject &grant) {
            return grant.value(QLatin1String("client_id")).toString() == clientId
                && grant.value(QLatin1String("audience")).toString() == audience;
        });
    });
}

ApiResult<QJsonObject> SetupRunner::findRule(const QString &name)
{
    return mapped(m_client.listAll(QStringLiteral("/rules"), QStringLiteral("rules")),
                  [&name](const QList<QJsonObject> &rules) { return firstNamed(rules, name); });
}

ApiResult<QJsonObject> SetupRunner::findAction(const QString &name)
{
    return mapped(m_client.listAll(QStringLiteral("/actions/actions?actionName=") + ManagementClient::encode(name), QStringLiteral("actions")),
                  [&name](const QList<QJsonObject> &actions) { return firstNamed(actions, name); });
}

ApiResult<QStringList> SetupRunner::configurationKeys()
{
    return mapped(m_client.call("GET", QStringLiteral("/rules-configs")), [](const QJsonValue &configs) {
        QStringList keys;
        for (const QJsonValue &entry : configs.toArray())
            keys << entry.toObject().value(QLatin1String("key")).toString();
        return keys;
    });
}

// Client ids hold no spaces; an audience may.
QString SetupRunner::grantLabel(const QString &clientId, const QString &audience)
{
    return clientId + QLatin1Char(' ') + audience;
}

ApiResult<QString> SetupRunner::findIntended(const SetupJournal::Created &intent)
{
    const auto idOf = [](const char *key) {
        return [key](const QJsonObject &found) { return found.value(QLatin1String(key)).toString(); };
    };
    if (intent.kind == QLatin1String("resource_server"))
        return mapped(findApi(intent.label), idOf("id"));
    if (intent.kind == QLatin1String("client"))
        return mapped(findApplication(intent.label), idOf("client_id"));
    if (intent.kind == QLatin1String("client_grant")) {
        const int space = intent.label.indexOf(QLatin1Char(' '));
        return mapped(findGrant(intent.label.left(space), intent.label.mid(space + 1)), idOf("id"));
    }
    if (intent.kind == QLatin1String("rule"))
        return mapped(findRule(intent.label), idOf("id"));
    if (intent.kind == QLatin1String("action"))
        return mapped(findAction(intent.label), idOf("id"));
    if (intent.kind == QLatin1String("rules_config"))
        return mapped(configurationKeys(), [&intent](const QStringList &keys) { return keys.contains(intent.label) ? intent.label : QString(); });
    return ApiResult<QString>::success({});
}

SetupReport SetupRunner::rollback()
{
    SetupReport report;
    const QList<qint64> runs = m_journal.runsToRollBack(m_tenantDomain, planHash());
    if (runs.isEmpty()) {
        report.ok = true;
        emit logLine(tr("Nothing to roll back: this plan was never applied to %1").arg(m_tenantDomain));
        return report;
    }
    m_client.setCancelFlag(&m_cancel);
    const QString step = QStringLiteral("rollback");
    for (const qint64 run : runs) {
        m_run = run;
        QList<SetupJournal::Created> items = m_journal.created(m_run);
        std::reverse(items.begin(), items.end());
        for (SetupJournal::Created item : items) {
            if (item.pending) {
                // A create whose answer never came: the tenant may have carried it out.
                auto found = findIntended(item);
                if (!found.isOk()) {
                    fail(report, step, found.error());
                    return report;
                }
                if (found.value().isEmpty()) {
                    m_journal.forget(item.sequence);
                    outcome(report, step, QStringLiteral("not there"), QString(),
                            item.kind + QLatin1Char(' ') + item.label + tr(" (its create was not carried out)"));
                    continue;
                }
                item.id = found.value();
            }
            QString path;
            if (item.kind == QLatin1String("resource_server"))
                path = QStringLiteral("/resource-servers/") + item.id;
            else if (item.kind == QLatin1String("client"))
                path = QStringLiteral("/clients/") + item.id;
            else if (item.kind == QLatin1String("client_grant"))
                path = QStringLiteral("/client-grants/") + item.id;
            else if (item.kind == QLatin1String("rule"))
                path = QStringLiteral("/rules/") + item.id;
            else if (item.kind == QLatin1String("action"))
                path = QStringLiteral("/actions/actions/") + item.id + QStringLiteral("?force=true");
            else if (item.kind == QLatin1String("rules_config"))
                path = QStringLiteral("/rules-configs/") + ManagementClient::encode(item.id);
            auto removed = m_client.call("DELETE", path);
            if (!removed.isOk() && removed.error().httpStatus != 404) {
                fail(report, step, removed.error());
                return report;
            }
            m_journal.forget(item.sequence);
            if (item.kind == QLatin1String("client"))
                m_secrets.removeAndWait(SecretKeys::clientSecret(m_tenantDomain, item.id));
            outcome(report, step, QStringLiteral("deleted"), item.id, item.kind + QLatin1Char(' ') + item.label);
        }
        m_journal.finish(m_run, QStringLiteral("rolled_back"));
    }
    report.ok = true;
    return report;
}
