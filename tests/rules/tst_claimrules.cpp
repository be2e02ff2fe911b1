// SPDX-License-Identifier: MIT
// ClaimRules: which custom claims Auth0 keeps (reference/auth0-api.md §3), the scope override,
// and which rule a dropped claim is charged to (TokenMinter::attribute).
#include "rules/ClaimRules.h"
#include "rules/TokenMinter.h"

#include <QJsonArray>
#include <QTest>

using ClaimRules::Token;
Q_DECLARE_METATYPE(ClaimRules::Token)

class TestClaimRules : public QObject
{
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
    void droppedReasonNamesTheClaim();
    void scopeOverride_data();
    void scopeOverride();
    void attribute_data();
    void attribute();
};

void TestClaimRules::filter_data()
{
    QTest::addColumn<QString>("claim");
    QTest::addColumn<Token>("token");
    QTest::addColumn<bool>("auth0Api");
    QTest::addColumn<bool>("kept");

    QTest::newRow("namespaced https") << "https://rulebench.test/roles" << Token::Id << false << true;
    QTest::newRow("namespaced http") << "http://rulebench.test/roles" << Token::Id << false << true;
    QTest::newRow("urn namespace") << "urn:rulebench:plan" << Token::Access << false << true;
    QTest::newRow("non-namespaced id token (allowed since 2022)")
        << "favorite_color" << Token::Id << false << true;
    QTest::newRow("non-namespaced custom API") << "department" << Token::Access << false << true;
    QTest::newRow("restricted roles") << "roles" << Token::Id << false << false;
    QTest::newRow("restricted permissions") << "permissions" << Token::Access << false << false;
    QTest::newRow("restricted sub") << "sub" << Token::Id << false << false;
    QTest::newRow("restricted aud") << "aud" << Token::Access << false << false;
    QTest::newRow("restricted nonce") << "nonce" << Token::Id << false << false;
    QTest::newRow("restricted org_id") << "org_id" << Token::Id << false << false;
    QTest::newRow("restricted x5t#S256") << "x5t#S256" << Token::Id << false << false;
    QTest::newRow("restricted sip_ prefix") << "sip_from_tag" << Token::Id << false << false;
    QTest::newRow("not restricted: rolesx") << "rolesx" << Token::Id << false << true;
    QTest::newRow("auth0.com namespace") << "https://auth0.com/roles" << Token::Id << false << false;
    QTest::newRow("auth0.com subdomain") << "https://acme.eu.auth0.com/roles" << Token::Id << false << false;
    QTest::newRow("webtask.io") << "https://acme.webtask.io/x" << Token::Access << false << false;
    QTest::newRow("webtask.run") << "https://webtask.run/x" << Token::Access << false << false;
    QTest::newRow("urn:auth0") << "urn:auth0:plan" << Token::Access << false << false;
    QTest::newRow("not auth0: myauth0.com") << "https://myauth0.com/x" << Token::Id << false << true;
    QTest::newRow("auth0 API: non-namespaced dropped") << "department" << Token::Access << true << false;
    QTest::newRow("auth0 API: profile claim kept") << "email" << Token::Access << true << true;
    QTest::newRow("auth0 API: namespaced kept")
        << "https://rulebench.test/department" << Token::Access << true << true;
    QTest::newRow("auth0 API rule does not touch id tokens") << "department" << Token::Id << true << true;
}

void TestClaimRules::filter()
{
    QFETCH(QString, claim);
    QFETCH(Token, token);
    QFETCH(bool, auth0Api);
    QFETCH(bool, kept);
    const ClaimRules::Filtered out = ClaimRules::filter(token, { { claim, QStringLiteral("v") } }, auth0Api);
    QCOMPARE(out.kept.contains(claim), kept);
    QCOMPARE(out.dropped.size(), kept ? 0 : 1);
    if (!kept) {
        QCOMPARE(out.dropped.first().claim, claim);
        QCOMPARE(out.dropped.first().token, token);
    }
}

