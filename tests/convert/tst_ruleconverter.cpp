// SPDX-License-Identifier: MIT
// RuleConverter against the real rule host: what each documented construct becomes
// (reference/rules-runtime.md §3.3), what is left and listed with its line, bad rules, the
// asynchronous form, and a host that cannot be asked.
#include "convert/RuleConverter.h"
#include "rules/RuleHost.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

#include <memory>
#include <optional>

namespace {

QString fixture(const QString &name)
{
    QFile file(QStringLiteral(RULEBENCH_TEST_DATA "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QList<int> lines(const ConversionResult &result)
{
    QList<int> out;
    for (const Unconverted &u : result.unconverted)
        out << u.line;
    return out;
}

} // namespace

class TestRuleConverter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void convert_data();
    void convert();
    void badRule_data();
    void badRule();
    void json();
    void asynchronous();
    void hostUnavailable();

private:
    std::unique_ptr<RuleHost> m_host;
};

void TestRuleConverter::initTestCase()
{
    m_host = std::make_unique<RuleHost>();
    QString error;
    QVERIFY2(m_host->startAndWait(&error), qPrintable(error));
}

void TestRuleConverter::convert_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("fragments"); // in the Action
    QTest::addColumn<QStringList>("absent");    // not in its code (the header aside)
    QTest::addColumn<QList<int>>("unconverted");
    QTest::addColumn<QStringList>("dependencies");
    QTest::addColumn<QStringList>("secrets");

    QTest::newRow("claims, denial, configuration")
        << QStringLiteral("claims-deny-configuration.rule.js")
        << QStringList{QStringLiteral("exports.onExecutePostLogin = async (event, api) => {"),
                       QStringLiteral("const namespace = event.secrets.CLAIM_NAMESPACE;"),
                       QStringLiteral("return api.access.deny('Please verify your email.');"),
                       QStringLiteral("api.idToken.setCustomClaim(namespace + 'roles', (event.user.app_metadata || {}).roles || []);"),
                       QStringLiteral("api.idToken.setCustomClaim(namespace + 'client', event.client.name);"),
                       QStringLiteral("api.accessToken.setCustomClaim(namespace + 'country', event.request.geoip.countryCode);"),
                       QStringLiteral("api.accessToken.setCustomClaim(namespace + 'logins', event.stats.logins_count);"),
                       QStringLiteral(" * Denies unverified users")} // the rule's own comment stays
        << QStringList{QStringLiteral("callback"), QStringLiteral("context."), QStringLiteral("configuration"), QStringLiteral("UnauthorizedError")}
        << QList<int>{} << QStringList{} << QStringList{QStringLiteral("CLAIM_NAMESPACE")};
    QTest::newRow("metadata update, then callback in .then()")
        << QStringLiteral("metadata-then.rule.js")
        << QStringList{QStringLiteral("for (const [key, value] of Object.entries(event.user.app_metadata)) api.user.setAppMetadata(key, value);\n"
                                      "  api.idToken.setCustomClaim('https://rulebench.test/logins', event.user.app_metadata.login_count);")}
        << QStringList{QStringLiteral("auth0"), QStringLiteral(".then("), QStringLiteral(".catch(")}
        << QList<int>{} << QStringList{} << QStringList{};
    QTest::newRow("callback from a timer, versioned require")
        << QStringLiteral("nested-callback.rule.js")
        << QStringList{QStringLiteral("await new Promise((resolve, reject) => {"),
                       QStringLiteral("const _ = require('lodash');"),
                       QStringLiteral("return resolve(api.access.deny('Blocked domain'));"),
                       QStringLiteral("resolve();"),
                       QStringLiteral(" * Dependencies: lodash@4.17.19")}
        << QStringList{QStringLiteral("lodash@"), QStringLiteral("callback")}
        << QList<int>{} << QStringList{QStringLiteral("lodash@4.17.19")} << QStringList{};
    QTest::newRow("MFA, scopes, redirect")
        << QStringLiteral("mfa-redirect-scope.rule.js")
        << QStringList{QStringLiteral("if (event.client.metadata.requires_mfa === 'true') {"),
                       QStringLiteral("api.multifactor.enable('guardian', { allowRememberBrowser: false });"),
                       QStringLiteral("event.transaction.requested_scopes.forEach((scope) => api.accessToken.removeScope(scope));"),
                       QStringLiteral("scopes.forEach((scope) => api.accessToken.addScope(scope));"),
                       QStringLiteral("api.redirect.sendUserTo('https://consent.rulebench.test/');")}
        << QStringList{QStringLiteral("context.")}
        << QList<int>{} << QStringList{} << QStringList{};
    QTest::newRow("names resolved by scope")
        << QStringLiteral("shadowing.rule.js")
        << QStringList{QStringLiteral("const configuration = { LOCAL: 'kept' };"),
                       QStringLiteral("users.map(function (user) { return user.email; });"),
                       QStringLiteral("emails.concat(event.user.email, configuration.LOCAL)")}
        << QStringList{QStringLiteral("event.secrets")}
        << QList<int>{} << QStringList{} << QStringList{};
    QTest::newRow("what has no safe equivalent is listed")
        << QStringLiteral("unconvertible.rule.js")
        << QStringList{QStringLiteral(" * Not converted (lines of the rule)"),
                       QStringLiteral("global.cache = global.cache || {};"), // left as it was
                       QStringLiteral("if (event.transaction.protocol === 'redirect-callback') {")}
        << QStringList{}
        << QList<int>{2, 3, 4, 7, 8} << QStringList{} << QStringList{};
}

void TestRuleConverter::convert()
{
    QFETCH(QString, file);
    QFETCH(QStringList, fragments);
    QFETCH(QStringList, absent);
    QFETCH(QList<int>, unconverted);
    QFETCH(QStringList, dependencies);
    QFETCH(QStringList, secrets);

    const QString source = fixture(file);
    QVERIFY(!source.isEmpty());
    const ConversionResult result = RuleConverter(*m_host).convert(source);
    QVERIFY2(result.isConverted(), qPrintable(result.error));
    for (const QString &fragment : fragments)
        QVERIFY2(result.actionSource.contains(fragment), qPrintable(QStringLiteral("missing:\n%1\nin:\n%2").arg(fragment, result.actionSource)));
    const QString code = result.actionSource.mid(result.actionSource.indexOf(QLatin1String("exports.onExecutePostLogin")));
    for (const QString &fragment : absent)
        QVERIFY2(!code.contains(fragment), qPrintable(QStringLiteral("unexpected %1 in:\n%2").arg(fragment, code)));
    QCOMPARE(lines(result), unconverted);
    QCOMPARE(result.isComplete(), unconverted.isEmpty());
    QCOMPARE(result.dependencies, dependencies);
    QCOMPARE(result.secrets, secrets);
    for (const Unconverted &u : result.unconverted) {
        QVERIFY(!u.construct.isEmpty());
        QVERIFY(!u.why.isEmpty());
    }
}

void TestRuleConverter::badRule_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");

