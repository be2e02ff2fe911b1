// SPDX-License-Identifier: MIT
// /api/v2/resource-servers on the local tenant: defaults, identifiers in paths, the system API.
#include "TenantFixture.h"

#include <QRegularExpression>
#include <QTest>

namespace {

const QString Apis = QStringLiteral("/api/v2/resource-servers");

QString path(const QString &idOrIdentifier)
{
    return Apis + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(idOrIdentifier));
}

QJsonArray scopes(const QStringList &values)
{
    QJsonArray out;
    for (const QString &value : values)
        out.append(QJsonObject{{QStringLiteral("value"), value}, {QStringLiteral("description"), value.toUpper()}});
    return out;
}

} // namespace

class tst_ResourceServersApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void createFillsDefaults();
    void createKeepsWhatWasSent();
    void webLifetimeFollowsLifetime_data();
    void webLifetimeFollowsLifetime();
    void hs256GetsASecret();
    void duplicateIdentifierIsConflict();
    void readByIdOrIdentifier_data();
    void readByIdOrIdentifier();
    void updateReplacesScopes();
    void invalidBodies_data();
    void invalidBodies();
    void listFiltersIdentifiers();
    void deleteTakesGrantsAlong();
    void systemApiIsProtected();

private:
    QJsonObject create(const QJsonObject &body);
    std::unique_ptr<TenantFixture> m_tenant;
};

void tst_ResourceServersApi::initTestCase()
{
    m_tenant = std::make_unique<TenantFixture>();
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));
}

void tst_ResourceServersApi::init()
{
    for (const QJsonValue &api : m_tenant->api("GET", Apis).array()) {
        if (!api[QLatin1String("is_system")].toBool())
            COMPARE_STATUS(m_tenant->api("DELETE", path(api[QLatin1String("id")].toString())), 204);
    }
}

QJsonObject tst_ResourceServersApi::create(const QJsonObject &body)
{
    const HttpReply reply = m_tenant->api("POST", Apis, body);
    if (reply.status != 201)
        qWarning("%s", qPrintable(reply.describe(201)));
    return reply.object();
}

void tst_ResourceServersApi::createFillsDefaults()
{
    const HttpReply reply = m_tenant->api("POST", Apis, QJsonObject{{QStringLiteral("identifier"), QStringLiteral("https://test-api")}});
    COMPARE_STATUS(reply, 201);
    const QJsonObject api = reply.object();
    QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{24}$")).match(api[QLatin1String("id")].toString()).hasMatch(),
             qPrintable(api[QLatin1String("id")].toString()));
    QCOMPARE(api[QLatin1String("identifier")].toString(), QStringLiteral("https://test-api"));
    QCOMPARE(api[QLatin1String("name")].toString(), QStringLiteral("https://test-api"));
    QCOMPARE(api[QLatin1String("signing_alg")].toString(), QStringLiteral("RS256"));
    QCOMPARE(api[QLatin1String("token_lifetime")].toInt(), 86400);
    QCOMPARE(api[QLatin1String("token_lifetime_for_web")].toInt(), 7200);
    QCOMPARE(api[QLatin1String("allow_offline_access")].toBool(true), false);
    QCOMPARE(api[QLatin1String("skip_consent_for_verifiable_first_party_clients")].toBool(true), false);
    QCOMPARE(api[QLatin1String("enforce_policies")].toBool(true), false);
    QCOMPARE(api[QLatin1String("token_dialect")].toString(), QStringLiteral("access_token"));
    QCOMPARE(api[QLatin1String("scopes")].toArray(), QJsonArray());
    QCOMPARE(api[QLatin1String("subject_type_authorization")].toObject()[QLatin1String("client")].toObject()[QLatin1String("policy")].toString(),
             QStringLiteral("require_client_grant"));
    QVERIFY(!api.contains(QLatin1String("is_system")));
    QVERIFY(!api.contains(QLatin1String("signing_secret")));
}

