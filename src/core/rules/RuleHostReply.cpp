// SPDX-License-Identifier: MIT
#include "RuleHostReply.h"

#include <QJsonArray>

QJsonObject RuleHostReply::lostRunResult(const QJsonObject &request, const QString &kind,
                                         const QString &message)
{
    QJsonArray rules;
    const QJsonArray chain = request.value(QLatin1String("chain")).toArray();
    for (int i = 0; i < chain.size(); ++i) {
        const QJsonObject item = chain.at(i).toObject();
        rules.append(QJsonObject {
            { QStringLiteral("name"),
              item.value(QLatin1String("name")).toString(QStringLiteral("rule-%1").arg(i + 1)) },
            { QStringLiteral("kind"), item.value(QLatin1String("kind")).toString(QStringLiteral("rule")) },
            { QStringLiteral("status"), QStringLiteral("not_run") },
            { QStringLiteral("duration_ms"), 0 },
            { QStringLiteral("console"), QJsonArray() },
            { QStringLiteral("http"), QJsonArray() },
            { QStringLiteral("error"), QJsonValue::Null } });
    }
    const QJsonObject finding {
        { QStringLiteral("rule"), QStringLiteral("chain") },
        { QStringLiteral("code"), QStringLiteral("host-restarted") },
        { QStringLiteral("severity"), QStringLiteral("error") },
        { QStringLiteral("line"), QJsonValue::Null },
        { QStringLiteral("message"),
          QStringLiteral("%1; every sandbox's `global` was reset and which rule was running is unknown.")
              .arg(message) }
    };
    return { { QStringLiteral("id"), request.value(QLatin1String("id")) },
             { QStringLiteral("type"), QStringLiteral("result") },
             { QStringLiteral("outcome"), QStringLiteral("error") },
             { QStringLiteral("error"),
               QJsonObject { { QStringLiteral("error"), QStringLiteral("access_denied") },
                             { QStringLiteral("error_description"), message },
                             { QStringLiteral("kind"), kind } } },
             { QStringLiteral("user"), request.value(QLatin1String("user")) },
             { QStringLiteral("context"), request.value(QLatin1String("context")) },
             { QStringLiteral("rules"), rules },
             { QStringLiteral("findings"), QJsonArray { finding } },
             { QStringLiteral("metadata_updates"), QJsonArray() } };
}
