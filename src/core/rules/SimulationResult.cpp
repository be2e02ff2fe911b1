// SPDX-License-Identifier: MIT
#include "SimulationResult.h"

namespace {

QJsonValue optionalInt(const std::optional<int> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

std::optional<int> intOrNone(const QJsonValue &value)
{
    return value.isDouble() ? std::optional<int>(value.toInt()) : std::nullopt;
}

} // namespace

HttpCall HttpCall::fromJson(const QJsonObject &json)
{
    HttpCall call;
    call.method = json.value(QLatin1String("method")).toString();
    call.url = json.value(QLatin1String("url")).toString();
    call.status = intOrNone(json.value(QLatin1String("status")));
    call.durationMs = json.value(QLatin1String("duration_ms")).toDouble();
    call.requestBody = json.value(QLatin1String("request_body")).toString();
    call.responseBody = json.value(QLatin1String("response_body")).toString();
    call.error = json.value(QLatin1String("error")).toString();
    const QJsonValue start = json.value(QLatin1String("start_ms"));
    if (start.isDouble())
        call.startMs = start.toDouble();
    call.requestHeaders = json.value(QLatin1String("request_headers")).toObject();
    call.responseHeaders = json.value(QLatin1String("response_headers")).toObject();
    return call;
}

QJsonObject HttpCall::toJson() const
{
    return { { QStringLiteral("method"), method },
             { QStringLiteral("url"), url },
             { QStringLiteral("status"), optionalInt(status) },
             { QStringLiteral("duration_ms"), durationMs },
             { QStringLiteral("request_body"), requestBody },
             { QStringLiteral("response_body"), responseBody },
             { QStringLiteral("error"),
               error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(error) } };
}

RuleResult RuleResult::fromJson(const QJsonObject &json)
{
    RuleResult rule;
    rule.name = json.value(QLatin1String("name")).toString();
    rule.kind = json.value(QLatin1String("kind")).toString(QStringLiteral("rule"));
    rule.status = json.value(QLatin1String("status")).toString(QStringLiteral("not_run"));
    rule.durationMs = json.value(QLatin1String("duration_ms")).toDouble();
    if (const QJsonValue start = json.value(QLatin1String("start_ms")); start.isDouble())
        rule.startMs = start.toDouble();
    for (const QJsonValue &line : json.value(QLatin1String("console")).toArray())
        rule.console << line.toString();
    for (const QJsonValue &call : json.value(QLatin1String("http")).toArray())
        rule.http << HttpCall::fromJson(call.toObject());
    const QJsonValue error = json.value(QLatin1String("error"));
    rule.error = error.isObject() ? error : QJsonValue(QJsonValue::Null);
    return rule;
}

QJsonObject RuleResult::toJson() const
{
    QJsonArray calls;
    for (const HttpCall &call : http)
        calls.append(call.toJson());
    return { { QStringLiteral("name"), name },
             { QStringLiteral("kind"), kind },
             { QStringLiteral("status"), status },
             { QStringLiteral("duration_ms"), durationMs },
             { QStringLiteral("console"), QJsonArray::fromStringList(console) },
             { QStringLiteral("http"), calls },
             { QStringLiteral("error"), error } };
}

Finding Finding::fromJson(const QJsonObject &json)
{
    return { json.value(QLatin1String("rule")).toString(QStringLiteral("chain")),
             json.value(QLatin1String("code")).toString(),
             json.value(QLatin1String("severity")).toString(QStringLiteral("warning")),
             intOrNone(json.value(QLatin1String("line"))), json.value(QLatin1String("message")).toString() };
}

QJsonObject Finding::toJson() const
{
    return { { QStringLiteral("rule"), rule },
             { QStringLiteral("code"), code },
             { QStringLiteral("severity"), severity },
             { QStringLiteral("line"), optionalInt(line) },
             { QStringLiteral("message"), message } };
}

int SimulationResult::exitCode() const
{
    if (outcome == QLatin1String("allowed"))
        return Allowed;
    return outcome == QLatin1String("denied") ? Denied : RuleFailed;
}

QStringList SimulationResult::findingCodes() const
{
    QStringList codes;
    for (const Finding &finding : findings)
        codes << finding.code;
    return codes;
}

SimulationResult SimulationResult::fromHostResult(const QJsonObject &result)
{
    SimulationResult out;
    out.outcome = result.value(QLatin1String("outcome")).toString(QStringLiteral("error"));
    const QJsonObject error = result.value(QLatin1String("error")).toObject();
    out.error = error.value(QLatin1String("error")).toString();
    out.errorDescription = error.value(QLatin1String("error_description")).toString();
    out.errorKind = error.value(QLatin1String("kind")).toString();
    out.user = result.value(QLatin1String("user")).toObject();
    out.context = result.value(QLatin1String("context")).toObject();
    for (const QJsonValue &rule : result.value(QLatin1String("rules")).toArray())
        out.rules << RuleResult::fromJson(rule.toObject());
    for (const QJsonValue &finding : result.value(QLatin1String("findings")).toArray())
        out.findings << Finding::fromJson(finding.toObject());
    out.metadataUpdates = result.value(QLatin1String("metadata_updates")).toArray();
    return out;
}

SimulationResult SimulationResult::failure(const QString &description, const QString &kind)
{
    SimulationResult out;
    out.outcome = QStringLiteral("error");
    out.error = QStringLiteral("access_denied");
    out.errorDescription = description;
    out.errorKind = kind;
    return out;
}

QJsonObject SimulationResult::toJson() const
{
    QJsonArray ruleArray;
    for (const RuleResult &rule : rules)
        ruleArray.append(rule.toJson());
    QJsonArray findingArray;
    for (const Finding &finding : findings)
        findingArray.append(finding.toJson());
    const QJsonValue errorValue = isAllowed()
        ? QJsonValue(QJsonValue::Null)
        : QJsonValue(QJsonObject { { QStringLiteral("error"), error },
                                   { QStringLiteral("error_description"), errorDescription } });
    auto token = [](const QByteArray &jwt) {
        return jwt.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromLatin1(jwt));
    };
    return { { QStringLiteral("outcome"), outcome },
             { QStringLiteral("error"), errorValue },
             { QStringLiteral("user"), user },
             { QStringLiteral("context"), context },
             { QStringLiteral("id_token"), token(idToken) },
             { QStringLiteral("access_token"), token(accessToken) },
             { QStringLiteral("id_token_claims"), idTokenClaims },
             { QStringLiteral("access_token_claims"), accessTokenClaims },
             { QStringLiteral("rules"), ruleArray },
             { QStringLiteral("findings"), findingArray },
             { QStringLiteral("metadata_updates"), metadataUpdates } };
}