void tst_ResourceServersApi::createKeepsWhatWasSent()
{
    const QJsonObject body{{QStringLiteral("identifier"), QStringLiteral("urn:test:api")},
                           {QStringLiteral("name"), QStringLiteral("Test API")},
                           {QStringLiteral("scopes"), scopes({QStringLiteral("read:messages"), QStringLiteral("create:messages")})},
                           {QStringLiteral("token_lifetime"), 3600},
                           {QStringLiteral("token_lifetime_for_web"), 600},
                           {QStringLiteral("allow_offline_access"), true},
                           {QStringLiteral("enforce_policies"), true},
                           {QStringLiteral("token_dialect"), QStringLiteral("access_token_authz")}};
    const QJsonObject api = create(body);
    for (auto it = body.begin(); it != body.end(); ++it)
        QCOMPARE(api.value(it.key()), it.value());
    QCOMPARE(m_tenant->api("GET", path(api[QLatin1String("id")].toString())).object(), api);
}

void tst_ResourceServersApi::webLifetimeFollowsLifetime_data()
{
    QTest::addColumn<int>("lifetime");
    QTest::addColumn<int>("webLifetime");
    QTest::newRow("a day") << 86400 << 7200;
    QTest::newRow("an hour") << 3600 << 3600;
    QTest::newRow("a minute") << 60 << 60;
}

void tst_ResourceServersApi::webLifetimeFollowsLifetime()
{
    QFETCH(int, lifetime);
    QFETCH(int, webLifetime);
    const QJsonObject api = create({{QStringLiteral("identifier"), QStringLiteral("https://lifetime")},
                                    {QStringLiteral("token_lifetime"), lifetime}});
    QCOMPARE(api[QLatin1String("token_lifetime_for_web")].toInt(), webLifetime);
}

void tst_ResourceServersApi::hs256GetsASecret()
{
    const QJsonObject api = create({{QStringLiteral("identifier"), QStringLiteral("https://hs")},
                                    {QStringLiteral("signing_alg"), QStringLiteral("HS256")}});
    QVERIFY(api[QLatin1String("signing_secret")].toString().size() >= 16);
}

void tst_ResourceServersApi::duplicateIdentifierIsConflict()
{
    QVERIFY(!create({{QStringLiteral("identifier"), QStringLiteral("https://dup")}}).isEmpty());
    for (const QString &identifier : {QStringLiteral("https://dup"), m_tenant->managementAudience()}) {
        const HttpReply again = m_tenant->api("POST", Apis, QJsonObject{{QStringLiteral("identifier"), identifier}});
        COMPARE_STATUS(again, 409);
        QCOMPARE(again.object()[QLatin1String("errorCode")].toString(), QStringLiteral("conflict"));
    }
    QCOMPARE(m_tenant->api("GET", Apis).array().size(), 2); // the Management API and https://dup
}

void tst_ResourceServersApi::readByIdOrIdentifier_data()
{
    QTest::addColumn<QString>("identifier");
    QTest::newRow("https with path and trailing slash") << "https://api.example.com/v1/";
    QTest::newRow("query-like characters") << "https://api.example.com/x?y=1&z=2#f";
    QTest::newRow("urn") << "urn:example:my-api";
    QTest::newRow("spaces and unicode") << "my api ✓";
}

