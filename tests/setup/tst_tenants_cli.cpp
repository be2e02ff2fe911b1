// SPDX-License-Identifier: MIT
// `rulebench-cli tenants`: add, list, test, use with apply, remove, against
// `rulebench-cli serve`. The secret goes to the keychain and never into the profile file;
// without a keychain nothing is saved at all; bad input names the option.
#include "CliRunner.h"
#include "KeychainProbe.h"
#include "SecretScan.h"
#include "ServedTenant.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class TenantsCliTest : public QObject
{
    Q_OBJECT

private slots:
    void addListTestApplyRemove_data();
    void addListTestApplyRemove();
    void withoutKeychainNothingIsSaved();
    void badInputNamesTheOption_data();
    void badInputNamesTheOption();
    void unreachableTenantExits5();
};

namespace {

#define SKIP_WITHOUT_KEYCHAIN()                                                                          \
    do {                                                                                                 \
        if (const QString why_ = KeychainProbe::unavailableReason(); !why_.isEmpty())                    \
            QSKIP(qPrintable(why_));                                                                     \
    } while (false)

QStringList idsListed(const CliRun &run)
{
    QStringList ids;
    for (const QJsonValue &tenant : run.json().value(QLatin1String("tenants")).toArray())
        ids << tenant.toObject().value(QLatin1String("id")).toString();
    return ids;
}

QString profileFile(const ServedTenant &served)
{
    return served.folders().config + QStringLiteral("/rulebench/rulebench/tenants.json");
}

} // namespace

void TenantsCliTest::addListTestApplyRemove_data()
{
    QTest::addColumn<bool>("token"); // a pasted Management API token instead of client credentials
    QTest::newRow("client credentials") << false;
    QTest::newRow("token") << true;
}

void TenantsCliTest::addListTestApplyRemove()
{
    QFETCH(bool, token);
    SKIP_WITHOUT_KEYCHAIN();
    SERVED(served);
    QProcessEnvironment environment = served.environment();
    QByteArray secret = served.serve().clientSecret();
    QStringList add{QStringLiteral("tenants"), QStringLiteral("add"), QStringLiteral("Dev Tenant"), QStringLiteral("--domain"),
                    served.serve().baseUrl()};
    if (token) {
        const auto answer = served.tenant().requestToken(served.serve().clientId(), secret, served.serve().baseUrl() + QStringLiteral("/api/v2/"));
        QCOMPARE(answer.status, 200);
        secret = QJsonDocument::fromJson(answer.body).object().value(QLatin1String("access_token")).toString().toUtf8();
        environment.insert(QStringLiteral("MGMT_TOKEN"), QString::fromUtf8(secret));
        add << QStringLiteral("--token-env") << QStringLiteral("MGMT_TOKEN");
    } else {
        add << QStringLiteral("--client-id") << served.serve().clientId() << QStringLiteral("--client-secret-env") << ServedTenant::secretVariable();
    }
    const QString entry = token ? QStringLiteral("tenant/dev-tenant/management-token") : QStringLiteral("tenant/dev-tenant/management-client-secret");

    const CliRun added = runCli(add, environment);
    QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
    QVERIFY2(added.out.contains(entry.toUtf8()), qPrintable(added.describe()));
    QString error;
    const auto stored = KeychainProbe::lookup(entry, &error);
    QVERIFY2(stored, qPrintable(error));
    QCOMPARE(stored->secret, secret);
    // The profile is saved, without the secret in any form.
    QVERIFY(QFile::exists(profileFile(served)));
    const SecretScan scan = SecretScan::run(served.folders().all(), secret);
    QVERIFY(scan.scannedFiles.contains(profileFile(served)));
    QVERIFY2(scan.hits.isEmpty(), qPrintable(SecretScan::describe(scan.hits)));

    const CliRun listed = runCli({QStringLiteral("tenants"), QStringLiteral("list"), QStringLiteral("--json")}, environment);
    QVERIFY2(listed.exitCode == 0, qPrintable(listed.describe()));
    QCOMPARE(idsListed(listed), (QStringList{QStringLiteral("local"), QStringLiteral("dev-tenant")}));

    const CliRun tested = runCli({QStringLiteral("tenants"), QStringLiteral("test"), QStringLiteral("dev-tenant"), QStringLiteral("--json")}, environment);
    QVERIFY2(tested.exitCode == 0, qPrintable(tested.describe()));
    QCOMPARE(tested.json().value(QLatin1String("reachable")).toBool(), true);
    QCOMPARE(tested.json().value(QLatin1String("rules_accepted")).toBool(), true);
    QCOMPARE(tested.json().value(QLatin1String("steps_blocked")).toArray(), QJsonArray());

    // apply --tenant NAME takes the saved tenant, its secret from the keychain.
    const CliRun applied = runCli({QStringLiteral("apply"), served.planPath(), QStringLiteral("--tenant"), QStringLiteral("Dev Tenant"),
                                   QStringLiteral("--no-keychain"), QStringLiteral("--json")},
                                  served.folders().environment());
    QVERIFY2(applied.exitCode == 0, qPrintable(applied.describe()));
    QCOMPARE(applied.json().value(QLatin1String("ok")).toBool(), true);

    const CliRun removed = runCli({QStringLiteral("tenants"), QStringLiteral("remove"), QStringLiteral("dev-tenant")}, environment);
    QVERIFY2(removed.exitCode == 0, qPrintable(removed.describe()));
    QVERIFY(!KeychainProbe::lookup(entry));
    QCOMPARE(idsListed(runCli({QStringLiteral("tenants"), QStringLiteral("list"), QStringLiteral("--json")}, environment)),
             QStringList{QStringLiteral("local")});
    const CliRun gone = runCli({QStringLiteral("tenants"), QStringLiteral("test"), QStringLiteral("dev-tenant")}, environment);
    QCOMPARE(gone.exitCode, 2);
    QVERIFY2(gone.err.contains("no tenant called \"dev-tenant\""), qPrintable(gone.describe()));
}

