// SPDX-License-Identifier: MIT
// /api/v2/users on the local tenant: test users, their metadata and Auth0's merge semantics.
#include "TenantFixture.h"
#include "common/JsonUtil.h"

#include <QRegularExpression>
#include <QTest>

namespace {

const QString Users = QStringLiteral("/api/v2/users");
const QString Connection = QStringLiteral("Username-Password-Authentication");

QJsonObject json(const char *text)
{
    return JsonUtil::parseObject(QByteArray(text)).value_or(QJsonObject{{QStringLiteral("bad test JSON"), QString::fromUtf8(text)}});
}

QJsonObject user(const QString &email, const QJsonObject &extra = {})
{
    QJsonObject body{{QStringLiteral("connection"), Connection},
                     {QStringLiteral("email"), email},
                     {QStringLiteral("password"), QStringLiteral("Passw0rd!")}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return body;
}

QString path(const QString &userId)
{
    return Users + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(userId));
}

} // namespace

class tst_UsersApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void createFillsProfile();
    void passwordNeverLeaves();
    void createRejects_data();
    void createRejects();
    void duplicateEmailIsConflict();
    void updateToTakenEmailIsConflict();
    void listFiltersByEmail();
    void metadataMerge_data();
    void metadataMerge();
    void metadataKeysWithDotsOrDollars_data();
    void metadataKeysWithDotsOrDollars();
    void updateAndDelete();

private:
    std::unique_ptr<TenantFixture> m_tenant;
};

void tst_UsersApi::initTestCase()
{
    m_tenant = std::make_unique<TenantFixture>();
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));
}

void tst_UsersApi::init()
{
    for (const QJsonValue &existing : m_tenant->api("GET", Users).array())
        COMPARE_STATUS(m_tenant->api("DELETE", path(existing[QLatin1String("user_id")].toString())), 204);
}

void tst_UsersApi::createFillsProfile()
{
    const HttpReply reply = m_tenant->api("POST", Users, user(QStringLiteral("jane.doe@example.test")));
    COMPARE_STATUS(reply, 201);
    const QJsonObject created = reply.object();
    const QString userId = created[QLatin1String("user_id")].toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^auth0\\|[0-9a-f]{24}$")).match(userId).hasMatch(), qPrintable(userId));
    QCOMPARE(created[QLatin1String("email")].toString(), QStringLiteral("jane.doe@example.test"));
    QCOMPARE(created[QLatin1String("name")].toString(), QStringLiteral("jane.doe@example.test"));
    QCOMPARE(created[QLatin1String("nickname")].toString(), QStringLiteral("jane.doe"));
    QCOMPARE(created[QLatin1String("email_verified")].toBool(), false);
    QCOMPARE(created[QLatin1String("app_metadata")].toObject(), QJsonObject());
    QCOMPARE(created[QLatin1String("user_metadata")].toObject(), QJsonObject());
    QVERIFY(QDateTime::fromString(created[QLatin1String("created_at")].toString(), Qt::ISODateWithMs).isValid());
    const QJsonObject identity = created[QLatin1String("identities")].toArray().first().toObject();
    QCOMPARE(identity[QLatin1String("connection")].toString(), Connection);
    QCOMPARE(identity[QLatin1String("provider")].toString(), QStringLiteral("auth0"));
    QCOMPARE(QStringLiteral("auth0|") + identity[QLatin1String("user_id")].toString(), userId);

    const HttpReply read = m_tenant->api("GET", path(userId));
    COMPARE_STATUS(read, 200);
    QCOMPARE(read.object(), created);

    const HttpReply chosenId = m_tenant->api("POST", Users, user(QStringLiteral("b@example.test"), {{QStringLiteral("user_id"), QStringLiteral("qa-1")}}));
    COMPARE_STATUS(chosenId, 201);
    QCOMPARE(chosenId.object()[QLatin1String("user_id")].toString(), QStringLiteral("auth0|qa-1"));
}

