// SPDX-License-Identifier: MIT
#include "SetupChecks.h"

#include <QJsonArray>

namespace SetupChecks {
namespace {

QStringList strings(const QJsonValue &array)
{
    QStringList list;
    for (const QJsonValue &value : array.toArray())
        list << value.toString();
    list.sort();
    return list;
}

template<typename T>
void expect(QStringList &problems, const QString &what, const T &actual, const T &expected)
{
    if (!(actual == expected))
        problems << QStringLiteral("%1: %2, expected %3").arg(what, QVariant::fromValue(actual).toString(),
                                                              QVariant::fromValue(expected).toString());
}

void expectList(QStringList &problems, const QString &what, const QStringList &actual, const QStringList &expected)
{
    if (actual != expected)
        problems << QStringLiteral("%1: [%2], expected [%3]").arg(what, actual.join(QStringLiteral(", ")), expected.join(QStringLiteral(", ")));
}

} // namespace

QString oneOfEach(const TenantSnapshot &snapshot, const SetupPlan &plan, const QString &clientId)
{
    if (!snapshot.ok)
        return QStringLiteral("cannot list the tenant: ") + snapshot.error;
    QStringList problems;
    const auto apis = snapshot.resourceServersWithIdentifier(plan.api.identifier);
    const auto clients = snapshot.clientsNamed(plan.applicationName);
    const auto grants = snapshot.grantsFor(clientId, plan.api.identifier);
    const auto rules = snapshot.rulesNamed(plan.rule.name);
    expect(problems, QStringLiteral("APIs with the identifier"), apis.size(), qsizetype(1));
    expect(problems, QStringLiteral("applications with the name"), clients.size(), qsizetype(1));
    expect(problems, QStringLiteral("grants for the application and API"), grants.size(), qsizetype(1));
    expect(problems, QStringLiteral("rules with the name"), rules.size(), qsizetype(1));
    if (!problems.isEmpty())
        return problems.join(QLatin1Char('\n')) + QStringLiteral("\n") + snapshot.idsText();

    const QJsonObject api = apis.first();
    expect(problems, QStringLiteral("api.name"), api.value(QLatin1String("name")).toString(), plan.api.name);
    expect(problems, QStringLiteral("api.signing_alg"), api.value(QLatin1String("signing_alg")).toString(), plan.api.signingAlg);
    expect(problems, QStringLiteral("api.token_lifetime"), api.value(QLatin1String("token_lifetime")).toInt(), plan.api.tokenLifetime);
    expect(problems, QStringLiteral("api.enforce_policies"), api.value(QLatin1String("enforce_policies")).toBool(), plan.api.rbac);
    QStringList scopeValues, plannedScopes;
    for (const QJsonValue &scope : api.value(QLatin1String("scopes")).toArray()) {
        scopeValues << scope.toObject().value(QLatin1String("value")).toString();
        const auto planned = std::find_if(plan.api.scopes.begin(), plan.api.scopes.end(),
                                          [&](const SetupPlan::Scope &s) { return s.value == scopeValues.last(); });
        if (planned != plan.api.scopes.end())
            expect(problems, QStringLiteral("description of ") + planned->value,
                   scope.toObject().value(QLatin1String("description")).toString(), planned->description);
    }
    for (const SetupPlan::Scope &scope : plan.api.scopes)
        plannedScopes << scope.value;
    scopeValues.sort();
    plannedScopes.sort();
    expectList(problems, QStringLiteral("api.scopes"), scopeValues, plannedScopes);

    const QJsonObject client = clients.first();
    expect(problems, QStringLiteral("client_id"), client.value(QLatin1String("client_id")).toString(), clientId);
    expect(problems, QStringLiteral("app_type"), client.value(QLatin1String("app_type")).toString(), QStringLiteral("non_interactive"));
    expectList(problems, QStringLiteral("grant_types"), strings(client.value(QLatin1String("grant_types"))),
               {QStringLiteral("client_credentials")});

    QStringList grantScopes = plan.grantScopes;
    grantScopes.sort();
    expectList(problems, QStringLiteral("grant scope"), strings(grants.first().value(QLatin1String("scope"))), grantScopes);

    const QJsonObject rule = rules.first();
    expect(problems, QStringLiteral("rule.script"), rule.value(QLatin1String("script")).toString(), plan.rule.script);
    expect(problems, QStringLiteral("rule.enabled"), rule.value(QLatin1String("enabled")).toBool(), plan.rule.enabled);

    QStringList keys = plan.extraConfiguration().keys();
    keys << plan.configuration.clientIdKey << plan.configuration.clientSecretKey;
    for (const QString &key : keys) {
        if (!snapshot.configurationKeys.contains(key))
            problems << QStringLiteral("rules configuration lacks ") + key;
    }
    return problems.join(QLatin1Char('\n'));
}

QString sameResources(const TenantSnapshot &before, const TenantSnapshot &after)
{
    if (!before.ok || !after.ok)
        return QStringLiteral("cannot list the tenant: ") + before.error + after.error;
    if (before.idsText() == after.idsText())
        return {};
    return QStringLiteral("before: %1\nafter:  %2").arg(before.idsText(), after.idsText());
}

QStringList stepActions(const SetupReport &report)
{
    QStringList actions;
    for (const SetupStepOutcome &step : report.steps)
        actions << step.step + QLatin1Char('=') + step.action;
    return actions;
}

QString stepAction(const SetupReport &report, const QString &step)
{
    for (const SetupStepOutcome &outcome : report.steps) {
        if (outcome.step == step)
            return outcome.action;
    }
    return {};
}

QStringList everyStep(const QString &action)
{
    return {QStringLiteral("api=") + action, QStringLiteral("application=") + action, QStringLiteral("grant=") + action,
            QStringLiteral("rule=") + action, QStringLiteral("configuration=stored"), QStringLiteral("keychain=stored")};
}

} // namespace SetupChecks