    QTest::newRow("syntax error") << QStringLiteral("syntax-error.rule.js") << 2 << QStringLiteral("Unexpected token");
    QTest::newRow("trailing semicolon") << QStringLiteral("trailing-semicolon.rule.js") << 3 << QStringLiteral("must not end with \";\"");
    QTest::newRow("already an Action") << QStringLiteral("already-an-action.js") << 1 << QStringLiteral("already an Action");
}

void TestRuleConverter::badRule()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(QString, message);

    const ConversionResult result = RuleConverter(*m_host).convert(fixture(file));
    QCOMPARE(result.failure, ConversionResult::Failure::BadRule);
    QVERIFY(!result.isConverted());
    QCOMPARE(result.errorLine, line);
    QVERIFY2(result.error.contains(message), qPrintable(result.error));
    QVERIFY(result.actionSource.isEmpty());
}

void TestRuleConverter::json()
{
    const ConversionResult result = RuleConverter(*m_host).convert(fixture(QStringLiteral("unconvertible.rule.js")));
    const QJsonObject json = result.toJson();
    QCOMPARE(json.keys(), (QStringList{QStringLiteral("action"), QStringLiteral("dependencies"), QStringLiteral("secrets"), QStringLiteral("unconverted")}));
    QCOMPARE(json.value(QLatin1String("action")).toString(), result.actionSource);
    const QJsonObject first = json.value(QLatin1String("unconverted")).toArray().first().toObject();
    QCOMPARE(first.value(QLatin1String("line")).toInt(), 2);
    QCOMPARE(first.value(QLatin1String("construct")).toString(), QStringLiteral("global.cache"));
    QVERIFY(first.value(QLatin1String("why")).toString().contains(QLatin1String("api.cache")));
}

void TestRuleConverter::asynchronous()
{
    QObject context;
    std::optional<ConversionResult> answer;
    RuleConverter(*m_host).convert(fixture(QStringLiteral("claims-deny-configuration.rule.js")), &context,
                                   [&](const ConversionResult &result) { answer = result; });
    QVERIFY(!answer); // answered later, never from inside convert()
    QTRY_VERIFY(answer.has_value());
    QVERIFY(answer->isComplete());

    // A context destroyed before the answer: the callback never runs.
    bool called = false;
    auto *gone = new QObject;
    RuleConverter(*m_host).convert(fixture(QStringLiteral("metadata-then.rule.js")), gone, [&](const ConversionResult &) { called = true; });
    delete gone;
    const ConversionResult after = RuleConverter(*m_host).convert(fixture(QStringLiteral("metadata-then.rule.js")));
    QVERIFY(after.isComplete());
    QVERIFY(!called);
}

void TestRuleConverter::hostUnavailable()
{
    RuleHost::Options options;
    options.hostDir = QStringLiteral(RULEBENCH_TEST_DATA "/no-such-host");
    RuleHost host(options);
    const ConversionResult result = RuleConverter(host).convert(fixture(QStringLiteral("claims-deny-configuration.rule.js")));
    QCOMPARE(result.failure, ConversionResult::Failure::HostUnavailable);
    QVERIFY2(result.error.contains(QLatin1String("host.js")), qPrintable(result.error));
}

QTEST_GUILESS_MAIN(TestRuleConverter)
#include "tst_ruleconverter.moc"
