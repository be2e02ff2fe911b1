// SPDX-License-Identifier: MIT
// LoginSimulator end to end: the real rule host, an in-process LocalTenant set up with the
// call-api plan (API, M2M application, grant), the shipped templates. The seed example's token
// request and API call are traced and its two mistakes flagged; the corrected template's API
// answer reaches a signed ID token that verifies against the tenant's JWKS.
#include "common/Clock.h"
#include "crypto/JwkSet.h"
#include "crypto/Jwt.h"
#include "management/ManagementAccess.h"
#include "rules/LoginSimulator.h"
#include "rules/PlanConfiguration.h"
#include "rules/RuleHost.h"
#include "rules/TokenSigner.h"
#include "tenant/LocalTenant.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace {

const QString ApiResultClaim = QStringLiteral("https://rulebench.example/api_result");

RuleChain templateChain(const QString &file)
{
    QString error;
    auto rule = RuleSource::fromFile(QStringLiteral(RULEBENCH_SOURCE_DIR "/resources/templates/") + file,
                                     QStringLiteral("rule"), &error);
    RuleChain chain;
    if (rule)
        chain.rules << *rule;
    return chain;
}

RuleChain inlineChain(const QString &name, const QString &source)
{
    RuleChain chain;
    chain.rules << RuleSource { name, QStringLiteral("rule"), source, name + QStringLiteral(".js") };
    return chain;
}

const HttpCall *findCall(const SimulationResult &result, const QString &method, const QString &urlPart)
{
    for (const RuleResult &rule : result.rules) {
        for (const HttpCall &call : rule.http) {
            if (call.method == method && call.url.contains(urlPart))
                return &call;
        }
    }
    return nullptr;
}

} // namespace

class TestLoginSimulator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void seedExample();
    void correctedTemplate();
    void unverifiedUserIsDenied();
    void progressSignals();
    void fixedNowIsDeterministic();
    void droppedClaimsAreFindings();
    void scopeRewrite();
    void ephemeralSigner();
    void cancel();
    void hostUnavailable();

private:
    SimulationInputs inputs(const RuleChain &chain, const QJsonObject &user = {}) const;

    std::unique_ptr<LocalTenant> m_tenant;
    std::unique_ptr<RuleHost> m_host;
    std::unique_ptr<TenantTokenSigner> m_signer;
    std::unique_ptr<LoginSimulator> m_simulator;
    QJsonObject m_configuration;
    int m_sandbox = 0;
};

void TestLoginSimulator::initTestCase()
{
    QString error;
    m_tenant = LocalTenant::start({}, &error);
    QVERIFY2(m_tenant, qPrintable(error));
    ManagementAccess access;
    access.baseUrl = QUrl(m_tenant->baseUrl());
    access.clientId = m_tenant->managementCredentials().clientId;
    access.clientSecret = SecretBytes::fromUtf8(m_tenant->managementCredentials().clientSecret.toUtf8());
    const auto configuration = PlanConfiguration::apply(
        QStringLiteral(RULEBENCH_SOURCE_DIR "/tests/rules/cases/plans/call-api.plan.json"), access, &error);
    QVERIFY2(configuration, qPrintable(error));
    m_configuration = *configuration;
    QCOMPARE(m_configuration.value(QLatin1String("API_URL")).toString(),
             m_tenant->baseUrl() + QStringLiteral("/sample-api/messages"));
    QCOMPARE(m_configuration.value(QLatin1String("API_AUDIENCE")).toString(),
             QStringLiteral("https://rulebench.test/api"));
    QVERIFY(!m_configuration.value(QLatin1String("RULE_APP_CLIENT_SECRET")).toString().isEmpty());

    m_host = std::make_unique<RuleHost>();
    QVERIFY2(m_host->startAndWait(&error), qPrintable(error));
    m_signer = std::make_unique<TenantTokenSigner>(m_tenant->tenant());
    TenantEndpoint endpoint;
    endpoint.domain = QUrl(m_tenant->baseUrl()).authority();
    endpoint.rewriteHttpsHosts = QStringList { endpoint.domain };
    m_simulator = std::make_unique<LoginSimulator>(*m_host, *m_signer, endpoint, Clock::system());
}

void TestLoginSimulator::cleanupTestCase()
{
    m_simulator.reset();
    m_host.reset();
    m_tenant.reset();
}