void tst_ResourceServersApi::readByIdOrIdentifier()
{
    QFETCH(QString, identifier);
    const QJsonObject api = create({{QStringLiteral("identifier"), identifier}});
    QVERIFY(!api.isEmpty());
    // Auth0 takes the id or the URL-encoded identifier in the path.
    for (const QString &key : {api[QLatin1String("id")].toString(), identifier}) {
        const HttpReply read = m_tenant->api("GET", path(key));
        COMPARE_STATUS(read, 200);
        QCOMPARE(read.object(), api);
    }
    const HttpReply renamed = m_tenant->api("PATCH", path(identifier), QJsonObject{{QStringLiteral("name"), QStringLiteral("Renamed")}});
    COMPARE_STATUS(renamed, 200);
    QCOMPARE(renamed.object()[QLatin1String("identifier")].toString(), identifier);
    COMPARE_STATUS(m_tenant->api("DELETE", path(identifier)), 204);
    const HttpReply gone = m_tenant->api("GET", path(api[QLatin1String("id")].toString()));
    COMPARE_STATUS(gone, 404);
    QCOMPARE(gone.object(), (QJsonObject{{QStringLiteral("statusCode"), 404},
                                         {QStringLiteral("error"), QStringLiteral("Not Found")},
                                         {QStringLiteral("message"), QStringLiteral("The resource server does not exist")},
                                         {QStringLiteral("errorCode"), QStringLiteral("inexistent_resource_server")}}));
    COMPARE_STATUS(m_tenant->api("DELETE", path(identifier)), 204); // repeated: 204 as recorded
}

void tst_ResourceServersApi::updateReplacesScopes()
{
    const QJsonObject api = create({{QStringLiteral("identifier"), QStringLiteral("https://scoped")},
                                    {QStringLiteral("scopes"), scopes({QStringLiteral("read:a"), QStringLiteral("read:b")})}});
    const QString apiPath = path(api[QLatin1String("id")].toString());
    const HttpReply updated = m_tenant->api("PATCH", apiPath, QJsonObject{{QStringLiteral("scopes"), scopes({QStringLiteral("read:c")})},
                                                                          {QStringLiteral("token_lifetime"), 600},
                                                                          {QStringLiteral("token_lifetime_for_web"), 300}});
    COMPARE_STATUS(updated, 200); // 200 as real tenants answer, not the spec's 201
    QCOMPARE(updated.object()[QLatin1String("scopes")].toArray(), scopes({QStringLiteral("read:c")}));
    QCOMPARE(updated.object()[QLatin1String("token_lifetime")].toInt(), 600);
    QCOMPARE(updated.object()[QLatin1String("name")].toString(), QStringLiteral("https://scoped"));
    QCOMPARE(m_tenant->api("GET", apiPath).object(), updated.object());

    const HttpReply tooLong = m_tenant->api("PATCH", apiPath, QJsonObject{{QStringLiteral("token_lifetime_for_web"), 601}});
    COMPARE_STATUS(tooLong, 400);
    QVERIFY2(tooLong.message().contains(QLatin1String("on property token_lifetime_for_web")), qPrintable(tooLong.message()));
    COMPARE_STATUS(m_tenant->api("PATCH", path(QStringLiteral("0123456789abcdef01234567")), QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}}), 404);
}

void tst_ResourceServersApi::invalidBodies_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("messageContains");
    QTest::newRow("name with <") << QByteArray("POST") << QJsonObject{{QStringLiteral("identifier"), QStringLiteral("i")}, {QStringLiteral("name"), QStringLiteral("My <API>")}}
                                 << "on property name";
    QTest::newRow("no identifier") << QByteArray("POST") << QJsonObject{{QStringLiteral("name"), QStringLiteral("n")}}
                                   << "Missing required property: identifier";
    QTest::newRow("scope without value") << QByteArray("POST")
                                         << QJsonObject{{QStringLiteral("identifier"), QStringLiteral("i")},
                                                        {QStringLiteral("scopes"), QJsonArray{QJsonObject{{QStringLiteral("description"), QStringLiteral("d")}}}}}
                                         << "Missing required property: value on property scopes[0]";
    QTest::newRow("lifetime over 30 days") << QByteArray("POST")
                                           << QJsonObject{{QStringLiteral("identifier"), QStringLiteral("i")}, {QStringLiteral("token_lifetime"), 2592001}}
                                           << "on property token_lifetime";
    QTest::newRow("web lifetime over lifetime") << QByteArray("POST")
                                                << QJsonObject{{QStringLiteral("identifier"), QStringLiteral("i")},
                                                               {QStringLiteral("token_lifetime"), 100}, {QStringLiteral("token_lifetime_for_web"), 200}}
                                                << "on property token_lifetime_for_web";
    QTest::newRow("identifier is immutable") << QByteArray("PATCH") << QJsonObject{{QStringLiteral("identifier"), QStringLiteral("https://new")}}
                                             << "Additional properties not allowed: identifier";
}

