// SPDX-License-Identifier: MIT
// Walks the whole setup wizard on the local tenant by objectName, applies it, and checks
// through the Management API and the OS keychain that everything typed in exists.
#include "WizardDriver.h"

#include "common/Clock.h"
#include "management/ManagementClient.h"
#include "rules/RuleHost.h"
#include "secrets/MemorySecretStore.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/SecretKeys.h"
#include "tenant/LocalTenant.h"
#include "wizard/pages/ApplyPage.h"
#include "wizard/pages/RulePage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTreeWidget>
#include <QtTest>
#include <Qsci/qsciscintilla.h>
#include <Qsci/qsciscintillabase.h>

using namespace WizardDriver;

class TestSetupWizard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void walkAndApply();
    void actionOnTenantWithoutRules();
    void ruleConvertedIntoActionAsTyped();

private:
    bool keychainReachable();
    ManagementAccess accessTo(LocalTenant &tenant);
};

void TestSetupWizard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the journal goes to a test folder
}

bool TestSetupWizard::keychainReachable()
{
    KeychainSecretStore probe(QStringLiteral("rulebench-test"), 5000);
    const auto result = probe.readAndWait(QStringLiteral("probe"));
    return result.status == SecretStore::Status::Ok || result.status == SecretStore::Status::NotFound;
}

ManagementAccess TestSetupWizard::accessTo(LocalTenant &tenant)
{
    ManagementAccess access;
    access.baseUrl = QUrl(tenant.baseUrl());
    access.clientId = tenant.managementCredentials().clientId;
    access.clientSecret = SecretBytes::fromUtf8(tenant.managementCredentials().clientSecret.toUtf8());
    return access;
}

