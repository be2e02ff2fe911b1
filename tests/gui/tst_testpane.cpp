// SPDX-License-Identifier: MIT
// The test pane on the local tenant, set up by the wizard's engine (the example plan applied
// through SetupRunner): a simulated login through the corrected call-api template, checked by
// what the pane shows (widgets by objectName), denials, findings, a looping rule, bad JSON,
// rule cases with JUnit, and a live login when the tenant supports it.
#include "common/Clock.h"
#include "management/ManagementClient.h"
#include "rules/JsonFile.h"
#include "rules/PlanConfiguration.h"
#include "rules/RuleHost.h"
#include "rules/TokenSigner.h"
#include "secrets/MemorySecretStore.h"
#include "secrets/SecretKeys.h"
#include "setup/SetupPlan.h"
#include "tenant/LocalTenant.h"
#include "tenant/LoginChain.h"
#include "testpane/CasesPanel.h"
#include "testpane/ChainList.h"
#include "testpane/JsonEditor.h"
#include "testpane/LiveLoginPanel.h"
#include "testpane/TestPane.h"
#include "testpane/TimelineView.h"
#include "WizardDriver.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <QUrlQuery>
#include <QXmlStreamReader>

using WizardDriver::find;

namespace {

const QString ApiResultClaim = QStringLiteral("https://rulebench.example/api_result");
const QString RuleName = QStringLiteral("call-messages-api");

QString templatePath(const char *file)
{
    return QStringLiteral(RULEBENCH_SOURCE_DIR "/resources/templates/") + QLatin1String(file);
}

// A screenshot once pending layout requests are done (a label that just changed its text has
// asked for one), when RULEBENCH_SCREENSHOT_DIR is set.
void screenshot(QWidget *widget, const QString &name)
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCoreApplication::processEvents();
    WizardDriver::screenshot(widget, name);
}

QTreeWidgetItem *findRow(QTreeWidget *tree, int column, const QString &text)
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        if (tree->topLevelItem(i)->text(column) == text)
            return tree->topLevelItem(i);
    }
    return nullptr;
}

} // namespace

class TestTestPane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void allowedLoginShowsTraceAndVerifiedToken();
    void unverifiedUserIsDenied();
    void seedRuleShowsItsTwoFindings();
    void loopingRuleLeavesWindowResponsiveAndTimesOut();
    void badJsonDisablesRun();
    void casesSaveRunAndExportJUnit();
    void liveLoginShowsSameClaims();
    void openFromWizardFillsTheConfiguration();
    void reorderedChainAndUserChanges();
    void actionsFromTenantWithoutRules();
    void shippedSampleCasesPass(); // last: their plan adds a rule to the tenant

private:
    bool runAndWait();
    void uncheckAll();
    ManagementAccess access() const;

    std::unique_ptr<LoginChain> m_chain;
    std::unique_ptr<LocalTenant> m_tenant;
    std::unique_ptr<RuleHost> m_host;
    std::shared_ptr<TenantTokenSigner> m_signer;
    std::unique_ptr<TestPane> m_pane;
    QJsonObject m_configuration;
    QString m_apiIdentifier;
    QJsonObject m_plan;
};

ManagementAccess TestTestPane::access() const
{
    ManagementAccess access;
    access.baseUrl = QUrl(m_tenant->baseUrl());
    access.clientId = m_tenant->managementCredentials().clientId;
    access.clientSecret = SecretBytes::fromUtf8(m_tenant->managementCredentials().clientSecret.toUtf8());
    return access;
}

void TestTestPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings of the pane go to a test folder
    QString error;
    // The tenant runs its own rules on user logins (for the live login) through a LoginChain.
    m_chain = std::make_unique<LoginChain>();
    QVERIFY2(m_chain->start(&error), qPrintable(error));
    LocalTenant::Options options;
    options.loginChain = m_chain.get();
    m_tenant = LocalTenant::start(options, &error);
    QVERIFY2(m_tenant, qPrintable(error));

    // The example plan, pointed at this tenant's sample API, applied by the wizard's engine.
    auto plan = JsonFile::readObject(
        QStringLiteral(RULEBENCH_SOURCE_DIR "/resources/plans/example-plan.json"), &error);
    QVERIFY2(plan, qPrintable(error));
    QJsonObject configuration = plan->value(QLatin1String("configuration")).toObject();
    configuration.insert(
        QStringLiteral("extra"),
        QJsonObject { { QStringLiteral("API_URL"), QStringLiteral("${TENANT_URL}/sample-api/messages") } });
    plan->insert(QStringLiteral("configuration"), configuration);
    m_apiIdentifier
        = plan->value(QLatin1String("api")).toObject().value(QLatin1String("identifier")).toString();
    QTemporaryDir planDir;
    const QString planPath = planDir.filePath(QStringLiteral("plan.json"));
    QFile planFile(planPath);
    QVERIFY(planFile.open(QIODevice::WriteOnly));
    planFile.write(QJsonDocument(*plan).toJson());
    planFile.close();
    m_plan = *plan;
    const auto applied = PlanConfiguration::apply(planPath, access(), &error);
    QVERIFY2(applied, qPrintable(error));
    m_configuration = *applied;

    m_host = std::make_unique<RuleHost>();
    QVERIFY2(m_host->startAndWait(&error), qPrintable(error));
    m_signer = std::make_shared<TenantTokenSigner>(m_tenant->tenant());
}

void TestTestPane::cleanupTestCase()
{
    m_pane.reset();
    m_host.reset();
    m_tenant.reset();
    m_chain.reset();
}

