// SPDX-License-Identifier: MIT
// What every Management API v2 endpoint of the local tenant does the same way
// (tenant/ManagementSupport, RateLimiter, Router): bearer tokens and scopes, bodies and content
// types, pagination and projection, rate limits. Per-resource behaviour: tst_<resource>api.
#include "TenantFixture.h"
#include "common/Clock.h"
#include "common/JsonUtil.h"
#include "crypto/Jwt.h"
#include "crypto/RsaKey.h"
#include "tenant/Tenant.h"

#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

namespace {

const QString Rules = QStringLiteral("/api/v2/rules");
const QString Clients = QStringLiteral("/api/v2/clients");

QJsonObject rule(int n)
{
    return {{QStringLiteral("name"), QStringLiteral("rule-%1").arg(n, 3, 10, QLatin1Char('0'))},
            {QStringLiteral("script"), QStringLiteral("function (u, c, cb) { cb(null, u, c); }")}};
}

QStringList ids(const QJsonArray &items, const QString &key = QStringLiteral("id"))
{
    QStringList out;
    for (const QJsonValue &item : items)
        out << item.toObject().value(key).toString();
    return out;
}

} // namespace

class tst_ManagementApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void unauthorized_data();
    void unauthorized();
    void insufficientScope();
    void bodies_data();
    void bodies();
    void oversizedBody();
    void unknownRouteAndMethod();

    void offsetPagination_data();
    void offsetPagination();
    void totalsDescribeWhatCame();
    void checkpointPagination_data();
    void checkpointPagination();
    void badQuery_data();
    void badQuery();
    void clientFieldsKeepTenant();

    void concurrentCreatesAreAtomic();
    void rateLimitHeadersAnd429();
    void rateLimitUnderBurst();

private:
    QByteArray signedByTenant(const QJsonObject &overrides);
    std::unique_ptr<TenantFixture> m_tenant;
};

void tst_ManagementApi::initTestCase()
{
    m_tenant = std::make_unique<TenantFixture>();
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));
    QVERIFY(!m_tenant->managementToken().isEmpty());
    for (int i = 0; i < 7; ++i)
        COMPARE_STATUS(m_tenant->api("POST", Rules, rule(i)), 201);
}

// A Management API token as the tenant would mint it, with some claims changed.
QByteArray tst_ManagementApi::signedByTenant(const QJsonObject &overrides)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject claims{{QStringLiteral("iss"), m_tenant->tenant().issuer()},
                       {QStringLiteral("sub"), m_tenant->managementClient().clientId + QStringLiteral("@clients")},
                       {QStringLiteral("aud"), m_tenant->managementAudience()},
                       {QStringLiteral("iat"), now - 60},
                       {QStringLiteral("exp"), now + 3600},
                       {QStringLiteral("scope"), Tenant::managementScopes().join(QLatin1Char(' '))},
                       {QStringLiteral("gty"), QStringLiteral("client-credentials")}};
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        claims.insert(it.key(), it.value());
    return m_tenant->tenant().sign(claims);
}

void tst_ManagementApi::unauthorized_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QString>("message");

    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QTest::newRow("no header") << QByteArray() << "Missing authentication";
    QTest::newRow("basic scheme") << QByteArray("Basic YTpi") << "Bad HTTP authentication header format";
    QTest::newRow("bearer without token") << QByteArray("Bearer ") << "Bad HTTP authentication header format";
    QTest::newRow("garbage token") << bearer("garbage") << "Invalid token";
    QTest::newRow("expired") << bearer(signedByTenant({{QStringLiteral("exp"), now - 10}}))
                             << "Expired token received for JSON Web Token validation";
    QTest::newRow("other issuer") << bearer(signedByTenant({{QStringLiteral("iss"), QStringLiteral("https://evil.test/")}}))
                                  << "Invalid token";
    QTest::newRow("another API's audience")
        << bearer(signedByTenant({{QStringLiteral("aud"), QStringLiteral("https://test-api")}})) << "Bad audience: \"https://test-api\"";

    // Same claims and kid, signed by a key the tenant never had.
    const RsaKey stranger = RsaKey::generate();
    QJsonObject claims = Jwt::decode(signedByTenant({})).value_or(Jwt()).payload;
    QTest::newRow("signed by another key") << bearer(Jwt::signRs256(claims, stranger, m_tenant->tenant().keyId()))
                                           << "Invalid token";
    const QList<QByteArray> parts = signedByTenant({}).split('.');
    QTest::newRow("alg none") << bearer("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + parts[1] + '.') << "Invalid token";
}

