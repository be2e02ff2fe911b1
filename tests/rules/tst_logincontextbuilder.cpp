// SPDX-License-Identifier: MIT
// LoginContextBuilder: Auth0-like defaults for every documented user/context field
// (reference/rules-runtime.md §1), derived from what is given, deep-merged with the input.
#include "rules/LoginContextBuilder.h"

#include <QJsonArray>
#include <QTest>

namespace {

LoginContextBuilder builder()
{
    LoginContextBuilder::Options options;
    options.tenantName = QStringLiteral("acme");
    options.domain = QStringLiteral("127.0.0.1:4321");
    options.clientId = QStringLiteral("client-1");
    options.clientName = QStringLiteral("Acme Web");
    options.now = QDateTime(QDate(2024, 3, 2), QTime(9, 15, 40), Qt::UTC);
    return LoginContextBuilder(options);
}

QJsonValue at(const QJsonObject &object, const QString &path)
{
    QJsonValue value = object;
    for (const QString &key : path.split(QLatin1Char('.')))
        value = value.toObject().value(key);
    return value;
}

} // namespace

class TestLoginContextBuilder : public QObject
{
    Q_OBJECT

private slots:
    void contextHasEveryDocumentedField_data();
    void contextHasEveryDocumentedField();
    void setUpOnlyFieldsStayAbsent();
    void userDefaults();
    void userFromSocialProvider();
    void givenValuesOverride();
    void deepMerge();
    void deterministic();
};

void TestLoginContextBuilder::contextHasEveryDocumentedField_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("expected"); // undefined: only present
    const QJsonValue any(QJsonValue::Undefined);
    QTest::newRow("tenant") << "tenant" << QJsonValue(QStringLiteral("acme"));
    QTest::newRow("clientID") << "clientID" << QJsonValue(QStringLiteral("client-1"));
    QTest::newRow("clientName") << "clientName" << QJsonValue(QStringLiteral("Acme Web"));
    QTest::newRow("clientMetadata") << "clientMetadata" << QJsonValue(QJsonObject());
    QTest::newRow("connection") << "connection"
                                << QJsonValue(QStringLiteral("Username-Password-Authentication"));
    QTest::newRow("connectionID") << "connectionID" << any;
    QTest::newRow("connectionStrategy") << "connectionStrategy" << QJsonValue(QStringLiteral("auth0"));
    QTest::newRow("connectionOptions") << "connectionOptions" << QJsonValue(QJsonObject());
    QTest::newRow("connectionMetadata") << "connectionMetadata" << QJsonValue(QJsonObject());
    QTest::newRow("samlConfiguration") << "samlConfiguration" << QJsonValue(QJsonObject());
    QTest::newRow("protocol") << "protocol" << QJsonValue(QStringLiteral("oidc-basic-profile"));
    QTest::newRow("stats.loginsCount") << "stats.loginsCount" << QJsonValue(5);
    QTest::newRow("sso.with_auth0") << "sso.with_auth0" << QJsonValue(false);
    QTest::newRow("sso.current_clients") << "sso.current_clients" << QJsonValue(QJsonArray());
    QTest::newRow("accessToken") << "accessToken" << QJsonValue(QJsonObject());
    QTest::newRow("idToken") << "idToken" << QJsonValue(QJsonObject());
    QTest::newRow("sessionID") << "sessionID" << any;
    QTest::newRow("request.ip") << "request.ip" << QJsonValue(QStringLiteral("198.51.100.9"));
    QTest::newRow("request.hostname") << "request.hostname" << QJsonValue(QStringLiteral("127.0.0.1"));
    QTest::newRow("request.userAgent") << "request.userAgent" << any;
    QTest::newRow("request.query.client_id")
        << "request.query.client_id" << QJsonValue(QStringLiteral("client-1"));
    QTest::newRow("request.query.scope")
        << "request.query.scope" << QJsonValue(QStringLiteral("openid profile email"));
    QTest::newRow("request.body") << "request.body" << QJsonValue(QJsonObject());
    QTest::newRow("request.geoip.country_code") << "request.geoip.country_code" << any;
    QTest::newRow("authorization.roles") << "authorization.roles" << QJsonValue(QJsonArray());
}

