// SPDX-License-Identifier: MIT
// Bad input on every wizard page: an inline message on the field and Next disabled.
#include "WizardDriver.h"

#include "secrets/MemorySecretStore.h"

#include <QLabel>
#include <QListWidget>
#include <QTableWidget>
#include <QtTest>

using namespace WizardDriver;

class TestWizardValidation : public QObject
{
    Q_OBJECT

private slots:
    void apiPage_data();
    void apiPage();
    void permissionsPage_data();
    void permissionsPage();
    void applicationPage_data();
    void applicationPage();
    void authorizationPage();
    void rulePage_data();
    void rulePage();
    void secretsPage_data();
    void secretsPage();

private:
    std::unique_ptr<SetupWizard> wizardAt(SetupWizard::PageId page);
    MemorySecretStore m_secrets;
};

std::unique_ptr<SetupWizard> TestWizardValidation::wizardAt(SetupWizard::PageId page)
{
    SetupWizard::TenantContext context;
    context.access.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1")); // never called: nothing is applied here
    context.sampleApiUrl = QStringLiteral("http://127.0.0.1:1/sample-api/messages");
    auto wizard = std::make_unique<SetupWizard>(context, &m_secrets);
    wizard->show();
    while (wizard->currentId() != page) {
        if (!nextEnabled(wizard.get()))
            qFatal("page %d is not valid with its defaults", wizard->currentId());
        wizard->next();
    }
    return wizard;
}

void TestWizardValidation::apiPage_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("errorLabel");
    QTest::addColumn<QString>("expected");
    QTest::newRow("identifier empty") << "apiIdentifierLineEdit" << "" << "apiIdentifierErrorLabel" << "Enter the API's identifier";
    QTest::newRow("identifier not a URI") << "apiIdentifierLineEdit" << "orders api" << "apiIdentifierErrorLabel" << "is not a URI";
    QTest::newRow("identifier without host") << "apiIdentifierLineEdit" << "https://" << "apiIdentifierErrorLabel" << "is not a URI";
    QTest::newRow("identifier too long") << "apiIdentifierLineEdit" << QStringLiteral("https://a.example/") + QString(600, QLatin1Char('x'))
                                         << "apiIdentifierErrorLabel" << "At most 600";
    QTest::newRow("name empty") << "apiNameLineEdit" << "" << "apiNameErrorLabel" << "Enter a name";
    QTest::newRow("name with <") << "apiNameLineEdit" << "Orders <API>" << "apiNameErrorLabel" << "cannot contain";
}

void TestWizardValidation::apiPage()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, errorLabel);
    QFETCH(QString, expected);
    auto wizard = wizardAt(SetupWizard::ApiPageId);
    QVERIFY(nextEnabled(wizard.get()));
    find<QLineEdit>(wizard.get(), qPrintable(field))->setText(value);
    QVERIFY(find<QLabel>(wizard.get(), qPrintable(errorLabel))->text().contains(expected));
    QVERIFY(!nextEnabled(wizard.get()));
    if (QTest::currentDataTag() == QByteArray("identifier not a URI"))
        screenshot(wizard.get(), QStringLiteral("wizard-1-api-invalid"));
}

void TestWizardValidation::permissionsPage_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("space") << "read messages" << "is not a permission";
    QTest::newRow("empty") << "" << "Enter a permission";
    QTest::newRow("quote") << "read:\"x\"" << "is not a permission";
    QTest::newRow("duplicate") << "read:messages" << "listed twice";
}

void TestWizardValidation::permissionsPage()
{
    QFETCH(QString, value);
    QFETCH(QString, expected);
    auto wizard = wizardAt(SetupWizard::PermissionsPageId);
    QVERIFY(nextEnabled(wizard.get()));
    auto *table = find<QTableWidget>(wizard.get(), "scopesTableWidget");
    QTest::mouseClick(find<QPushButton>(wizard.get(), "addScopeButton"), Qt::LeftButton);
    table->item(table->rowCount() - 1, 0)->setText(value);
    auto *error = find<QLabel>(wizard.get(), "scopesErrorLabel");
    QVERIFY2(error->text().contains(expected), qPrintable(error->text()));
    QVERIFY(error->text().startsWith(QLatin1String("Row 2")));
    QVERIFY(!table->item(1, 0)->toolTip().isEmpty());
    QVERIFY(!nextEnabled(wizard.get()));
    // Removing the bad row makes the page valid again.
    table->setCurrentCell(1, 0);
    QTest::mouseClick(find<QPushButton>(wizard.get(), "removeScopeButton"), Qt::LeftButton);
    QVERIFY(nextEnabled(wizard.get()));
}

