// SPDX-License-Identifier: MIT
#include "SetupRunner.h"

#include "common/JsonUtil.h"
#include "management/ManagementClient.h"
#include "secrets/SecretKeys.h"
#include "secrets/SecretStore.h"

#include <QCryptographicHash>
#include <QJsonArray>

#include <optional>

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

qint64 SetupRunner::intend(const QString &kind, const QString &label)
{
    m_journal.dropIntents(m_tenantDomain, planHash(), kind, label);
    return m_journal.recordIntent(m_run, kind, label);
}

void SetupRunner::resolve(qint64 intent, const ApiResult<QJsonValue> &answer, const QString &id)
{
    if (answer.isOk() && !id.isEmpty())
        m_journal.completeIntent(intent, id);
    else if (!answer.isOk() && answer.error().kind == ApiError::Kind::Http && answer.error().httpStatus >= 400
             && answer.error().httpStatus < 500)
        m_journal.forget(intent);
}

bool SetupRunner::claim(const QString &kind, const QString &label, const QString &id)
{
    const bool claimed = m_journal.claimIntent(m_tenantDomain, planHash(), kind, label, id);
    if (claimed)
        emit logLine(tr("%1 %2 was created by the interrupted run (its answer was lost): rollback will delete it").arg(kind, label));
    return claimed;
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
    const QString kind = QStringLiteral("resource_server");
    auto existing = findApi(m_plan.api.identifier);
    if (!existing.isOk())
        return fail(report, StepApi, existing.error());
    if (!existing.value().isEmpty()) {
        const QJsonObject api = existing.value();
        report.apiId = api.value(QLatin1String("id")).toString();
        const bool claimed = claim(kind, m_plan.api.identifier, report.apiId);
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
            outcome(report, StepApi, claimed ? interruptedRunMade(QStringLiteral("found")) : QStringLiteral("found"), report.apiId,
                    m_plan.api.identifier);
            return true;
        }
        auto patched = m_client.call("PATCH", QStringLiteral("/resource-servers/") + report.apiId, {{QStringLiteral("scopes"), scopes}});
        if (!patched.isOk())
            return fail(report, StepApi, patched.error());
        outcome(report, StepApi, claimed ? interruptedRunMade(QStringLiteral("updated")) : QStringLiteral("updated"), report.apiId,
                tr("added scopes %1").arg(added.join(QStringLiteral(", "))));
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
    const qint64 intent = intend(kind, m_plan.api.identifier);
    auto createdApi = m_client.call("POST", QStringLiteral("/resource-servers"), body);
    report.apiId = createdApi.value().toObject().value(QLatin1String("id")).toString();
    resolve(intent, createdApi, report.apiId);
    if (!createdApi.isOk())
        return fail(report, StepApi, createdApi.error());
    outcome(report, StepApi, QStringLiteral("created"), report.apiId, m_plan.api.identifier);
    return true;
}

bool SetupRunner::ensureApplication(SetupReport &report)
{
    const QString kind = QStringLiteral("client");
    auto existing = findApplication(m_plan.applicationName);
    if (!existing.isOk())
        return fail(report, StepApplication, existing.error());
    if (!existing.value().isEmpty()) {
        report.clientId = existing.value().value(QLatin1String("client_id")).toString();
        const bool claimed = claim(kind, m_plan.applicationName, report.clientId);
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
        outcome(report, StepApplication, claimed ? interruptedRunMade(QStringLiteral("found")) : QStringLiteral("found"),
                report.clientId, m_plan.applicationName);
        return true;
    }
    const QJsonObject body{{QStringLiteral("name"), m_plan.applicationName},
                           {QStringLiteral("description"), tr("Machine-to-machine application for the rule %1 (created by Rulebench)").arg(m_plan.rule.name).left(140)},
                           {QStringLiteral("app_type"), QStringLiteral("non_interactive")},
                           {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("client_credentials")}},
                           {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("client_secret_post")}};
    const qint64 intent = intend(kind, m_plan.applicationName);
    auto createdClient = m_client.call("POST", QStringLiteral("/clients"), body);
    const QJsonObject client = createdClient.value().toObject();
    report.clientId = client.value(QLatin1String("client_id")).toString();
    resolve(intent, createdClient, report.clientId);
    if (!createdClient.isOk())
        return fail(report, StepApplication, createdClient.error());
    m_clientSecret = SecretBytes::fromUtf8(client.value(QLatin1String("client_secret")).toString().toUtf8());
    outcome(report, StepApplication, QStringLiteral("created"), report.clientId, m_plan.applicationName);
    return true;
}

