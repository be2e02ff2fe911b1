// SPDX-License-Identifier: MIT
#include "SetupRunner.h"

#include "common/JsonUtil.h"
#include "management/ManagementClient.h"
#include "secrets/SecretKeys.h"
#include "secrets/SecretStore.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace {

const QString StepApi = QStringLiteral("api");
const QString StepApplication = QStringLiteral("application");
const QString StepGrant = QStringLiteral("grant");
const QString StepRule = QStringLiteral("rule");
const QString StepConfiguration = QStringLiteral("configuration");
const QString StepKeychain = QStringLiteral("keychain");

QJsonArray scopesJson(const QList<SetupPlan::Scope> &scopes)
{
    QJsonArray array;
    for (const SetupPlan::Scope &scope : scopes)
        array.append(QJsonObject{{QStringLiteral("value"), scope.value}, {QStringLiteral("description"), scope.description}});
    return array;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QStringList stringList(const QJsonValue &array)
{
    QStringList list;
    for (const QJsonValue &value : array.toArray())
        list << value.toString();
    return list;
}

} // namespace

QJsonObject SetupReport::toJson() const
{
    QJsonArray stepArray;
    for (const SetupStepOutcome &step : steps) {
        stepArray.append(QJsonObject{{QStringLiteral("step"), step.step}, {QStringLiteral("action"), step.action},
                                     {QStringLiteral("id"), step.id}, {QStringLiteral("detail"), step.detail}});
    }
    QJsonObject json{{QStringLiteral("ok"), ok},
                     {QStringLiteral("resumed"), resumed},
                     {QStringLiteral("steps"), stepArray},
                     {QStringLiteral("api_id"), apiId},
                     {QStringLiteral("client_id"), clientId},
                     {QStringLiteral("grant_id"), grantId},
                     {QStringLiteral("rule_id"), ruleId},
                     {QStringLiteral("configuration_keys"), QJsonArray::fromStringList(configurationKeys)},
                     {QStringLiteral("secret_keychain_entry"), secretKey},
                     {QStringLiteral("secret_stored_in"), secretStoredIn}};
    if (!ok) {
        json.insert(QStringLiteral("failed_step"), failedStep);
        json.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), error.message},
                                                         {QStringLiteral("code"), error.code},
                                                         {QStringLiteral("status"), error.httpStatus}});
        json.insert(QStringLiteral("cancelled"), cancelled);
    }
    return json;
}

QStringList SetupRunner::stepNames()
{
    return {StepApi, StepApplication, StepGrant, StepRule, StepConfiguration, StepKeychain};
}

QString SetupRunner::stepTitle(const QString &step)
{
    if (step == StepApi) return tr("Register the API and its permissions");
    if (step == StepApplication) return tr("Create the machine-to-machine application");
    if (step == StepGrant) return tr("Authorize the application for the API");
    if (step == StepRule) return tr("Create the rule or Action");
    if (step == StepConfiguration) return tr("Give the rule the application's credentials");
    if (step == StepKeychain) return tr("Keep the client secret in the keychain");
    return step;
}

SetupRunner::SetupRunner(ManagementClient &client, SecretStore &secrets, SetupJournal &journal, SetupPlan plan,
                         QString tenantDomain)
    : m_client(client), m_secrets(secrets), m_journal(journal), m_plan(std::move(plan)), m_tenantDomain(std::move(tenantDomain))
{
}

SetupRunner::~SetupRunner()
{
    m_client.setCancelFlag(nullptr);
    m_client.setRetryObserver({});
}

QString SetupRunner::planHash() const
{
    QJsonObject identity = m_plan.toJson();
    return QString::fromLatin1(QCryptographicHash::hash(JsonUtil::compact(identity), QCryptographicHash::Sha256).toHex());
}

QList<PlannedCall> SetupRunner::plannedCalls() const
{
    return plannedCalls(m_plan, m_tenantDomain, m_secrets.description());
}

