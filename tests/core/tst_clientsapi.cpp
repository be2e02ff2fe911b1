// SPDX-License-Identifier: MIT
// /api/v2/clients on the local tenant: ids and secrets, who may see a secret, rotation,
// deletion and the management client.
#include "TenantFixture.h"

#include <QRegularExpression>
#include <QTest>

namespace {

const QString Clients = QStringLiteral("/api/v2/clients");

QJsonObject m2m(const QString &name)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("app_type"), QStringLiteral("non_interactive")},
            {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("client_credentials")}}};
}

QString path(const QString &clientId, const QString &suffix = QString())
{
    return Clients + QLatin1Char('/') + clientId + suffix;
}

} // namespace

class tst_ClientsApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void createMachineToMachine();
    void createWithNameOnly();
    void m2mNeedsClientAuthentication();
    void invalidBodies_data();
    void invalidBodies();
    void secretVisibility_data();
    void secretVisibility();
    void updateMergesOneLevel();
    void rotateSecret();
    void deleteTakesGrantsAlong();
    void managementClientCannotBeDeleted();
    void listFilters();

private:
    QJsonObject create(const QJsonObject &body);
    std::unique_ptr<TenantFixture> m_tenant;
};

void tst_ClientsApi::initTestCase()
{
    m_tenant = std::make_unique<TenantFixture>();
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));
}

QJsonObject tst_ClientsApi::create(const QJsonObject &body)
{
    const HttpReply reply = m_tenant->api("POST", Clients, body);
    if (reply.status != 201)
        qWarning("%s", qPrintable(reply.describe(201)));
    return reply.object();
}

void tst_ClientsApi::createMachineToMachine()
{
    const HttpReply reply = m_tenant->api("POST", Clients, m2m(QStringLiteral("Rule M2M client")));
    COMPARE_STATUS(reply, 201);
    const QJsonObject client = reply.object();
    QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9]{32}$")).match(client[QLatin1String("client_id")].toString()).hasMatch(),
             qPrintable(client[QLatin1String("client_id")].toString()));
    QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9]{64}$")).match(client[QLatin1String("client_secret")].toString()).hasMatch());
    QCOMPARE(client[QLatin1String("name")].toString(), QStringLiteral("Rule M2M client"));
    QCOMPARE(client[QLatin1String("app_type")].toString(), QStringLiteral("non_interactive"));
    QCOMPARE(client[QLatin1String("grant_types")].toArray(), QJsonArray{QStringLiteral("client_credentials")});
    QCOMPARE(client[QLatin1String("token_endpoint_auth_method")].toString(), QStringLiteral("client_secret_post"));
    QCOMPARE(client[QLatin1String("tenant")].toString(), QStringLiteral("local"));
    QCOMPARE(client[QLatin1String("is_first_party")].toBool(), true);
    QCOMPARE(client[QLatin1String("jwt_configuration")].toObject()[QLatin1String("lifetime_in_seconds")].toInt(), 36000);
    QVERIFY(client[QLatin1String("signing_keys")].toArray().first()[QLatin1String("cert")].toString().startsWith(QLatin1String("-----BEGIN CERTIFICATE-----")));

    // The new credentials work at /oauth/token at once (here: no grant yet, so access_denied).
    const auto token = m_tenant->requestToken({client[QLatin1String("client_id")].toString(), client[QLatin1String("client_secret")].toString()},
                                              m_tenant->managementAudience());
    QCOMPARE(token.error().code, QStringLiteral("access_denied"));
}

void tst_ClientsApi::createWithNameOnly()
{
    const QJsonObject client = create({{QStringLiteral("name"), QStringLiteral("Name only")}});
    QCOMPARE(client[QLatin1String("grant_types")].toArray(),
             (QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("implicit"), QStringLiteral("refresh_token"), QStringLiteral("client_credentials")}));
    QVERIFY(!client.contains(QLatin1String("app_type"))); // unset fields are absent, not null
    QCOMPARE(client[QLatin1String("refresh_token")].toObject()[QLatin1String("rotation_type")].toString(), QStringLiteral("non-rotating"));
}

void tst_ClientsApi::m2mNeedsClientAuthentication()
{
    QJsonObject body = m2m(QStringLiteral("public m2m"));
    body.insert(QStringLiteral("token_endpoint_auth_method"), QStringLiteral("none"));
    const HttpReply reply = m_tenant->api("POST", Clients, body);
    COMPARE_STATUS(reply, 400);
    QVERIFY2(reply.message().contains(QLatin1String("on property token_endpoint_auth_method")), qPrintable(reply.message()));

    const QJsonObject client = create(m2m(QStringLiteral("m2m to break")));
    const HttpReply update = m_tenant->api("PATCH", path(client[QLatin1String("client_id")].toString()),
                                           QJsonObject{{QStringLiteral("token_endpoint_auth_method"), QStringLiteral("none")}});
    COMPARE_STATUS(update, 400);
}

