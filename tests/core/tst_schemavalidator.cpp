// SPDX-License-Identifier: MIT
// SchemaValidator: request bodies against resources/schemas, messages in Auth0's words that
// name the property.
#include "common/JsonUtil.h"
#include "tenant/SchemaValidator.h"

#include <QTest>

namespace {

QJsonObject json(const char *text)
{
    QString error;
    const auto object = JsonUtil::parseObject(QByteArray(text), &error);
    if (!object)
        qFatal("bad test JSON %s: %s", text, qPrintable(error));
    return *object;
}

} // namespace

class tst_SchemaValidator : public QObject
{
    Q_OBJECT

private slots:
    void validBodiesPass_data();
    void validBodiesPass();
    void problemsNameTheProperty_data();
    void problemsNameTheProperty();
    void everyProblemIsReported();
    void nestedPathsAreSpelledOut();
};

void tst_SchemaValidator::validBodiesPass_data()
{
    QTest::addColumn<QString>("schema");
    QTest::addColumn<QJsonObject>("body");
    QTest::newRow("resource server, identifier only") << "resource-server-create"
                                                       << json(R"({"identifier":"https://test-api"})");
    QTest::newRow("resource server, full") << "resource-server-create" << json(R"({
        "identifier":"https://test-api","name":"Test API","signing_alg":"RS256","token_lifetime":86400,
        "token_lifetime_for_web":7200,"allow_offline_access":false,"enforce_policies":true,
        "token_dialect":"access_token_authz",
        "scopes":[{"value":"read:messages","description":"Read messages"},{"value":"write:messages"}]})");
    QTest::newRow("resource server update, empty") << "resource-server-update" << QJsonObject();
    QTest::newRow("client, M2M") << "client-create" << json(R"({"name":"Rule M2M client",
        "app_type":"non_interactive","grant_types":["client_credentials"],
        "token_endpoint_auth_method":"client_secret_post","jwt_configuration":{"alg":"RS256"}})");
    QTest::newRow("client update") << "client-update" << json(R"({"description":"d","callbacks":["http://x/cb"]})");
    QTest::newRow("client grant") << "client-grant-create"
                                  << json(R"({"client_id":"abc","audience":"https://a","scope":["read:x"]})");
    QTest::newRow("client grant update") << "client-grant-update" << json(R"({"scope":[]})");
    QTest::newRow("rule") << "rule-create" << json(R"({"name":"call-test-api 2","script":"x","order":3,"enabled":false})");
    QTest::newRow("rule, one letter") << "rule-create" << json(R"({"name":"a","script":"x"})");
    QTest::newRow("rule update, order 0") << "rule-update" << json(R"({"order":0})");
    QTest::newRow("rules config") << "rules-config-set" << json(R"({"value":""})");
    QTest::newRow("user") << "user-create" << json(R"({"connection":"Username-Password-Authentication",
        "email":"a@b.test","password":"pw","user_metadata":{"x":{"y":1}},"app_metadata":{}})");
    QTest::newRow("user update") << "user-update" << json(R"({"user_metadata":{"a":null},"blocked":true})");
}