QList<PlannedCall> SetupRunner::plannedCalls(const SetupPlan &plan, const QString &tenantDomain, const QString &secretStoreDescription)
{
    const QString api = ManagementClient::encode(plan.api.identifier);
    const bool action = plan.rule.kind == QLatin1String("action");
    QList<PlannedCall> calls{
        {StepApi, QStringLiteral("GET"), QStringLiteral("/api/v2/resource-servers/") + api, tr("look for the API"), {}},
        {StepApi, QStringLiteral("POST"), QStringLiteral("/api/v2/resource-servers"), tr("if it does not exist"),
         {{QStringLiteral("identifier"), plan.api.identifier}, {QStringLiteral("name"), plan.api.name},
          {QStringLiteral("signing_alg"), plan.api.signingAlg}, {QStringLiteral("token_lifetime"), plan.api.tokenLifetime},
          {QStringLiteral("enforce_policies"), plan.api.rbac}, {QStringLiteral("scopes"), scopesJson(plan.api.scopes)}}},
        {StepApi, QStringLiteral("PATCH"), QStringLiteral("/api/v2/resource-servers/{id}"), tr("if it exists without some of the scopes"), {}},
        {StepApplication, QStringLiteral("GET"), QStringLiteral("/api/v2/clients?app_type=non_interactive"), tr("look for the application by name"), {}},
        {StepApplication, QStringLiteral("POST"), QStringLiteral("/api/v2/clients"), tr("if it does not exist"),
         {{QStringLiteral("name"), plan.applicationName}, {QStringLiteral("app_type"), QStringLiteral("non_interactive")},
          {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("client_credentials")}},
          {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("client_secret_post")}}},
        {StepApplication, QStringLiteral("GET"), QStringLiteral("/api/v2/clients/{client_id}"), tr("if it exists: read its secret"), {}},
        {StepGrant, QStringLiteral("GET"), QStringLiteral("/api/v2/client-grants?client_id={client_id}&audience=") + api, tr("look for the grant"), {}},
        {StepGrant, QStringLiteral("POST"), QStringLiteral("/api/v2/client-grants"), tr("if it does not exist"),
         {{QStringLiteral("client_id"), QStringLiteral("{client_id}")}, {QStringLiteral("audience"), plan.api.identifier},
          {QStringLiteral("scope"), QJsonArray::fromStringList(plan.grantScopes)}}},
    };
    if (action) {
        calls += {
            {StepRule, QStringLiteral("GET"), QStringLiteral("/api/v2/actions/actions?actionName=") + ManagementClient::encode(plan.rule.name), tr("look for the Action"), {}},
            {StepRule, QStringLiteral("POST"), QStringLiteral("/api/v2/actions/actions"), tr("create it (or PATCH it if it differs)"),
             {{QStringLiteral("name"), plan.rule.name}, {QStringLiteral("code"), tr("(%1 lines)").arg(plan.rule.script.count(QLatin1Char('\n')) + 1)}}},
            {StepRule, QStringLiteral("POST"), QStringLiteral("/api/v2/actions/actions/{id}/deploy"), tr("once it is built"), {}},
            {StepRule, QStringLiteral("PATCH"), QStringLiteral("/api/v2/actions/triggers/post-login/bindings"), tr("bind it to post-login, after the bindings already there"), {}},
        };
    } else {
        calls += {
            {StepRule, QStringLiteral("GET"), QStringLiteral("/api/v2/rules"), tr("look for the rule by name"), {}},
            {StepRule, QStringLiteral("POST"), QStringLiteral("/api/v2/rules"), tr("create it (or PATCH it if it differs)"),
             {{QStringLiteral("name"), plan.rule.name}, {QStringLiteral("enabled"), plan.rule.enabled},
              {QStringLiteral("script"), tr("(%1 lines)").arg(plan.rule.script.count(QLatin1Char('\n')) + 1)}}},
        };
    }
    const QMap<QString, QString> values = configurationValues(plan, tenantDomain, QStringLiteral("{client_id}"));
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (action)
            break;
        calls.append({StepConfiguration, QStringLiteral("PUT"), QStringLiteral("/api/v2/rules-configs/") + it.key(), tr("set the value"),
                      {{QStringLiteral("value"), it.value()}}});
    }
    if (action)
        calls.append({StepConfiguration, QStringLiteral("PATCH"), QStringLiteral("/api/v2/actions/actions/{id}"),
                      tr("set the Action's secrets: %1").arg(values.keys().join(QStringLiteral(", "))), {}});
    calls.append({StepKeychain, QStringLiteral("KEYCHAIN"), SecretKeys::clientSecret(tenantDomain, QStringLiteral("{client_id}")),
                  tr("store the client secret in %1").arg(secretStoreDescription), {}});
    return calls;
}

