// SPDX-License-Identifier: MIT
// /api/v2/client-grants on the local tenant: what a grant may name, conflicts, filters.
#include "TenantFixture.h"

#include <QRegularExpression>
#include <QTest>

namespace {

const QString Grants = QStringLiteral("/api/v2/client-grants");
const QString Audience = QStringLiteral("https://test-api");

QJsonObject grant(const QString &clientId, const QString &audience, const QStringList &scopes)
{
    return {{QStringLiteral("client_id"), clientId},
            {QStringLiteral("audience"), audience},
            {QStringLiteral("scope"), QJsonArray::fromStringList(scopes)}};
}

} // namespace

class tst_ClientGrantsApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void createReadDelete();
    void rejects_data();
    void rejects();
    void duplicateIsConflict();
    void updateScopes();
    void listFilters();

private:
    QString newClient();
    std::unique_ptr<TenantFixture> m_tenant;
    int m_clients = 0;
};

void tst_ClientGrantsApi::initTestCase()
{
    m_tenant = std::make_unique<TenantFixture>();
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));
    const QJsonArray scopes{QJsonObject{{QStringLiteral("value"), QStringLiteral("read:messages")}},
                            QJsonObject{{QStringLiteral("value"), QStringLiteral("create:messages")}}};
    COMPARE_STATUS(m_tenant->api("POST", QStringLiteral("/api/v2/resource-servers"),
                                 QJsonObject{{QStringLiteral("identifier"), Audience}, {QStringLiteral("scopes"), scopes}}),
                   201);
}

void tst_ClientGrantsApi::init()
{
    const QString management = m_tenant->managementClient().clientId;
    for (const QJsonValue &existing : m_tenant->api("GET", Grants).array()) {
        if (existing[QLatin1String("client_id")].toString() != management)
            COMPARE_STATUS(m_tenant->api("DELETE", Grants + QLatin1Char('/') + existing[QLatin1String("id")].toString()), 204);
    }
}

QString tst_ClientGrantsApi::newClient()
{
    const HttpReply client = m_tenant->api("POST", QStringLiteral("/api/v2/clients"),
                                           QJsonObject{{QStringLiteral("name"), QStringLiteral("client %1").arg(++m_clients)},
                                                       {QStringLiteral("app_type"), QStringLiteral("non_interactive")}});
    return client.object()[QLatin1String("client_id")].toString();
}

void tst_ClientGrantsApi::createReadDelete()
{
    const QString clientId = newClient();
    QVERIFY(!clientId.isEmpty());
    const HttpReply created = m_tenant->api("POST", Grants, grant(clientId, Audience, {QStringLiteral("read:messages")}));
    COMPARE_STATUS(created, 201);
    const QJsonObject body = created.object();
    const QString id = body[QLatin1String("id")].toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^cgr_[A-Za-z0-9]{16}$")).match(id).hasMatch(), qPrintable(id));
    QCOMPARE(body[QLatin1String("client_id")].toString(), clientId);
    QCOMPARE(body[QLatin1String("audience")].toString(), Audience);
    QCOMPARE(body[QLatin1String("scope")].toArray(), QJsonArray{QStringLiteral("read:messages")});
    QCOMPARE(body[QLatin1String("subject_type")].toString(), QStringLiteral("client"));

    const HttpReply read = m_tenant->api("GET", Grants + QLatin1Char('/') + id);
    COMPARE_STATUS(read, 200);
    QCOMPARE(read.object(), body);
    // The grant is what /oauth/token checks.
    const auto token = m_tenant->requestToken({clientId, m_tenant->api("GET", QStringLiteral("/api/v2/clients/") + clientId)
                                                             .object()[QLatin1String("client_secret")].toString()},
                                              Audience);
    QVERIFY2(token.isOk(), qPrintable(token.error().message));
    QCOMPARE(token.value().scope, QStringLiteral("read:messages"));

    COMPARE_STATUS(m_tenant->api("DELETE", Grants + QLatin1Char('/') + id), 204);
    COMPARE_STATUS(m_tenant->api("DELETE", Grants + QLatin1Char('/') + id), 204);
    const HttpReply gone = m_tenant->api("GET", Grants + QLatin1Char('/') + id);
    COMPARE_STATUS(gone, 404);
    QCOMPARE(gone.object()[QLatin1String("errorCode")].toString(), QStringLiteral("inexistent_client_grant"));
    QCOMPARE(gone.message(), QStringLiteral("The client grant does not exist"));
}

void tst_ClientGrantsApi::rejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<QString>("messageContains");
    QTest::newRow("no audience") << QJsonObject{{QStringLiteral("client_id"), QStringLiteral("CLIENT")}} << 400
                                 << "invalid_body" << "Missing required property: audience";
    QTest::newRow("unknown audience") << grant(QStringLiteral("CLIENT"), QStringLiteral("https://nope"), {}) << 404
                                      << "inexistent_resource_server" << "https://nope";
    QTest::newRow("unknown client") << grant(QStringLiteral("NoSuchClient"), Audience, {}) << 404
                                    << "inexistent_client" << "NoSuchClient";
    QTest::newRow("scope the API does not define") << grant(QStringLiteral("CLIENT"), Audience, {QStringLiteral("read:messages"), QStringLiteral("fly:away")})
                                                   << 400 << "invalid_body" << "not defined: fly:away' on property scope";
    QTest::newRow("scope not a list") << QJsonObject{{QStringLiteral("client_id"), QStringLiteral("CLIENT")}, {QStringLiteral("audience"), Audience},
                                                     {QStringLiteral("scope"), QStringLiteral("read:messages")}}
                                      << 400 << "invalid_body" << "on property scope";
}