void TestTestPane::init()
{
    // A fresh pane per test: its own chain, inputs and results.
    m_pane.reset();
    m_pane = std::make_unique<TestPane>(*m_host);
    m_pane->resize(1260, 840); // inside the 1280x1024 screen of tests/headless-session.sh
    TestPane::Tenant tenant;
    tenant.name = QStringLiteral("Local tenant");
    tenant.access = access();
    tenant.local = true;
    tenant.signer = m_signer;
    m_pane->setTenant(tenant);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_pane->isCatalogLoaded(), 15000);
    auto *chain = find<ChainList>(m_pane.get(), "chainListWidget");
    // The example plan's rule; rules later tests' plans add stay out of the run.
    QCOMPARE(chain->rowOf(RuleName), 0);
    for (int row = 1; row < chain->count(); ++row)
        chain->item(row)->setCheckState(Qt::Unchecked);
    // The rules' configuration keys come from the tenant (values are write-only there).
    const QJsonObject keys = find<JsonEditor>(m_pane.get(), "configurationEditor")->object();
    QVERIFY2(keys.contains(QLatin1String("RULE_APP_CLIENT_SECRET"))
                 && keys.value(QLatin1String("RULE_APP_CLIENT_SECRET")).toString().isEmpty(),
             qPrintable(QString::fromUtf8(QJsonDocument(keys).toJson())));
    m_pane->setConfiguration(m_configuration);
    auto *api = find<QComboBox>(m_pane.get(), "apiComboBox");
    api->setCurrentIndex(api->findData(m_apiIdentifier));
    QVERIFY(api->currentIndex() > 0);
    find<QSpinBox>(m_pane.get(), "timeoutSpinBox")->setValue(20);
}

bool TestTestPane::runAndWait()
{
    auto *run = find<QPushButton>(m_pane.get(), "runButton");
    if (!run->isEnabled())
        return false;
    QSignalSpy finished(m_pane.get(), &TestPane::runFinished);
    QTest::mouseClick(run, Qt::LeftButton);
    return finished.wait(30000);
}

void TestTestPane::uncheckAll()
{
    auto *chain = find<ChainList>(m_pane.get(), "chainListWidget");
    for (int row = 0; row < chain->count(); ++row)
        chain->item(row)->setCheckState(Qt::Unchecked);
}