QMap<QString, QString> SetupRunner::configurationValues(const QString &clientId) const
{
    return configurationValues(m_plan, m_tenantDomain, clientId);
}

QMap<QString, QString> SetupRunner::configurationValues(const SetupPlan &plan, const QString &tenantDomain, const QString &clientId)
{
    QMap<QString, QString> values = plan.extraConfiguration();
    values.insert(plan.configuration.clientIdKey, clientId);
    values.insert(plan.configuration.clientSecretKey, QStringLiteral("••••••"));
    if (plan.rule.kind == QLatin1String("action") && !values.contains(QStringLiteral("AUTH0_DOMAIN")))
        values.insert(QStringLiteral("AUTH0_DOMAIN"), tenantDomain);
    return values;
}

void SetupRunner::created(const QString &kind, const QString &id, const QString &label)
{
    m_journal.recordCreated(m_run, {kind, id, label});
}

void SetupRunner::outcome(SetupReport &report, const QString &step, const QString &action, const QString &id, const QString &detail)
{
    report.steps.append({step, action, id, detail});
    emit logLine(QStringLiteral("%1: %2 %3").arg(stepTitle(step), action, detail));
}

bool SetupRunner::fail(SetupReport &report, const QString &step, const ApiError &error)
{
    report.ok = false;
    report.failedStep = step;
    report.error = error;
    report.cancelled = error.kind == ApiError::Kind::Cancelled;
    report.error.message = QStringLiteral("%1: %2").arg(stepTitle(step), error.message);
    emit logLine(report.error.message);
    return false;
}

SetupReport SetupRunner::apply()
{
    SetupReport report;
    m_run = m_journal.beginOrResume(m_tenantDomain, planHash(), &report.resumed);
    if (report.resumed)
        emit logLine(tr("Resuming the unfinished run (done before: %1)").arg(m_journal.doneSteps(m_run).join(QStringLiteral(", "))));
    m_client.setCancelFlag(&m_cancel);
    m_client.setRetryObserver([this](const QString &line) { emit logLine(line); });

    const QList<std::function<bool(SetupReport &)>> steps{
        [this](SetupReport &r) { return ensureApi(r); },
        [this](SetupReport &r) { return ensureApplication(r); },
        [this](SetupReport &r) { return ensureGrant(r); },
        [this](SetupReport &r) { return m_plan.rule.kind == QLatin1String("action") ? ensureAction(r) : ensureRule(r); },
        [this](SetupReport &r) { return writeConfiguration(r); },
        [this](SetupReport &r) { return storeSecret(r); },
    };
    const QStringList names = stepNames();
    for (int i = 0; i < steps.size(); ++i) {
        emit stepStarted(i, stepTitle(names[i]));
        if (m_cancel) {
            ApiError error;
            error.kind = ApiError::Kind::Cancelled;
            error.message = tr("cancelled");
            fail(report, names[i], error);
        }
        if (report.failedStep.isEmpty() && !steps[i](report)) {
            m_journal.finish(m_run, report.cancelled ? QStringLiteral("cancelled") : QStringLiteral("failed"));
            return report;
        }
        if (!report.failedStep.isEmpty()) {
            m_journal.finish(m_run, QStringLiteral("cancelled"));
            return report;
        }
        m_journal.markStepDone(m_run, names[i]);
        emit stepFinished(i, report.steps.isEmpty() ? QString() : report.steps.last().action);
    }
    m_journal.finish(m_run, QStringLiteral("applied"));
    report.ok = true;
    return report;
}