void tst_ManagementApi::unauthorized()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QString, message);
    for (const QByteArray &method : {QByteArray("GET"), QByteArray("POST")}) {
        const HttpReply reply = m_tenant->send(method, Rules, method == "POST" ? JsonUtil::compact(rule(99)) : QByteArray(),
                                               authorization);
        COMPARE_STATUS(reply, 401);
        QCOMPARE(reply.object(), (QJsonObject{{QStringLiteral("statusCode"), 401},
                                              {QStringLiteral("error"), QStringLiteral("Unauthorized")},
                                              {QStringLiteral("message"), message}}));
        QCOMPARE(reply.header("WWW-Authenticate"), QByteArray("Bearer"));
    }
    QCOMPARE(m_tenant->api("GET", Rules).array().size(), 7); // nothing was created
}

void tst_ManagementApi::insufficientScope()
{
    const QByteArray readOnly = m_tenant->managementTokenWithScopes({QStringLiteral("read:rules")});
    QVERIFY(!readOnly.isEmpty());
    COMPARE_STATUS(m_tenant->apiAs(readOnly, "GET", Rules), 200);

    const HttpReply create = m_tenant->apiAs(readOnly, "POST", Rules, rule(98));
    COMPARE_STATUS(create, 403);
    QCOMPARE(create.object(), (QJsonObject{{QStringLiteral("statusCode"), 403},
                                           {QStringLiteral("error"), QStringLiteral("Forbidden")},
                                           {QStringLiteral("message"), QStringLiteral("Insufficient scope, expected any of: create:rules")},
                                           {QStringLiteral("errorCode"), QStringLiteral("insufficient_scope")}}));
    const HttpReply clients = m_tenant->apiAs(readOnly, "GET", Clients);
    COMPARE_STATUS(clients, 403);
    QCOMPARE(clients.message(), QStringLiteral("Insufficient scope, expected any of: read:clients,read:client_keys,read:client_summary"));
    COMPARE_STATUS(m_tenant->apiAs(readOnly, "DELETE", Rules + QStringLiteral("/rul_x")), 403);
    QCOMPARE(m_tenant->api("GET", Rules).array().size(), 7);
}

void tst_ManagementApi::bodies_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("messageContains");
    QTest::newRow("json") << QByteArray("application/json") << JsonUtil::compact(rule(100)) << 201 << QString();
    QTest::newRow("json with charset") << QByteArray("application/json; charset=utf-8") << JsonUtil::compact(rule(101))
                                       << 201 << QString();
    QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded")
                          << QByteArray("name=rule-102&script=function%20(u%2C%20c%2C%20cb)%20%7B%7D") << 201 << QString();
    QTest::newRow("plain text") << QByteArray("text/plain") << JsonUtil::compact(rule(103)) << 415
                                << "Unsupported Media Type";
    QTest::newRow("xml") << QByteArray("application/xml") << QByteArray("<rule/>") << 415 << "Unsupported Media Type";
    QTest::newRow("broken json") << QByteArray("application/json") << QByteArray("{\"name\": \"x\",") << 400
                                 << "Invalid request payload JSON format";
    QTest::newRow("json array") << QByteArray("application/json") << QByteArray("[1,2]") << 400
                                << "Expected type object but found type array";
    QTest::newRow("empty body") << QByteArray("application/json") << QByteArray() << 400
                                << "Missing required property: name";
}

