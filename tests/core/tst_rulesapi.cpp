// SPDX-License-Identifier: MIT
// /api/v2/rules on the local tenant, over HTTP: Auth0's status codes, defaults and error bodies.
#include "TenantFixture.h"

#include <QRegularExpression>
#include <QTest>

namespace {

const QString Rules = QStringLiteral("/api/v2/rules");
const QString Script = QStringLiteral("function (user, context, callback) { callback(null, user, context); }");

QJsonObject rule(const QString &name, const QJsonObject &extra = {})
{
    QJsonObject body{{QStringLiteral("name"), name}, {QStringLiteral("script"), Script}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return body;
}

QStringList names(const QJsonArray &rules)
{
    QStringList out;
    for (const QJsonValue &value : rules)
        out << value.toObject().value(QLatin1String("name")).toString();
    return out;
}

} // namespace

class tst_RulesApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void createFillsDefaults();
    void orderDefaultsToMaxPlusOne();
    void readUpdateDelete();
    void missingRuleIs404();
    void listIsSortedByOrder();
    void listFiltersEnabled();
    void duplicateNameIsConflict();
    void invalidBodies_data();
    void invalidBodies();
    void fieldsProjection_data();
    void fieldsProjection();

private:
    QString create(const QJsonObject &body);
    std::unique_ptr<TenantFixture> m_tenant;
};

void tst_RulesApi::initTestCase()
{
    m_tenant = std::make_unique<TenantFixture>();
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));
    QVERIFY(!m_tenant->managementToken().isEmpty());
}

void tst_RulesApi::init()
{
    const HttpReply list = m_tenant->api("GET", Rules);
    COMPARE_STATUS(list, 200);
    for (const QJsonValue &existing : list.array())
        COMPARE_STATUS(m_tenant->api("DELETE", Rules + QLatin1Char('/') + existing[QLatin1String("id")].toString()), 204);
}

QString tst_RulesApi::create(const QJsonObject &body)
{
    const HttpReply reply = m_tenant->api("POST", Rules, body);
    if (reply.status != 201)
        qWarning("%s", qPrintable(reply.describe(201)));
    return reply.object().value(QLatin1String("id")).toString();
}

void tst_RulesApi::createFillsDefaults()
{
    const HttpReply reply = m_tenant->api("POST", Rules, rule(QStringLiteral("call-test-api")));
    COMPARE_STATUS(reply, 201);
    const QJsonObject created = reply.object();
    QVERIFY2(QRegularExpression(QStringLiteral("^rul_[A-Za-z0-9]{16}$")).match(created[QLatin1String("id")].toString()).hasMatch(),
             qPrintable(created[QLatin1String("id")].toString()));
    QCOMPARE(created[QLatin1String("name")].toString(), QStringLiteral("call-test-api"));
    QCOMPARE(created[QLatin1String("script")].toString(), Script);
    QCOMPARE(created[QLatin1String("enabled")].toBool(), true);
    QCOMPARE(created[QLatin1String("order")].toDouble(), 1.0);
    QCOMPARE(created[QLatin1String("stage")].toString(), QStringLiteral("login_success"));
    QCOMPARE(created.keys().size(), 6);

    const HttpReply disabled = m_tenant->api("POST", Rules, rule(QStringLiteral("off"), {{QStringLiteral("enabled"), false}}));
    COMPARE_STATUS(disabled, 201);
    QCOMPARE(disabled.object()[QLatin1String("enabled")].toBool(), false);
}

void tst_RulesApi::orderDefaultsToMaxPlusOne()
{
    QVERIFY(!create(rule(QStringLiteral("first"), {{QStringLiteral("order"), 7}})).isEmpty());
    QVERIFY(!create(rule(QStringLiteral("low"), {{QStringLiteral("order"), 2}})).isEmpty());
    const HttpReply next = m_tenant->api("POST", Rules, rule(QStringLiteral("next")));
    COMPARE_STATUS(next, 201);
    QCOMPARE(next.object()[QLatin1String("order")].toDouble(), 8.0);
    const HttpReply zero = m_tenant->api("POST", Rules, rule(QStringLiteral("zero"), {{QStringLiteral("order"), 0}}));
    COMPARE_STATUS(zero, 201);
    QCOMPARE(zero.object()[QLatin1String("order")].toDouble(), 0.0); // an explicit 0 is kept
}