bool SetupRunner::ensureApi(SetupReport &report)
{
    const QString path = QStringLiteral("/resource-servers/") + ManagementClient::encode(m_plan.api.identifier);
    auto existing = m_client.call("GET", path);
    if (!existing.isOk() && existing.error().httpStatus != 404)
        return fail(report, StepApi, existing.error());
    if (existing.isOk()) {
        QJsonObject api = existing.value().toObject();
        report.apiId = api.value(QLatin1String("id")).toString();
        // Add planned scopes the API lacks; keep the ones it has.
        QJsonArray scopes = api.value(QLatin1String("scopes")).toArray();
        QStringList have;
        for (const QJsonValue &scope : scopes)
            have << scope.toObject().value(QLatin1String("value")).toString();
        QStringList added;
        for (const SetupPlan::Scope &scope : m_plan.api.scopes) {
            if (!have.contains(scope.value)) {
                scopes.append(QJsonObject{{QStringLiteral("value"), scope.value}, {QStringLiteral("description"), scope.description}});
                added << scope.value;
            }
        }
        if (added.isEmpty()) {
            outcome(report, StepApi, QStringLiteral("found"), report.apiId, m_plan.api.identifier);
            return true;
        }
        auto patched = m_client.call("PATCH", QStringLiteral("/resource-servers/") + report.apiId, {{QStringLiteral("scopes"), scopes}});
        if (!patched.isOk())
            return fail(report, StepApi, patched.error());
        outcome(report, StepApi, QStringLiteral("updated"), report.apiId, tr("added scopes %1").arg(added.join(QStringLiteral(", "))));
        return true;
    }
    QJsonObject body{{QStringLiteral("identifier"), m_plan.api.identifier},
                     {QStringLiteral("name"), m_plan.api.name},
                     {QStringLiteral("signing_alg"), m_plan.api.signingAlg},
                     {QStringLiteral("token_lifetime"), m_plan.api.tokenLifetime},
                     {QStringLiteral("scopes"), scopesJson(m_plan.api.scopes)}};
    if (m_plan.api.rbac) {
        body.insert(QStringLiteral("enforce_policies"), true);
        body.insert(QStringLiteral("token_dialect"), QStringLiteral("access_token_authz"));
    }
    auto createdApi = m_client.call("POST", QStringLiteral("/resource-servers"), body);
    if (!createdApi.isOk())
        return fail(report, StepApi, createdApi.error());
    report.apiId = createdApi.value().toObject().value(QLatin1String("id")).toString();
    created(QStringLiteral("resource_server"), report.apiId, m_plan.api.identifier);
    outcome(report, StepApi, QStringLiteral("created"), report.apiId, m_plan.api.identifier);
    return true;
}

bool SetupRunner::ensureApplication(SetupReport &report)
{
    auto clients = m_client.listAll(QStringLiteral("/clients?app_type=non_interactive"), QStringLiteral("clients"));
    if (!clients.isOk())
        return fail(report, StepApplication, clients.error());
    for (const QJsonObject &client : clients.value()) {
        if (client.value(QLatin1String("name")).toString() != m_plan.applicationName)
            continue;
        report.clientId = client.value(QLatin1String("client_id")).toString();
        auto full = m_client.call("GET", QStringLiteral("/clients/") + report.clientId);
        if (!full.isOk())
            return fail(report, StepApplication, full.error());
        m_clientSecret = SecretBytes::fromUtf8(full.value().toObject().value(QLatin1String("client_secret")).toString().toUtf8());
        if (m_clientSecret.isEmpty()) {
            ApiError error;
            error.kind = ApiError::Kind::Parse;
            error.message = tr("the application \"%1\" exists but its secret cannot be read (the credentials need read:client_keys)")
                                .arg(m_plan.applicationName);
            return fail(report, StepApplication, error);
        }
        outcome(report, StepApplication, QStringLiteral("found"), report.clientId, m_plan.applicationName);
        return true;
    }
    const QJsonObject body{{QStringLiteral("name"), m_plan.applicationName},
                           {QStringLiteral("description"), tr("Machine-to-machine application for the rule %1 (created by Rulebench)").arg(m_plan.rule.name).left(140)},
                           {QStringLiteral("app_type"), QStringLiteral("non_interactive")},
                           {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("client_credentials")}},
                           {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("client_secret_post")}};
    auto createdClient = m_client.call("POST", QStringLiteral("/clients"), body);
    if (!createdClient.isOk())
        return fail(report, StepApplication, createdClient.error());
    const QJsonObject client = createdClient.value().toObject();
    report.clientId = client.value(QLatin1String("client_id")).toString();
    m_clientSecret = SecretBytes::fromUtf8(client.value(QLatin1String("client_secret")).toString().toUtf8());
    created(QStringLiteral("client"), report.clientId, m_plan.applicationName);
    outcome(report, StepApplication, QStringLiteral("created"), report.clientId, m_plan.applicationName);
    return true;
}