void tst_ResourceServersApi::invalidBodies()
{
    QFETCH(QByteArray, method);
    QFETCH(QJsonObject, body);
    QFETCH(QString, messageContains);
    QString target = Apis;
    if (method == "PATCH")
        target = path(create({{QStringLiteral("identifier"), QStringLiteral("https://target")}})[QLatin1String("id")].toString());
    const HttpReply reply = m_tenant->api(method, target, body);
    COMPARE_STATUS(reply, 400);
    QCOMPARE(reply.object()[QLatin1String("errorCode")].toString(), QStringLiteral("invalid_body"));
    QVERIFY2(reply.message().contains(messageContains), qPrintable(reply.message()));
    QCOMPARE(m_tenant->api("GET", Apis).array().size(), method == "PATCH" ? 2 : 1);
}

void tst_ResourceServersApi::listFiltersIdentifiers()
{
    for (const QString &identifier : {QStringLiteral("https://a"), QStringLiteral("https://b"), QStringLiteral("https://c")})
        QVERIFY(!create({{QStringLiteral("identifier"), identifier}}).isEmpty());
    const HttpReply filtered = m_tenant->api("GET", Apis + QStringLiteral("?identifiers=https%3A%2F%2Fa&identifiers=https%3A%2F%2Fc"));
    COMPARE_STATUS(filtered, 200);
    QStringList identifiers;
    for (const QJsonValue &api : filtered.array())
        identifiers << api[QLatin1String("identifier")].toString();
    QCOMPARE(identifiers, (QStringList{QStringLiteral("https://a"), QStringLiteral("https://c")}));
}

void tst_ResourceServersApi::deleteTakesGrantsAlong()
{
    const QJsonObject api = create({{QStringLiteral("identifier"), QStringLiteral("https://granted")},
                                    {QStringLiteral("scopes"), scopes({QStringLiteral("read:x")})}});
    QVERIFY(m_tenant->createM2mClient(QStringLiteral("m2m"), QStringLiteral("https://granted"), {QStringLiteral("read:x")}).isValid());
    const QString grants = QStringLiteral("/api/v2/client-grants?audience=") + QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("https://granted")));
    QCOMPARE(m_tenant->api("GET", grants).array().size(), 1);
    COMPARE_STATUS(m_tenant->api("DELETE", path(api[QLatin1String("id")].toString())), 204);
    QCOMPARE(m_tenant->api("GET", grants).array().size(), 0);
}

void tst_ResourceServersApi::systemApiIsProtected()
{
    const QJsonArray all = m_tenant->api("GET", Apis).array();
    QCOMPARE(all.size(), 1);
    const QJsonObject management = all.first().toObject();
    QCOMPARE(management[QLatin1String("is_system")].toBool(), true);
    QCOMPARE(management[QLatin1String("identifier")].toString(), m_tenant->managementAudience());
    QCOMPARE(management[QLatin1String("name")].toString(), QStringLiteral("Auth0 Management API"));

    const HttpReply update = m_tenant->api("PATCH", path(m_tenant->managementAudience()), QJsonObject{{QStringLiteral("token_lifetime"), 60}});
    COMPARE_STATUS(update, 403);
    QCOMPARE(update.object()[QLatin1String("errorCode")].toString(), QStringLiteral("operation_not_supported"));
    const HttpReply remove = m_tenant->api("DELETE", path(management[QLatin1String("id")].toString()));
    COMPARE_STATUS(remove, 400);
    QCOMPARE(remove.object()[QLatin1String("errorCode")].toString(), QStringLiteral("operation_not_supported"));
    QCOMPARE(m_tenant->api("GET", path(management[QLatin1String("id")].toString())).object(), management);
}

QTEST_GUILESS_MAIN(tst_ResourceServersApi)
#include "tst_resourceserversapi.moc"