void tst_RulesApi::readUpdateDelete()
{
    const HttpReply created = m_tenant->api("POST", Rules, rule(QStringLiteral("to-edit"), {{QStringLiteral("order"), 3}}));
    COMPARE_STATUS(created, 201);
    const QString path = Rules + QLatin1Char('/') + created.object()[QLatin1String("id")].toString();

    const HttpReply read = m_tenant->api("GET", path);
    COMPARE_STATUS(read, 200);
    QCOMPARE(read.object(), created.object());

    const QString newScript = QStringLiteral("function (u, c, cb) { cb(null, u, c); }");
    const HttpReply updated = m_tenant->api("PATCH", path, QJsonObject{{QStringLiteral("enabled"), false},
                                                                       {QStringLiteral("script"), newScript}});
    COMPARE_STATUS(updated, 200);
    QCOMPARE(updated.object()[QLatin1String("enabled")].toBool(), false);
    QCOMPARE(updated.object()[QLatin1String("script")].toString(), newScript);
    QCOMPARE(updated.object()[QLatin1String("name")].toString(), QStringLiteral("to-edit"));
    QCOMPARE(updated.object()[QLatin1String("order")].toDouble(), 3.0);
    QCOMPARE(m_tenant->api("GET", path).object(), updated.object());

    COMPARE_STATUS(m_tenant->api("DELETE", path), 204);
    QVERIFY(m_tenant->api("DELETE", path).body.isEmpty());
    COMPARE_STATUS(m_tenant->api("DELETE", path), 204); // a repeated delete is 204 too
    COMPARE_STATUS(m_tenant->api("GET", path), 404);
}

void tst_RulesApi::missingRuleIs404()
{
    const QJsonObject expected{{QStringLiteral("statusCode"), 404},
                               {QStringLiteral("error"), QStringLiteral("Not Found")},
                               {QStringLiteral("message"), QStringLiteral("The rule does not exist")},
                               {QStringLiteral("errorCode"), QStringLiteral("inexistent_rule")}};
    const QString path = Rules + QStringLiteral("/rul_0000000000000000");
    const HttpReply read = m_tenant->api("GET", path);
    COMPARE_STATUS(read, 404);
    QCOMPARE(read.object(), expected);
    QVERIFY(read.header("Content-Type").startsWith("application/json"));
    const HttpReply update = m_tenant->api("PATCH", path, QJsonObject{{QStringLiteral("enabled"), true}});
    COMPARE_STATUS(update, 404);
    QCOMPARE(update.object(), expected);
}

void tst_RulesApi::listIsSortedByOrder()
{
    QVERIFY(!create(rule(QStringLiteral("five"), {{QStringLiteral("order"), 5}})).isEmpty());
    QVERIFY(!create(rule(QStringLiteral("one"), {{QStringLiteral("order"), 1}})).isEmpty());
    QVERIFY(!create(rule(QStringLiteral("three"), {{QStringLiteral("order"), 3}})).isEmpty());
    const HttpReply list = m_tenant->api("GET", Rules);
    COMPARE_STATUS(list, 200);
    QVERIFY(list.json().isArray());
    QCOMPARE(names(list.array()), (QStringList{QStringLiteral("one"), QStringLiteral("three"), QStringLiteral("five")}));
}

void tst_RulesApi::listFiltersEnabled()
{
    QVERIFY(!create(rule(QStringLiteral("on"))).isEmpty());
    QVERIFY(!create(rule(QStringLiteral("off"), {{QStringLiteral("enabled"), false}})).isEmpty());
    QCOMPARE(names(m_tenant->api("GET", Rules + QStringLiteral("?enabled=true")).array()), QStringList{QStringLiteral("on")});
    QCOMPARE(names(m_tenant->api("GET", Rules + QStringLiteral("?enabled=false")).array()), QStringList{QStringLiteral("off")});
}

void tst_RulesApi::duplicateNameIsConflict()
{
    QVERIFY(!create(rule(QStringLiteral("taken"))).isEmpty());
    const QString other = create(rule(QStringLiteral("other")));
    QVERIFY(!other.isEmpty());

    const HttpReply duplicate = m_tenant->api("POST", Rules, rule(QStringLiteral("taken")));
    COMPARE_STATUS(duplicate, 409);
    QCOMPARE(duplicate.object()[QLatin1String("errorCode")].toString(), QStringLiteral("conflict"));
    QCOMPARE(duplicate.object()[QLatin1String("statusCode")].toInt(), 409);

    const QString path = Rules + QLatin1Char('/') + other;
    COMPARE_STATUS(m_tenant->api("PATCH", path, QJsonObject{{QStringLiteral("name"), QStringLiteral("taken")}}), 409);
    COMPARE_STATUS(m_tenant->api("PATCH", path, QJsonObject{{QStringLiteral("name"), QStringLiteral("other")}}), 200);
    QCOMPARE(m_tenant->api("GET", Rules).array().size(), 2);
}