void tst_SchemaValidator::validBodiesPass()
{
    QFETCH(QString, schema);
    QFETCH(QJsonObject, body);
    const QStringList problems = SchemaValidator::validate(schema, body);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void tst_SchemaValidator::problemsNameTheProperty_data()
{
    QTest::addColumn<QString>("schema");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("expected");

    QTest::newRow("unknown field") << "rule-create" << json(R"({"name":"r","script":"x","foo":1})")
                                   << "Additional properties not allowed: foo";
    QTest::newRow("stage is response-only") << "rule-create" << json(R"({"name":"r","script":"x","stage":"login_success"})")
                                            << "Additional properties not allowed: stage";
    QTest::newRow("identifier is immutable") << "resource-server-update" << json(R"({"identifier":"https://new"})")
                                             << "Additional properties not allowed: identifier";
    QTest::newRow("grant audience is immutable") << "client-grant-update" << json(R"({"audience":"https://new"})")
                                                 << "Additional properties not allowed: audience";
    QTest::newRow("missing identifier") << "resource-server-create" << json(R"({"name":"n"})")
                                        << "Missing required property: identifier";
    QTest::newRow("missing script") << "rule-create" << json(R"({"name":"r"})") << "Missing required property: script";
    QTest::newRow("missing client name") << "client-create" << QJsonObject() << "Missing required property: name";
    QTest::newRow("missing value") << "rules-config-set" << QJsonObject() << "Missing required property: value";
    QTest::newRow("missing connection") << "user-create" << json(R"({"email":"a@b.test"})")
                                        << "Missing required property: connection";
    QTest::newRow("enabled not boolean") << "rule-create" << json(R"({"name":"r","script":"x","enabled":"yes"})")
                                         << "Expected type boolean but found type string on property enabled";
    QTest::newRow("token_lifetime not integer") << "resource-server-create"
                                                << json(R"({"identifier":"i","token_lifetime":"86400"})")
                                                << "Expected type integer but found type string on property token_lifetime";
    QTest::newRow("token_lifetime too long") << "resource-server-create"
                                             << json(R"({"identifier":"i","token_lifetime":2592001})")
                                             << "on property token_lifetime";
    QTest::newRow("scope not array") << "client-grant-create" << json(R"({"audience":"a","scope":"read:x"})")
                                     << "Expected type array but found type string on property scope";
    QTest::newRow("value not string") << "rules-config-set" << json(R"({"value":42})")
                                     << "Expected type string but found type integer on property value";
    QTest::newRow("rule name with !") << "rule-create" << json(R"({"name":"bad name!","script":"x"})") << "on property name";
    QTest::newRow("rule name ends with space") << "rule-create" << json(R"({"name":"trailing ","script":"x"})")
                                               << "on property name";
    QTest::newRow("rule name starts with hyphen") << "rule-update" << json(R"({"name":"-lead"})") << "on property name";
    QTest::newRow("api name with <") << "resource-server-create" << json(R"({"identifier":"i","name":"My <API>"})")
                                     << "on property name";
    QTest::newRow("client name with >") << "client-create" << json(R"({"name":"a>b"})") << "on property name";
    QTest::newRow("unknown signing_alg") << "resource-server-create"
                                         << json(R"({"identifier":"i","signing_alg":"none"})") << "on property signing_alg";
    QTest::newRow("unknown app_type") << "client-create" << json(R"({"name":"n","app_type":"robot"})") << "on property app_type";
    QTest::newRow("unknown grant type") << "client-create" << json(R"({"name":"n","grant_types":["magic"]})")
                                        << "on property grant_types[0]";
    QTest::newRow("empty script") << "rule-create" << json(R"({"name":"r","script":""})") << "on property script";
    QTest::newRow("negative order") << "rule-update" << json(R"({"order":-1})") << "on property order";
    QTest::newRow("description too long") << "client-create"
                                          << QJsonObject{{QStringLiteral("name"), QStringLiteral("n")},
                                                         {QStringLiteral("description"), QString(141, QLatin1Char('d'))}}
                                          << "on property description";
}

void tst_SchemaValidator::problemsNameTheProperty()
{
    QFETCH(QString, schema);
    QFETCH(QJsonObject, body);
    QFETCH(QString, expected);
    const QStringList problems = SchemaValidator::validate(schema, body);
    QVERIFY2(problems.size() == 1, qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY2(problems.first().contains(expected), qPrintable(problems.first()));
    // Nothing of valijson's own plumbing leaks into what people read.
    QVERIFY2(!problems.first().contains(QLatin1String("<root>")), qPrintable(problems.first()));
    QVERIFY2(!problems.first().contains(QLatin1String(". on property")), qPrintable(problems.first()));
}

void tst_SchemaValidator::everyProblemIsReported()
{
    const QStringList problems =
        SchemaValidator::validate(QStringLiteral("rule-create"), json(R"({"name":"bad!","foo":1,"bar":2})"));
    const QString all = problems.join(QLatin1Char('\n'));
    QVERIFY2(problems.size() == 3, qPrintable(all));
    QVERIFY2(problems.contains(QLatin1String("Missing required property: script")), qPrintable(all));
    // Every stranger is named, in one message as z-schema (and so Auth0) words it.
    QVERIFY2(problems.contains(QLatin1String("Additional properties not allowed: bar,foo")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("on property name")), qPrintable(all));
}

void tst_SchemaValidator::nestedPathsAreSpelledOut()
{
    const QStringList problems = SchemaValidator::validate(
        QStringLiteral("resource-server-create"),
        json(R"({"identifier":"i","scopes":[{"value":"ok"},{"description":"no value"},{"value":"x","extra":1}]})"));
    const QString all = problems.join(QLatin1Char('\n'));
    QVERIFY2(problems.size() == 2, qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("Missing required property: value on property scopes[1]")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("Additional properties not allowed: extra on property scopes[2]")),
             qPrintable(all));
}

QTEST_GUILESS_MAIN(tst_SchemaValidator)
#include "tst_schemavalidator.moc"