void tst_ManagementApi::bodies()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, messageContains);
    const HttpReply reply = m_tenant->send("POST", Rules, body, bearer(m_tenant->managementToken()), contentType);
    COMPARE_STATUS(reply, status);
    if (status == 201) {
        QVERIFY(reply.object()[QLatin1String("name")].toString().startsWith(QLatin1String("rule-1")));
        COMPARE_STATUS(m_tenant->api("DELETE", Rules + QLatin1Char('/') + reply.object()[QLatin1String("id")].toString()), 204);
        return;
    }
    QCOMPARE(reply.object()[QLatin1String("statusCode")].toInt(), status);
    QVERIFY2(reply.message().contains(messageContains), qPrintable(reply.message()));
    if (status == 400)
        QCOMPARE(reply.object()[QLatin1String("errorCode")].toString(), QStringLiteral("invalid_body"));
}

void tst_ManagementApi::oversizedBody()
{
    QJsonObject big = rule(104);
    big.insert(QStringLiteral("script"), QString(1100 * 1024, QLatin1Char('x')));
    const HttpReply reply = m_tenant->api("POST", Rules, big);
    COMPARE_STATUS(reply, 413);
    QCOMPARE(reply.object()[QLatin1String("statusCode")].toInt(), 413);
    QVERIFY2(reply.message().contains(QLatin1String("1048576")), qPrintable(reply.message()));
    QCOMPARE(m_tenant->api("GET", Rules).array().size(), 7);
}

void tst_ManagementApi::unknownRouteAndMethod()
{
    const HttpReply unknown = m_tenant->api("GET", QStringLiteral("/api/v2/hooks"));
    COMPARE_STATUS(unknown, 404);
    QCOMPARE(unknown.object()[QLatin1String("error")].toString(), QStringLiteral("Not Found"));
    const HttpReply method = m_tenant->api("PUT", Rules, rule(105));
    COMPARE_STATUS(method, 405);
    QCOMPARE(method.object()[QLatin1String("statusCode")].toInt(), 405);
}

void tst_ManagementApi::offsetPagination_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("names");
    const auto names = [](std::initializer_list<int> numbers) {
        QStringList out;
        for (int n : numbers)
            out << rule(n)[QLatin1String("name")].toString();
        return out;
    };
    QTest::newRow("no paging: everything") << "" << names({0, 1, 2, 3, 4, 5, 6});
    QTest::newRow("first page") << "page=0&per_page=3" << names({0, 1, 2});
    QTest::newRow("middle page") << "page=1&per_page=3" << names({3, 4, 5});
    QTest::newRow("short last page") << "page=2&per_page=3" << names({6});
    QTest::newRow("past the end") << "page=3&per_page=3" << QStringList();
    QTest::newRow("per_page alone") << "per_page=2" << names({0, 1});
    QTest::newRow("include_totals=false") << "page=1&per_page=5&include_totals=false" << names({5, 6});
}

void tst_ManagementApi::offsetPagination()
{
    QFETCH(QString, query);
    QFETCH(QStringList, names);
    const HttpReply reply = m_tenant->api("GET", Rules + QLatin1Char('?') + query);
    COMPARE_STATUS(reply, 200);
    QVERIFY2(reply.json().isArray(), reply.body.constData()); // a bare array without include_totals
    QCOMPARE(ids(reply.array(), QStringLiteral("name")), names);

    const HttpReply totals = m_tenant->api("GET", Rules + QLatin1Char('?') + query + QStringLiteral("&include_totals=true"));
    if (query.contains(QLatin1String("include_totals")))
        return;
    COMPARE_STATUS(totals, 200);
    const QJsonObject page = totals.object();
    QCOMPARE(page.keys(), (QStringList{QStringLiteral("limit"), QStringLiteral("rules"), QStringLiteral("start"), QStringLiteral("total")}));
    QCOMPARE(page[QLatin1String("total")].toInt(), 7);
    QCOMPARE(ids(page[QLatin1String("rules")].toArray(), QStringLiteral("name")), names);
    const int perPage = query.contains(QLatin1String("per_page=")) ? query.section(QLatin1String("per_page="), 1).section(QLatin1Char('&'), 0, 0).toInt() : 50;
    const int pageIndex = query.contains(QLatin1String("page=")) && !query.startsWith(QLatin1String("per_page"))
        ? query.section(QLatin1String("page="), 1).section(QLatin1Char('&'), 0, 0).toInt() : 0;
    QCOMPARE(page[QLatin1String("limit")].toInt(), perPage);
    QCOMPARE(page[QLatin1String("start")].toInt(), pageIndex * perPage);
}