void TestLoginContextBuilder::contextHasEveryDocumentedField()
{
    QFETCH(QString, path);
    QFETCH(QJsonValue, expected);
    const LoginContextBuilder b = builder();
    const QJsonObject user = b.user({ { QStringLiteral("logins_count"), 5 },
                                      { QStringLiteral("last_ip"), QStringLiteral("198.51.100.9") } });
    const QJsonValue value = at(b.context({}, user), path);
    QVERIFY2(!value.isUndefined(), qPrintable(path));
    if (!expected.isUndefined())
        QCOMPARE(value, expected);
}

void TestLoginContextBuilder::setUpOnlyFieldsStayAbsent()
{
    const LoginContextBuilder b = builder();
    const QJsonObject user = b.user({});
    const QJsonObject context = b.context({}, user);
    // D3: app_metadata is undefined until something sets it; the rest exist only in set-ups
    // (Organizations, Adaptive MFA) or when a rule asks for them.
    QVERIFY(!user.contains(QLatin1String("app_metadata")));
    for (const char *key :
         { "organization", "riskAssessment", "redirect", "multifactor", "primaryUser", "original_protocol" })
        QVERIFY2(!context.contains(QLatin1String(key)), key);
    const QJsonObject method = context.value(QLatin1String("authentication"))
                                   .toObject()
                                   .value(QLatin1String("methods"))
                                   .toArray()
                                   .first()
                                   .toObject();
    QCOMPARE(method.value(QLatin1String("name")).toString(), QStringLiteral("pwd"));
    QCOMPARE(method.value(QLatin1String("timestamp")).toDouble(),
             double(QDateTime(QDate(2024, 3, 2), QTime(9, 15, 40), Qt::UTC).toMSecsSinceEpoch()));
}

void TestLoginContextBuilder::userDefaults()
{
    const QJsonObject user
        = builder().user({ { QStringLiteral("email"), QStringLiteral("sam.smith@example.com") } });
    QVERIFY(user.value(QLatin1String("user_id")).toString().startsWith(QLatin1String("auth0|")));
    QCOMPARE(user.value(QLatin1String("email")).toString(), QStringLiteral("sam.smith@example.com"));
    QCOMPARE(user.value(QLatin1String("email_verified")).toBool(), true);
    QCOMPARE(user.value(QLatin1String("name")).toString(),
             QStringLiteral("sam.smith@example.com")); // database users: name = email
    QCOMPARE(user.value(QLatin1String("nickname")).toString(), QStringLiteral("sam.smith"));
    QVERIFY(user.value(QLatin1String("picture"))
                .toString()
                .startsWith(QLatin1String("https://s.gravatar.com/avatar/")));
    QVERIFY(user.value(QLatin1String("picture")).toString().endsWith(QLatin1String("%2Fsa.png")));
    QCOMPARE(user.value(QLatin1String("updated_at")).toString(), QStringLiteral("2024-03-02T09:15:40.000Z"));
    QCOMPARE(user.value(QLatin1String("user_metadata")).toObject(), QJsonObject());
    const QJsonObject identity = user.value(QLatin1String("identities")).toArray().first().toObject();
    QCOMPARE(identity.value(QLatin1String("provider")).toString(), QStringLiteral("auth0"));
    QCOMPARE(identity.value(QLatin1String("isSocial")).toBool(), false);
    QCOMPARE(QStringLiteral("auth0|") + identity.value(QLatin1String("user_id")).toString(),
             user.value(QLatin1String("user_id")).toString());
}