SimulationInputs TestLoginSimulator::inputs(const RuleChain &chain, const QJsonObject &user) const
{
    SimulationInputs in;
    in.chain = chain;
    in.user = user.isEmpty()
        ? QJsonObject { { QStringLiteral("user_id"), QStringLiteral("auth0|sim") },
                        { QStringLiteral("email"), QStringLiteral("jane.doe@example.com") } }
        : user;
    in.configuration = m_configuration;
    in.sandbox = QStringLiteral("sim-%1").arg(const_cast<TestLoginSimulator *>(this)->m_sandbox++);
    return in;
}

void TestLoginSimulator::seedExample()
{
    const SimulationResult result
        = m_simulator->runAndWait(inputs(templateChain(QStringLiteral("seed-example.rule.js"))));
    QCOMPARE(result.outcome, QStringLiteral("allowed"));
    const HttpCall *token = findCall(result, QStringLiteral("POST"), QStringLiteral("/oauth/token"));
    const HttpCall *api = findCall(result, QStringLiteral("GET"), QStringLiteral("/sample-api/messages"));
    QVERIFY(token);
    QVERIFY(api);
    QCOMPARE(token->status.value_or(0), 200);
    QCOMPARE(api->status.value_or(0), 200);
    QVERIFY(token->url.startsWith(QStringLiteral("https://") + QUrl(m_tenant->baseUrl()).authority()));
    QVERIFY(token->responseBody.contains(QLatin1String("access_token")));
    QVERIFY(api->responseBody.contains(QLatin1String("Hello from the sample API")));
    // The secret never reaches the trace.
    QVERIFY(!token->requestBody.contains(
        m_configuration.value(QLatin1String("RULE_APP_CLIENT_SECRET")).toString()));
    QVERIFY(token->requestBody.contains(QLatin1String("***")));
    const QStringList codes = result.findingCodes();
    QVERIFY2(codes.contains(QStringLiteral("callback-before-async")),
             qPrintable(codes.join(QLatin1Char(','))));
    QVERIFY2(codes.contains(QStringLiteral("m2m-token-not-cached")),
             qPrintable(codes.join(QLatin1Char(','))));
    QCOMPARE(codes.size(), 2);
}

void TestLoginSimulator::correctedTemplate()
{
    const SimulationResult result
        = m_simulator->runAndWait(inputs(templateChain(QStringLiteral("call-api.rule.js"))));
    QCOMPARE(result.outcome, QStringLiteral("allowed"));
    QVERIFY2(result.findings.isEmpty(), qPrintable(result.findingCodes().join(QLatin1Char(','))));
    QVERIFY(findCall(result, QStringLiteral("POST"), QStringLiteral("/oauth/token")));
    QVERIFY(findCall(result, QStringLiteral("GET"), QStringLiteral("/sample-api/messages")));
    QCOMPARE(result.context.value(QLatin1String("idToken")).toObject().value(ApiResultClaim).toString(),
             QStringLiteral("Hello from the sample API"));

    const auto decoded = Jwt::decode(result.idToken);
    QVERIFY(decoded);
    QCOMPARE(decoded->payload.value(ApiResultClaim).toString(), QStringLiteral("Hello from the sample API"));
    QCOMPARE(decoded->payload.value(QLatin1String("sub")).toString(), QStringLiteral("auth0|sim"));

    QString error;
    const JwkSet keys = JwkSet::fromJson(m_tenant->tenant().jwks(), &error);
    QVERIFY2(!keys.isEmpty(), qPrintable(error));
    JwtExpectations expect;
    expect.issuer = m_tenant->tenant().issuer();
    expect.audiences = QStringList { result.context.value(QLatin1String("clientID")).toString() };
    expect.now = Clock::system().nowSecs();
    const JwtVerification id = verifyJwt(result.idToken, keys, expect);
    QVERIFY2(id.isValid(), qPrintable(id.message));
    expect.audiences = QStringList { m_tenant->tenant().issuer() + QStringLiteral("userinfo") };
    const JwtVerification access = verifyJwt(result.accessToken, keys, expect);
    QVERIFY2(access.isValid(), qPrintable(access.message));
}

void TestLoginSimulator::unverifiedUserIsDenied()
{
    const SimulationResult result
        = m_simulator->runAndWait(inputs(templateChain(QStringLiteral("call-api.rule.js")),
                                         { { QStringLiteral("user_id"), QStringLiteral("auth0|new") },
                                           { QStringLiteral("email"), QStringLiteral("new@example.com") },
                                           { QStringLiteral("email_verified"), false } }));
    QCOMPARE(result.outcome, QStringLiteral("denied"));
    QCOMPARE(result.error, QStringLiteral("unauthorized"));
    QCOMPARE(result.errorDescription, QStringLiteral("Please verify your email before logging in."));
    QCOMPARE(result.exitCode(), int(SimulationResult::Denied));
    QVERIFY(result.rules.first().http.isEmpty());
    QVERIFY(result.idToken.isEmpty());
    QVERIFY(result.toJson().value(QLatin1String("id_token")).isNull());
}