void tst_ManagementApi::totalsDescribeWhatCame()
{
    // A client that pages by start + limit must see every item once: the page holds at most
    // `limit` items (Auth0's default per_page is 50).
    TenantFixture tenant;
    QVERIFY2(tenant.isRunning(), qPrintable(tenant.startError()));
    for (int i = 0; i < 55; ++i)
        COMPARE_STATUS(tenant.api("POST", Rules, rule(i)), 201);
    QStringList seen;
    for (int start = 0, page = 0; start < 55; ++page) {
        // The first page as clients ask for it: no page or per_page, just the totals.
        const QString query = page == 0 ? QStringLiteral("?include_totals=true")
                                         : QStringLiteral("?include_totals=true&page=%1").arg(page);
        const HttpReply reply = tenant.api("GET", Rules + query);
        COMPARE_STATUS(reply, 200);
        const QJsonObject body = reply.object();
        QCOMPARE(body[QLatin1String("total")].toInt(), 55);
        QCOMPARE(body[QLatin1String("start")].toInt(), start);
        const QJsonArray rules = body[QLatin1String("rules")].toArray();
        QVERIFY2(rules.size() <= body[QLatin1String("limit")].toInt(), reply.body.left(200).constData());
        QVERIFY(!rules.isEmpty());
        seen << ids(rules);
        start += body[QLatin1String("limit")].toInt();
    }
    QCOMPARE(seen.size(), 55);
    QCOMPARE(seen.removeDuplicates(), 0);
}

void tst_ManagementApi::checkpointPagination_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("collection");
    QTest::addColumn<int>("take");
    QTest::newRow("clients by 2") << Clients << "clients" << 2;
    QTest::newRow("clients by 1") << Clients << "clients" << 1;
    QTest::newRow("clients, one page") << Clients << "clients" << 100;
    QTest::newRow("client grants by 1") << QStringLiteral("/api/v2/client-grants") << "client_grants" << 1;
}

void tst_ManagementApi::checkpointPagination()
{
    QFETCH(QString, path);
    QFETCH(QString, collection);
    QFETCH(int, take);
    for (int i = 0; i < 3; ++i) { // enough clients and grants to page through
        if (m_tenant->api("GET", Clients).array().size() < 4)
            QVERIFY(m_tenant->createM2mClient(QStringLiteral("paged %1").arg(i), m_tenant->managementAudience(),
                                              {QStringLiteral("read:rules")}).isValid());
    }
    const QString idKey = collection == QLatin1String("clients") ? QStringLiteral("client_id") : QStringLiteral("id");
    const QStringList everything = ids(m_tenant->api("GET", path).array(), idKey);
    QVERIFY(everything.size() >= 4);

    QStringList seen;
    QString next;
    int pages = 0;
    do {
        QString query = QStringLiteral("?take=%1").arg(take);
        if (!next.isEmpty())
            query += QStringLiteral("&from=") + QString::fromLatin1(QUrl::toPercentEncoding(next));
        const HttpReply reply = m_tenant->api("GET", path + query);
        COMPARE_STATUS(reply, 200);
        const QJsonObject page = reply.object();
        QVERIFY2(!page.contains(QLatin1String("total")), reply.body.constData());
        const QJsonArray items = page[collection].toArray();
        QVERIFY(items.size() <= take);
        seen << ids(items, idKey);
        next = page[QLatin1String("next")].toString();
        QVERIFY(++pages <= everything.size() + 1);
    } while (!next.isEmpty());
    QCOMPARE(seen, everything); // each once, in order, and the last page says no "next"
}

void tst_ManagementApi::badQuery_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("messageContains");
    QTest::newRow("per_page not a number") << "/api/v2/rules?per_page=abc" << "Expected type integer but found type string' on property per_page";
    QTest::newRow("per_page 0") << "/api/v2/rules?per_page=0" << "on property per_page";
    QTest::newRow("per_page 101") << "/api/v2/rules?per_page=101" << "on property per_page";
    QTest::newRow("page -1") << "/api/v2/rules?page=-1" << "on property page";
    QTest::newRow("include_totals yes") << "/api/v2/rules?include_totals=yes" << "on property include_totals";
    QTest::newRow("include_fields 1") << "/api/v2/rules?fields=id&include_fields=1" << "on property include_fields";
    QTest::newRow("take 0") << "/api/v2/clients?take=0" << "on property take";
    QTest::newRow("take 101") << "/api/v2/client-grants?take=101" << "on property take";
    QTest::newRow("from not a checkpoint") << "/api/v2/clients?from=%21%21" << "on property from";
}