bool SetupRunner::ensureGrant(SetupReport &report)
{
    const QString kind = QStringLiteral("client_grant");
    const QString label = grantLabel(report.clientId, m_plan.api.identifier);
    auto existing = findGrant(report.clientId, m_plan.api.identifier);
    if (!existing.isOk())
        return fail(report, StepGrant, existing.error());
    const QJsonArray planned = QJsonArray::fromStringList(m_plan.grantScopes);
    if (const QJsonObject grant = existing.value(); !grant.isEmpty()) {
        report.grantId = grant.value(QLatin1String("id")).toString();
        const bool claimed = claim(kind, label, report.grantId);
        QString action = QStringLiteral("found");
        if (sorted(stringList(grant.value(QLatin1String("scope")))) != sorted(m_plan.grantScopes)) {
            auto patched = m_client.call("PATCH", QStringLiteral("/client-grants/") + report.grantId, {{QStringLiteral("scope"), planned}});
            if (!patched.isOk())
                return fail(report, StepGrant, patched.error());
            action = QStringLiteral("updated");
        }
        outcome(report, StepGrant, claimed ? interruptedRunMade(action) : action, report.grantId, m_plan.grantScopes.join(QLatin1Char(' ')));
        return true;
    }
    const qint64 intent = intend(kind, label);
    auto createdGrant = m_client.call("POST", QStringLiteral("/client-grants"),
                                      {{QStringLiteral("client_id"), report.clientId},
                                       {QStringLiteral("audience"), m_plan.api.identifier},
                                       {QStringLiteral("scope"), planned}});
    report.grantId = createdGrant.value().toObject().value(QLatin1String("id")).toString();
    resolve(intent, createdGrant, report.grantId);
    if (!createdGrant.isOk())
        return fail(report, StepGrant, createdGrant.error());
    outcome(report, StepGrant, QStringLiteral("created"), report.grantId, m_plan.grantScopes.join(QLatin1Char(' ')));
    return true;
}

bool SetupRunner::ensureRule(SetupReport &report)
{
    const QString kind = QStringLiteral("rule");
    auto existing = findRule(m_plan.rule.name);
    if (!existing.isOk())
        return fail(report, StepRule, existing.error());
    if (const QJsonObject rule = existing.value(); !rule.isEmpty()) {
        report.ruleId = rule.value(QLatin1String("id")).toString();
        const bool claimed = claim(kind, m_plan.rule.name, report.ruleId);
        QString action = QStringLiteral("found");
        if (rule.value(QLatin1String("script")).toString() != m_plan.rule.script
            || rule.value(QLatin1String("enabled")).toBool() != m_plan.rule.enabled) {
            auto patched = m_client.call("PATCH", QStringLiteral("/rules/") + report.ruleId,
                                         {{QStringLiteral("script"), m_plan.rule.script}, {QStringLiteral("enabled"), m_plan.rule.enabled}});
            if (!patched.isOk())
                return fail(report, StepRule, patched.error());
            action = QStringLiteral("updated");
        }
        outcome(report, StepRule, claimed ? interruptedRunMade(action) : action, report.ruleId, m_plan.rule.name);
        return true;
    }
    const qint64 intent = intend(kind, m_plan.rule.name);
    auto createdRule = m_client.call("POST", QStringLiteral("/rules"),
                                     {{QStringLiteral("name"), m_plan.rule.name},
                                      {QStringLiteral("script"), m_plan.rule.script},
                                      {QStringLiteral("enabled"), m_plan.rule.enabled}});
    report.ruleId = createdRule.value().toObject().value(QLatin1String("id")).toString();
    resolve(intent, createdRule, report.ruleId);
    if (!createdRule.isOk())
        return fail(report, StepRule, createdRule.error());
    outcome(report, StepRule, QStringLiteral("created"), report.ruleId, m_plan.rule.name);
    return true;
}

bool SetupRunner::writeConfiguration(SetupReport &report)
{
    if (m_plan.rule.kind == QLatin1String("action"))
        return true; // the Action's secrets were set with the Action itself
    const QString kind = QStringLiteral("rules_config");
    auto present = configurationKeys();
    if (!present.isOk())
        return fail(report, StepConfiguration, present.error());
    // A key is created by its PUT when the tenant lacks it, so each such PUT is an intent.
    const auto put = [&](const QString &key, const QString &value) {
        std::optional<qint64> intent;
        if (present.value().contains(key))
            claim(kind, key, key);
        else
            intent = intend(kind, key);
        auto answer = m_client.call("PUT", QStringLiteral("/rules-configs/") + ManagementClient::encode(key), {{QStringLiteral("value"), value}});
        if (intent)
            resolve(*intent, answer, key);
        return answer;
    };
    QMap<QString, QString> values = m_plan.extraConfiguration();
    values.insert(m_plan.configuration.clientIdKey, report.clientId);
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (auto answer = put(it.key(), it.value()); !answer.isOk())
            return fail(report, StepConfiguration, answer.error());
        report.configurationKeys << it.key();
    }
    // The secret goes from its wiping buffer straight into the request body.
    if (auto answer = put(m_plan.configuration.clientSecretKey, QString::fromUtf8(m_clientSecret.reveal())); !answer.isOk())
        return fail(report, StepConfiguration, answer.error());
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
