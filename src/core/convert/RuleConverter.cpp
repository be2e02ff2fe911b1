// SPDX-License-Identifier: MIT
#include "RuleConverter.h"

#include "rules/RuleHost.h"

#include <QJsonArray>

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out << v.toString();
    return out;
}

} // namespace

QJsonObject ConversionResult::toJson() const
{
    QJsonArray list;
    for (const Unconverted &u : unconverted) {
        list.append(QJsonObject{{QStringLiteral("line"), u.line},
                                {QStringLiteral("construct"), u.construct},
                                {QStringLiteral("why"), u.why}});
    }
    return {{QStringLiteral("action"), actionSource},
            {QStringLiteral("dependencies"), QJsonArray::fromStringList(dependencies)},
            {QStringLiteral("secrets"), QJsonArray::fromStringList(secrets)},
            {QStringLiteral("unconverted"), list}};
}

ConversionResult ConversionResult::fromHostReply(const RuleHostReply &reply)
{
    ConversionResult result;
    const QJsonObject &answer = reply.response;
    if (!reply.isAnswered() || answer.value(QLatin1String("type")).toString() != QLatin1String("convert_result")) {
        result.failure = Failure::HostUnavailable;
        // An answered {"type":"error"} means this host predates the convert request.
        result.error = reply.isAnswered() ? answer.value(QLatin1String("message")).toString() : reply.message;
        if (result.error.isEmpty())
            result.error = QStringLiteral("the rule host did not answer the conversion");
        return result;
    }
    if (!answer.value(QLatin1String("ok")).toBool()) {
        const QJsonObject error = answer.value(QLatin1String("error")).toObject();
        result.failure = Failure::BadRule;
        result.error = error.value(QLatin1String("message")).toString();
        result.errorLine = error.value(QLatin1String("line")).toInt();
        return result;
    }
    result.actionSource = answer.value(QLatin1String("action")).toString();
    result.dependencies = strings(answer.value(QLatin1String("dependencies")));
    result.secrets = strings(answer.value(QLatin1String("secrets")));
    for (const QJsonValue &v : answer.value(QLatin1String("unconverted")).toArray()) {
        const QJsonObject item = v.toObject();
        result.unconverted << Unconverted{item.value(QLatin1String("line")).toInt(),
                                          item.value(QLatin1String("construct")).toString(),
                                          item.value(QLatin1String("why")).toString()};
    }
    return result;
}

QJsonObject RuleConverter::request(const QString &ruleSource)
{
    return {{QStringLiteral("type"), QStringLiteral("convert")}, {QStringLiteral("source"), ruleSource}};
}

ConversionResult RuleConverter::convert(const QString &ruleSource)
{
    return ConversionResult::fromHostReply(m_host.sendAndWait(request(ruleSource)));
}

void RuleConverter::convert(const QString &ruleSource, QObject *context, std::function<void(const ConversionResult &)> done)
{
    m_host.send(request(ruleSource), context, [done = std::move(done)](const RuleHostReply &reply) {
        done(ConversionResult::fromHostReply(reply));
    });
}
