// SPDX-License-Identifier: MIT
// The main window reaches the test pane: Ctrl+T (and the Tools menu action) opens it on the
// selected tenant — the embedded local tenant here — with the tenant's chain loaded.
#include "LocalTenantService.h"
#include "MainWindow.h"
#include "secrets/MemorySecretStore.h"
#include "testpane/ChainList.h"
#include "testpane/JsonEditor.h"
#include "testpane/TestPane.h"
#include "wizard/SetupWizard.h"
#include "WizardDriver.h"

#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

class TestMainWindowTestPane : public QObject
{
    Q_OBJECT

private slots:
    void ctrlTOpensThePaneOnTheLocalTenant();
    void wizardOpensThePaneReadyToRun();
};

void TestMainWindowTestPane::ctrlTOpensThePaneOnTheLocalTenant()
{
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    MemorySecretStore secrets;
    LocalTenantService localTenant;
    MainWindow window(&localTenant, &secrets, ProfileStore(dir.filePath(QStringLiteral("profiles.json"))));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy started(&localTenant, &LocalTenantService::started);
    localTenant.start(dir.filePath(QStringLiteral("tenant.sqlite")), &secrets);
    QVERIFY(started.wait(30000));

    auto *action = window.findChild<QAction *>(QStringLiteral("testPaneAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_T));
    QVERIFY(!window.testPane());
    window.activateWindow();
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
    QTRY_VERIFY(window.testPane() && window.testPane()->isVisible());
    TestPane *pane = window.testPane();
    QCOMPARE(pane->windowTitle(), QStringLiteral("Test pane — Local tenant"));
    QTRY_VERIFY_WITH_TIMEOUT(pane->isCatalogLoaded(), 15000);
    // A fresh local tenant has no rules yet: the chain says so instead of staying blank.
    QCOMPARE(pane->findChild<ChainList *>(QStringLiteral("chainListWidget"))->count(), 0);
    QVERIFY(pane->findChild<QLabel *>(QStringLiteral("runStatusLabel"))
                ->text()
                .contains(QLatin1String("no rules")));
    // A login signed by the local tenant's own key: it verifies against the tenant's JWKS.
    QTemporaryDir rules;
    QFile rule(rules.filePath(QStringLiteral("greet.js")));
    QVERIFY(rule.open(QIODevice::WriteOnly));
    rule.write("function greet(user, context, callback) {\n"
               "  context.idToken['https://rulebench.example/greeting'] = 'hello ' + user.name;\n"
               "  callback(null, user, context);\n"
               "}\n");
    rule.close();
    QString error;
    QVERIFY2(pane->addRuleFromFile(rule.fileName(), &error), qPrintable(error));
    QSignalSpy finished(pane, &TestPane::runFinished);
    QVERIFY(pane->run());
    QVERIFY(finished.wait(30000));
    QCOMPARE(pane->lastResult().outcome, QStringLiteral("allowed"));
    auto *verification = pane->findChild<QWidget *>(QStringLiteral("idTokenView"))
                             ->findChild<QLabel *>(QStringLiteral("verificationLabel"));
    QTRY_VERIFY2(
        verification->text().startsWith(QLatin1String("Signature verified against the tenant's JWKS")),
        qPrintable(verification->text()));
    // The same pane comes back on the next Ctrl+T, with the chain as it was.
    window.activateWindow();
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
    QCOMPARE(window.testPane(), pane);
    QCOMPARE(pane->findChild<ChainList *>(QStringLiteral("chainListWidget"))->count(), 1); // nothing lost
}

void TestMainWindowTestPane::wizardOpensThePaneReadyToRun()
{
    // The whole journey: the setup wizard on the local tenant with its defaults, then "Open in
    // test pane": the pane shows the new rule with its configuration (the client secret from the
    // secret store the wizard wrote it to), and a login through it reaches the sample API.
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    MemorySecretStore secrets;
    LocalTenantService localTenant;
    MainWindow window(&localTenant, &secrets, ProfileStore(dir.filePath(QStringLiteral("profiles.json"))));
    window.show();
    QSignalSpy started(&localTenant, &LocalTenantService::started);
    localTenant.start(dir.filePath(QStringLiteral("tenant.sqlite")), &secrets);
    QVERIFY(started.wait(30000));

    window.openSetupWizard();
    SetupWizard *wizard = nullptr;
    QTRY_VERIFY((wizard = window.findChild<SetupWizard *>()) && wizard->isVisible());
    for (int page = SetupWizard::ApiPageId; page < SetupWizard::ApplyPageId; ++page) {
        QTRY_VERIFY2(wizard->button(QWizard::NextButton)->isEnabled(),
                     qPrintable(QStringLiteral("page %1").arg(page)));
        wizard->next();
    }
    QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::FinishButton)->isEnabled(), 30000);
    const QString ruleName = wizard->plan().rule.name;
    auto *open = wizard->findChild<QPushButton *>(QStringLiteral("openTestPaneButton"));
    QVERIFY(open->isVisible());
    QTest::mouseClick(open, Qt::LeftButton);

    QTRY_VERIFY(window.testPane() && window.testPane()->isVisible());
    TestPane *pane = window.testPane();
    QTRY_VERIFY_WITH_TIMEOUT(pane->isCatalogLoaded(), 15000);
    auto *chain = pane->findChild<ChainList *>(QStringLiteral("chainListWidget"));
    QCOMPARE(chain->currentRow(), chain->rowOf(ruleName));
    auto *configuration = pane->findChild<JsonEditor *>(QStringLiteral("configurationEditor"));
    QTRY_VERIFY2(!configuration->object().value(QLatin1String("RULE_APP_CLIENT_SECRET")).toString().isEmpty(),
                 qPrintable(configuration->text()));
    QVERIFY(configuration->object()
                .value(QLatin1String("API_URL"))
                .toString()
                .endsWith(QLatin1String("/sample-api/messages")));

    pane->selectProfile(QStringLiteral("verified-email"));
    QSignalSpy finished(pane, &TestPane::runFinished);
    QVERIFY(pane->run());
    QVERIFY(finished.wait(30000));
    QVERIFY2(pane->lastResult().isAllowed(), qPrintable(pane->lastResult().errorDescription));
    QCOMPARE(pane->lastResult()
                 .idTokenClaims.value(QLatin1String("https://rulebench.example/api_result"))
                 .toString(),
             QStringLiteral("Hello from the sample API"));

    // Back in the main window, the overview shows what the wizard made (for the README's picture).
    window.activateWindow();
    auto *overview = window.findChild<QTreeWidget *>();
    QVERIFY(overview);
    QTRY_VERIFY_WITH_TIMEOUT(!overview->findItems(QStringLiteral("Rules (1)"), Qt::MatchExactly).isEmpty(), 15000);
    overview->expandAll();
    WizardDriver::screenshot(&window, QStringLiteral("main-window"));
}

QTEST_MAIN(TestMainWindowTestPane)
#include "tst_mainwindow_testpane.moc"