void tst_ManagementApi::badQuery()
{
    QFETCH(QString, query);
    QFETCH(QString, messageContains);
    const HttpReply reply = m_tenant->api("GET", query);
    COMPARE_STATUS(reply, 400);
    QCOMPARE(reply.object()[QLatin1String("errorCode")].toString(), QStringLiteral("invalid_query_string"));
    QVERIFY2(reply.message().startsWith(QLatin1String("Query validation error: ")), qPrintable(reply.message()));
    QVERIFY2(reply.message().contains(messageContains), qPrintable(reply.message()));
}

void tst_ManagementApi::clientFieldsKeepTenant()
{
    const HttpReply list = m_tenant->api("GET", Clients + QStringLiteral("?fields=client_id,name&include_fields=true"));
    COMPARE_STATUS(list, 200);
    QVERIFY(!list.array().isEmpty());
    for (const QJsonValue &client : list.array()) // Auth0 always sends "tenant" on clients
        QCOMPARE(client.toObject().keys(), (QStringList{QStringLiteral("client_id"), QStringLiteral("name"), QStringLiteral("tenant")}));
    const HttpReply without = m_tenant->api("GET", Clients + QStringLiteral("?fields=client_secret,signing_keys&include_fields=false"));
    for (const QJsonValue &client : without.array()) {
        QVERIFY(!client.toObject().contains(QLatin1String("client_secret")));
        QVERIFY(client.toObject().contains(QLatin1String("client_id")));
    }
}

namespace {

// Sends all at once (QNetworkAccessManager opens up to six connections to a host; the server
// answers each on its own thread) and returns the statuses and bodies when all are in.
QList<HttpReply> inParallel(TenantFixture &tenant, const QString &path, const QList<QJsonObject> &bodies)
{
    QList<QNetworkReply *> pending;
    for (const QJsonObject &body : bodies) {
        QNetworkRequest request(tenant.url(path));
        request.setRawHeader("Authorization", bearer(tenant.managementToken()));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        pending << tenant.network()->post(request, JsonUtil::compact(body));
    }
    // A timeout is not an error here: unfinished replies show as status 0.
    static_cast<void>(QTest::qWaitFor([&] { return std::all_of(pending.begin(), pending.end(), [](QNetworkReply *r) { return r->isFinished(); }); }, 20000));
    QList<HttpReply> replies;
    for (QNetworkReply *reply : pending) {
        HttpReply out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
        replies << out;
        reply->deleteLater();
    }
    return replies;
}

int countStatus(const QList<HttpReply> &replies, int status)
{
    return int(std::count_if(replies.begin(), replies.end(), [status](const HttpReply &r) { return r.status == status; }));
}

} // namespace

void tst_ManagementApi::concurrentCreatesAreAtomic()
{
    TenantFixture tenant;
    QVERIFY2(tenant.isRunning(), qPrintable(tenant.startError()));
    QVERIFY(!tenant.managementToken().isEmpty());

    // Check-then-write under one lock: of six identical creates exactly one wins.
    const QList<HttpReply> apis = inParallel(tenant, QStringLiteral("/api/v2/resource-servers"),
                                             QList<QJsonObject>(6, {{QStringLiteral("identifier"), QStringLiteral("https://race")}}));
    QCOMPARE(countStatus(apis, 201), 1);
    QCOMPARE(countStatus(apis, 409), 5);
    const QList<HttpReply> sameName = inParallel(tenant, Rules, QList<QJsonObject>(6, rule(1)));
    QCOMPARE(countStatus(sameName, 201), 1);
    QCOMPARE(countStatus(sameName, 409), 5);

    // Distinct creates all land, each with its own id and its own place in the order.
    QList<QJsonObject> distinct;
    for (int i = 2; i < 14; ++i)
        distinct << rule(i);
    QCOMPARE(countStatus(inParallel(tenant, Rules, distinct), 201), 12);
    const QJsonArray rules = tenant.api("GET", Rules).array();
    QCOMPARE(rules.size(), 13);
    QSet<QString> idsSeen;
    QSet<double> orders;
    for (const QJsonValue &created : rules) {
        idsSeen.insert(created[QLatin1String("id")].toString());
        orders.insert(created[QLatin1String("order")].toDouble());
    }
    QCOMPARE(idsSeen.size(), 13);
    QCOMPARE(orders.size(), 13);
}