void tst_ClientGrantsApi::rejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, errorCode);
    QFETCH(QString, messageContains);
    if (body[QLatin1String("client_id")].toString() == QLatin1String("CLIENT"))
        body.insert(QStringLiteral("client_id"), newClient());
    const int before = m_tenant->api("GET", Grants).array().size();
    const HttpReply reply = m_tenant->api("POST", Grants, body);
    COMPARE_STATUS(reply, status);
    QCOMPARE(reply.object()[QLatin1String("errorCode")].toString(), errorCode);
    QVERIFY2(reply.message().contains(messageContains), qPrintable(reply.message()));
    QCOMPARE(m_tenant->api("GET", Grants).array().size(), before);
}

void tst_ClientGrantsApi::duplicateIsConflict()
{
    const QString clientId = newClient();
    COMPARE_STATUS(m_tenant->api("POST", Grants, grant(clientId, Audience, {})), 201);
    const HttpReply again = m_tenant->api("POST", Grants, grant(clientId, Audience, {QStringLiteral("read:messages")}));
    COMPARE_STATUS(again, 409);
    QCOMPARE(again.object()[QLatin1String("errorCode")].toString(), QStringLiteral("conflict"));
    // The same client may hold a grant for another API.
    COMPARE_STATUS(m_tenant->api("POST", Grants, grant(clientId, m_tenant->managementAudience(), {QStringLiteral("read:rules")})), 201);
}

void tst_ClientGrantsApi::updateScopes()
{
    const QString clientId = newClient();
    const HttpReply created = m_tenant->api("POST", Grants, grant(clientId, Audience, {QStringLiteral("read:messages")}));
    COMPARE_STATUS(created, 201);
    const QString grantPath = Grants + QLatin1Char('/') + created.object()[QLatin1String("id")].toString();

    const QJsonArray both{QStringLiteral("read:messages"), QStringLiteral("create:messages")};
    const HttpReply updated = m_tenant->api("PATCH", grantPath, QJsonObject{{QStringLiteral("scope"), both}});
    COMPARE_STATUS(updated, 200);
    QCOMPARE(updated.object()[QLatin1String("scope")].toArray(), both);
    QCOMPARE(updated.object()[QLatin1String("audience")].toString(), Audience);

    const HttpReply undefinedScope = m_tenant->api("PATCH", grantPath, QJsonObject{{QStringLiteral("scope"), QJsonArray{QStringLiteral("delete:everything")}}});
    COMPARE_STATUS(undefinedScope, 400);
    QVERIFY2(undefinedScope.message().contains(QLatin1String("delete:everything")), qPrintable(undefinedScope.message()));
    const HttpReply moveAudience = m_tenant->api("PATCH", grantPath, QJsonObject{{QStringLiteral("audience"), QStringLiteral("https://other")}});
    COMPARE_STATUS(moveAudience, 400);
    QVERIFY2(moveAudience.message().contains(QLatin1String("Additional properties not allowed: audience")), qPrintable(moveAudience.message()));
    QCOMPARE(m_tenant->api("GET", grantPath).object()[QLatin1String("scope")].toArray(), both);
    COMPARE_STATUS(m_tenant->api("PATCH", Grants + QStringLiteral("/cgr_0000000000000000"), QJsonObject{{QStringLiteral("scope"), QJsonArray()}}), 404);
}

void tst_ClientGrantsApi::listFilters()
{
    const QString first = newClient();
    const QString second = newClient();
    COMPARE_STATUS(m_tenant->api("POST", Grants, grant(first, Audience, {})), 201);
    COMPARE_STATUS(m_tenant->api("POST", Grants, grant(second, Audience, {})), 201);
    COMPARE_STATUS(m_tenant->api("POST", Grants, grant(second, m_tenant->managementAudience(), {})), 201);

    const QString encodedAudience = QString::fromLatin1(QUrl::toPercentEncoding(Audience));
    QCOMPARE(m_tenant->api("GET", Grants + QStringLiteral("?audience=") + encodedAudience).array().size(), 2);
    QCOMPARE(m_tenant->api("GET", Grants + QStringLiteral("?client_id=") + second).array().size(), 2);
    const QJsonArray both = m_tenant->api("GET", Grants + QStringLiteral("?client_id=") + second + QStringLiteral("&audience=") + encodedAudience).array();
    QCOMPARE(both.size(), 1);
    QCOMPARE(both.first()[QLatin1String("client_id")].toString(), second);
    QCOMPARE(m_tenant->api("GET", Grants + QStringLiteral("?client_id=nobody")).array().size(), 0);
}

QTEST_GUILESS_MAIN(tst_ClientGrantsApi)
#include "tst_clientgrantsapi.moc"