void TestSetupWizard::walkAndApply()
{
    if (!keychainReachable())
        QSKIP("no Secret Service on the session bus: run inside tests/headless-session.sh");
    QString error;
    auto tenant = LocalTenant::start({}, &error);
    QVERIFY2(tenant, qPrintable(error));

    KeychainSecretStore secrets;
    SetupWizard::TenantContext context;
    context.access = accessTo(*tenant);
    context.sampleApiUrl = tenant->baseUrl() + QStringLiteral("/sample-api/messages");
    SetupWizard wizard(context, &secrets);
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));

    // API
    type(&wizard, "apiNameLineEdit", QStringLiteral("Orders API"));
    type(&wizard, "apiIdentifierLineEdit", QStringLiteral("https://orders.example.com"));
    find<QSpinBox>(&wizard, "tokenLifetimeSpinBox")->setValue(3600);
    QVERIFY(nextEnabled(&wizard));
    screenshot(&wizard, QStringLiteral("wizard-1-api"));
    wizard.next();

    // Permissions: the default row plus one typed in
    auto *scopes = find<QTableWidget>(&wizard, "scopesTableWidget");
    QCOMPARE(scopes->rowCount(), 1);
    QTest::mouseClick(find<QPushButton>(&wizard, "addScopeButton"), Qt::LeftButton);
    QVERIFY(!nextEnabled(&wizard)); // the new row is empty
    scopes->item(1, 0)->setText(QStringLiteral("create:orders"));
    scopes->item(1, 1)->setText(QStringLiteral("Create orders"));
    QVERIFY(nextEnabled(&wizard));
    screenshot(&wizard, QStringLiteral("wizard-2-permissions"));
    wizard.next();

    // Application
    type(&wizard, "applicationNameLineEdit", QStringLiteral("Orders rule client"));
    QVERIFY(nextEnabled(&wizard));
    screenshot(&wizard, QStringLiteral("wizard-3-application"));
    wizard.next();

    // Authorization: grant read:messages only
    auto *grants = find<QListWidget>(&wizard, "grantScopesListWidget");
    QCOMPARE(grants->count(), 2);
    grants->item(1)->setCheckState(Qt::Unchecked);
    QVERIFY(nextEnabled(&wizard));
    screenshot(&wizard, QStringLiteral("wizard-4-authorization"));
    wizard.next();

    // Rule: the corrected call-api template, first in the list
    QCOMPARE(find<QComboBox>(&wizard, "templateComboBox")->currentData().toString(), QStringLiteral("call-api"));
    type(&wizard, "ruleNameLineEdit", QStringLiteral("call-orders-api"));
    QVERIFY(find<QLabel>(&wizard, "configurationKeysLabel")->text().contains(QLatin1String("API_URL")));
    QVERIFY(nextEnabled(&wizard));
    screenshot(&wizard, QStringLiteral("wizard-5-rule"));
    wizard.next();

    // Secrets: API_URL defaults to the sample API, API_AUDIENCE to the identifier
    auto *extra = find<QTableWidget>(&wizard, "extraTableWidget");
    QStringList keys;
    for (int row = 0; row < extra->rowCount(); ++row)
        keys << extra->item(row, 0)->text();
    QVERIFY2(keys.contains(QLatin1String("API_URL")), qPrintable(keys.join(QLatin1Char(','))));
    QVERIFY(nextEnabled(&wizard));
    screenshot(&wizard, QStringLiteral("wizard-6-secrets"));
    wizard.next();

    // Review lists the calls; nothing made yet
    auto *calls = find<QTreeWidget>(&wizard, "callsTreeWidget");
    QCOMPARE(calls->topLevelItemCount(), 6);
    QVERIFY(find<QPlainTextEdit>(&wizard, "planJsonTextEdit")->toPlainText().contains(QLatin1String("https://orders.example.com")));
    screenshot(&wizard, QStringLiteral("wizard-7-review"));
    wizard.next();

    // Apply, on its worker thread, until Finish is allowed
    QTRY_VERIFY2_WITH_TIMEOUT(wizard.button(QWizard::FinishButton)->isEnabled(),
                              qPrintable(find<QLabel>(&wizard, "resultLabel")->text() + QLatin1Char('\n')
                                         + find<QPlainTextEdit>(&wizard, "logTextEdit")->toPlainText()),
                              30000);
    QVERIFY2(find<QLabel>(&wizard, "resultLabel")->text().startsWith(QLatin1String("Done")),
             qPrintable(find<QLabel>(&wizard, "resultLabel")->text()));
    QVERIFY(find<QPushButton>(&wizard, "openTestPaneButton")->isVisible());
    screenshot(&wizard, QStringLiteral("wizard-8-apply"));

    // Everything exists with the values typed in.
    QNetworkAccessManager network;
    ManagementClient client(&network, accessTo(*tenant), Clock::system());
    const auto api = client.call("GET", QStringLiteral("/resource-servers/") + ManagementClient::encode(QStringLiteral("https://orders.example.com")));
    QVERIFY2(api.isOk(), qPrintable(api.error().message));
    QCOMPARE(api.value()[QLatin1String("name")].toString(), QStringLiteral("Orders API"));
    QCOMPARE(api.value()[QLatin1String("token_lifetime")].toInt(), 3600);
    QCOMPARE(api.value()[QLatin1String("scopes")].toArray().size(), 2);
    const auto clients = client.listAll(QStringLiteral("/clients?app_type=non_interactive"), QStringLiteral("clients"));
    QString clientId;
    for (const QJsonObject &c : clients.value()) {
        if (c.value(QLatin1String("name")).toString() == QLatin1String("Orders rule client"))
            clientId = c.value(QLatin1String("client_id")).toString();
    }
    QVERIFY(!clientId.isEmpty());
    const auto grantList = client.listAll(QStringLiteral("/client-grants?client_id=") + clientId, QStringLiteral("client_grants"));
    QCOMPARE(grantList.value().size(), 1);
    QCOMPARE(grantList.value().first().value(QLatin1String("scope")).toArray(), QJsonArray{QStringLiteral("read:messages")});
    const auto rules = client.listAll(QStringLiteral("/rules"), QStringLiteral("rules"));
    QCOMPARE(rules.value().size(), 1);
    QCOMPARE(rules.value().first().value(QLatin1String("name")).toString(), QStringLiteral("call-orders-api"));
    QVERIFY(rules.value().first().value(QLatin1String("script")).toString().contains(QLatin1String("global.rulebenchM2mToken")));

    // The client secret is in the keychain: through QtKeychain, and through the Secret Service itself.
    const QString key = SecretKeys::clientSecret(context.access.domain(), clientId);
    const auto stored = secrets.readAndWait(key);
    QVERIFY2(stored.isOk(), qPrintable(stored.message));
    const auto full = client.call("GET", QStringLiteral("/clients/") + clientId);
    QCOMPARE(stored.secret.reveal(), full.value()[QLatin1String("client_secret")].toString().toUtf8());
    QProcess lookup;
    lookup.start(QStringLiteral("secret-tool"), {QStringLiteral("lookup"), QStringLiteral("user"), key, QStringLiteral("server"), QStringLiteral("rulebench")});
    if (lookup.waitForFinished(10000) && lookup.exitCode() == 0) {
        // QtKeychain stores binary data base64-encoded (attribute type=base64).
        QCOMPARE(QByteArray::fromBase64(lookup.readAllStandardOutput().trimmed()), stored.secret.reveal());
    } else {
        QWARN("secret-tool not available: checked through QtKeychain only");
    }
}