void tst_ManagementApi::rateLimitHeadersAnd429()
{
    // A clock that stands still makes the token bucket exact: one request, then none.
    ManualClock clock(QDateTime::currentDateTimeUtc());
    LocalTenant::Options options;
    options.rateLimitPerSecond = 1;
    TenantFixture tenant(options, &clock);
    QVERIFY2(tenant.isRunning(), qPrintable(tenant.startError()));
    QVERIFY(!tenant.managementToken().isEmpty()); // /oauth/token is not in the bucket

    const HttpReply first = tenant.api("GET", Rules);
    COMPARE_STATUS(first, 200);
    QCOMPARE(first.header("x-ratelimit-limit"), QByteArray("1"));
    QCOMPARE(first.header("x-ratelimit-remaining"), QByteArray("0"));
    const qint64 reset = first.header("x-ratelimit-reset").toLongLong();
    QVERIFY2(reset > clock.nowSecs() && reset <= clock.nowSecs() + 2, first.header("x-ratelimit-reset").constData());

    const HttpReply limited = tenant.api("POST", Rules, rule(1));
    COMPARE_STATUS(limited, 429);
    QCOMPARE(limited.object(), (QJsonObject{{QStringLiteral("statusCode"), 429},
                                            {QStringLiteral("error"), QStringLiteral("Too Many Requests")},
                                            {QStringLiteral("message"), QStringLiteral("Global limit has been reached")},
                                            {QStringLiteral("errorCode"), QStringLiteral("too_many_requests")}}));
    QCOMPARE(limited.header("Retry-After"), QByteArray("1"));
    QCOMPARE(limited.header("x-ratelimit-limit"), QByteArray("1"));
    QCOMPARE(limited.header("x-ratelimit-remaining"), QByteArray("0"));
    COMPARE_STATUS(tenant.send("GET", QStringLiteral("/.well-known/jwks.json")), 200); // not the Management API

    clock.advanceSecs(1);
    COMPARE_STATUS(tenant.api("GET", Rules), 200);
    QCOMPARE(tenant.api("GET", Rules).status, 429);
    QCOMPARE(tenant.api("GET", Rules).array().size(), 0); // the POST that got 429 created nothing
}

void tst_ManagementApi::rateLimitUnderBurst()
{
    // The same on the wall clock: five requests at once against 1 per second.
    LocalTenant::Options options;
    options.rateLimitPerSecond = 1;
    TenantFixture tenant(options);
    QVERIFY2(tenant.isRunning(), qPrintable(tenant.startError()));
    const QByteArray token = tenant.managementToken();
    QVERIFY(!token.isEmpty());
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 5; ++i) {
        QNetworkRequest request(tenant.url(Rules));
        request.setRawHeader("Authorization", bearer(token));
        replies << tenant.network()->get(request);
    }
    QTRY_VERIFY(std::all_of(replies.begin(), replies.end(), [](QNetworkReply *r) { return r->isFinished(); }));
    int ok = 0, limited = 0;
    for (QNetworkReply *reply : replies) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        ok += status == 200;
        limited += status == 429;
        QVERIFY(reply->hasRawHeader("x-ratelimit-limit"));
        reply->deleteLater();
    }
    QCOMPARE(ok + limited, 5);
    QVERIFY2(ok >= 1 && limited >= 1, qPrintable(QStringLiteral("%1 ok, %2 limited").arg(ok).arg(limited)));
}

QTEST_GUILESS_MAIN(tst_ManagementApi)
#include "tst_managementapi.moc"