bool SetupRunner::ensureGrant(SetupReport &report)
{
    const QString query = QStringLiteral("/client-grants?client_id=%1&audience=%2")
                              .arg(ManagementClient::encode(report.clientId), ManagementClient::encode(m_plan.api.identifier));
    auto grants = m_client.listAll(query, QStringLiteral("client_grants"));
    if (!grants.isOk())
        return fail(report, StepGrant, grants.error());
    const QJsonArray planned = QJsonArray::fromStringList(m_plan.grantScopes);
    for (const QJsonObject &grant : grants.value()) {
        if (grant.value(QLatin1String("client_id")).toString() != report.clientId
            || grant.value(QLatin1String("audience")).toString() != m_plan.api.identifier)
            continue;
        report.grantId = grant.value(QLatin1String("id")).toString();
        if (sorted(stringList(grant.value(QLatin1String("scope")))) == sorted(m_plan.grantScopes)) {
            outcome(report, StepGrant, QStringLiteral("found"), report.grantId, m_plan.grantScopes.join(QLatin1Char(' ')));
            return true;
        }
        auto patched = m_client.call("PATCH", QStringLiteral("/client-grants/") + report.grantId, {{QStringLiteral("scope"), planned}});
        if (!patched.isOk())
            return fail(report, StepGrant, patched.error());
        outcome(report, StepGrant, QStringLiteral("updated"), report.grantId, m_plan.grantScopes.join(QLatin1Char(' ')));
        return true;
    }
    auto createdGrant = m_client.call("POST", QStringLiteral("/client-grants"),
                                      {{QStringLiteral("client_id"), report.clientId},
                                       {QStringLiteral("audience"), m_plan.api.identifier},
                                       {QStringLiteral("scope"), planned}});
    if (!createdGrant.isOk())
        return fail(report, StepGrant, createdGrant.error());
    report.grantId = createdGrant.value().toObject().value(QLatin1String("id")).toString();
    created(QStringLiteral("client_grant"), report.grantId, m_plan.api.identifier);
    outcome(report, StepGrant, QStringLiteral("created"), report.grantId, m_plan.grantScopes.join(QLatin1Char(' ')));
    return true;
}

bool SetupRunner::ensureRule(SetupReport &report)
{
    auto rules = m_client.listAll(QStringLiteral("/rules"), QStringLiteral("rules"));
    if (!rules.isOk())
        return fail(report, StepRule, rules.error());
    for (const QJsonObject &rule : rules.value()) {
        if (rule.value(QLatin1String("name")).toString() != m_plan.rule.name)
            continue;
        report.ruleId = rule.value(QLatin1String("id")).toString();
        if (rule.value(QLatin1String("script")).toString() == m_plan.rule.script
            && rule.value(QLatin1String("enabled")).toBool() == m_plan.rule.enabled) {
            outcome(report, StepRule, QStringLiteral("found"), report.ruleId, m_plan.rule.name);
            return true;
        }
        auto patched = m_client.call("PATCH", QStringLiteral("/rules/") + report.ruleId,
                                     {{QStringLiteral("script"), m_plan.rule.script}, {QStringLiteral("enabled"), m_plan.rule.enabled}});
        if (!patched.isOk())
            return fail(report, StepRule, patched.error());
        outcome(report, StepRule, QStringLiteral("updated"), report.ruleId, m_plan.rule.name);
        return true;
    }
    auto createdRule = m_client.call("POST", QStringLiteral("/rules"),
                                     {{QStringLiteral("name"), m_plan.rule.name},
                                      {QStringLiteral("script"), m_plan.rule.script},
                                      {QStringLiteral("enabled"), m_plan.rule.enabled}});
    if (!createdRule.isOk())
        return fail(report, StepRule, createdRule.error());
    report.ruleId = createdRule.value().toObject().value(QLatin1String("id")).toString();
    created(QStringLiteral("rule"), report.ruleId, m_plan.rule.name);
    outcome(report, StepRule, QStringLiteral("created"), report.ruleId, m_plan.rule.name);
    return true;
}

