// SPDX-License-Identifier: MIT
// TenantAddress: what a user types for a tenant, turned into a base URL (HTTPS except loopback).
#include "net/TenantAddress.h"

#include <QTest>

class tst_TenantAddress : public QObject
{
    Q_OBJECT

private slots:
    void accepts_data();
    void accepts();
    void rejects_data();
    void rejects();
    void loopback_data();
    void loopback();
};

void tst_TenantAddress::accepts_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("baseUrl");
    QTest::newRow("domain") << "acme.eu.auth0.com" << "https://acme.eu.auth0.com";
    QTest::newRow("domain with spaces around") << "  acme.eu.auth0.com \t" << "https://acme.eu.auth0.com";
    QTest::newRow("https URL with slash") << "https://acme.eu.auth0.com/" << "https://acme.eu.auth0.com";
    QTest::newRow("upper case") << "HTTPS://ACME.eu.Auth0.com" << "https://acme.eu.auth0.com";
    QTest::newRow("custom domain with port") << "login.example.com:8443" << "https://login.example.com:8443";
    QTest::newRow("loopback with port") << "127.0.0.1:4321" << "http://127.0.0.1:4321";
    QTest::newRow("loopback, slash") << "127.0.0.1:4321/" << "http://127.0.0.1:4321";
    QTest::newRow("localhost") << "localhost:4321" << "http://localhost:4321";
    QTest::newRow("IPv6 loopback") << "[::1]:4321" << "http://[::1]:4321";
    QTest::newRow("explicit http to loopback") << "http://127.0.0.1:4321" << "http://127.0.0.1:4321";
    QTest::newRow("explicit https to loopback stays https") << "https://127.0.0.1:4321" << "https://127.0.0.1:4321";
}

void tst_TenantAddress::accepts()
{
    QFETCH(QString, input);
    QFETCH(QString, baseUrl);
    QString error;
    const QUrl url = TenantAddress::baseUrl(input, &error);
    QVERIFY2(url.isValid(), qPrintable(error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(url.toString(), baseUrl);
    // What the clients build on it: the token endpoint of that tenant.
    QCOMPARE(url.resolved(QUrl(QStringLiteral("/oauth/token"))).toString(), baseUrl + QStringLiteral("/oauth/token"));
}

void tst_TenantAddress::rejects_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("messageContains");
    QTest::newRow("empty") << "" << "enter a domain";
    QTest::newRow("blank") << "   " << "enter a domain";
    QTest::newRow("plain http elsewhere") << "http://example.com" << "plain http is only allowed for loopback";
    QTest::newRow("plain http, loopback look-alike") << "http://localhost.example.com" << "use https://localhost.example.com";
    QTest::newRow("plain http, 127 as subdomain") << "http://127.0.0.1.nip.io:80" << "loopback";
    QTest::newRow("path") << "acme.eu.auth0.com/api/v2" << "without a path (\"/api/v2\")";
    QTest::newRow("path on a URL") << "https://acme.eu.auth0.com/authorize" << "without a path";
    QTest::newRow("query") << "https://acme.eu.auth0.com?x=1" << "without query";
    QTest::newRow("fragment") << "https://acme.eu.auth0.com#x" << "without query, fragment";
    QTest::newRow("user name") << "admin@acme.eu.auth0.com" << "user name";
    QTest::newRow("other scheme") << "ftp://acme.eu.auth0.com" << "not \"ftp\"";
    QTest::newRow("space inside") << "acme .auth0.com" << "is not a domain or URL";
    QTest::newRow("scheme only") << "https://" << "is not a domain or URL";
}

void tst_TenantAddress::rejects()
{
    QFETCH(QString, input);
    QFETCH(QString, messageContains);
    QString error;
    const QUrl url = TenantAddress::baseUrl(input, &error);
    QVERIFY2(!url.isValid(), qPrintable(url.toString()));
    QVERIFY2(error.startsWith(QLatin1String("tenant: ")), qPrintable(error)); // names the field
    QVERIFY2(error.contains(messageContains), qPrintable(error));
}

void tst_TenantAddress::loopback_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("127.0.0.1") << "http://127.0.0.1:1" << true;
    QTest::newRow("127.1.2.3") << "http://127.1.2.3" << true;
    QTest::newRow("localhost") << "http://localhost" << true;
    QTest::newRow("::1") << "http://[::1]:1" << true;
    QTest::newRow("LAN address") << "http://192.168.1.10" << false;
    QTest::newRow("any address") << "http://0.0.0.0" << false;
    QTest::newRow("name") << "https://acme.auth0.com" << false;
    QTest::newRow("localhost look-alike") << "http://localhost.evil.test" << false;
}

void tst_TenantAddress::loopback()
{
    QFETCH(QString, url);
    QFETCH(bool, loopback);
    QCOMPARE(TenantAddress::isLoopback(QUrl(url)), loopback);
}

QTEST_GUILESS_MAIN(tst_TenantAddress)
#include "tst_tenantaddress.moc"