void TestLoginContextBuilder::userFromSocialProvider()
{
    const LoginContextBuilder b = builder();
    const QJsonObject user = b.user({ { QStringLiteral("user_id"), QStringLiteral("google-oauth2|1045") } });
    const QJsonObject identity = user.value(QLatin1String("identities")).toArray().first().toObject();
    QCOMPARE(identity.value(QLatin1String("connection")).toString(), QStringLiteral("google-oauth2"));
    QCOMPARE(identity.value(QLatin1String("isSocial")).toBool(), true);
    const QJsonObject context = b.context({}, user);
    QCOMPARE(context.value(QLatin1String("connection")).toString(), QStringLiteral("google-oauth2"));
    QCOMPARE(context.value(QLatin1String("connectionStrategy")).toString(),
             QStringLiteral("google-oauth2")); // D1: social = connection
    QCOMPARE(at(context, QStringLiteral("authentication.methods"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("name"))
                 .toString(),
             QStringLiteral("federated"));
}

void TestLoginContextBuilder::givenValuesOverride()
{
    const LoginContextBuilder b = builder();
    const QJsonObject user
        = b.user({ { QStringLiteral("email_verified"), false },
                   { QStringLiteral("app_metadata"),
                     QJsonObject { { QStringLiteral("plan"), QStringLiteral("pro") } } } });
    QCOMPARE(user.value(QLatin1String("email_verified")).toBool(), false);
    QCOMPARE(at(user, QStringLiteral("app_metadata.plan")).toString(), QStringLiteral("pro"));
    const QJsonObject context = b.context(
        { { QStringLiteral("protocol"), QStringLiteral("oauth2-password") },
          { QStringLiteral("request"),
            QJsonObject {
                { QStringLiteral("query"),
                  QJsonObject { { QStringLiteral("audience"), QStringLiteral("https://api") } } } } },
          { QStringLiteral("sso"), QJsonValue::Null } },
        user);
    QCOMPARE(context.value(QLatin1String("protocol")).toString(), QStringLiteral("oauth2-password"));
    QCOMPARE(at(context, QStringLiteral("request.query.audience")).toString(), QStringLiteral("https://api"));
    QCOMPARE(at(context, QStringLiteral("request.query.scope")).toString(),
             QStringLiteral("openid profile email")); // kept
    QCOMPARE(at(context, QStringLiteral("request.ip")).toString(), QStringLiteral("203.0.113.24")); // kept
    QVERIFY(context.value(QLatin1String("sso")).isNull()); // null overrides too
}

void TestLoginContextBuilder::deepMerge()
{
    const QJsonObject base { { QStringLiteral("a"),
                               QJsonObject { { QStringLiteral("x"), 1 }, { QStringLiteral("y"), 2 } } },
                             { QStringLiteral("list"), QJsonArray { 1, 2, 3 } },
                             { QStringLiteral("keep"), true } };
    const QJsonObject over { { QStringLiteral("a"), QJsonObject { { QStringLiteral("y"), 3 } } },
                             { QStringLiteral("list"), QJsonArray { 9 } },
                             { QStringLiteral("new"), QStringLiteral("n") } };
    const QJsonObject merged = LoginContextBuilder::deepMerge(base, over);
    QCOMPARE(merged,
             (QJsonObject { { QStringLiteral("a"),
                              QJsonObject { { QStringLiteral("x"), 1 }, { QStringLiteral("y"), 3 } } },
                            { QStringLiteral("list"), QJsonArray { 9 } },
                            { QStringLiteral("keep"), true },
                            { QStringLiteral("new"), QStringLiteral("n") } }));
}

void TestLoginContextBuilder::deterministic()
{
    const QJsonObject given { { QStringLiteral("email"), QStringLiteral("a@example.com") } };
    const QJsonObject user1 = builder().user(given);
    const QJsonObject user2 = builder().user(given);
    QCOMPARE(user1, user2);
    QCOMPARE(builder().context({}, user1), builder().context({}, user2));
    const QJsonObject other
        = builder().user({ { QStringLiteral("email"), QStringLiteral("b@example.com") } });
    QVERIFY(builder().context({}, other).value(QLatin1String("sessionID"))
            != builder().context({}, user1).value(QLatin1String("sessionID")));
}

QTEST_GUILESS_MAIN(TestLoginContextBuilder)
#include "tst_logincontextbuilder.moc"