void tst_UsersApi::passwordNeverLeaves()
{
    const HttpReply created = m_tenant->api("POST", Users, user(QStringLiteral("p@example.test")));
    COMPARE_STATUS(created, 201);
    const QString id = created.object()[QLatin1String("user_id")].toString();
    const HttpReply patched = m_tenant->api("PATCH", path(id), QJsonObject{{QStringLiteral("password"), QStringLiteral("N3w-secret!")}});
    COMPARE_STATUS(patched, 200);
    const QList<HttpReply> replies{created, patched, m_tenant->api("GET", path(id)), m_tenant->api("GET", Users),
                                   m_tenant->api("GET", path(id) + QStringLiteral("?fields=password_hash,password")),
                                   m_tenant->api("GET", Users + QStringLiteral("?include_totals=true"))};
    for (const HttpReply &reply : replies) {
        COMPARE_STATUS(reply, 200 + (&reply == &replies.first() ? 1 : 0));
        QVERIFY2(!reply.body.contains("password"), reply.body.constData());
        QVERIFY2(!reply.body.contains("pbkdf2"), reply.body.constData());
        QVERIFY2(!reply.body.contains("Passw0rd") && !reply.body.contains("N3w-secret"), reply.body.constData());
    }
}

void tst_UsersApi::createRejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<QString>("messageContains");
    QJsonObject noConnection = user(QStringLiteral("a@example.test"));
    noConnection.remove(QStringLiteral("connection"));
    QTest::newRow("no connection") << noConnection << 400 << "invalid_body" << "Missing required property: connection";
    QTest::newRow("other connection") << user(QStringLiteral("a@example.test"), {{QStringLiteral("connection"), QStringLiteral("google-oauth2")}})
                                      << 400 << "inexistent_connection" << "The connection does not exist.";
    QJsonObject noPassword = user(QStringLiteral("a@example.test"));
    noPassword.remove(QStringLiteral("password"));
    QTest::newRow("no password") << noPassword << 400 << "invalid_body" << "on property password";
    QTest::newRow("neither email nor username")
        << QJsonObject{{QStringLiteral("connection"), Connection}, {QStringLiteral("password"), QStringLiteral("x")}} << 400
        << "invalid_body" << "on property email";
    QTest::newRow("unknown field") << user(QStringLiteral("a@example.test"), {{QStringLiteral("phone_verify"), true}})
                                   << 400 << "invalid_body" << "Additional properties not allowed: phone_verify";
    QTest::newRow("metadata not an object") << user(QStringLiteral("a@example.test"), {{QStringLiteral("app_metadata"), QStringLiteral("x")}})
                                            << 400 << "invalid_body" << "on property app_metadata";
}

void tst_UsersApi::createRejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, errorCode);
    QFETCH(QString, messageContains);
    const HttpReply reply = m_tenant->api("POST", Users, body);
    COMPARE_STATUS(reply, status);
    QCOMPARE(reply.object()[QLatin1String("errorCode")].toString(), errorCode);
    QVERIFY2(reply.message().contains(messageContains), qPrintable(reply.message()));
    QCOMPARE(m_tenant->api("GET", Users).array().size(), 0);
}

void tst_UsersApi::duplicateEmailIsConflict()
{
    COMPARE_STATUS(m_tenant->api("POST", Users, user(QStringLiteral("dup@example.test"))), 201);
    const HttpReply again = m_tenant->api("POST", Users, user(QStringLiteral("DUP@Example.test")));
    COMPARE_STATUS(again, 409);
    QCOMPARE(again.object(), (QJsonObject{{QStringLiteral("statusCode"), 409},
                                          {QStringLiteral("error"), QStringLiteral("Conflict")},
                                          {QStringLiteral("message"), QStringLiteral("The user already exists.")},
                                          {QStringLiteral("errorCode"), QStringLiteral("auth0_idp_error")}}));
}