void TestSetupWizard::actionOnTenantWithoutRules()
{
    if (!keychainReachable())
        QSKIP("no Secret Service on the session bus: run inside tests/headless-session.sh");
    QString error;
    LocalTenant::Options options;
    options.rulesAvailable = false; // `serve --no-rules`: the Rules endpoints answer as after end of life
    auto tenant = LocalTenant::start(options, &error);
    QVERIFY2(tenant, qPrintable(error));
    KeychainSecretStore secrets;
    SetupWizard::TenantContext context;
    context.access = accessTo(*tenant);
    context.rulesAccepted = false; // what the overview reports for such a tenant
    context.sampleApiUrl = tenant->baseUrl() + QStringLiteral("/sample-api/messages");
    SetupWizard wizard(context, &secrets);
    wizard.show();
    // The defaults are valid on every page: walk straight through.
    for (int page = SetupWizard::ApiPageId; page < SetupWizard::ApplyPageId; ++page) {
        QVERIFY2(nextEnabled(&wizard), qPrintable(QStringLiteral("page %1").arg(page)));
        if (page == SetupWizard::RulePageId)
            QVERIFY(find<QsciScintillaBase>(&wizard, "ruleCodeEditor") != nullptr);
        wizard.next();
    }
    auto *result = find<QLabel>(&wizard, "resultLabel");
    QTRY_VERIFY_WITH_TIMEOUT(!result->text().startsWith(QLatin1String("Working")), 30000);
    QVERIFY2(result->text().startsWith(QLatin1String("Done")), qPrintable(result->text()));

    // A deployed Action, bound to post-login, holding the secrets the code reads.
    QNetworkAccessManager network;
    ManagementClient client(&network, accessTo(*tenant), Clock::system());
    const auto actions = client.call("GET", QStringLiteral("/actions/actions"));
    QVERIFY2(actions.isOk(), qPrintable(actions.error().message));
    const QJsonArray list = actions.value()[QLatin1String("actions")].toArray();
    QCOMPARE(list.size(), 1);
    const QJsonObject action = list.first().toObject();
    QVERIFY(action.value(QLatin1String("code")).toString().contains(QLatin1String("exports.onExecutePostLogin")));
    QVERIFY(action.value(QLatin1String("all_changes_deployed")).toBool());
    QStringList secretNames;
    for (const QJsonValue &secret : action.value(QLatin1String("secrets")).toArray())
        secretNames << secret.toObject().value(QLatin1String("name")).toString();
    for (const char *name : {"RULE_APP_CLIENT_ID", "RULE_APP_CLIENT_SECRET", "API_URL", "API_AUDIENCE", "AUTH0_DOMAIN"})
        QVERIFY2(secretNames.contains(QLatin1String(name)), name);
    const auto bindings = client.call("GET", QStringLiteral("/actions/triggers/post-login/bindings"));
    QCOMPARE(bindings.value()[QLatin1String("bindings")].toArray().size(), 1);
    QCOMPARE(bindings.value()[QLatin1String("bindings")][0][QLatin1String("action")][QLatin1String("id")], action.value(QLatin1String("id")));
    // No rule was attempted on this tenant.
    QCOMPARE(client.call("GET", QStringLiteral("/rules")).error().httpStatus, 403);
}

