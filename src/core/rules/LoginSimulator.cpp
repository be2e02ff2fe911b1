// SPDX-License-Identifier: MIT
#include "LoginSimulator.h"

#include "common/Clock.h"
#include "RuleHost.h"
#include "TokenSigner.h"

#include <QEventLoop>
#include <QJsonArray>

LoginSimulator::LoginSimulator(RuleHost &host, const TokenSigner &signer, TenantEndpoint tenant,
                               const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_signer(signer)
    , m_tenant(std::move(tenant))
    , m_clock(clock)
{
    static const int registered = [] {
        qRegisterMetaType<RuleResult>();
        qRegisterMetaType<SimulationResult>();
        return 0;
    }();
    Q_UNUSED(registered)
    const LoginContextBuilder::Options defaults;
    m_clientId = defaults.clientId;
    m_clientName = defaults.clientName;
    if (m_tenant.baseUrl.isEmpty())
        m_tenant.baseUrl = QStringLiteral("https://%1/api/v2").arg(m_tenant.domain);
}

void LoginSimulator::setClient(const QString &clientId, const QString &clientName)
{
    m_clientId = clientId;
    m_clientName = clientName;
}

LoginContextBuilder LoginSimulator::builder(const SimulationInputs &inputs) const
{
    LoginContextBuilder::Options options;
    options.tenantName = m_tenant.tenantName;
    options.domain = m_tenant.domain;
    options.clientId = m_clientId;
    options.clientName = m_clientName;
    options.now = inputs.now.isValid() ? inputs.now : m_clock.now();
    return LoginContextBuilder(options);
}

qint64 LoginSimulator::issuedAt(const SimulationInputs &inputs) const
{
    return (inputs.now.isValid() ? inputs.now : m_clock.now()).toSecsSinceEpoch();
}

QJsonObject LoginSimulator::buildRequest(const SimulationInputs &inputs) const
{
    const LoginContextBuilder contextBuilder = builder(inputs);
    const QJsonObject user = contextBuilder.user(inputs.user);
    QJsonObject request {
        { QStringLiteral("type"), QStringLiteral("run") },
        { QStringLiteral("sandbox"), inputs.sandbox },
        { QStringLiteral("chain"), inputs.chain.toJson() },
        { QStringLiteral("user"), user },
        { QStringLiteral("context"), contextBuilder.context(inputs.context, user) },
        { QStringLiteral("configuration"), inputs.configuration },
        { QStringLiteral("secrets"), inputs.secrets },
        { QStringLiteral("auth0"),
          QJsonObject { { QStringLiteral("domain"), m_tenant.domain },
                        { QStringLiteral("baseUrl"), m_tenant.baseUrl },
                        { QStringLiteral("accessToken"), m_tenant.managementToken } } },
        { QStringLiteral("timeout_ms"), inputs.timeoutMs },
        { QStringLiteral("legacy_globals"), inputs.legacyGlobals },
        { QStringLiteral("rewrite_https_hosts"), QJsonArray::fromStringList(m_tenant.rewriteHttpsHosts) },
    };
    if (inputs.now.isValid())
        request.insert(QStringLiteral("now"), inputs.now.toUTC().toString(Qt::ISODateWithMs));
    return request;
}

SimulationResult LoginSimulator::complete(const QJsonObject &hostResult, const SimulationInputs &inputs) const
{
    SimulationResult result = SimulationResult::fromHostResult(hostResult);
    if (!result.isAllowed() || !inputs.mintTokens)
        return result;
    TokenMinter::Options options = m_tokenOptions;
    const TokenMinter minter(m_signer, options);
    const TokenMinter::Tokens tokens
        = minter.mint(result.user, result.context, issuedAt(inputs), inputs.chain);
    result.findings << tokens.findings;
    if (!tokens.failure.isEmpty()) {
        result.outcome = QStringLiteral("error");
        result.error = QStringLiteral("access_denied");
        result.errorDescription = tokens.failure;
        result.errorKind = QStringLiteral("claims_too_large");
        return result;
    }
    result.idTokenClaims = tokens.idClaims;
    result.accessTokenClaims = tokens.accessClaims;
    result.idToken = tokens.idToken;
    result.accessToken = tokens.accessToken;
    return result;
}

bool LoginSimulator::run(const SimulationInputs &inputs)
{
    if (isRunning())
        return false;
    emit started(inputs.chain.size());
    m_requestId = m_host.send(buildRequest(inputs), this, [this, inputs](const RuleHostReply &reply) {
        m_requestId = 0;
        if (reply.isResult()) {
            finish(complete(reply.response, inputs));
        } else {
            const QString kind = reply.status == RuleHostReply::Status::Unavailable
                ? QStringLiteral("host_unavailable")
                : QStringLiteral("bad_request");
            finish(SimulationResult::failure(reply.message, kind));
        }
    });
    return true;
}

void LoginSimulator::cancel()
{
    if (!isRunning())
        return;
    m_host.abandon(m_requestId);
    m_requestId = 0;
    finish(SimulationResult::failure(tr("cancelled"), QStringLiteral("cancelled")));
}

void LoginSimulator::finish(const SimulationResult &result)
{
    for (int i = 0; i < result.rules.size(); ++i)
        emit ruleFinished(i, result.rules.at(i));
    emit finished(result);
}

SimulationResult LoginSimulator::runAndWait(const SimulationInputs &inputs)
{
    QEventLoop loop;
    SimulationResult result;
    bool done = false;
    const auto connection = connect(this, &LoginSimulator::finished, &loop, [&](const SimulationResult &r) {
        result = r;
        done = true;
        loop.quit();
    });
    if (!run(inputs))
        result = SimulationResult::failure(tr("another simulated login is running"), QStringLiteral("busy"));
    else if (!done)
        loop.exec();
    disconnect(connection);
    return result;
}