void TestWizardValidation::applicationPage_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << "" << "Enter a name";
    QTest::newRow("blank") << "   " << "Enter a name";
    QTest::newRow("angle brackets") << "<script>" << "cannot contain";
}

void TestWizardValidation::applicationPage()
{
    QFETCH(QString, value);
    QFETCH(QString, expected);
    auto wizard = wizardAt(SetupWizard::ApplicationPageId);
    find<QLineEdit>(wizard.get(), "applicationNameLineEdit")->setText(value);
    QVERIFY(find<QLabel>(wizard.get(), "applicationNameErrorLabel")->text().contains(expected));
    QVERIFY(!nextEnabled(wizard.get()));
}

void TestWizardValidation::authorizationPage()
{
    auto wizard = wizardAt(SetupWizard::AuthorizationPageId);
    auto *list = find<QListWidget>(wizard.get(), "grantScopesListWidget");
    QVERIFY(list->count() > 0);
    for (int row = 0; row < list->count(); ++row)
        list->item(row)->setCheckState(Qt::Unchecked);
    QVERIFY(find<QLabel>(wizard.get(), "grantErrorLabel")->text().contains(QLatin1String("at least one")));
    QVERIFY(!nextEnabled(wizard.get()));
    list->item(0)->setCheckState(Qt::Checked);
    QVERIFY(nextEnabled(wizard.get()));
}

void TestWizardValidation::rulePage_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("empty") << "";
    QTest::newRow("leading hyphen") << "-call";
    QTest::newRow("trailing space") << "call ";
    QTest::newRow("underscore") << "call_api";
}

void TestWizardValidation::rulePage()
{
    QFETCH(QString, value);
    auto wizard = wizardAt(SetupWizard::RulePageId);
    find<QLineEdit>(wizard.get(), "ruleNameLineEdit")->setText(value);
    QVERIFY(!find<QLabel>(wizard.get(), "ruleNameErrorLabel")->text().isEmpty());
    QVERIFY(!nextEnabled(wizard.get()));
}

void TestWizardValidation::secretsPage_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("errorLabel");
    QTest::newRow("client id key with space") << "clientIdKeyLineEdit" << "CLIENT ID" << "clientIdKeyErrorLabel";
    QTest::newRow("client id key empty") << "clientIdKeyLineEdit" << "" << "clientIdKeyErrorLabel";
    QTest::newRow("secret key same as id key") << "clientSecretKeyLineEdit" << "RULE_APP_CLIENT_ID" << "clientSecretKeyErrorLabel";
}

void TestWizardValidation::secretsPage()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, errorLabel);
    auto wizard = wizardAt(SetupWizard::SecretsPageId);
    QVERIFY(nextEnabled(wizard.get()));
    find<QLineEdit>(wizard.get(), qPrintable(field))->setText(value);
    QVERIFY(!find<QLabel>(wizard.get(), qPrintable(errorLabel))->text().isEmpty());
    QVERIFY(!nextEnabled(wizard.get()));

    // An extra value the code reads, left empty, is named under the table.
    find<QLineEdit>(wizard.get(), qPrintable(field))->setText(field == QLatin1String("clientIdKeyLineEdit") ? QStringLiteral("RULE_APP_CLIENT_ID")
                                                                                                          : QStringLiteral("RULE_APP_CLIENT_SECRET"));
    QVERIFY(nextEnabled(wizard.get()));
    auto *table = find<QTableWidget>(wizard.get(), "extraTableWidget");
    table->item(0, 1)->setText(QString());
    QVERIFY(find<QLabel>(wizard.get(), "extraErrorLabel")->text().contains(QLatin1String("has no value")));
    QVERIFY(!nextEnabled(wizard.get()));
}

QTEST_MAIN(TestWizardValidation)
#include "tst_wizardvalidation.moc"