bool SetupRunner::writeConfiguration(SetupReport &report)
{
    if (m_plan.rule.kind == QLatin1String("action"))
        return true; // the Action's secrets were set with the Action itself
    auto existing = m_client.call("GET", QStringLiteral("/rules-configs"));
    if (!existing.isOk())
        return fail(report, StepConfiguration, existing.error());
    QStringList present;
    for (const QJsonValue &entry : existing.value().toArray())
        present << entry.toObject().value(QLatin1String("key")).toString();
    QMap<QString, QString> values = m_plan.extraConfiguration();
    values.insert(m_plan.configuration.clientIdKey, report.clientId);
    for (auto it = values.begin(); it != values.end(); ++it) {
        auto put = m_client.call("PUT", QStringLiteral("/rules-configs/") + ManagementClient::encode(it.key()),
                                 {{QStringLiteral("value"), it.value()}});
        if (!put.isOk())
            return fail(report, StepConfiguration, put.error());
        if (!present.contains(it.key()))
            created(QStringLiteral("rules_config"), it.key(), it.key());
        report.configurationKeys << it.key();
    }
    // The secret goes from its wiping buffer straight into the request body.
    auto secret = m_client.call("PUT", QStringLiteral("/rules-configs/") + ManagementClient::encode(m_plan.configuration.clientSecretKey),
                                {{QStringLiteral("value"), QString::fromUtf8(m_clientSecret.reveal())}});
    if (!secret.isOk())
        return fail(report, StepConfiguration, secret.error());
    if (!present.contains(m_plan.configuration.clientSecretKey))
        created(QStringLiteral("rules_config"), m_plan.configuration.clientSecretKey, m_plan.configuration.clientSecretKey);
    report.configurationKeys << m_plan.configuration.clientSecretKey;
    outcome(report, StepConfiguration, QStringLiteral("stored"), QString(), report.configurationKeys.join(QStringLiteral(", ")));
    return true;
}

bool SetupRunner::storeSecret(SetupReport &report)
{
    report.secretKey = SecretKeys::clientSecret(m_tenantDomain, report.clientId);
    const SecretStore::Result stored = m_secrets.writeAndWait(report.secretKey, m_clientSecret);
    if (!stored.isOk()) {
        ApiError error;
        error.kind = ApiError::Kind::Transport;
        error.message = stored.message;
        return fail(report, StepKeychain, error);
    }
    report.secretStoredIn = m_secrets.description();
    outcome(report, StepKeychain, QStringLiteral("stored"), QString(), report.secretKey);
    return true;
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
    for (const qint64 run : runs) {
        m_run = run;
        QList<SetupJournal::Created> items = m_journal.created(m_run);
        std::reverse(items.begin(), items.end());
        for (const SetupJournal::Created &item : items) {
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
                fail(report, QStringLiteral("rollback"), removed.error());
                return report;
            }
            m_journal.forgetCreated(m_run, item.kind, item.id);
            if (item.kind == QLatin1String("client"))
                m_secrets.removeAndWait(SecretKeys::clientSecret(m_tenantDomain, item.id));
            outcome(report, QStringLiteral("rollback"), QStringLiteral("deleted"), item.id, item.kind + QLatin1Char(' ') + item.label);
        }
        m_journal.finish(m_run, QStringLiteral("rolled_back"));
    }
    report.ok = true;
    return report;
}