void tst_ClientsApi::invalidBodies_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("messageContains");
    QTest::newRow("no name") << QJsonObject{{QStringLiteral("app_type"), QStringLiteral("spa")}} << "Missing required property: name";
    QTest::newRow("name with <") << QJsonObject{{QStringLiteral("name"), QStringLiteral("<script>")}} << "on property name";
    QTest::newRow("unknown app_type") << QJsonObject{{QStringLiteral("name"), QStringLiteral("n")}, {QStringLiteral("app_type"), QStringLiteral("robot")}}
                                      << "on property app_type";
    QTest::newRow("client_secret is not set here") << QJsonObject{{QStringLiteral("name"), QStringLiteral("n")}, {QStringLiteral("client_secret"), QStringLiteral("mine")}}
                                                   << "Additional properties not allowed: client_secret";
    QTest::newRow("client_id is not chosen") << QJsonObject{{QStringLiteral("name"), QStringLiteral("n")}, {QStringLiteral("client_id"), QStringLiteral("mine")}}
                                             << "Additional properties not allowed: client_id";
}

void tst_ClientsApi::invalidBodies()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, messageContains);
    const int before = m_tenant->api("GET", Clients).array().size();
    const HttpReply reply = m_tenant->api("POST", Clients, body);
    COMPARE_STATUS(reply, 400);
    QCOMPARE(reply.object()[QLatin1String("errorCode")].toString(), QStringLiteral("invalid_body"));
    QVERIFY2(reply.message().contains(messageContains), qPrintable(reply.message()));
    QCOMPARE(m_tenant->api("GET", Clients).array().size(), before);
}

void tst_ClientsApi::secretVisibility_data()
{
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<bool>("seesSecret");
    QTest::newRow("read:clients") << QStringList{QStringLiteral("read:clients")} << true;
    QTest::newRow("read:client_keys") << QStringList{QStringLiteral("read:client_keys")} << true;
    QTest::newRow("read:client_summary only") << QStringList{QStringLiteral("read:client_summary")} << false;
}

void tst_ClientsApi::secretVisibility()
{
    QFETCH(QStringList, scopes);
    QFETCH(bool, seesSecret);
    const QJsonObject client = create(m2m(QStringLiteral("visible?")));
    const QString secret = client[QLatin1String("client_secret")].toString();
    QVERIFY(!secret.isEmpty());
    const QByteArray token = m_tenant->managementTokenWithScopes(scopes);
    QVERIFY(!token.isEmpty());

    const HttpReply one = m_tenant->apiAs(token, "GET", path(client[QLatin1String("client_id")].toString()));
    COMPARE_STATUS(one, 200);
    QCOMPARE(one.object()[QLatin1String("name")].toString(), QStringLiteral("visible?"));
    QCOMPARE(one.object().contains(QLatin1String("client_secret")), seesSecret);
    const HttpReply all = m_tenant->apiAs(token, "GET", Clients);
    COMPARE_STATUS(all, 200);
    QCOMPARE(all.body.contains(secret.toUtf8()), seesSecret);
    const HttpReply paged = m_tenant->apiAs(token, "GET", Clients + QStringLiteral("?take=100"));
    QCOMPARE(paged.body.contains(secret.toUtf8()), seesSecret);
}

void tst_ClientsApi::updateMergesOneLevel()
{
    const QJsonObject client = create(m2m(QStringLiteral("to update")));
    const QString clientPath = path(client[QLatin1String("client_id")].toString());
    const HttpReply updated = m_tenant->api("PATCH", clientPath, QJsonObject{
        {QStringLiteral("description"), QStringLiteral("calls the test API")},
        {QStringLiteral("jwt_configuration"), QJsonObject{{QStringLiteral("lifetime_in_seconds"), 600}}}});
    COMPARE_STATUS(updated, 200);
    QCOMPARE(updated.object()[QLatin1String("description")].toString(), QStringLiteral("calls the test API"));
    const QJsonObject jwt = updated.object()[QLatin1String("jwt_configuration")].toObject();
    QCOMPARE(jwt[QLatin1String("lifetime_in_seconds")].toInt(), 600);
    QVERIFY(jwt.contains(QLatin1String("secret_encoded"))); // merged, not replaced (Auth0 does the same)
    QCOMPARE(updated.object()[QLatin1String("client_secret")].toString(), client[QLatin1String("client_secret")].toString());
    QCOMPARE(m_tenant->api("GET", clientPath).object()[QLatin1String("description")].toString(), QStringLiteral("calls the test API"));

    const HttpReply missing = m_tenant->api("PATCH", path(QStringLiteral("NoSuchClient")), QJsonObject{{QStringLiteral("description"), QStringLiteral("x")}});
    COMPARE_STATUS(missing, 404);
    QCOMPARE(missing.object()[QLatin1String("errorCode")].toString(), QStringLiteral("inexistent_client"));
}