void TestTestPane::allowedLoginShowsTraceAndVerifiedToken()
{
    m_pane->selectProfile(QStringLiteral("verified-email"));
    QVERIFY(runAndWait());
    QVERIFY2(find<QLabel>(m_pane.get(), "outcomeLabel")->text().contains(QLatin1String("Allowed")),
             qPrintable(find<QLabel>(m_pane.get(), "outcomeLabel")->text()));

    // Chain status, in the list and on the timeline.
    auto *chain = find<ChainList>(m_pane.get(), "chainListWidget");
    QCOMPARE(chain->statusText(0), QStringLiteral("ok"));
    QVERIFY(chain->item(0)->text().contains(QStringLiteral("— ok")));
    auto *timeline = find<TimelineView>(m_pane.get(), "timelineView");
    QCOMPARE(timeline->stepCount(), 1);
    QCOMPARE(timeline->step(0).rule.status, QStringLiteral("ok"));
    QCOMPARE(timeline->selectedStep(), 0);
    QVERIFY2(timeline->accessibleDescription().startsWith(QStringLiteral("%1: ok in ").arg(RuleName)),
             qPrintable(timeline->accessibleDescription()));

    // The token request and the API call in the trace, both 200, secrets masked.
    auto *calls = find<QTreeWidget>(m_pane.get(), "httpCallsTreeWidget");
    QCOMPARE(calls->topLevelItemCount(), 2);
    QCOMPARE(calls->topLevelItem(0)->text(0), QStringLiteral("200"));
    QCOMPARE(calls->topLevelItem(0)->text(1), QStringLiteral("POST"));
    QVERIFY(calls->topLevelItem(0)->text(2).endsWith(QLatin1String("/oauth/token")));
    QCOMPARE(calls->topLevelItem(1)->text(0), QStringLiteral("200"));
    QCOMPARE(calls->topLevelItem(1)->text(1), QStringLiteral("GET"));
    QVERIFY(calls->topLevelItem(1)->text(2).endsWith(QLatin1String("/sample-api/messages")));
    const QString tokenRequest = find<QPlainTextEdit>(m_pane.get(), "httpDetailTextEdit")->toPlainText();
    QVERIFY2(tokenRequest.contains(QLatin1String("client_credentials")), qPrintable(tokenRequest));
    QVERIFY(
        !tokenRequest.contains(m_configuration.value(QLatin1String("RULE_APP_CLIENT_SECRET")).toString()));
    // Selecting the API call on the timeline (keyboard) shows its response, pretty-printed.
    timeline->setFocus();
    QTest::keyClick(timeline, Qt::Key_Right);
    QTest::keyClick(timeline, Qt::Key_Right);
    QCOMPARE(timeline->selectedCall(), 1);
    const QString apiCall = find<QPlainTextEdit>(m_pane.get(), "httpDetailTextEdit")->toPlainText();
    QVERIFY2(apiCall.contains(QLatin1String("Response: HTTP 200")), qPrintable(apiCall));
    QVERIFY(apiCall.contains(QLatin1String("authorization: Bearer ***"), Qt::CaseInsensitive));
    QVERIFY(apiCall.contains(QLatin1String("\"text\": \"Hello from the sample API\"")));

    // The custom claim from the API's answer in the decoded ID token, verified and explained.
    auto *idToken = find<QWidget>(m_pane.get(), "idTokenView");
    auto *claims = find<QTreeWidget>(idToken, "claimsTreeWidget");
    QTreeWidgetItem *claim = findRow(claims, 0, ApiResultClaim);
    QVERIFY(claim);
    QCOMPARE(claim->text(1), QStringLiteral("Hello from the sample API"));
    QVERIFY2(claim->text(2).startsWith(QStringLiteral("rule %1, line ").arg(RuleName)),
             qPrintable(claim->text(2)));
    QVERIFY(findRow(claims, 0, QStringLiteral("iss"))->text(2).startsWith(QLatin1String("Auth0")));
    const QString verification = find<QLabel>(idToken, "verificationLabel")->text();
    QVERIFY2(verification.startsWith(QLatin1String("Signature verified against the tenant's JWKS")),
             qPrintable(verification));
    QVERIFY(find<QLabel>(idToken, "expiryLabel")->text().startsWith(QLatin1String("Expires in")));
    screenshot(m_pane.get(), QStringLiteral("test-pane-allowed"));
    auto *results = find<QTabWidget>(m_pane.get(), "resultsTabWidget");
    results->setCurrentWidget(find<QWidget>(m_pane.get(), "tokensTab"));
    screenshot(m_pane.get(), QStringLiteral("test-pane-tokens"));
    results->setCurrentIndex(0);

    // Call the API with the run's access token: the sample API accepts it.
    auto *panel = find<QWidget>(m_pane.get(), "apiCallPanel");
    QSignalSpy answered(panel, SIGNAL(finished(int)));
    QTest::mouseClick(find<QPushButton>(panel, "sendButton"), Qt::LeftButton);
    QVERIFY(answered.wait(15000));
    const QString status = find<QLabel>(panel, "responseStatusLabel")->text();
    QVERIFY2(status.startsWith(QLatin1String("HTTP 200")),
             qPrintable(status + find<QPlainTextEdit>(panel, "responseBodyTextEdit")->toPlainText()));
    QVERIFY(find<QPlainTextEdit>(panel, "responseBodyTextEdit")
                ->toPlainText()
                .contains(QLatin1String("\"token_verified\": true")));
    results->setCurrentWidget(panel);
    screenshot(m_pane.get(), QStringLiteral("test-pane-call-api"));
    // With a fresh M2M token for the configured application instead: the API sees a client.
    auto *source = find<QComboBox>(panel, "tokenSourceComboBox");
    source->setCurrentIndex(1);
    answered.clear();
    QTest::mouseClick(find<QPushButton>(panel, "sendButton"), Qt::LeftButton);
    QVERIFY(answered.wait(15000));
    QVERIFY2(find<QLabel>(panel, "responseStatusLabel")->text().startsWith(QLatin1String("HTTP 200")),
             qPrintable(find<QLabel>(panel, "responseStatusLabel")->text()));
    QVERIFY(find<QPlainTextEdit>(panel, "responseBodyTextEdit")
                ->toPlainText()
                .contains(QStringLiteral("\"sub\": \"%1@clients\"")
                              .arg(m_configuration.value(QLatin1String("RULE_APP_CLIENT_ID")).toString())));
    source->setCurrentIndex(0);
    // A bad body is named, and nothing is sent.
    find<QPlainTextEdit>(panel, "bodyTextEdit")->setPlainText(QStringLiteral("{\n  \"text\": hi\n}"));
    QTest::mouseClick(find<QPushButton>(panel, "sendButton"), Qt::LeftButton);
    QVERIFY2(find<QLabel>(panel, "responseStatusLabel")
                 ->text()
                 .startsWith(QLatin1String("Body, line 2: not valid JSON")),
             qPrintable(find<QLabel>(panel, "responseStatusLabel")->text()));
    find<QPlainTextEdit>(panel, "bodyTextEdit")->clear();
}

void TestTestPane::unverifiedUserIsDenied()
{
    m_pane->selectProfile(QStringLiteral("unverified-email"));
    QVERIFY(runAndWait());
    const QString outcome = find<QLabel>(m_pane.get(), "outcomeLabel")->text();
    QVERIFY2(outcome.contains(QLatin1String("Denied")), qPrintable(outcome));
    QVERIFY(outcome.contains(QLatin1String("error=unauthorized")));
    QVERIFY(outcome.contains(QLatin1String("Please verify your email before logging in.")));
    QCOMPARE(find<ChainList>(m_pane.get(), "chainListWidget")->statusText(0), QStringLiteral("denied"));
    QCOMPARE(find<TimelineView>(m_pane.get(), "timelineView")->step(0).rule.http.size(),
             0); // denied before any call
    QVERIFY(find<QLabel>(find<QWidget>(m_pane.get(), "idTokenView"), "verificationLabel")
                ->text()
                .startsWith(QLatin1String("No tokens")));
    screenshot(m_pane.get(), QStringLiteral("test-pane-denied"));
}

