// SPDX-License-Identifier: MIT
// /api/v2/rules-configs on the local tenant: write-only values, keys listed, key rules.
#include "TenantFixture.h"

#include <QTest>

namespace {

const QString Configs = QStringLiteral("/api/v2/rules-configs");

QStringList keys(const QJsonArray &list)
{
    QStringList out;
    for (const QJsonValue &value : list)
        out << value.toObject().value(QLatin1String("key")).toString();
    return out;
}

} // namespace

class tst_RulesConfigsApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void setReturnsKeyAndValue();
    void setOverwrites();
    void listShowsKeysOnly();
    void deleteIsIdempotent();
    void validKeys_data();
    void validKeys();
    void invalidKeys_data();
    void invalidKeys();
    void invalidBodies_data();
    void invalidBodies();

private:
    std::unique_ptr<TenantFixture> m_tenant;
};

void tst_RulesConfigsApi::initTestCase()
{
    m_tenant = std::make_unique<TenantFixture>();
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));
}

void tst_RulesConfigsApi::init()
{
    for (const QString &key : keys(m_tenant->api("GET", Configs).array()))
        COMPARE_STATUS(m_tenant->api("DELETE", Configs + QLatin1Char('/') + key), 204);
}

void tst_RulesConfigsApi::setReturnsKeyAndValue()
{
    const HttpReply reply = m_tenant->api("PUT", Configs + QStringLiteral("/RULE_APP_CLIENT_ID"),
                                          QJsonObject{{QStringLiteral("value"), QStringLiteral("abc123")}});
    COMPARE_STATUS(reply, 200);
    QCOMPARE(reply.object(), (QJsonObject{{QStringLiteral("key"), QStringLiteral("RULE_APP_CLIENT_ID")},
                                          {QStringLiteral("value"), QStringLiteral("abc123")}}));
}

void tst_RulesConfigsApi::setOverwrites()
{
    const QString path = Configs + QStringLiteral("/API_URL");
    COMPARE_STATUS(m_tenant->api("PUT", path, QJsonObject{{QStringLiteral("value"), QStringLiteral("one")}}), 200);
    const HttpReply second = m_tenant->api("PUT", path, QJsonObject{{QStringLiteral("value"), QStringLiteral("two")}});
    COMPARE_STATUS(second, 200);
    QCOMPARE(second.object()[QLatin1String("value")].toString(), QStringLiteral("two"));
    QCOMPARE(keys(m_tenant->api("GET", Configs).array()), QStringList{QStringLiteral("API_URL")});
}

void tst_RulesConfigsApi::listShowsKeysOnly()
{
    for (const QString &key : {QStringLiteral("B_KEY"), QStringLiteral("A_KEY")})
        COMPARE_STATUS(m_tenant->api("PUT", Configs + QLatin1Char('/') + key,
                                     QJsonObject{{QStringLiteral("value"), QStringLiteral("secret-") + key}}),
                       200);
    // Values are write-only, and the answer is a bare array whatever the query asks for.
    for (const QString &query : {QString(), QStringLiteral("?include_totals=true&page=0&per_page=1")}) {
        const HttpReply list = m_tenant->api("GET", Configs + query);
        COMPARE_STATUS(list, 200);
        QVERIFY2(list.json().isArray(), list.body.constData());
        QCOMPARE(keys(list.array()), (QStringList{QStringLiteral("B_KEY"), QStringLiteral("A_KEY")}));
        QVERIFY2(!list.body.contains("secret-"), list.body.constData());
        for (const QJsonValue &entry : list.array())
            QCOMPARE(entry.toObject().keys(), QStringList{QStringLiteral("key")});
    }
}

void tst_RulesConfigsApi::deleteIsIdempotent()
{
    const QString path = Configs + QStringLiteral("/GONE");
    COMPARE_STATUS(m_tenant->api("PUT", path, QJsonObject{{QStringLiteral("value"), QStringLiteral("x")}}), 200);
    COMPARE_STATUS(m_tenant->api("DELETE", path), 204);
    COMPARE_STATUS(m_tenant->api("DELETE", path), 204);
    QCOMPARE(m_tenant->api("GET", Configs).array().size(), 0);
}

void tst_RulesConfigsApi::validKeys_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("upper snake") << "RULE_APP_CLIENT_SECRET";
    QTest::newRow("every allowed sign") << "a-b_c@d*e+f:g";
    QTest::newRow("127 characters") << QString(127, QLatin1Char('k'));
}

void tst_RulesConfigsApi::validKeys()
{
    QFETCH(QString, key);
    const HttpReply reply = m_tenant->api("PUT", Configs + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(key)),
                                          QJsonObject{{QStringLiteral("value"), QStringLiteral("v")}});
    COMPARE_STATUS(reply, 200);
    QCOMPARE(reply.object()[QLatin1String("key")].toString(), key);
    QCOMPARE(keys(m_tenant->api("GET", Configs).array()), QStringList{key});
}

void tst_RulesConfigsApi::invalidKeys_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("128 characters") << QString(128, QLatin1Char('k'));
    QTest::newRow("dot") << "api.url";
    QTest::newRow("space") << "API URL";
    QTest::newRow("dollar") << "$where";
}

void tst_RulesConfigsApi::invalidKeys()
{
    QFETCH(QString, key);
    const QString path = Configs + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(key));
    const HttpReply put = m_tenant->api("PUT", path, QJsonObject{{QStringLiteral("value"), QStringLiteral("v")}});
    COMPARE_STATUS(put, 400);
    QCOMPARE(put.object()[QLatin1String("errorCode")].toString(), QStringLiteral("invalid_uri"));
    QVERIFY2(put.message().contains(QLatin1String("on property key")), qPrintable(put.message()));
    COMPARE_STATUS(m_tenant->api("DELETE", path), 400);
    QCOMPARE(m_tenant->api("GET", Configs).array().size(), 0);
}

void tst_RulesConfigsApi::invalidBodies_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("messageContains");
    QTest::newRow("no value") << QJsonObject() << "Missing required property: value";
    QTest::newRow("number") << QJsonObject{{QStringLiteral("value"), 42}} << "on property value";
    QTest::newRow("extra key") << QJsonObject{{QStringLiteral("value"), QStringLiteral("v")}, {QStringLiteral("key"), QStringLiteral("K")}}
                               << "Additional properties not allowed: key";
}

void tst_RulesConfigsApi::invalidBodies()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, messageContains);
    const HttpReply reply = m_tenant->api("PUT", Configs + QStringLiteral("/K"), body);
    COMPARE_STATUS(reply, 400);
    QCOMPARE(reply.object()[QLatin1String("errorCode")].toString(), QStringLiteral("invalid_body"));
    QVERIFY2(reply.message().contains(messageContains), qPrintable(reply.message()));
    QCOMPARE(m_tenant->api("GET", Configs).array().size(), 0);
}

QTEST_GUILESS_MAIN(tst_RulesConfigsApi)
#include "tst_rulesconfigsapi.moc"