void tst_ClientsApi::rotateSecret()
{
    const QJsonObject client = create(m2m(QStringLiteral("rotating")));
    const QString clientId = client[QLatin1String("client_id")].toString();
    const QString oldSecret = client[QLatin1String("client_secret")].toString();
    const QString audience = m_tenant->managementAudience();
    COMPARE_STATUS(m_tenant->api("POST", QStringLiteral("/api/v2/client-grants"),
                                 QJsonObject{{QStringLiteral("client_id"), clientId}, {QStringLiteral("audience"), audience},
                                             {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:rules")}}}),
                   201);
    QVERIFY(m_tenant->requestToken({clientId, oldSecret}, audience).isOk());

    const HttpReply rotated = m_tenant->send("POST", path(clientId, QStringLiteral("/rotate-secret")), QByteArray(),
                                             bearer(m_tenant->managementToken()), QByteArray());
    COMPARE_STATUS(rotated, 200);
    const QString newSecret = rotated.object()[QLatin1String("client_secret")].toString();
    QCOMPARE(newSecret.size(), 64);
    QVERIFY(newSecret != oldSecret);
    QCOMPARE(rotated.object()[QLatin1String("client_id")].toString(), clientId);

    const auto withOld = m_tenant->requestToken({clientId, oldSecret}, audience);
    QCOMPARE(withOld.error().httpStatus, 401);
    QCOMPARE(withOld.error().code, QStringLiteral("invalid_client"));
    QVERIFY2(m_tenant->requestToken({clientId, newSecret}, audience).isOk(), "the new secret does not work");

    const QByteArray onlyUpdateClients = m_tenant->managementTokenWithScopes({QStringLiteral("update:clients")});
    COMPARE_STATUS(m_tenant->apiAs(onlyUpdateClients, "POST", path(clientId, QStringLiteral("/rotate-secret"))), 403);
    COMPARE_STATUS(m_tenant->api("POST", path(QStringLiteral("NoSuchClient"), QStringLiteral("/rotate-secret"))), 404);
}

void tst_ClientsApi::deleteTakesGrantsAlong()
{
    const ClientCredentials client = m_tenant->createM2mClient(QStringLiteral("short-lived"), m_tenant->managementAudience(),
                                                               {QStringLiteral("read:rules")});
    QVERIFY(client.isValid());
    const QString grants = QStringLiteral("/api/v2/client-grants?client_id=") + client.clientId;
    QCOMPARE(m_tenant->api("GET", grants).array().size(), 1);

    COMPARE_STATUS(m_tenant->api("DELETE", path(client.clientId)), 204);
    COMPARE_STATUS(m_tenant->api("DELETE", path(client.clientId)), 204); // repeated: 204 as recorded
    const HttpReply gone = m_tenant->api("GET", path(client.clientId));
    COMPARE_STATUS(gone, 404);
    QCOMPARE(gone.object(), (QJsonObject{{QStringLiteral("statusCode"), 404},
                                         {QStringLiteral("error"), QStringLiteral("Not Found")},
                                         {QStringLiteral("message"), QStringLiteral("The client does not exist")},
                                         {QStringLiteral("errorCode"), QStringLiteral("inexistent_client")}}));
    QCOMPARE(m_tenant->api("GET", grants).array().size(), 0);
    QCOMPARE(m_tenant->requestToken(client, m_tenant->managementAudience()).error().code, QStringLiteral("invalid_client"));
}

void tst_ClientsApi::managementClientCannotBeDeleted()
{
    const QString managementId = m_tenant->managementClient().clientId;
    const HttpReply refused = m_tenant->api("DELETE", path(managementId));
    COMPARE_STATUS(refused, 400);
    QCOMPARE(refused.object()[QLatin1String("errorCode")].toString(), QStringLiteral("operation_not_supported"));
    COMPARE_STATUS(m_tenant->api("GET", path(managementId)), 200);
    QVERIFY(m_tenant->requestToken(m_tenant->managementClient(), m_tenant->managementAudience()).isOk());
}

void tst_ClientsApi::listFilters()
{
    QVERIFY(!create({{QStringLiteral("name"), QStringLiteral("an SPA")}, {QStringLiteral("app_type"), QStringLiteral("spa")},
                     {QStringLiteral("is_first_party"), false}}).isEmpty());
    const HttpReply spas = m_tenant->api("GET", Clients + QStringLiteral("?app_type=spa"));
    COMPARE_STATUS(spas, 200);
    QCOMPARE(spas.array().size(), 1);
    QCOMPARE(spas.array().first()[QLatin1String("name")].toString(), QStringLiteral("an SPA"));
    const HttpReply both = m_tenant->api("GET", Clients + QStringLiteral("?app_type=spa,non_interactive"));
    QVERIFY(both.array().size() > 1);
    const HttpReply thirdParty = m_tenant->api("GET", Clients + QStringLiteral("?is_first_party=false"));
    QCOMPARE(thirdParty.array().size(), 1);
}

QTEST_GUILESS_MAIN(tst_ClientsApi)
#include "tst_clientsapi.moc"