void TestTestPane::seedRuleShowsItsTwoFindings()
{
    uncheckAll();
    QString error;
    QVERIFY2(m_pane->addRuleFromFile(templatePath("seed-example.rule.js"), &error), qPrintable(error));
    m_pane->selectProfile(QStringLiteral("verified-email"));
    QVERIFY(runAndWait());
    auto *findings = find<QTreeWidget>(m_pane.get(), "findingsTreeWidget");
    QStringList codes;
    for (int i = 0; i < findings->topLevelItemCount(); ++i)
        codes << findings->topLevelItem(i)->text(1);
    codes.sort();
    QCOMPARE(
        codes,
        (QStringList { QStringLiteral("callback-before-async"), QStringLiteral("m2m-token-not-cached") }));
    // The late claim never reaches the ID token.
    QVERIFY(!findRow(find<QTreeWidget>(find<QWidget>(m_pane.get(), "idTokenView"), "claimsTreeWidget"), 0,
                     ApiResultClaim));
    // Enter on a finding opens its rule at its line.
    QTreeWidgetItem *early = findRow(findings, 1, QStringLiteral("callback-before-async"));
    QCOMPARE(early->text(2), QStringLiteral("seed-example"));
    QVERIFY(early->text(3).toInt() > 0);
    findings->setCurrentItem(early);
    findings->setFocus();
    QTest::keyClick(findings, Qt::Key_Return);
    QCOMPARE(find<QLabel>(m_pane.get(), "ruleSourceLabel")->text(),
             QStringLiteral("seed-example, line %1: %2").arg(early->text(3), early->text(4)));
    auto *source = find<QsciScintilla>(m_pane.get(), "ruleSourceView");
    int line = -1, index = -1;
    source->getCursorPosition(&line, &index);
    QCOMPARE(line + 1, early->text(3).toInt());
    QVERIFY(source->text(line).contains(QLatin1String("callback(")));
    screenshot(m_pane.get(), QStringLiteral("test-pane-findings"));
}

void TestTestPane::loopingRuleLeavesWindowResponsiveAndTimesOut()
{
    uncheckAll();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spin.js"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("function spin(user, context, callback) {\n  while (true) {}\n}\n");
    file.close();
    QString error;
    QVERIFY2(m_pane->addRuleFromFile(path, &error), qPrintable(error));
    find<QSpinBox>(m_pane.get(), "timeoutSpinBox")->setValue(2);

    QSignalSpy finished(m_pane.get(), &TestPane::runFinished);
    QTest::mouseClick(find<QPushButton>(m_pane.get(), "runButton"), Qt::LeftButton);
    QVERIFY(m_pane->isRunning());
    QVERIFY(find<QPushButton>(m_pane.get(), "cancelButton")->isEnabled());
    QVERIFY(!find<QPushButton>(m_pane.get(), "runButton")->isEnabled());
    // While the rule spins, the window still answers: another tab is clicked and shows.
    auto *tabs = find<QTabWidget>(m_pane.get(), "resultsTabWidget");
    const int tokensTab = tabs->indexOf(find<QWidget>(m_pane.get(), "tokensTab"));
    QVERIFY(tabs->currentIndex() != tokensTab);
    QTest::qWait(300);
    QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(tokensTab).center());
    QCOMPARE(tabs->currentIndex(), tokensTab);
    QVERIFY2(m_pane->isRunning(), "the click was handled while the rule was still running");
    QVERIFY(finished.wait(20000));
    QCOMPARE(find<TimelineView>(m_pane.get(), "timelineView")->step(0).rule.status,
             QStringLiteral("timeout"));
    QCOMPARE(find<ChainList>(m_pane.get(), "chainListWidget")->statusText(1), QStringLiteral("timeout"));
    QVERIFY(find<QLabel>(m_pane.get(), "outcomeLabel")->text().contains(QLatin1String("Failed (timeout)")));
    QVERIFY(find<QPushButton>(m_pane.get(), "runButton")->isEnabled());

    // Ctrl+R runs it again, Esc stops it at once; the window is free for the next run.
    finished.clear();
    m_pane->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_pane.get()));
    find<QWidget>(m_pane.get(), "chainListWidget")->setFocus();
    QTest::keyClick(m_pane.get(), Qt::Key_R, Qt::ControlModifier);
    QVERIFY(m_pane->isRunning());
    QTest::keyClick(m_pane.get(), Qt::Key_Escape);
    QCOMPARE(finished.size(), 1);
    QVERIFY(!m_pane->isRunning());
    QCOMPARE(m_pane->lastResult().errorKind, QStringLiteral("cancelled"));
    QVERIFY2(find<QLabel>(m_pane.get(), "outcomeLabel")->text().contains(QLatin1String("Failed (cancelled)")),
             qPrintable(find<QLabel>(m_pane.get(), "outcomeLabel")->text()));
}

void TestTestPane::badJsonDisablesRun()
{
    auto *run = find<QPushButton>(m_pane.get(), "runButton");
    auto *error = find<QLabel>(m_pane.get(), "inputErrorLabel");
    QVERIFY(run->isEnabled());
    QVERIFY(error->isHidden());
    auto *user = find<JsonEditor>(m_pane.get(), "userEditor");
    const QString broken
        = QStringLiteral("{\n  \"email\": \"a@example.com\",\n  \"email_verified\": tru\n}\n");
    user->setText(broken);
    QVERIFY(!run->isEnabled());
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().startsWith(QLatin1String("user, line 3:")), qPrintable(error->text()));
    QCOMPARE(user->errorLine(), 3);
    QVERIFY2(user->annotation(2).startsWith(QLatin1String("user, line 3:")),
             qPrintable(user->annotation(2))); // at the line itself
    QVERIFY(!m_pane->run());
    QCOMPARE(user->text(), broken); // nothing typed is lost
    // A configuration value that is not a string is named too.
    user->setText(QStringLiteral("{\"email\": \"a@example.com\"}"));
    auto *configuration = find<JsonEditor>(m_pane.get(), "configurationEditor");
    configuration->setText(QStringLiteral("{\n  \"API_URL\": 42\n}"));
    QVERIFY(!run->isEnabled());
    QVERIFY2(error->text().contains(QLatin1String("configuration, line 2"))
                 && error->text().contains(QLatin1String("API_URL")),
             qPrintable(error->text()));
    m_pane->setConfiguration(m_configuration);
    QVERIFY(run->isEnabled());
    QVERIFY(error->isHidden());
}