void tst_RulesApi::invalidBodies_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("messageContains");
    QTest::newRow("name with !") << QByteArray("POST") << rule(QStringLiteral("bad name!")) << "on property name";
    QTest::newRow("name ends with hyphen") << QByteArray("POST") << rule(QStringLiteral("bad-")) << "on property name";
    QTest::newRow("no script") << QByteArray("POST") << QJsonObject{{QStringLiteral("name"), QStringLiteral("r")}}
                               << "Missing required property: script";
    QTest::newRow("unknown field") << QByteArray("POST") << rule(QStringLiteral("r"), {{QStringLiteral("foo"), 1}})
                                   << "Additional properties not allowed: foo";
    QTest::newRow("enabled as string") << QByteArray("POST") << rule(QStringLiteral("r"), {{QStringLiteral("enabled"), QStringLiteral("yes")}})
                                       << "Expected type boolean but found type string on property enabled";
    QTest::newRow("negative order") << QByteArray("PATCH") << QJsonObject{{QStringLiteral("order"), -1}}
                                    << "on property order";
    QTest::newRow("stage is read-only") << QByteArray("PATCH")
                                        << QJsonObject{{QStringLiteral("stage"), QStringLiteral("pre_authorize")}}
                                        << "Additional properties not allowed: stage";
}

void tst_RulesApi::invalidBodies()
{
    QFETCH(QByteArray, method);
    QFETCH(QJsonObject, body);
    QFETCH(QString, messageContains);
    QString path = Rules;
    if (method == "PATCH") {
        path += QLatin1Char('/') + create(rule(QStringLiteral("target")));
        QVERIFY(path != Rules + QLatin1Char('/'));
    }
    const HttpReply reply = m_tenant->api(method, path, body);
    COMPARE_STATUS(reply, 400);
    QCOMPARE(reply.object()[QLatin1String("errorCode")].toString(), QStringLiteral("invalid_body"));
    QCOMPARE(reply.object()[QLatin1String("error")].toString(), QStringLiteral("Bad Request"));
    QVERIFY2(reply.message().startsWith(QLatin1String("Payload validation error: ")), qPrintable(reply.message()));
    QVERIFY2(reply.message().contains(messageContains), qPrintable(reply.message()));
    QCOMPARE(m_tenant->api("GET", Rules).array().size(), method == "PATCH" ? 1 : 0); // nothing half-written
}

void tst_RulesApi::fieldsProjection_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("keys");
    QTest::newRow("include") << "fields=name,order&include_fields=true" << QStringList{QStringLiteral("name"), QStringLiteral("order")};
    QTest::newRow("include by default") << "fields=id" << QStringList{QStringLiteral("id")};
    QTest::newRow("exclude") << "fields=script,stage&include_fields=false"
                             << QStringList{QStringLiteral("enabled"), QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("order")};
    QTest::newRow("no fields") << "include_fields=false"
                               << QStringList{QStringLiteral("enabled"), QStringLiteral("id"), QStringLiteral("name"),
                                              QStringLiteral("order"), QStringLiteral("script"), QStringLiteral("stage")};
}

void tst_RulesApi::fieldsProjection()
{
    QFETCH(QString, query);
    QFETCH(QStringList, keys);
    const QString id = create(rule(QStringLiteral("projected")));
    QVERIFY(!id.isEmpty());
    const HttpReply one = m_tenant->api("GET", Rules + QLatin1Char('/') + id + QLatin1Char('?') + query);
    COMPARE_STATUS(one, 200);
    QCOMPARE(one.object().keys(), keys);
    const HttpReply list = m_tenant->api("GET", Rules + QLatin1Char('?') + query);
    COMPARE_STATUS(list, 200);
    QCOMPARE(list.array().size(), 1);
    QCOMPARE(list.array().first().toObject().keys(), keys);
}

QTEST_GUILESS_MAIN(tst_RulesApi)
#include "tst_rulesapi.moc"
