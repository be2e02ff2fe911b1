// SPDX-License-Identifier: MIT
#pragma once

#include "RuleSource.h"
#include "SimulationResult.h"

#include <optional>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

// One case of `rulebench-cli test` (DESIGN.md): {"name", "rules": [paths relative to the case],
// "user", "context", "configuration", "expect": {…}}, plus optional "actions", "secrets",
// "plan" (a setup plan applied to the tenant first), "timeout_ms", "now", "legacy_globals",
// "sandbox", "logins" (run N times in one sandbox; the last login is checked), "description".
// user/context/configuration/secrets are objects or paths.
//
// expect (every key optional):
//   outcome                      allowed | denied | error
//   error_description            substring of the error description
//   id_token_claims,             subset of the decoded claims (objects recursively, arrays
//   access_token_claims          element by element)
//   findings                     the exact set of finding codes ([] = none)
//   findings_include             codes that must be among them
//   absent_id_token_claims,      claim names that must not be in the token
//   absent_access_token_claims
//   rule_statuses                every rule's status, in order
//   console                      substrings each found in some console line
//   http                         [{method, url (substring), status}] each matching some call
//   http_calls                   how many HTTP calls the rules made
//   user, context                subsets of the user/context after the rules
//   metadata_updates             each a subset of some recorded update
struct RuleTestCase
{
    QString path;
    QString name;
    QStringList rulePaths; // resolved against the case's folder
    QStringList actionPaths;
    QJsonObject user;
    QJsonObject context;
    QJsonObject configuration;
    QJsonObject secrets;
    QString planPath;
    int timeoutMs = 20000;
    QDateTime now;
    bool legacyGlobals = false;
    QString sandbox;
    int logins = 1;
    QJsonObject expect;

    static std::optional<RuleTestCase> load(const QString &path, QString *error);
    std::optional<RuleChain> chain(QString *error) const;
    // What does not match; empty when the case passes.
    QStringList check(const SimulationResult &result) const;

    // `expected` is contained in `actual` (see above); *where names the first difference.
    static bool isSubset(const QJsonValue &expected, const QJsonValue &actual, const QString &path,
                         QString *where);
};
