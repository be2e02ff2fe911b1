// SPDX-License-Identifier: MIT
#pragma once

#include "LoginContextBuilder.h"
#include "RuleSource.h"
#include "SimulationResult.h"
#include "TokenMinter.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

class Clock;
class RuleHost;
class TokenSigner;

// The tenant as the rules see it: `auth0.domain`, `auth0.baseUrl`, `auth0.accessToken`, and
// the hosts whose https:// requests go out as plain http (a local tenant on loopback).
struct TenantEndpoint
{
    QString domain; // "acme.eu.auth0.com", "127.0.0.1:4321"
    QString baseUrl; // the Management API: https://DOMAIN/api/v2 by default
    QString managementToken;
    QStringList rewriteHttpsHosts;
    QString tenantName = QStringLiteral("local");
};

// What one simulated login runs: the chain and the inputs as given (LoginContextBuilder adds
// Auth0's defaults around `user` and `context`).
struct SimulationInputs
{
    RuleChain chain;
    QJsonObject user;
    QJsonObject context;
    QJsonObject configuration; // strings only
    // Action secrets: a string is every Action's, an object the secrets of the Action of that name
    // (Auth0 keeps them per Action); masked in traces like secret configuration values.
    QJsonObject secrets;
    int timeoutMs = 20000; // the whole chain (Auth0: ~20 s)
    QDateTime now; // invalid: the clock; else fixes Date in the rules and iat/exp
    bool legacyGlobals = false;
    QString sandbox = QStringLiteral("default"); // runs in one sandbox share `global`
    bool mintTokens = true;
};

// Runs simulated logins through a RuleHost and mints the tokens Auth0 would issue. One login at
// a time per simulator. Emits ruleFinished() for each rule in order and then finished(); the
// host reports a chain once it has ended, so all ruleFinished() signals come together, right
// before finished() — they carry each rule's own measured duration.
class LoginSimulator : public QObject
{
    Q_OBJECT
public:
    LoginSimulator(RuleHost &host, const TokenSigner &signer, TenantEndpoint tenant, const Clock &clock,
                   QObject *parent = nullptr);

    void setClient(const QString &clientId, const QString &clientName);
    void setTokenOptions(const TokenMinter::Options &options) { m_tokenOptions = options; }
    const TenantEndpoint &tenant() const { return m_tenant; }

    bool isRunning() const { return m_requestId != 0; }
    // False (and nothing happens) while another login runs.
    bool run(const SimulationInputs &inputs);
    // The running login ends now with outcome "error" (kind "cancelled"); the host's late answer is dropped.
    void cancel();
    SimulationResult runAndWait(const SimulationInputs &inputs);

    // The host's `run` request for these inputs, and the result made from its answer.
    QJsonObject buildRequest(const SimulationInputs &inputs) const;
    SimulationResult complete(const QJsonObject &hostResult, const SimulationInputs &inputs) const;

signals:
    void started(int ruleCount);
    void ruleFinished(int index, const RuleResult &result);
    void finished(const SimulationResult &result);

private:
    LoginContextBuilder builder(const SimulationInputs &inputs) const;
    qint64 issuedAt(const SimulationInputs &inputs) const;
    void finish(const SimulationResult &result);

    RuleHost &m_host;
    const TokenSigner &m_signer;
    TenantEndpoint m_tenant;
    const Clock &m_clock;
    QString m_clientId;
    QString m_clientName;
    TokenMinter::Options m_tokenOptions;
    qint64 m_requestId = 0;
};
