// SPDX-License-Identifier: MIT
#pragma once

#include "LoginSimulator.h"
#include "RuleTestCase.h"

#include <QJsonObject>
#include <QString>

// Writes rule cases in the `rulebench-cli test` format (DESIGN.md, RuleTestCase) and turns a
// loaded case back into the inputs of a simulated login, as the CLI does.
namespace RuleCaseFile {

struct Draft
{
    QString name;
    RuleChain chain; // each rule's source is written next to the case, under rules/
    QJsonObject user;
    QJsonObject context;
    QJsonObject configuration;
    QJsonObject expect;
    int timeoutMs = 20000;
};

// Writes `path` (atomically) and rules/<rule name>.js beside it; "rules" holds their relative
// paths. A rule file that exists with other code gets a numbered name instead of being replaced.
bool save(const QString &path, const Draft &draft, QString *error);

// What `result` shows, as expectations a later run must meet: outcome, every rule's status,
// the finding codes, the error description when not allowed, and the namespaced custom claims
// of the ID token.
QJsonObject expectationsFrom(const SimulationResult &result);

// Configuration keys that hold secrets by their name (client secrets, passwords, tokens, keys).
bool isSecretKey(const QString &key);

// The inputs of one login of `testCase`: ${TENANT_URL}/${TENANT_DOMAIN} substituted, the
// configuration = `baseConfiguration` (a plan's, or the pane's) overlaid with the case's own.
SimulationInputs inputs(const RuleTestCase &testCase, const RuleChain &chain,
                        const QJsonObject &baseConfiguration, const QString &tenantUrl,
                        const QString &tenantDomain);

} // namespace RuleCaseFile
