// SPDX-License-Identifier: MIT
// SetupRunner's post-login Action path (tenants without Rules) against the local tenant's
// Actions API: one Action, deployed and bound once, with the credentials as its secrets;
// found by a second apply; refreshed when the application is new; rolled back.
#include "RunnerFixture.h"
#include "SetupChecks.h"

#include <QJsonArray>
#include <QTest>

using namespace SetupChecks;

class SetupRunnerActionTest : public QObject
{
    Q_OBJECT

private slots:
    void actionPlanCreatesOneBoundAction();
    void actionSecretsFollowANewApplication();
};

namespace {

QList<QJsonObject> actionsNamed(TenantHarness &tenant, const QString &name)
{
    const auto actions = tenant.client().listAll(QStringLiteral("/actions/actions?actionName=") + ManagementClient::encode(name),
                                                 QStringLiteral("actions"));
    return actions.isOk() ? actions.value() : QList<QJsonObject>();
}

} // namespace

void SetupRunnerActionTest::actionPlanCreatesOneBoundAction()
{
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    FIXTURE_PLAN(plan, fixture, (QJsonObject{{QStringLiteral("rule.kind"), QStringLiteral("action")}}));
    const TenantSnapshot before = fixture.tenant().snapshot();
    const SetupReport report = fixture.runner(plan)->runner->apply();
    QVERIFY2(report.ok, qPrintable(report.error.message));
    QCOMPARE(stepAction(report, QStringLiteral("rule")), QStringLiteral("created"));

    QList<QJsonObject> actions = actionsNamed(fixture.tenant(), plan.rule.name);
    QCOMPARE(actions.size(), 1);
    const QJsonObject action = actions.first();
    QCOMPARE(action.value(QLatin1String("id")).toString(), report.ruleId);
    QCOMPARE(action.value(QLatin1String("code")).toString(), plan.rule.script);
    QCOMPARE(action.value(QLatin1String("all_changes_deployed")).toBool(), true);
    QStringList names;
    for (const QJsonValue &secret : action.value(QLatin1String("secrets")).toArray())
        names << secret.toObject().value(QLatin1String("name")).toString();
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("API_AUDIENCE"), QStringLiteral("API_URL"), QStringLiteral("AUTH0_DOMAIN"),
                                 QStringLiteral("RULE_APP_CLIENT_ID"), QStringLiteral("RULE_APP_CLIENT_SECRET")}));
    const QByteArray secret = fixture.tenant().clientWithSecret(report.clientId).value(QLatin1String("client_secret")).toString().toUtf8();
    QCOMPARE(fixture.tenant().actionSecretValue(report.ruleId, QStringLiteral("RULE_APP_CLIENT_SECRET")).toUtf8(), secret);
    QCOMPARE(fixture.tenant().postLoginBindingsOf(report.ruleId), 1);
    QVERIFY(fixture.tenant().snapshot().rules.isEmpty()); // no rule, no rules configuration
    QVERIFY(fixture.tenant().snapshot().configurationKeys.isEmpty());

    const SetupReport again = fixture.runner(plan)->runner->apply();
    QVERIFY2(again.ok, qPrintable(again.error.message));
    QCOMPARE(stepAction(again, QStringLiteral("rule")), QStringLiteral("found"));
    QCOMPARE(actionsNamed(fixture.tenant(), plan.rule.name).size(), 1);
    QCOMPARE(fixture.tenant().postLoginBindingsOf(report.ruleId), 1);

    QVERIFY(fixture.runner(plan)->runner->rollback().ok);
    QCOMPARE(actionsNamed(fixture.tenant(), plan.rule.name).size(), 0);
    QCOMPARE(fixture.tenant().postLoginBindingsOf(report.ruleId), 0);
    const QString left = sameResources(before, fixture.tenant().snapshot());
    QVERIFY2(left.isEmpty(), qPrintable(left));
}

void SetupRunnerActionTest::actionSecretsFollowANewApplication()
{
    // The application is gone (deleted by hand): the next apply creates a new one, and the
    // Action found unchanged must still get the new credentials.
    RunnerFixture fixture;
    FIXTURE_READY(fixture);
    FIXTURE_PLAN(plan, fixture, (QJsonObject{{QStringLiteral("rule.kind"), QStringLiteral("action")}}));
    const SetupReport first = fixture.runner(plan)->runner->apply();
    QVERIFY2(first.ok, qPrintable(first.error.message));
    QVERIFY(fixture.tenant().client().call("DELETE", QStringLiteral("/clients/") + first.clientId).isOk());

    const SetupReport second = fixture.runner(plan)->runner->apply();
    QVERIFY2(second.ok, qPrintable(second.error.message));
    QCOMPARE(stepAction(second, QStringLiteral("application")), QStringLiteral("created"));
    QVERIFY(second.clientId != first.clientId);
    QCOMPARE(stepAction(second, QStringLiteral("rule")), QStringLiteral("updated"));
    const QByteArray secret = fixture.tenant().clientWithSecret(second.clientId).value(QLatin1String("client_secret")).toString().toUtf8();
    QCOMPARE(fixture.tenant().actionSecretValue(second.ruleId, QStringLiteral("RULE_APP_CLIENT_ID")), second.clientId);
    QCOMPARE(fixture.tenant().actionSecretValue(second.ruleId, QStringLiteral("RULE_APP_CLIENT_SECRET")).toUtf8(), secret);
}

QTEST_GUILESS_MAIN(SetupRunnerActionTest)
#include "tst_setuprunner_action.moc"