void TestSetupWizard::ruleConvertedIntoActionAsTyped()
{
    QString error;
    RuleHost host;
    QVERIFY2(host.startAndWait(&error), qPrintable(error));
    LocalTenant::Options options;
    options.rulesAvailable = false;
    auto tenant = LocalTenant::start(options, &error);
    QVERIFY2(tenant, qPrintable(error));
    MemorySecretStore secrets;
    SetupWizard::TenantContext context;
    context.access = accessTo(*tenant);
    context.rulesAccepted = false;
    SetupWizard wizard(context, &secrets);
    wizard.useRuleHost(&host);
    wizard.show();
    while (wizard.currentId() != SetupWizard::RulePageId) {
        QVERIFY(nextEnabled(&wizard));
        wizard.next();
    }
    auto *convert = find<QCheckBox>(&wizard, "convertFromRuleCheckBox");
    auto *rule = find<QsciScintilla>(&wizard, "sourceRuleEditor");
    auto *action = find<QsciScintilla>(&wizard, "ruleCodeEditor");
    auto *label = find<QLabel>(&wizard, "conversionLabel");
    QVERIFY(convert->isVisible() && convert->isEnabled());
    QVERIFY(!rule->isVisible());

    // On: the rule twin of the template is converted, and its leftovers are listed by line.
    convert->setChecked(true);
    QVERIFY(rule->isVisible() && action->isReadOnly());
    QVERIFY(rule->text().contains(QLatin1String("function")));
    QTRY_VERIFY_WITH_TIMEOUT(label->text().startsWith(QLatin1String("Converted")), 15000);
    QVERIFY2(label->text().contains(QLatin1String("3 lines of your rule need a hand")), qPrintable(label->text()));
    auto *leftovers = find<QListWidget>(&wizard, "unconvertedList");
    QVERIFY(leftovers->isVisible());
    QVERIFY(leftovers->count() >= 1);
    QVERIFY2(leftovers->item(0)->text().startsWith(QLatin1String("line 22: global.rulebenchM2mToken")),
             qPrintable(leftovers->item(0)->text()));
    QVERIFY(action->text().contains(QLatin1String("exports.onExecutePostLogin")));
    QVERIFY(action->text().contains(QLatin1String("event.secrets.RULE_APP_CLIENT_ID")));
    QTRY_VERIFY(nextEnabled(&wizard)); // after the Action's own syntax check
    screenshot(&wizard, QStringLiteral("wizard-5-action-from-rule"));

    // A rule that does not parse: its line on the page, Next disabled, the last Action kept.
    const QString lastAction = action->text();
    rule->setText(QStringLiteral("function (user, context, callback) {\n  callback(null, user, context;\n}\n"));
    QTRY_VERIFY_WITH_TIMEOUT(label->text().startsWith(QLatin1String("Your rule, line 2:")), 15000);
    QVERIFY(!nextEnabled(&wizard));
    QCOMPARE(action->text(), lastAction);

    // A complete conversion says so and names the secrets.
    rule->setText(QStringLiteral("function (user, context, callback) {\n"
                                 "  context.idToken['https://example.com/plan'] = configuration.PLAN;\n"
                                 "  callback(null, user, context);\n}\n"));
    QTRY_COMPARE_WITH_TIMEOUT(label->text(), QStringLiteral("Converted completely. Secrets: PLAN."), 15000);
    QVERIFY(!leftovers->isVisible());
    QVERIFY(action->text().contains(QLatin1String("api.idToken.setCustomClaim(")));
    QVERIFY(action->text().contains(QLatin1String("event.secrets.PLAN")));
    QTRY_VERIFY(nextEnabled(&wizard));

    // Off: the Action is the user's to edit, and the plan takes it as written.
    convert->setChecked(false);
    QVERIFY(!action->isReadOnly() && !rule->isVisible());
    QVERIFY(nextEnabled(&wizard));
    wizard.next();
    QCOMPARE(wizard.plan().rule.script, action->text());
    QVERIFY(wizard.plan().rule.templateName.isEmpty()); // saved as code, not as the template
}

QTEST_MAIN(TestSetupWizard)
#include "tst_setupwizard.moc"