void TestTestPane::casesSaveRunAndExportJUnit()
{
    QTemporaryDir dir;
    QString error;
    // Two cases saved with what their runs showed as expectations.
    for (const char *profile : { "verified-email", "unverified-email" }) {
        m_pane->selectProfile(QLatin1String(profile));
        QVERIFY(runAndWait());
        QTest::mouseClick(find<QPushButton>(m_pane.get(), "expectFromRunButton"), Qt::LeftButton);
        QVERIFY2(m_pane->saveCase(dir.filePath(QLatin1String(profile) + QStringLiteral(".json")), &error),
                 qPrintable(error));
    }
    // The case file is the `rulebench-cli test` format, with no secret in it.
    auto saved = JsonFile::readObject(dir.filePath(QStringLiteral("verified-email.json")), &error);
    QVERIFY2(saved, qPrintable(error));
    QCOMPARE(saved->value(QLatin1String("rules")).toArray(),
             (QJsonArray { QStringLiteral("rules/%1.js").arg(RuleName) }));
    QCOMPARE(saved->value(QLatin1String("expect")).toObject().value(QLatin1String("outcome")).toString(),
             QStringLiteral("allowed"));
    QVERIFY(saved->value(QLatin1String("expect"))
                .toObject()
                .value(QLatin1String("id_token_claims"))
                .toObject()
                .contains(ApiResultClaim));
    QVERIFY(!saved->value(QLatin1String("configuration"))
                 .toObject()
                 .contains(QLatin1String("RULE_APP_CLIENT_SECRET")));
    QCOMPARE(
        saved->value(QLatin1String("configuration")).toObject().value(QLatin1String("API_URL")).toString(),
        QStringLiteral("${TENANT_URL}/sample-api/messages"));
    QFile raw(dir.filePath(QStringLiteral("verified-email.json")));
    QVERIFY(raw.open(QIODevice::ReadOnly));
    QVERIFY(!raw.readAll().contains(
        m_configuration.value(QLatin1String("RULE_APP_CLIENT_SECRET")).toString().toUtf8()));
    // A third case that must fail: the verified user expected to be denied.
    saved->insert(QStringLiteral("name"), QStringLiteral("wrong expectation"));
    saved->insert(QStringLiteral("expect"),
                  QJsonObject { { QStringLiteral("outcome"), QStringLiteral("denied") } });
    QFile wrong(dir.filePath(QStringLiteral("zz-wrong.json")));
    QVERIFY(wrong.open(QIODevice::WriteOnly));
    wrong.write(QJsonDocument(*saved).toJson());
    wrong.close();

    auto *panel = find<QWidget>(m_pane.get(), "casesPanel");
    auto *casesTab = find<QTabWidget>(m_pane.get(), "resultsTabWidget");
    casesTab->setCurrentWidget(panel);
    qobject_cast<CasesPanel *>(panel)->openFolder(dir.path());
    auto *table = find<QTableWidget>(panel, "casesTableWidget");
    QCOMPARE(table->rowCount(), 3);
    QTest::mouseClick(find<QPushButton>(panel, "runAllButton"), Qt::LeftButton);
    auto *summary = find<QLabel>(panel, "casesSummaryLabel");
    QTRY_VERIFY2_WITH_TIMEOUT(summary->text().contains(QLatin1String("passed")), qPrintable(summary->text()),
                              60000);
    QCOMPARE(summary->text().left(summary->text().indexOf(QLatin1String(" ("))),
             QStringLiteral("2 passed, 1 failed"));
    QCOMPARE(find<QProgressBar>(panel, "casesProgressBar")->value(), 3);
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("PASS"));
    QCOMPARE(table->item(1, 1)->text(), QStringLiteral("PASS"));
    QCOMPARE(table->item(2, 1)->text(), QStringLiteral("FAIL"));
    QVERIFY2(table->item(2, 3)->text().startsWith(QLatin1String("outcome: expected denied, got allowed")),
             qPrintable(table->item(2, 3)->text()));

    const QString junit = dir.filePath(QStringLiteral("report.xml"));
    QVERIFY2(qobject_cast<CasesPanel *>(panel)->exportJUnit(junit, &error), qPrintable(error));
    QFile xmlFile(junit);
    QVERIFY(xmlFile.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&xmlFile);
    int testcases = 0, failures = 0;
    QString suiteTests, suiteFailures;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("testsuite")) {
            suiteTests = xml.attributes().value(QLatin1String("tests")).toString();
            suiteFailures = xml.attributes().value(QLatin1String("failures")).toString();
        } else if (xml.name() == QLatin1String("testcase")) {
            ++testcases;
        } else if (xml.name() == QLatin1String("failure")) {
            ++failures;
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(suiteTests, QStringLiteral("3"));
    QCOMPARE(suiteFailures, QStringLiteral("1"));
    QCOMPARE(testcases, 3);
    QCOMPARE(failures, 1);

    // The profile matrix: every profile through the chain in one go.
    QTest::mouseClick(find<QPushButton>(panel, "runMatrixButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(find<QPushButton>(panel, "runAllButton")->isEnabled(), 60000);
    QCOMPARE(table->rowCount(), find<QListWidget>(panel, "matrixProfilesListWidget")->count());
    QStringList outcomes;
    for (int row = 0; row < table->rowCount(); ++row)
        outcomes << table->item(row, 3)->text().section(QLatin1Char(':'), 0, 0);
    QVERIFY2(outcomes.contains(QLatin1String("allowed")) && outcomes.contains(QLatin1String("denied")),
             qPrintable(outcomes.join(QLatin1Char(','))));
    screenshot(m_pane.get(), QStringLiteral("test-pane-matrix"));
}

void TestTestPane::liveLoginShowsSameClaims()
{
    // The simulated login first: its claims are what the live one must show.
    m_pane->selectProfile(QStringLiteral("verified-email"));
    QVERIFY(runAndWait());
    QVERIFY(m_pane->lastResult().idTokenClaims.contains(ApiResultClaim));

    // A test user and an application that may use the password-realm grant.
    QNetworkAccessManager network;
    ManagementClient client(&network, access(), Clock::system());
    const auto user
        = client.call("POST", QStringLiteral("/users"),
                      { { QStringLiteral("connection"), QStringLiteral("Username-Password-Authentication") },
                        { QStringLiteral("email"), QStringLiteral("live.tester@example.com") },
                        { QStringLiteral("email_verified"), true },
                        { QStringLiteral("password"), QStringLiteral("Live-Test-Passw0rd!") } });
    QVERIFY2(user.isOk() || user.error().httpStatus == 409, qPrintable(user.error().message));
    const auto app = client.call(
        "POST", QStringLiteral("/clients"),
        { { QStringLiteral("name"), QStringLiteral("Live login app") },
          { QStringLiteral("app_type"), QStringLiteral("regular_web") },
          { QStringLiteral("callbacks"), QJsonArray { QStringLiteral("http://127.0.0.1/callback") } },
          { QStringLiteral("grant_types"),
            QJsonArray { QStringLiteral("password"),
                         QStringLiteral("http://auth0.com/oauth/grant-type/password-realm"),
                         QStringLiteral("authorization_code") } } });
    QVERIFY2(app.isOk(), qPrintable(app.error().message));
    const QString clientId = app.value()[QLatin1String("client_id")].toString();
    const QString clientSecret = app.value()[QLatin1String("client_secret")].toString();

    // The pane reads the tenant again and picks the application.
    QSignalSpy loaded(m_pane.get(), &TestPane::catalogLoaded);
    QTest::mouseClick(find<QPushButton>(m_pane.get(), "reloadChainButton"), Qt::LeftButton);
    QVERIFY(loaded.wait(15000));
    auto *apps = find<QComboBox>(m_pane.get(), "applicationComboBox");
    apps->setCurrentIndex(apps->findData(clientId));
    QVERIFY(apps->currentIndex() > 0);
    auto *connections = find<QComboBox>(m_pane.get(), "connectionComboBox");
    connections->setCurrentIndex(connections->findText(QStringLiteral("Username-Password-Authentication")));

    auto *panel = find<QWidget>(m_pane.get(), "liveLoginPanel");
    find<QLineEdit>(panel, "usernameLineEdit")->setText(QStringLiteral("live.tester@example.com"));
    find<QLineEdit>(panel, "passwordLineEdit")->setText(QStringLiteral("Live-Test-Passw0rd!"));
    find<QLineEdit>(panel, "clientSecretLineEdit")->setText(clientSecret);
    QSignalSpy done(panel, SIGNAL(finished(bool)));
    QTest::mouseClick(find<QPushButton>(panel, "liveLoginButton"), Qt::LeftButton);
    QVERIFY(done.wait(60000));
    const QString status = find<QLabel>(panel, "liveStatusLabel")->text();
    if (!done.first().first().toBool()
        && (status.contains(QLatin1String("unsupported_grant_type"))
            || status.contains(QLatin1String("HTTP 404"))))
        QSKIP(qPrintable(
            QStringLiteral("the local tenant does not run password-realm logins through its rules yet "
                           "(another engineer's work in progress): %1")
                .arg(status)));
    QVERIFY2(done.first().first().toBool(), qPrintable(status));
    const QString comparison = find<QLabel>(panel, "liveComparisonLabel")->text();
    QVERIFY2(comparison.startsWith(QLatin1String("Same custom claims as the simulation: "))
                 && comparison.contains(ApiResultClaim),
             qPrintable(comparison));
    QVERIFY(find<QLabel>(find<QWidget>(panel, "liveIdTokenView"), "verificationLabel")
                ->text()
                .startsWith(QLatin1String("Signature verified")));

    // Authorization code + PKCE: the test plays the browser — it opens the login page, posts
    // the form, and follows the redirect to the pane's loopback listener.
    QUrl opened;
    qobject_cast<LiveLoginPanel *>(panel)->setUrlOpener([&](const QUrl &url) {
        opened = url;
        QNetworkReply *page = network.get(QNetworkRequest(url));
        QObject::connect(page, &QNetworkReply::finished, page, [&network, page] {
            page->deleteLater();
            const QString html = QString::fromUtf8(page->readAll());
            QUrlQuery form;
            static const QRegularExpression hidden(
                QStringLiteral("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">"));
            for (auto it = hidden.globalMatch(html); it.hasNext();) {
                const auto match = it.next();
                QString value = match.captured(2);
                value.replace(QLatin1String("&quot;"), QLatin1String("\""))
                    .replace(QLatin1String("&lt;"), QLatin1String("<"))
                    .replace(QLatin1String("&gt;"), QLatin1String(">"))
                    .replace(QLatin1String("&#39;"), QLatin1String("'"))
                    .replace(QLatin1String("&amp;"), QLatin1String("&"));
                form.addQueryItem(match.captured(1), QString::fromLatin1(QUrl::toPercentEncoding(value)));
            }
            form.addQueryItem(
                QStringLiteral("username"),
                QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("live.tester@example.com"))));
            form.addQueryItem(
                QStringLiteral("password"),
                QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("Live-Test-Passw0rd!"))));
            QNetworkRequest post(page->url().resolved(QUrl(QStringLiteral("/authorize"))));
            post.setHeader(QNetworkRequest::ContentTypeHeader,
                           QStringLiteral("application/x-www-form-urlencoded"));
            QNetworkReply *submitted
                = network.post(post, form.query(QUrl::FullyEncoded).toUtf8()); // follows the 302
            QObject::connect(submitted, &QNetworkReply::finished, submitted, &QObject::deleteLater);
        });
        return true;
    });
    done.clear();
    QTest::mouseClick(find<QPushButton>(panel, "browserLoginButton"), Qt::LeftButton);
    QVERIFY(done.wait(60000));
    QVERIFY2(done.first().first().toBool(), qPrintable(find<QLabel>(panel, "liveStatusLabel")->text()));
    const QUrlQuery sent(opened);
    QCOMPARE(sent.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    QVERIFY(sent.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded)
                .startsWith(QLatin1String("http://127.0.0.1:")));
    QVERIFY(find<QLabel>(panel, "liveComparisonLabel")
                ->text()
                .startsWith(QLatin1String("Same custom claims as the simulation: ")));
    find<QTabWidget>(m_pane.get(), "resultsTabWidget")->setCurrentWidget(panel);
    screenshot(m_pane.get(), QStringLiteral("test-pane-live"));
}

