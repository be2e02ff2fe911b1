// SPDX-License-Identifier: MIT
// The Action path of SetupRunner: on tenants without Rules, the same step creates a post-login
// Action, waits until it is built, deploys it and binds it after the bindings already there
// (reference/auth0-api.md §1.6).
#include "SetupRunner.h"

#include "management/ManagementClient.h"
#include "net/BlockingHttp.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRegularExpression>

namespace {

const QString StepRule = QStringLiteral("rule");

// "Dependencies: axios@0.21.1, lodash@4.17.21" in the Action's header comment.
QJsonArray dependenciesOf(const QString &code)
{
    static const QRegularExpression line(QStringLiteral("Dependencies:\\s*([^\\n*]+)"));
    QJsonArray dependencies;
    const auto match = line.match(code);
    if (!match.hasMatch())
        return dependencies;
    for (const QString &item : match.captured(1).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString spec = item.trimmed();
        const int at = spec.lastIndexOf(QLatin1Char('@'));
        if (at <= 0)
            continue;
        dependencies.append(QJsonObject{{QStringLiteral("name"), spec.left(at)}, {QStringLiteral("version"), spec.mid(at + 1)}});
    }
    return dependencies;
}

} // namespace

bool SetupRunner::ensureAction(SetupReport &report)
{
    QJsonArray secrets;
    QMap<QString, QString> values = configurationValues(report.clientId);
    values.remove(m_plan.configuration.clientSecretKey);
    for (auto it = values.begin(); it != values.end(); ++it)
        secrets.append(QJsonObject{{QStringLiteral("name"), it.key()}, {QStringLiteral("value"), it.value()}});
    secrets.append(QJsonObject{{QStringLiteral("name"), m_plan.configuration.clientSecretKey},
                               {QStringLiteral("value"), QString::fromUtf8(m_clientSecret.reveal())}});
    const QJsonObject body{{QStringLiteral("code"), m_plan.rule.script},
                           {QStringLiteral("dependencies"), dependenciesOf(m_plan.rule.script)},
                           {QStringLiteral("runtime"), QStringLiteral("node18")},
                           {QStringLiteral("secrets"), secrets}};

    const QString kind = QStringLiteral("action");
    auto found = findAction(m_plan.rule.name);
    if (!found.isOk())
        return fail(report, StepRule, found.error());
    QString action;
    bool changed = true;
    // Secrets are write-only, so an Action found with the planned code cannot be checked for
    // them; but an application this plan has just created has new credentials the Action lacks.
    const bool newCredentials = std::any_of(report.steps.begin(), report.steps.end(), [](const SetupStepOutcome &step) {
        return step.step == QLatin1String("application")
            && (step.action == QLatin1String("created") || step.action == interruptedRunMade(QStringLiteral("found")));
    });
    if (const QJsonObject existing = found.value(); !existing.isEmpty()) {
        report.ruleId = existing.value(QLatin1String("id")).toString();
        const bool claimed = claim(kind, m_plan.rule.name, report.ruleId);
        changed = existing.value(QLatin1String("code")).toString() != m_plan.rule.script
            || !existing.value(QLatin1String("all_changes_deployed")).toBool(true) || newCredentials;
        if (changed) {
            auto patched = m_client.call("PATCH", QStringLiteral("/actions/actions/") + report.ruleId, body);
            if (!patched.isOk())
                return fail(report, StepRule, patched.error());
        }
        action = changed ? QStringLiteral("updated") : QStringLiteral("found");
        if (claimed)
            action = interruptedRunMade(action);
    } else {
        QJsonObject create = body;
        create.insert(QStringLiteral("name"), m_plan.rule.name);
        create.insert(QStringLiteral("supported_triggers"),
                      QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("post-login")}, {QStringLiteral("version"), QStringLiteral("v3")}}});
        const qint64 intent = intend(kind, m_plan.rule.name);
        auto createdAction = m_client.call("POST", QStringLiteral("/actions/actions"), create);
        report.ruleId = createdAction.value().toObject().value(QLatin1String("id")).toString();
        resolve(intent, createdAction, report.ruleId);
        if (!createdAction.isOk())
            return fail(report, StepRule, createdAction.error());
        action = QStringLiteral("created");
    }

    if (changed) {
        // Auth0 builds an Action in the background (pending → building → built).
        QElapsedTimer waited;
        waited.start();
        for (;;) {
            auto state = m_client.call("GET", QStringLiteral("/actions/actions/") + report.ruleId);
            if (!state.isOk())
                return fail(report, StepRule, state.error());
            const QString status = state.value().toObject().value(QLatin1String("status")).toString();
            if (status == QLatin1String("built"))
                break;
            if (status == QLatin1String("failed") || waited.elapsed() > 120000) {
                ApiError error;
                error.kind = ApiError::Kind::Http;
                error.message = tr("the Action \"%1\" did not build (status %2)").arg(m_plan.rule.name, status);
                return fail(report, StepRule, error);
            }
            if (!BlockingHttp::pause(500, cancelFlag())) {
                ApiError error;
                error.kind = ApiError::Kind::Cancelled;
                error.message = tr("cancelled");
                return fail(report, StepRule, error);
            }
        }
        auto deployed = m_client.call("POST", QStringLiteral("/actions/actions/%1/deploy").arg(report.ruleId));
        if (!deployed.isOk())
            return fail(report, StepRule, deployed.error());
    }

    auto bindings = m_client.call("GET", QStringLiteral("/actions/triggers/post-login/bindings"));
    if (!bindings.isOk())
        return fail(report, StepRule, bindings.error());
    QJsonArray refs;
    bool bound = false;
    for (const QJsonValue &value : bindings.value().toObject().value(QLatin1String("bindings")).toArray()) {
        const QJsonObject binding = value.toObject();
        const QString id = binding.value(QLatin1String("action")).toObject().value(QLatin1String("id")).toString();
        bound = bound || id == report.ruleId;
        refs.append(QJsonObject{{QStringLiteral("ref"), QJsonObject{{QStringLiteral("type"), QStringLiteral("action_id")}, {QStringLiteral("value"), id}}},
                                {QStringLiteral("display_name"), binding.value(QLatin1String("display_name"))}});
    }
    if (!bound && m_plan.rule.enabled) {
        refs.append(QJsonObject{{QStringLiteral("ref"), QJsonObject{{QStringLiteral("type"), QStringLiteral("action_id")}, {QStringLiteral("value"), report.ruleId}}},
                                {QStringLiteral("display_name"), m_plan.rule.name}});
        auto patched = m_client.call("PATCH", QStringLiteral("/actions/triggers/post-login/bindings"), {{QStringLiteral("bindings"), refs}});
        if (!patched.isOk())
            return fail(report, StepRule, patched.error());
    }
    outcome(report, StepRule, action, report.ruleId, m_plan.rule.name);
    return true;
}