void TenantsCliTest::withoutKeychainNothingIsSaved()
{
    ServedTenant unused;
    QTemporaryDir runtime;
    QProcessEnvironment environment = unused.folders().environment();
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=") + runtime.filePath(QStringLiteral("no-bus")));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
    environment.remove(QStringLiteral("DISPLAY"));
    environment.insert(QStringLiteral("MGMT"), QStringLiteral("a-management-secret-that-must-not-be-written"));
    const CliRun added = runCli({QStringLiteral("tenants"), QStringLiteral("add"), QStringLiteral("acme"), QStringLiteral("--domain"),
                                 QStringLiteral("acme.eu.auth0.com"), QStringLiteral("--client-id"), QStringLiteral("abc"),
                                 QStringLiteral("--client-secret-env"), QStringLiteral("MGMT")},
                                environment);
    QCOMPARE(added.exitCode, 1);
    QVERIFY2(added.err.contains("no keychain is reachable"), qPrintable(added.describe()));
    QVERIFY(!QFile::exists(profileFile(unused)));
    const SecretScan scan = SecretScan::run(unused.folders().all(), "a-management-secret-that-must-not-be-written");
    QVERIFY2(scan.hits.isEmpty(), qPrintable(SecretScan::describe(scan.hits)));
}

void TenantsCliTest::badInputNamesTheOption_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("says");
    const QStringList add{QStringLiteral("tenants"), QStringLiteral("add"), QStringLiteral("acme")};
    QTest::newRow("no client id") << add + QStringList{QStringLiteral("--domain"), QStringLiteral("acme.eu.auth0.com"),
                                                       QStringLiteral("--client-secret-env"), QStringLiteral("MGMT")}
                                  << QStringLiteral("--client-id");
    QTest::newRow("empty secret variable") << add + QStringList{QStringLiteral("--domain"), QStringLiteral("acme.eu.auth0.com"),
                                                                QStringLiteral("--client-id"), QStringLiteral("abc"),
                                                                QStringLiteral("--client-secret-env"), QStringLiteral("UNSET_VARIABLE")}
                                           << QStringLiteral("--client-secret-env");
    QTest::newRow("plain http to a remote host") << add + QStringList{QStringLiteral("--domain"), QStringLiteral("http://acme.example"),
                                                                      QStringLiteral("--client-id"), QStringLiteral("abc"),
                                                                      QStringLiteral("--client-secret-env"), QStringLiteral("MGMT")}
                                                 << QStringLiteral("--domain");
    QTest::newRow("no name") << QStringList{QStringLiteral("tenants"), QStringLiteral("remove")} << QStringLiteral("NAME");
    QTest::newRow("unknown tenant") << QStringList{QStringLiteral("tenants"), QStringLiteral("test"), QStringLiteral("nobody")}
                                    << QStringLiteral("no tenant called");
    QTest::newRow("unknown action") << QStringList{QStringLiteral("tenants"), QStringLiteral("rename"), QStringLiteral("acme")}
                                    << QStringLiteral("unknown action");
}

void TenantsCliTest::badInputNamesTheOption()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, says);
    ServedTenant unused;
    QProcessEnvironment environment = unused.folders().environment();
    environment.insert(QStringLiteral("MGMT"), QStringLiteral("secret"));
    environment.remove(QStringLiteral("UNSET_VARIABLE"));
    const CliRun run = runCli(arguments, environment);
    QVERIFY2(run.exitCode == 2, qPrintable(run.describe()));
    QVERIFY2(run.err.contains(says.toUtf8()), qPrintable(run.describe()));
    QVERIFY(!QFile::exists(profileFile(unused)));
}

void TenantsCliTest::unreachableTenantExits5()
{
    SKIP_WITHOUT_KEYCHAIN();
    ServedTenant unused;
    QString url;
    {
        CountingServer closed; // its port, once the server is gone, refuses connections
        url = closed.baseUrl();
    }
    QProcessEnvironment environment = unused.folders().environment();
    environment.insert(QStringLiteral("MGMT"), QStringLiteral("secret"));
    const CliRun added = runCli({QStringLiteral("tenants"), QStringLiteral("add"), QStringLiteral("gone"), QStringLiteral("--domain"), url,
                                 QStringLiteral("--client-id"), QStringLiteral("abc"), QStringLiteral("--client-secret-env"), QStringLiteral("MGMT")},
                                environment);
    QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
    const CliRun tested = runCli({QStringLiteral("tenants"), QStringLiteral("test"), QStringLiteral("gone")}, environment, 120000);
    QVERIFY2(tested.exitCode == 5, qPrintable(tested.describe()));
    QVERIFY2(tested.err.contains("getting a Management API token from " + QUrl(url).authority().toUtf8()), qPrintable(tested.describe()));
    QVERIFY(runCli({QStringLiteral("tenants"), QStringLiteral("remove"), QStringLiteral("gone")}, environment).exitCode == 0);
}

QTEST_GUILESS_MAIN(TenantsCliTest)
#include "tst_tenants_cli.moc"