void tst_UsersApi::updateToTakenEmailIsConflict()
{
    COMPARE_STATUS(m_tenant->api("POST", Users, user(QStringLiteral("first@example.test"))), 201);
    const HttpReply second = m_tenant->api("POST", Users, user(QStringLiteral("second@example.test"), {{QStringLiteral("username"), QStringLiteral("second")}}));
    COMPARE_STATUS(second, 201);
    COMPARE_STATUS(m_tenant->api("POST", Users, QJsonObject{{QStringLiteral("connection"), Connection}, {QStringLiteral("username"), QStringLiteral("third")},
                                                           {QStringLiteral("password"), QStringLiteral("x")}}),
                   201);
    const QString secondPath = path(second.object()[QLatin1String("user_id")].toString());

    // One email, one username per connection: a login by either must find one user.
    const HttpReply email = m_tenant->api("PATCH", secondPath, QJsonObject{{QStringLiteral("email"), QStringLiteral("FIRST@example.test")}});
    COMPARE_STATUS(email, 409);
    QCOMPARE(email.object()[QLatin1String("errorCode")].toString(), QStringLiteral("auth0_idp_error"));
    COMPARE_STATUS(m_tenant->api("PATCH", secondPath, QJsonObject{{QStringLiteral("username"), QStringLiteral("third")}}), 409);
    QCOMPARE(m_tenant->api("GET", secondPath).object()[QLatin1String("email")].toString(), QStringLiteral("second@example.test"));
    const QString filter = Users + QStringLiteral("?email=first%40example.test");
    QCOMPARE(m_tenant->api("GET", filter).array().size(), 1);

    // Keeping one's own email and username is no conflict.
    COMPARE_STATUS(m_tenant->api("PATCH", secondPath, QJsonObject{{QStringLiteral("email"), QStringLiteral("second@example.test")},
                                                                  {QStringLiteral("username"), QStringLiteral("second")}}),
                   200);
}

void tst_UsersApi::listFiltersByEmail()
{
    COMPARE_STATUS(m_tenant->api("POST", Users, user(QStringLiteral("one@example.test"))), 201);
    COMPARE_STATUS(m_tenant->api("POST", Users, user(QStringLiteral("two@example.test"))), 201);
    const HttpReply found = m_tenant->api("GET", Users + QStringLiteral("?email=") + QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("TWO@example.test"))));
    COMPARE_STATUS(found, 200);
    QCOMPARE(found.array().size(), 1);
    QCOMPARE(found.array().first()[QLatin1String("email")].toString(), QStringLiteral("two@example.test"));
    QCOMPARE(m_tenant->api("GET", Users).array().size(), 2);
}

void tst_UsersApi::metadataMerge_data()
{
    QTest::addColumn<QJsonObject>("patch");
    QTest::addColumn<QJsonObject>("userMetadata");
    QTest::addColumn<QJsonObject>("appMetadata");
    // Starting point: user_metadata {"a":1,"prefs":{"theme":"dark","lang":"en"}}, app_metadata {"plan":"free"}
    QTest::newRow("root keys merge") << json(R"({"user_metadata":{"b":2}})")
                                     << json(R"({"a":1,"prefs":{"theme":"dark","lang":"en"},"b":2})") << json(R"({"plan":"free"})");
    QTest::newRow("nested object replaced whole") << json(R"({"user_metadata":{"prefs":{"theme":"light"}}})")
                                                  << json(R"({"a":1,"prefs":{"theme":"light"}})") << json(R"({"plan":"free"})");
    QTest::newRow("null deletes the key") << json(R"({"user_metadata":{"a":null}})")
                                          << json(R"({"prefs":{"theme":"dark","lang":"en"}})") << json(R"({"plan":"free"})");
    QTest::newRow("null inside a nested object is kept") << json(R"({"user_metadata":{"prefs":{"theme":null}}})")
                                                         << json(R"({"a":1,"prefs":{"theme":null}})") << json(R"({"plan":"free"})");
    QTest::newRow("empty object clears it") << json(R"({"user_metadata":{}})") << QJsonObject() << json(R"({"plan":"free"})");
    QTest::newRow("app_metadata on its own") << json(R"({"app_metadata":{"plan":"pro","roles":["qa"]}})")
                                             << json(R"({"a":1,"prefs":{"theme":"dark","lang":"en"}})")
                                             << json(R"({"plan":"pro","roles":["qa"]})");
    QTest::newRow("other fields leave metadata alone") << json(R"({"name":"Renamed"})")
                                                       << json(R"({"a":1,"prefs":{"theme":"dark","lang":"en"}})")
                                                       << json(R"({"plan":"free"})");
}

