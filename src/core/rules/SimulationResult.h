// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// One outbound HTTP call a rule made, as the host traced it (secrets already masked).
struct HttpCall
{
    QString method;
    QString url;
    std::optional<int> status; // none: no response (refused, reset, ended with the run)
    double durationMs = 0;
    QString requestBody;
    QString responseBody;
    QString error; // transport failure, empty when there was a response
    // Reported by the host but not part of the `simulate --json` contract (toJson leaves them
    // out): when the call started, from the start of the chain, and the masked headers.
    std::optional<double> startMs;
    QJsonObject requestHeaders;
    QJsonObject responseHeaders;

    static HttpCall fromJson(const QJsonObject &json);
    QJsonObject toJson() const;
};

// What one rule of the chain did.
struct RuleResult
{
    QString name;
    QString kind = QStringLiteral("rule");
    QString status = QStringLiteral("not_run"); // ok, denied, error, timeout, not_run
    double durationMs = 0;
    // When the rule started, from the start of the chain (the host's clock); none when not run.
    // Not in toJson(): the `simulate --json` shape stays as DESIGN.md gives it.
    std::optional<double> startMs;
    QStringList console;
    QList<HttpCall> http;
    QJsonValue error = QJsonValue::Null; // {message, name, stack, line} from the host

    QString errorMessage() const { return error.toObject().value(QLatin1String("message")).toString(); }
    static RuleResult fromJson(const QJsonObject &json);
    QJsonObject toJson() const;
};

// A pitfall found in a rule (reference/rules-runtime.md §7): a stable code, a severity
// (error, warning, info), the rule ("chain" when it cannot be told), the line when known.
struct Finding
{
    QString rule;
    QString code;
    QString severity;
    std::optional<int> line;
    QString message;

    static Finding fromJson(const QJsonObject &json);
    QJsonObject toJson() const;
};

// One simulated login: the outcome, what the rules did, and the tokens Auth0 would issue.
// toJson() is the `rulebench-cli simulate --json` contract (DESIGN.md); it adds only
// findings[].line and rules[].http[].error to the documented shape.
struct SimulationResult
{
    enum ExitCode
    {
        Allowed = 0,
        Denied = 3,
        RuleFailed = 4
    };

    QString outcome = QStringLiteral("error"); // allowed, denied, error
    QString error; // "unauthorized", "access_denied"; empty when allowed
    QString errorDescription;
    QString errorKind; // exception, unauthorized, timeout, no_callback, host_restarted, …
    QJsonObject user;
    QJsonObject context;
    QByteArray idToken;
    QByteArray accessToken;
    QJsonObject idTokenClaims;
    QJsonObject accessTokenClaims;
    QList<RuleResult> rules;
    QList<Finding> findings;
    QJsonArray metadataUpdates;

    bool isAllowed() const { return outcome == QLatin1String("allowed"); }
    int exitCode() const;
    QStringList findingCodes() const;

    // The host's `result` answer (tokens are added by LoginSimulator).
    static SimulationResult fromHostResult(const QJsonObject &result);
    // A login that never reached the rules (no host, bad request): outcome error.
    static SimulationResult failure(const QString &description, const QString &kind);
    QJsonObject toJson() const;
};

Q_DECLARE_METATYPE(RuleResult)
Q_DECLARE_METATYPE(SimulationResult)