void TestLoginSimulator::progressSignals()
{
    RuleChain chain;
    for (const QString &name : { QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three") })
        chain.rules << RuleSource {
            name,
            QStringLiteral("rule"),
            QStringLiteral("function (u, c, cb) { setTimeout(function () { cb(null, u, c); }, 5); }"),
            {}
        };
    QSignalSpy started(m_simulator.get(), &LoginSimulator::started);
    QSignalSpy rule(m_simulator.get(), &LoginSimulator::ruleFinished);
    QSignalSpy finished(m_simulator.get(), &LoginSimulator::finished);
    QVERIFY(m_simulator->run(inputs(chain)));
    QVERIFY(m_simulator->isRunning());
    QVERIFY(!m_simulator->run(inputs(chain))); // one login at a time
    QVERIFY(finished.wait(10000));
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.first().first().toInt(), 3);
    QCOMPARE(rule.count(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(rule.at(i).at(0).toInt(), i);
        const auto result = rule.at(i).at(1).value<RuleResult>();
        QCOMPARE(result.name, chain.rules.at(i).name);
        QCOMPARE(result.status, QStringLiteral("ok"));
        QVERIFY(result.durationMs >= 4);
        // Each starts once the one before has called back (the host's clock, from the chain's start).
        QVERIFY(result.startMs.has_value());
        if (i > 0) {
            const auto before = rule.at(i - 1).at(1).value<RuleResult>();
            QVERIFY(*result.startMs >= *before.startMs + before.durationMs);
        }
    }
    QCOMPARE(finished.first().first().value<SimulationResult>().outcome, QStringLiteral("allowed"));
}

void TestLoginSimulator::fixedNowIsDeterministic()
{
    SimulationInputs in
        = inputs(inlineChain(QStringLiteral("clock"),
                             QStringLiteral("function (u, c, cb) { c.idToken['https://rulebench.test/now'] = "
                                            "Date.now(); cb(null, u, c); }")));
    in.now = QDateTime(QDate(2024, 3, 2), QTime(9, 15, 40), Qt::UTC);
    const SimulationResult first = m_simulator->runAndWait(in);
    const SimulationResult second = m_simulator->runAndWait(in);
    QCOMPARE(first.idTokenClaims.value(QLatin1String("iat")).toInteger(), qint64(1709370940));
    QCOMPARE(first.idTokenClaims.value(QLatin1String("exp")).toInteger(), qint64(1709370940 + 36000));
    QCOMPARE(first.accessTokenClaims.value(QLatin1String("exp")).toInteger(), qint64(1709370940 + 86400));
    QCOMPARE(first.accessTokenClaims, second.accessTokenClaims);
    // Date in the rule starts at --now and then runs in real time, so only that claim may differ.
    const QLatin1String ruleClock("https://rulebench.test/now");
    for (const SimulationResult &result : {first, second})
        QVERIFY(qAbs(result.idTokenClaims.value(ruleClock).toDouble() - 1709370940000.0) < 5000);
    QJsonObject firstWithoutClock = first.idTokenClaims;
    QJsonObject secondWithoutClock = second.idTokenClaims;
    firstWithoutClock.remove(ruleClock);
    secondWithoutClock.remove(ruleClock);
    QCOMPARE(firstWithoutClock, secondWithoutClock);
}

void TestLoginSimulator::droppedClaimsAreFindings()
{
    const QString source = QStringLiteral("function (u, context, cb) {\n"
                                          "  context.idToken.roles = ['admin'];\n"
                                          "  context.idToken['https://auth0.com/plan'] = 'pro';\n"
                                          "  context.idToken['https://rulebench.test/plan'] = 'pro';\n"
                                          "  cb(null, u, context);\n"
                                          "}");
    const SimulationResult result
        = m_simulator->runAndWait(inputs(inlineChain(QStringLiteral("add-claims"), source)));
    QCOMPARE(result.outcome, QStringLiteral("allowed"));
    QCOMPARE(result.findings.size(), 2);
    for (const Finding &finding : result.findings) {
        QCOMPARE(finding.code, QStringLiteral("claim-dropped"));
        QCOMPARE(finding.rule, QStringLiteral("add-claims"));
        QCOMPARE(finding.severity, QStringLiteral("warning"));
        QVERIFY(finding.line);
    }
    QVERIFY(!result.idTokenClaims.contains(QLatin1String("roles")));
    QVERIFY(!result.idTokenClaims.contains(QLatin1String("https://auth0.com/plan")));
    QCOMPARE(result.idTokenClaims.value(QLatin1String("https://rulebench.test/plan")).toString(),
             QStringLiteral("pro"));
}

void TestLoginSimulator::scopeRewrite()
{
    SimulationInputs in = inputs(inlineChain(
        QStringLiteral("scopes"),
        QStringLiteral("function (u, c, cb) { c.accessToken.scope = ['read:messages']; cb(null, u, c); }")));
    in.context = {
        { QStringLiteral("request"),
          QJsonObject {
              { QStringLiteral("query"),
                QJsonObject { { QStringLiteral("audience"), QStringLiteral("https://rulebench.test/api") },
                              { QStringLiteral("scope"),
                                QStringLiteral("openid profile read:messages write:messages") } } } } }
    };
    const SimulationResult result = m_simulator->runAndWait(in);
    QCOMPARE(result.accessTokenClaims.value(QLatin1String("scope")).toString(),
             QStringLiteral("read:messages"));
    QCOMPARE(result.accessTokenClaims.value(QLatin1String("aud")).toArray(),
             (QJsonArray { QStringLiteral("https://rulebench.test/api"),
                           m_tenant->tenant().issuer() + QStringLiteral("userinfo") }));
    QVERIFY(!result.accessTokenClaims.contains(QLatin1String("gty")));
}

void TestLoginSimulator::ephemeralSigner()
{
    EphemeralTokenSigner signer;
    LoginSimulator simulator(
        *m_host, signer,
        TenantEndpoint { QStringLiteral("offline.rulebench.test"), {}, {}, {}, QStringLiteral("offline") },
        Clock::system());
    const SimulationResult result = simulator.runAndWait(inputs(
        inlineChain(QStringLiteral("pass"), QStringLiteral("function (u, c, cb) { cb(null, u, c); }"))));
    QCOMPARE(result.outcome, QStringLiteral("allowed"));
    JwtExpectations expect;
    expect.issuer = QStringLiteral("https://rulebench.local/");
    expect.now = Clock::system().nowSecs();
    const JwtVerification verification = verifyJwt(result.idToken, JwkSet::fromJson(signer.jwks()), expect);
    QVERIFY2(verification.isValid(), qPrintable(verification.message));
    QCOMPARE(result.context.value(QLatin1String("tenant")).toString(), QStringLiteral("offline"));
}

void TestLoginSimulator::cancel()
{
    QSignalSpy finished(m_simulator.get(), &LoginSimulator::finished);
    SimulationInputs in
        = inputs(inlineChain(QStringLiteral("never"), QStringLiteral("function (u, c, cb) {}")));
    in.timeoutMs = 400;
    QVERIFY(m_simulator->run(in));
    m_simulator->cancel();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().value<SimulationResult>().errorKind, QStringLiteral("cancelled"));
    QVERIFY(!m_simulator->isRunning());
    // The host finishes the abandoned chain, then runs the next one.
    const SimulationResult next = m_simulator->runAndWait(inputs(
        inlineChain(QStringLiteral("pass"), QStringLiteral("function (u, c, cb) { cb(null, u, c); }"))));
    QCOMPARE(next.outcome, QStringLiteral("allowed"));
    QCOMPARE(finished.count(), 2);
}

void TestLoginSimulator::hostUnavailable()
{
    RuleHost::Options options;
    options.nodeProgram = QStringLiteral("/nonexistent/node");
    RuleHost host(options);
    LoginSimulator simulator(host, *m_signer, TenantEndpoint { QStringLiteral("x"), {}, {}, {}, {} },
                             Clock::system());
    const SimulationResult result = simulator.runAndWait(inputs(
        inlineChain(QStringLiteral("pass"), QStringLiteral("function (u, c, cb) { cb(null, u, c); }"))));
    QCOMPARE(result.outcome, QStringLiteral("error"));
    QCOMPARE(result.errorKind, QStringLiteral("host_unavailable"));
    QVERIFY(result.errorDescription.contains(QLatin1String("/nonexistent/node")));
    QCOMPARE(result.exitCode(), int(SimulationResult::RuleFailed));
}

QTEST_GUILESS_MAIN(TestLoginSimulator)
#include "tst_loginsimulator.moc"
