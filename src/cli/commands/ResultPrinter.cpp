// SPDX-License-Identifier: MIT
#include "ResultPrinter.h"

#include <QJsonDocument>

namespace ResultPrinter {
namespace {

QString claims(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed();
}

QString indent(const QString &text, const QString &prefix)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line.prepend(prefix);
    return lines.join(QLatin1Char('\n'));
}

QString shortened(const QString &text, int max = 400)
{
    QString oneLine = text;
    oneLine.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return oneLine.size() > max ? oneLine.left(max) + QStringLiteral("…") : oneLine;
}

} // namespace

QString findingLine(const Finding &finding)
{
    const QString where
        = finding.line ? QStringLiteral("%1:%2").arg(finding.rule).arg(*finding.line) : finding.rule;
    return QStringLiteral("%1 %2 (%3): %4").arg(finding.severity, finding.code, where, finding.message);
}

QString text(const SimulationResult &result)
{
    QStringList out;
    for (int i = 0; i < result.rules.size(); ++i) {
        const RuleResult &rule = result.rules.at(i);
        out << QStringLiteral("%1. %2 [%3] %4 (%5 ms)")
                   .arg(i + 1)
                   .arg(rule.name, rule.kind, rule.status)
                   .arg(rule.durationMs, 0, 'f', 1);
        for (const QString &line : rule.console)
            out << QStringLiteral("     console: ") + line;
        for (const HttpCall &call : rule.http) {
            const QString status
                = call.status ? QString::number(*call.status) : QStringLiteral("no response: ") + call.error;
            out << QStringLiteral("     %1 %2 -> %3 (%4 ms)")
                       .arg(call.method, call.url, status)
                       .arg(call.durationMs, 0, 'f', 1);
            if (!call.requestBody.isEmpty())
                out << QStringLiteral("       request:  ") + shortened(call.requestBody);
            if (!call.responseBody.isEmpty())
                out << QStringLiteral("       response: ") + shortened(call.responseBody);
        }
        if (!rule.errorMessage().isEmpty())
            out << QStringLiteral("     error: ") + rule.errorMessage();
    }
    if (!result.findings.isEmpty()) {
        out << QStringLiteral("findings:");
        for (const Finding &finding : result.findings)
            out << QStringLiteral("  ") + findingLine(finding);
    }
    for (const QJsonValue &update : result.metadataUpdates)
        out << QStringLiteral("metadata update: ")
                + QString::fromUtf8(QJsonDocument(update.toObject()).toJson(QJsonDocument::Compact));
    if (result.isAllowed()) {
        out << QStringLiteral("outcome: allowed");
        if (!result.idTokenClaims.isEmpty())
            out << QStringLiteral("id_token claims:")
                << indent(claims(result.idTokenClaims), QStringLiteral("  "));
        out << QStringLiteral("access_token claims:")
            << indent(claims(result.accessTokenClaims), QStringLiteral("  "));
    } else {
        out << QStringLiteral("outcome: %1 (%2: %3)")
                   .arg(result.outcome, result.error, result.errorDescription);
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace ResultPrinter
