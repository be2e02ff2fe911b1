// SPDX-License-Identifier: MIT
#include "TenantHarness.h"

#include "common/Clock.h"
#include "common/JsonUtil.h"
#include "tenant/Tenant.h"

#include <QUrlQuery>

namespace {

QStringList idsOf(const QList<QJsonObject> &items, const QString &key)
{
    QStringList ids;
    for (const QJsonObject &item : items)
        ids << item.value(key).toString();
    ids.sort();
    return ids;
}

QList<QJsonObject> matching(const QList<QJsonObject> &items, const std::function<bool(const QJsonObject &)> &test)
{
    QList<QJsonObject> found;
    std::copy_if(items.begin(), items.end(), std::back_inserter(found), test);
    return found;
}

QString text(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

} // namespace

QList<QJsonObject> TenantSnapshot::resourceServersWithIdentifier(const QString &identifier) const
{
    return matching(resourceServers, [&](const QJsonObject &api) { return text(api, "identifier") == identifier; });
}

QList<QJsonObject> TenantSnapshot::clientsNamed(const QString &name) const
{
    return matching(clients, [&](const QJsonObject &client) { return text(client, "name") == name; });
}

QList<QJsonObject> TenantSnapshot::grantsFor(const QString &clientId, const QString &audience) const
{
    return matching(clientGrants, [&](const QJsonObject &grant) {
        return text(grant, "client_id") == clientId && text(grant, "audience") == audience;
    });
}

QList<QJsonObject> TenantSnapshot::rulesNamed(const QString &name) const
{
    return matching(rules, [&](const QJsonObject &rule) { return text(rule, "name") == name; });
}

QList<QJsonObject> TenantSnapshot::actionsNamed(const QString &name) const
{
    return matching(actions, [&](const QJsonObject &action) { return text(action, "name") == name; });
}

QString TenantSnapshot::idsText() const
{
    QStringList keys = configurationKeys;
    keys.sort();
    return QStringLiteral("resource_servers: %1; clients: %2; client_grants: %3; rules: %4; rules_configs: %5; actions: %6")
        .arg(idsOf(resourceServers, QStringLiteral("identifier")).join(QLatin1Char(' ')),
             idsOf(clients, QStringLiteral("client_id")).join(QLatin1Char(' ')),
             idsOf(clientGrants, QStringLiteral("id")).join(QLatin1Char(' ')),
             idsOf(rules, QStringLiteral("id")).join(QLatin1Char(' ')), keys.join(QLatin1Char(' ')),
             idsOf(actions, QStringLiteral("id")).join(QLatin1Char(' ')));
}

TenantHarness::TenantHarness(LocalTenant::Options options) : m_rulesAvailable(options.rulesAvailable)
{
    m_local = LocalTenant::start(options, &m_startError);
    if (!m_local) {
        if (m_startError.isEmpty())
            m_startError = QStringLiteral("the local tenant did not start");
        return;
    }
    m_baseUrl = m_local->baseUrl();
    m_credentials = m_local->managementCredentials();
    connect();
}

TenantHarness::TenantHarness(const QString &baseUrl, const ManagementCredentials &credentials)
    : m_baseUrl(baseUrl), m_credentials(credentials)
{
    connect();
}

void TenantHarness::connect()
{
    ManagementClient::Options clientOptions;
    clientOptions.timeoutMs = 10000;
    clientOptions.backoffBaseMs = 10;
    clientOptions.maxRetryWaitMs = 200;
    m_client = std::make_unique<ManagementClient>(&m_network, access(), Clock::system(), clientOptions);
    // Both tokens now, before a test arms a fault on /oauth/token.
    if (const auto scopes = m_client->grantedScopes(); !scopes.isOk()) {
        m_startError = QStringLiteral("management token: ") + scopes.error().message;
        return;
    }
    const BlockingHttp::Response token =
        requestToken(m_credentials.clientId, m_credentials.clientSecret.toUtf8(), m_baseUrl + QStringLiteral("/api/v2/"));
    m_token = JsonUtil::parseObject(token.body).value_or(QJsonObject()).value(QLatin1String("access_token")).toString().toUtf8();
    if (token.status != 200 || m_token.isEmpty())
        m_startError = QStringLiteral("management token: HTTP %1 %2").arg(token.status).arg(QString::fromUtf8(token.body));
}

ManagementAccess TenantHarness::access() const
{
    ManagementAccess access;
    access.baseUrl = QUrl(m_baseUrl);
    access.clientId = m_credentials.clientId;
    access.clientSecret = SecretBytes::fromUtf8(m_credentials.clientSecret.toUtf8());
    return access;
}

namespace {

BlockingHttp::Response faultsCall(QNetworkAccessManager *network, const QString &baseUrl, const QByteArray &token,
                                  const QByteArray &method, const QByteArray &body = {})
{
    JsonHttp::Request request;
    request.method = method;
    request.url = QUrl(baseUrl + QStringLiteral("/rulebench/faults"));
    request.body = body;
    request.headers.append({"Authorization", "Bearer " + token});
    request.timeoutMs = 10000;
    return BlockingHttp::send(network, request);
}

} // namespace

bool TenantHarness::injectFaults(const QJsonArray &faults, QString *error)
{
    const auto response = faultsCall(&m_network, baseUrl(), m_token, "POST",
                                     JsonUtil::compact(QJsonObject{{QStringLiteral("faults"), faults}}));
    if (response.status != 200 && error)
        *error = QStringLiteral("POST /rulebench/faults: HTTP %1 %2").arg(response.status).arg(QString::fromUtf8(response.body));
    return response.status == 200;
}

bool TenantHarness::clearFaults()
{
    return faultsCall(&m_network, baseUrl(), m_token, "DELETE").status == 204;
}

QJsonArray TenantHarness::armedFaults()
{
    const auto response = faultsCall(&m_network, baseUrl(), m_token, "GET");
    return JsonUtil::parseObject(response.body).value_or(QJsonObject()).value(QLatin1String("faults")).toArray();
}

TenantSnapshot TenantHarness::snapshot()
{
    TenantSnapshot snapshot;
    const auto fail = [&snapshot](const ApiError &error) {
        snapshot.error = error.message;
        return snapshot;
    };
    const auto servers = m_client->listAll(QStringLiteral("/resource-servers"), QStringLiteral("resource_servers"));
    if (!servers.isOk())
        return fail(servers.error());
    const auto clients = m_client->listAll(QStringLiteral("/clients"), QStringLiteral("clients"));
    if (!clients.isOk())
        return fail(clients.error());
    const auto grants = m_client->listAll(QStringLiteral("/client-grants"), QStringLiteral("client_grants"));
    if (!grants.isOk())
        return fail(grants.error());
    const auto actions = m_client->listAll(QStringLiteral("/actions/actions"), QStringLiteral("actions"));
    if (!actions.isOk())
        return fail(actions.error());
    if (m_rulesAvailable) {
        const auto rules = m_client->listAll(QStringLiteral("/rules"), QStringLiteral("rules"));
        if (!rules.isOk())
            return fail(rules.error());
        const auto configs = m_client->call("GET", QStringLiteral("/rules-configs"));
        if (!configs.isOk())
            return fail(configs.error());
        snapshot.rules = rules.value();
        for (const QJsonValue &config : configs.value().toArray())
            snapshot.configurationKeys << config.toObject().value(QLatin1String("key")).toString();
    }
    snapshot.resourceServers = servers.value();
    snapshot.clients = clients.value();
    snapshot.clientGrants = grants.value();
    snapshot.actions = actions.value();
    snapshot.ok = true;
    return snapshot;
}

QJsonObject TenantHarness::clientWithSecret(const QString &clientId)
{
    const auto client = m_client->call("GET", QStringLiteral("/clients/") + ManagementClient::encode(clientId));
    return client.isOk() ? client.value().toObject() : QJsonObject();
}

QString TenantHarness::configurationValue(const QString &key)
{
    if (!m_local)
        return {};
    const auto config = m_local->tenant().store().get(QLatin1String(Tenant::RulesConfigs), key);
    return config ? config->value(QLatin1String("value")).toString() : QString();
}

QString TenantHarness::actionSecretValue(const QString &actionId, const QString &name)
{
    if (!m_local)
        return {};
    const auto action = m_local->tenant().store().get(QStringLiteral("actions"), actionId);
    for (const QJsonValue &secret : action.value_or(QJsonObject()).value(QLatin1String("secrets")).toArray()) {
        if (secret.toObject().value(QLatin1String("name")).toString() == name)
            return secret.toObject().value(QLatin1String("value")).toString();
    }
    return {};
}

int TenantHarness::postLoginBindingsOf(const QString &actionId)
{
    const auto bindings = m_client->call("GET", QStringLiteral("/actions/triggers/post-login/bindings"));
    int count = 0;
    for (const QJsonValue &binding : bindings.value().toObject().value(QLatin1String("bindings")).toArray())
        count += binding.toObject().value(QLatin1String("action")).toObject().value(QLatin1String("id")).toString() == actionId;
    return count;
}

BlockingHttp::Response TenantHarness::requestToken(const QString &clientId, const QByteArray &clientSecret,
                                                   const QString &audience)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    form.addQueryItem(QStringLiteral("client_id"), QString::fromLatin1(QUrl::toPercentEncoding(clientId)));
    form.addQueryItem(QStringLiteral("audience"), QString::fromLatin1(QUrl::toPercentEncoding(audience)));
    JsonHttp::Request request;
    request.method = "POST";
    request.url = QUrl(baseUrl() + QStringLiteral("/oauth/token"));
    request.contentType = "application/x-www-form-urlencoded";
    request.body = form.toString(QUrl::FullyEncoded).toUtf8() + "&client_secret=" + clientSecret.toPercentEncoding();
    request.timeoutMs = 10000;
    return BlockingHttp::send(&m_network, request);
}