void tst_UsersApi::metadataMerge()
{
    QFETCH(QJsonObject, patch);
    QFETCH(QJsonObject, userMetadata);
    QFETCH(QJsonObject, appMetadata);
    const HttpReply created = m_tenant->api("POST", Users, user(QStringLiteral("meta@example.test"),
        {{QStringLiteral("user_metadata"), json(R"({"a":1,"prefs":{"theme":"dark","lang":"en"}})")},
         {QStringLiteral("app_metadata"), json(R"({"plan":"free"})")}}));
    COMPARE_STATUS(created, 201);
    const QString userPath = path(created.object()[QLatin1String("user_id")].toString());

    const HttpReply patched = m_tenant->api("PATCH", userPath, patch);
    COMPARE_STATUS(patched, 200);
    QCOMPARE(patched.object()[QLatin1String("user_metadata")].toObject(), userMetadata);
    QCOMPARE(patched.object()[QLatin1String("app_metadata")].toObject(), appMetadata);
    const HttpReply read = m_tenant->api("GET", userPath);
    QCOMPARE(read.object()[QLatin1String("user_metadata")].toObject(), userMetadata);
    QCOMPARE(read.object()[QLatin1String("app_metadata")].toObject(), appMetadata);
}

void tst_UsersApi::metadataKeysWithDotsOrDollars_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QJsonObject>("metadata");
    QTest::newRow("create, dot") << QByteArray("POST") << json(R"({"user_metadata":{"a.b":1}})");
    QTest::newRow("update, dollar") << QByteArray("PATCH") << json(R"({"app_metadata":{"$set":1}})");
}

void tst_UsersApi::metadataKeysWithDotsOrDollars()
{
    QFETCH(QByteArray, method);
    QFETCH(QJsonObject, metadata);
    QString target = Users;
    QJsonObject body = metadata;
    if (method == "PATCH") {
        const HttpReply created = m_tenant->api("POST", Users, user(QStringLiteral("keys@example.test")));
        COMPARE_STATUS(created, 201);
        target = path(created.object()[QLatin1String("user_id")].toString());
    } else {
        body = user(QStringLiteral("keys@example.test"), metadata);
    }
    const HttpReply reply = m_tenant->api(method, target, body);
    COMPARE_STATUS(reply, 400);
    QVERIFY2(reply.message().contains(QLatin1String("cannot contain")), qPrintable(reply.message()));
    QVERIFY2(reply.message().contains(QLatin1String("_metadata")), qPrintable(reply.message()));
}

void tst_UsersApi::updateAndDelete()
{
    const HttpReply created = m_tenant->api("POST", Users, user(QStringLiteral("bye@example.test")));
    COMPARE_STATUS(created, 201);
    const QString userPath = path(created.object()[QLatin1String("user_id")].toString());
    const HttpReply blocked = m_tenant->api("PATCH", userPath, QJsonObject{{QStringLiteral("blocked"), true},
                                                                           {QStringLiteral("connection"), Connection}});
    COMPARE_STATUS(blocked, 200);
    QCOMPARE(blocked.object()[QLatin1String("blocked")].toBool(), true);
    QVERIFY(!blocked.object().contains(QLatin1String("connection")));
    QVERIFY(blocked.object()[QLatin1String("updated_at")].toString() >= created.object()[QLatin1String("updated_at")].toString());

    COMPARE_STATUS(m_tenant->api("DELETE", userPath), 204);
    COMPARE_STATUS(m_tenant->api("DELETE", userPath), 204);
    const HttpReply gone = m_tenant->api("GET", userPath);
    COMPARE_STATUS(gone, 404);
    QCOMPARE(gone.object()[QLatin1String("errorCode")].toString(), QStringLiteral("inexistent_user"));
    COMPARE_STATUS(m_tenant->api("PATCH", userPath, QJsonObject{{QStringLiteral("blocked"), false}}), 404);
}

QTEST_GUILESS_MAIN(tst_UsersApi)
#include "tst_usersapi.moc"