void TestClaimRules::droppedReasonNamesTheClaim()
{
    const ClaimRules::Filtered out = ClaimRules::filter(
        Token::Id, { { QStringLiteral("roles"), QJsonArray { QStringLiteral("admin") } } });
    QVERIFY(out.dropped.first().reason.contains(QLatin1String("\"roles\"")));
    QVERIFY(out.dropped.first().reason.contains(QLatin1String("ID token")));
    // `scope` on the access token is the override, never a claim and never "dropped".
    const ClaimRules::Filtered access = ClaimRules::filter(
        Token::Access, { { QStringLiteral("scope"), QJsonArray { QStringLiteral("a") } } });
    QVERIFY(access.kept.isEmpty());
    QVERIFY(access.dropped.isEmpty());
}

void TestClaimRules::scopeOverride_data()
{
    QTest::addColumn<QJsonObject>("accessToken");
    QTest::addColumn<bool>("present");
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<bool>("problem");
    QTest::newRow("absent") << QJsonObject() << false << QStringList() << false;
    QTest::newRow("array") << QJsonObject { { QStringLiteral("scope"),
                                              QJsonArray { QStringLiteral("openid"),
                                                           QStringLiteral("read:messages") } } }
                           << true
                           << QStringList { QStringLiteral("openid"), QStringLiteral("read:messages") }
                           << false;
    QTest::newRow("empty array removes all")
        << QJsonObject { { QStringLiteral("scope"), QJsonArray() } } << true << QStringList() << false;
    QTest::newRow("string") << QJsonObject { { QStringLiteral("scope"), QStringLiteral("a b") } } << true
                            << QStringList { QStringLiteral("a"), QStringLiteral("b") } << false;
    QTest::newRow("number") << QJsonObject { { QStringLiteral("scope"), 3 } } << false << QStringList()
                            << true;
    QTest::newRow("mixed array") << QJsonObject { { QStringLiteral("scope"),
                                                    QJsonArray { QStringLiteral("a"), 1 } } }
                                 << false << QStringList() << true;
}

void TestClaimRules::scopeOverride()
{
    QFETCH(QJsonObject, accessToken);
    QFETCH(bool, present);
    QFETCH(QStringList, scopes);
    QFETCH(bool, problem);
    QString why;
    const auto out = ClaimRules::scopeOverride(accessToken, &why);
    QCOMPARE(out.has_value(), present);
    if (present)
        QCOMPARE(*out, scopes);
    QCOMPARE(!why.isEmpty(), problem);
}

void TestClaimRules::attribute_data()
{
    QTest::addColumn<QString>("claim");
    QTest::addColumn<Token>("token");
    QTest::addColumn<int>("rule");
    QTest::addColumn<int>("line");
    QTest::newRow("quoted, rule 2") << "https://auth0.com/roles" << Token::Id << 1 << 2;
    QTest::newRow("member access") << "roles" << Token::Id << 0 << 2;
    QTest::newRow("namespace + suffix") << "https://rulebench.test/x/tier" << Token::Access << 2 << 3;
    QTest::newRow("set by two rules") << "permissions" << Token::Access << -1 << 0;
    QTest::newRow("set by none") << "sid" << Token::Id << -1 << 0;
}

void TestClaimRules::attribute()
{
    QFETCH(QString, claim);
    QFETCH(Token, token);
    QFETCH(int, rule);
    QFETCH(int, line);
    RuleChain chain;
    chain.rules << RuleSource { QStringLiteral("a"),
                                QStringLiteral("rule"),
                                QStringLiteral(
                                    "function (u, context, cb) {\n  context.idToken.roles = [];\n  "
                                    "context.accessToken.permissions = [];\n  cb(null, u, context);\n}"),
                                {} };
    chain.rules << RuleSource {
        QStringLiteral("b"),
        QStringLiteral("rule"),
        QStringLiteral("function (u, context, cb) {\n  context.idToken['https://auth0.com/roles'] = 1;\n  "
                       "context.accessToken['permissions'] = [];\n  cb(null, u, context);\n}"),
        {}
    };
    chain.rules << RuleSource {
        QStringLiteral("c"),
        QStringLiteral("rule"),
        QStringLiteral("function (u, context, cb) {\n  const NS = 'https://rulebench.test/x/';\n  "
                       "context.accessToken[NS + 'tier'] = 'gold';\n  cb(null, u, context);\n}"),
        {}
    };
    int found = 0;
    QCOMPARE(TokenMinter::attribute(claim, token, chain, &found), rule);
    if (rule >= 0)
        QCOMPARE(found, line);
}

QTEST_GUILESS_MAIN(TestClaimRules)
#include "tst_claimrules.moc"
