// SPDX-License-Identifier: MIT
// SetupPlan::fromJson: DESIGN.md's example parses clean; every mistake in a plan is listed
// once, with its JSON path, and several mistakes are all listed.
#include "Plans.h"
#include "setup/SetupPlan.h"

#include <QJsonArray>
#include <QTest>

using Plans::with;
using Plans::without;

class SetupPlanTest : public QObject
{
    Q_OBJECT

private slots:
    void examplePlanParsesClean();
    void scriptFileIsReadRelativeToThePlan();
    void toJsonRoundTrips();
    void problemsNameTheirPath_data();
    void problemsNameTheirPath();
};

namespace {

QStringList pathsOf(const QStringList &problems)
{
    QStringList paths;
    for (const QString &problem : problems)
        paths << problem.section(QStringLiteral(": "), 0, 0);
    paths.sort();
    return paths;
}

QJsonObject withScriptFile(const QString &file)
{
    return with(without(Plans::exampleJson(), QStringLiteral("rule.template")), QStringLiteral("rule.script_file"), file);
}

} // namespace

void SetupPlanTest::examplePlanParsesClean()
{
    QStringList problems;
    const SetupPlan plan = Plans::parse(Plans::exampleJson(), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QCOMPARE(plan.api.identifier, QStringLiteral("https://test-api"));
    QCOMPARE(plan.api.name, QStringLiteral("Test API"));
    QCOMPARE(plan.api.signingAlg, QStringLiteral("RS256"));
    QCOMPARE(plan.api.tokenLifetime, 86400);
    QCOMPARE(plan.api.rbac, false);
    QCOMPARE(plan.api.scopes.size(), 1);
    QCOMPARE(plan.api.scopes.first().value, QStringLiteral("read:messages"));
    QCOMPARE(plan.api.scopes.first().description, QStringLiteral("Read messages"));
    QCOMPARE(plan.applicationName, QStringLiteral("Rule M2M client"));
    QCOMPARE(plan.grantScopes, QStringList{QStringLiteral("read:messages")});
    QCOMPARE(plan.rule.kind, QStringLiteral("rule"));
    QCOMPARE(plan.rule.name, QStringLiteral("call-test-api"));
    QCOMPARE(plan.rule.enabled, true);
    QVERIFY(plan.rule.script.contains(QLatin1String("client_credentials")));
    QCOMPARE(plan.rule.script, SetupPlan::templateSource(QStringLiteral("call-api"), QStringLiteral("rule")));
    QCOMPARE(plan.configuration.clientIdKey, QStringLiteral("RULE_APP_CLIENT_ID"));
    QCOMPARE(plan.configuration.clientSecretKey, QStringLiteral("RULE_APP_CLIENT_SECRET"));
    QCOMPARE(plan.configuration.extra.value(QStringLiteral("API_URL")), QStringLiteral("http://127.0.0.1:PORT/sample-api/messages"));
    // The rule also reads the audience; the plan gives it from the API.
    QCOMPARE(plan.extraConfiguration().value(QStringLiteral("API_AUDIENCE")), QStringLiteral("https://test-api"));
}

void SetupPlanTest::scriptFileIsReadRelativeToThePlan()
{
    QFile file(Plans::dataFolder() + QStringLiteral("/rules/custom.rule.js"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString expected = QString::fromUtf8(file.readAll());

    // The same relative name resolves against the plan's folder, not the working directory.
    QStringList problems;
    const SetupPlan plan = SetupPlan::fromJson(withScriptFile(QStringLiteral("custom.rule.js")),
                                               Plans::dataFolder() + QStringLiteral("/rules"), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QCOMPARE(plan.rule.script, expected);
    QVERIFY(plan.rule.templateName.isEmpty());

    QVERIFY(QDir::setCurrent(Plans::dataFolder() + QStringLiteral("/rules")));
    SetupPlan::fromJson(withScriptFile(QStringLiteral("custom.rule.js")), Plans::dataFolder(), &problems);
    QCOMPARE(pathsOf(problems), QStringList{QStringLiteral("rule.script_file")});
}

void SetupPlanTest::toJsonRoundTrips()
{
    QStringList problems;
    const SetupPlan plan = Plans::parse(withScriptFile(QStringLiteral("rules/custom.rule.js")), &problems);
    QVERIFY(problems.isEmpty());
    const SetupPlan again = Plans::parse(plan.toJson(), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QCOMPARE(again.toJson(), plan.toJson());
    QCOMPARE(again.rule.script, plan.rule.script);
}

void SetupPlanTest::problemsNameTheirPath_data()
{
    QTest::addColumn<QJsonObject>("plan");
    QTest::addColumn<QStringList>("paths");   // one per expected problem
    QTest::addColumn<QString>("mentions");    // in the first problem's message

    const QJsonObject example = Plans::exampleJson();
    const auto row = [](const char *name, const QJsonObject &plan, const QStringList &paths, const QString &mentions = {}) {
        QTest::newRow(name) << plan << paths << mentions;
    };
    const QString api = QStringLiteral("api.identifier");

    row("identifier: not a URL", with(example, api, QStringLiteral("not a url")), {api}, QStringLiteral("not a URI"));
    row("identifier: spaces", with(example, api, QStringLiteral("https://test api")), {api}, QStringLiteral("not a URI"));
    row("identifier: over 600", with(example, api, QStringLiteral("https://") + QString(600, QLatin1Char('a'))), {api}, QStringLiteral("600"));
    row("identifier: empty", with(example, api, QString()), {api}, QStringLiteral("identifier"));
    row("identifier: a number", with(example, api, 42), {api}, QStringLiteral("must be a string"));

    row("scope: space", with(example, QStringLiteral("api.scopes[0].value"), QStringLiteral("read messages")),
        {QStringLiteral("api.scopes[0].value"), QStringLiteral("grant.scopes[0]")}, QStringLiteral("read messages"));
    row("scope: empty", with(example, QStringLiteral("api.scopes[0].value"), QString()),
        {QStringLiteral("api.scopes[0].value"), QStringLiteral("grant.scopes[0]")}, QStringLiteral("permission"));
    row("scope: twice", with(example, QStringLiteral("api.scopes[1]"), QJsonObject{{QStringLiteral("value"), QStringLiteral("read:messages")}}),
        {QStringLiteral("api.scopes[1].value")}, QStringLiteral("twice"));
    row("grant scope: not an API scope", with(example, QStringLiteral("grant.scopes[0]"), QStringLiteral("write:messages")),
        {QStringLiteral("grant.scopes[0]")}, QStringLiteral("not one of api.scopes"));
    row("grant scope: bad syntax", with(example, QStringLiteral("grant.scopes[1]"), QStringLiteral("read messages")),
        {QStringLiteral("grant.scopes[1]")});

    row("template: unknown", with(example, QStringLiteral("rule.template"), QStringLiteral("nope")), {QStringLiteral("rule.template")},
        QStringLiteral("call-api"));
    row("template: a path", with(example, QStringLiteral("rule.template"), QStringLiteral("../call-api")), {QStringLiteral("rule.template")});

    row("missing: api", without(example, QStringLiteral("api")), {QStringLiteral("api")}, QStringLiteral("missing"));
    row("missing: api.identifier", without(example, api), {api}, QStringLiteral("missing"));
    row("missing: application", without(example, QStringLiteral("application")), {QStringLiteral("application")}, QStringLiteral("missing"));
    row("missing: application.name", without(example, QStringLiteral("application.name")), {QStringLiteral("application.name")},
        QStringLiteral("missing"));
    row("missing: rule", without(example, QStringLiteral("rule")), {QStringLiteral("rule")}, QStringLiteral("missing"));
    row("missing: rule.name", without(example, QStringLiteral("rule.name")), {QStringLiteral("rule.name")}, QStringLiteral("missing"));
    row("missing: template and script_file", without(example, QStringLiteral("rule.template")), {QStringLiteral("rule")},
        QStringLiteral("script_file"));
    row("both template and script_file", with(example, QStringLiteral("rule.script_file"), QStringLiteral("rules/custom.rule.js")),
        {QStringLiteral("rule")}, QStringLiteral("either"));

    row("unknown key: top level", with(example, QStringLiteral("apis"), QJsonObject()), {QStringLiteral("apis")}, QStringLiteral("unknown key"));
    row("unknown key: misspelt", with(without(example, api), QStringLiteral("api.identifer"), QStringLiteral("https://test-api")),
        {QStringLiteral("api.identifer"), api}, QStringLiteral("unknown key"));
    row("unknown key: rule.script", with(example, QStringLiteral("rule.script"), QStringLiteral("function(){}")), {QStringLiteral("rule.script")});
    row("unknown key: in a scope", with(example, QStringLiteral("api.scopes[0].name"), QStringLiteral("x")), {QStringLiteral("api.scopes[0].name")});
    row("unknown key: grant.scope", with(example, QStringLiteral("grant.scope"), QJsonArray()), {QStringLiteral("grant.scope")});
    row("unknown key: configuration", with(example, QStringLiteral("configuration.extras"), QJsonObject()), {QStringLiteral("configuration.extras")});

    row("type: api is a string", with(example, QStringLiteral("api"), QStringLiteral("https://test-api")), {QStringLiteral("api")},
        QStringLiteral("object"));
    row("type: application is a string", with(example, QStringLiteral("application"), QStringLiteral("x")), {QStringLiteral("application")},
        QStringLiteral("object"));
    row("type: rule is a list", with(example, QStringLiteral("rule"), QJsonArray()), {QStringLiteral("rule")}, QStringLiteral("object"));
    row("type: application.name", with(example, QStringLiteral("application.name"), 5), {QStringLiteral("application.name")},
        QStringLiteral("must be a string"));
    row("type: token_lifetime text", with(example, QStringLiteral("api.token_lifetime"), QStringLiteral("long")), {QStringLiteral("api.token_lifetime")});
    row("type: token_lifetime fraction", with(example, QStringLiteral("api.token_lifetime"), 1.5), {QStringLiteral("api.token_lifetime")});
    row("type: token_lifetime too short", with(example, QStringLiteral("api.token_lifetime"), 10), {QStringLiteral("api.token_lifetime")});
    row("type: rbac", with(example, QStringLiteral("api.rbac"), QStringLiteral("yes")), {QStringLiteral("api.rbac")}, QStringLiteral("true or false"));
    row("type: scopes is an object", with(example, QStringLiteral("api.scopes"), QJsonObject()), {QStringLiteral("api.scopes")});
    row("no scopes: a grant scope is undefined", without(example, QStringLiteral("api.scopes")), {QStringLiteral("grant.scopes[0]")});
    row("type: a scope is a string", with(example, QStringLiteral("api.scopes[0]"), QStringLiteral("read:messages")),
        {QStringLiteral("api.scopes[0]"), QStringLiteral("grant.scopes[0]")});
    row("type: grant.scopes is a string", with(example, QStringLiteral("grant.scopes"), QStringLiteral("read:messages")), {QStringLiteral("grant.scopes")});
    row("type: a grant scope is a number", with(example, QStringLiteral("grant.scopes[0]"), 7), {QStringLiteral("grant.scopes[0]")},
        QStringLiteral("must be a string"));
    row("type: enabled", with(example, QStringLiteral("rule.enabled"), QStringLiteral("true")), {QStringLiteral("rule.enabled")});
    row("type: configuration", with(example, QStringLiteral("configuration"), QStringLiteral("x")), {QStringLiteral("configuration")});
    row("type: extra is a list", with(example, QStringLiteral("configuration.extra"), QJsonArray()), {QStringLiteral("configuration.extra")});
    row("type: extra value", with(example, QStringLiteral("configuration.extra.API_URL"), 5), {QStringLiteral("configuration.extra.API_URL")});
    row("value: signing_alg", with(example, QStringLiteral("api.signing_alg"), QStringLiteral("none")), {QStringLiteral("api.signing_alg")});
    row("value: rule.kind", with(example, QStringLiteral("rule.kind"), QStringLiteral("hook")), {QStringLiteral("rule.kind")},
        QStringLiteral("\"rule\" or \"action\""));
    row("value: api.name", with(example, QStringLiteral("api.name"), QStringLiteral("<b>API</b>")), {QStringLiteral("api.name")});
    row("value: application.name blank", with(example, QStringLiteral("application.name"), QStringLiteral("   ")), {QStringLiteral("application.name")});

    row("rule name: underscore", with(example, QStringLiteral("rule.name"), QStringLiteral("call_test_api")), {QStringLiteral("rule.name")});
    row("rule name: leading hyphen", with(example, QStringLiteral("rule.name"), QStringLiteral("-call")), {QStringLiteral("rule.name")});
    row("rule name: empty", with(example, QStringLiteral("rule.name"), QString()), {QStringLiteral("rule.name")});

    row("configuration key: client_id_key", with(example, QStringLiteral("configuration.client_id_key"), QStringLiteral("BAD KEY")),
        {QStringLiteral("configuration.client_id_key")}, QStringLiteral("BAD KEY"));
    row("configuration key: client_secret_key empty", with(example, QStringLiteral("configuration.client_secret_key"), QString()),
        {QStringLiteral("configuration.client_secret_key")});
    row("configuration key: extra", with(example, QStringLiteral("configuration.extra.API URL"), QStringLiteral("x")),
        {QStringLiteral("configuration.extra.API URL")}, QStringLiteral("API URL"));
    row("configuration key: same key twice", with(example, QStringLiteral("configuration.client_secret_key"), QStringLiteral("RULE_APP_CLIENT_ID")),
        {QStringLiteral("configuration.client_secret_key")}, QStringLiteral("differ"));

    row("script_file: exists", withScriptFile(QStringLiteral("rules/custom.rule.js")), {});
    row("script_file: missing", withScriptFile(QStringLiteral("rules/missing.rule.js")), {QStringLiteral("rule.script_file")},
        QStringLiteral("cannot read"));
    row("script_file: blank", withScriptFile(QStringLiteral("rules/blank.rule.js")), {QStringLiteral("rule.script_file")}, QStringLiteral("empty"));

    QJsonObject several = with(example, api, QStringLiteral("not a url"));
    several = with(several, QStringLiteral("api.scopes[1]"), QJsonObject{{QStringLiteral("value"), QStringLiteral("write messages")}});
    several = with(several, QStringLiteral("rule.template"), QStringLiteral("nope"));
    several = with(several, QStringLiteral("rule.name"), QStringLiteral("bad_name"));
    several = with(several, QStringLiteral("configuration.extra.BAD KEY"), QStringLiteral("x"));
    several = with(several, QStringLiteral("colour"), QStringLiteral("blue"));
    row("several at once", several,
        {api, QStringLiteral("api.scopes[1].value"), QStringLiteral("rule.template"), QStringLiteral("rule.name"),
         QStringLiteral("configuration.extra.BAD KEY"), QStringLiteral("colour")});
}

void SetupPlanTest::problemsNameTheirPath()
{
    QFETCH(QJsonObject, plan);
    QFETCH(QStringList, paths);
    QFETCH(QString, mentions);

    QStringList problems;
    Plans::parse(plan, &problems);
    const QString all = problems.join(QLatin1Char('\n'));
    for (const QString &problem : problems)
        QVERIFY2(problem.contains(QStringLiteral(": ")) && !problem.section(QStringLiteral(": "), 1).trimmed().isEmpty(), qPrintable(problem));
    paths.sort();
    QCOMPARE(pathsOf(problems), paths);
    if (!mentions.isEmpty())
        QVERIFY2(problems.first().contains(mentions), qPrintable(all));
}

QTEST_GUILESS_MAIN(SetupPlanTest)
#include "tst_setupplan.moc"