void TestTestPane::openFromWizardFillsTheConfiguration()
{
    // What "Open in test pane" hands over: the applied plan, and the application's secret in
    // the keychain (here a session store) under the wizard's key.
    QStringList problems;
    const SetupPlan plan = SetupPlan::fromJson(
        PlanConfiguration::substitute(m_plan, m_tenant->baseUrl(), access().domain()).toObject(), QString(),
        &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    MemorySecretStore secrets;
    const QString clientId = m_configuration.value(QLatin1String("RULE_APP_CLIENT_ID")).toString();
    const QString secret = m_configuration.value(QLatin1String("RULE_APP_CLIENT_SECRET")).toString();
    QVERIFY(secrets
                .writeAndWait(SecretKeys::clientSecret(access().domain(), clientId),
                              SecretBytes::fromUtf8(secret.toUtf8()))
                .isOk());
    m_pane->setConfiguration({});
    m_pane->setSecretStore(&secrets);
    m_pane->openFromWizard(RuleName, plan);

    auto *configuration = find<JsonEditor>(m_pane.get(), "configurationEditor");
    QTRY_COMPARE(configuration->object().value(QLatin1String("RULE_APP_CLIENT_SECRET")).toString(), secret);
    QCOMPARE(configuration->object().value(QLatin1String("RULE_APP_CLIENT_ID")).toString(), clientId);
    QCOMPARE(configuration->object().value(QLatin1String("API_URL")).toString(),
             m_tenant->baseUrl() + QStringLiteral("/sample-api/messages"));
    QCOMPARE(configuration->object().value(QLatin1String("API_AUDIENCE")).toString(), m_apiIdentifier);
    QCOMPARE(find<ChainList>(m_pane.get(), "chainListWidget")->currentRow(), 0);
    m_pane->selectProfile(QStringLiteral("verified-email"));
    QVERIFY(runAndWait());
    QCOMPARE(m_pane->lastResult().outcome, QStringLiteral("allowed"));
    QVERIFY(m_pane->lastResult().idTokenClaims.contains(ApiResultClaim));
    m_pane->setSecretStore(nullptr);
}

void TestTestPane::reorderedChainAndUserChanges()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("add-roles.js"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("function addRoles(user, context, callback) {\n"
               "  user.app_metadata = user.app_metadata || {};\n"
               "  user.app_metadata.roles = ['admin'];\n"
               "  console.log('roles for ' + user.email);\n"
               "  auth0.users.updateAppMetadata(user.user_id, user.app_metadata)\n"
               "    .then(() => callback(null, user, context))\n"
               "    .catch((err) => callback(err));\n"
               "}\n");
    file.close();
    QString error;
    QVERIFY2(m_pane->addRuleFromFile(path, &error), qPrintable(error));
    // Alt+Up moves the added rule before the tenant's: only this run's order changes.
    auto *chain = find<ChainList>(m_pane.get(), "chainListWidget");
    QCOMPARE(chain->currentRow(), 1);
    chain->setFocus();
    QTest::keyClick(chain, Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(chain->currentRow(), 0);
    QCOMPARE(chain->chain().rules.first().name, QStringLiteral("add-roles"));
    m_pane->selectProfile(QStringLiteral("verified-email"));
    QVERIFY(runAndWait());
    auto *timeline = find<TimelineView>(m_pane.get(), "timelineView");
    QCOMPARE(timeline->stepCount(), 2);
    QCOMPARE(timeline->step(0).rule.name, QStringLiteral("add-roles"));
    QCOMPARE(timeline->step(1).rule.name, RuleName);
    QVERIFY(timeline->step(1).startMs >= timeline->step(0).rule.durationMs);
    QCOMPARE(find<QPlainTextEdit>(m_pane.get(), "consoleTextEdit")->toPlainText(),
             QStringLiteral("roles for jane.doe@example.com"));

    auto *diff = find<QTreeWidget>(m_pane.get(), "userDiffTreeWidget");
    QTreeWidgetItem *roles = findRow(diff, 0, QStringLiteral("app_metadata.roles"));
    QVERIFY(roles);
    QCOMPARE(roles->text(1), QStringLiteral("added"));
    QCOMPARE(roles->text(3), QStringLiteral("[\"admin\"]"));
    QVERIFY(!findRow(diff, 0, QStringLiteral("app_metadata.plan"))); // unchanged fields are not listed
    const QString updates = find<QPlainTextEdit>(m_pane.get(), "metadataTextEdit")->toPlainText();
    QVERIFY2(updates.contains(QLatin1String("\"roles\""))
                 && updates.contains(QLatin1String("auth0|64f0c0ffee0000000000a001")),
             qPrintable(updates));
    find<QTabWidget>(m_pane.get(), "resultsTabWidget")
        ->setCurrentWidget(find<QWidget>(m_pane.get(), "userChangesTab"));
    screenshot(m_pane.get(), QStringLiteral("test-pane-user-changes"));
}

void TestTestPane::actionsFromTenantWithoutRules()
{
    // A tenant past Rules' end of life: the plan makes a post-login Action and binds it, and the
    // pane's chain is that Action, read from the bindings.
    QString error;
    LocalTenant::Options options;
    options.rulesAvailable = false;
    auto tenant = LocalTenant::start(options, &error);
    QVERIFY2(tenant, qPrintable(error));
    ManagementAccess access;
    access.baseUrl = QUrl(tenant->baseUrl());
    access.clientId = tenant->managementCredentials().clientId;
    access.clientSecret = SecretBytes::fromUtf8(tenant->managementCredentials().clientSecret.toUtf8());
    QJsonObject plan = m_plan;
    QJsonObject rule = plan.value(QLatin1String("rule")).toObject();
    rule.insert(QStringLiteral("kind"), QStringLiteral("action"));
    plan.insert(QStringLiteral("rule"), rule);
    QTemporaryDir dir;
    QFile planFile(dir.filePath(QStringLiteral("plan.json")));
    QVERIFY(planFile.open(QIODevice::WriteOnly));
    planFile.write(QJsonDocument(plan).toJson());
    planFile.close();
    auto configuration = PlanConfiguration::apply(planFile.fileName(), access, &error);
    QVERIFY2(configuration, qPrintable(error));
    configuration->insert(QStringLiteral("AUTH0_DOMAIN"), access.domain()); // Actions have no auth0.domain

    TestPane pane(*m_host);
    TestPane::Tenant target;
    target.name = QStringLiteral("Local tenant without Rules");
    target.access = access;
    target.local = true;
    target.signer = std::make_shared<TenantTokenSigner>(tenant->tenant());
    pane.setTenant(target);
    pane.show();
    QTRY_VERIFY_WITH_TIMEOUT(pane.isCatalogLoaded(), 15000);
    auto *chain = find<ChainList>(&pane, "chainListWidget");
    QCOMPARE(chain->count(), 1);
    QCOMPARE(chain->chain().rules.first().kind, QStringLiteral("action"));
    QVERIFY(chain->chain().rules.first().source.contains(QLatin1String("exports.onExecutePostLogin")));
    QVERIFY(chain->item(0)->text().endsWith(QLatin1String("(Action)")));
    pane.setConfiguration(*configuration); // the Action reads them as event.secrets
    pane.selectProfile(QStringLiteral("verified-email"));
    QSignalSpy finished(&pane, &TestPane::runFinished);
    QVERIFY(pane.run());
    QVERIFY(finished.wait(30000));
    QVERIFY2(pane.lastResult().isAllowed(), qPrintable(pane.lastResult().errorDescription));
    QCOMPARE(find<TimelineView>(&pane, "timelineView")->step(0).rule.kind, QStringLiteral("action"));
    QTreeWidgetItem *claim = findRow(
        find<QTreeWidget>(find<QWidget>(&pane, "idTokenView"), "claimsTreeWidget"), 0, ApiResultClaim);
    QVERIFY(claim);
    QCOMPARE(claim->text(1), QStringLiteral("Hello from the sample API"));
    QVERIFY2(claim->text(2).startsWith(QStringLiteral("Action %1, line ").arg(RuleName)),
             qPrintable(claim->text(2)));
    QVERIFY(find<QLabel>(find<QWidget>(&pane, "idTokenView"), "verificationLabel")
                ->text()
                .startsWith(QLatin1String("Signature verified against the tenant's JWKS")));
}

void TestTestPane::shippedSampleCasesPass()
{
    // The cases `rulebench-cli test` runs in ctest rules_samples, run from the pane: a rule and
    // an Action whose setup plan the pane applies first (on the worker thread), a denial, and
    // the seed example's findings.
    m_pane->setConfiguration({});
    auto *panel = qobject_cast<CasesPanel *>(find<QWidget>(m_pane.get(), "casesPanel"));
    panel->openFolder(QStringLiteral(RULEBENCH_SOURCE_DIR "/resources/samples"));
    auto *table = find<QTableWidget>(panel, "casesTableWidget");
    QCOMPARE(table->rowCount(), 4);
    QTest::mouseClick(find<QPushButton>(panel, "runAllButton"), Qt::LeftButton);
    auto *summary = find<QLabel>(panel, "casesSummaryLabel");
    QTRY_VERIFY2_WITH_TIMEOUT(summary->text().contains(QLatin1String("passed")), qPrintable(summary->text()),
                              90000);
    QStringList failures;
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 1)->text() != QLatin1String("PASS"))
            failures << table->item(row, 0)->text() + QStringLiteral(": ") + table->item(row, 3)->text();
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    QVERIFY(summary->text().startsWith(QLatin1String("4 passed, 0 failed")));
}

QTEST_MAIN(TestTestPane)
#include "tst_testpane.moc"
