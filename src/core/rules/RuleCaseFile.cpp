// SPDX-License-Identifier: MIT
#include "RuleCaseFile.h"

#include "PlanConfiguration.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

namespace RuleCaseFile {
namespace {

bool writeFile(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QString safeFileName(const QString &name)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    QString out = name;
    out.replace(unsafe, QStringLiteral("-"));
    return out.isEmpty() ? QStringLiteral("rule") : out;
}

} // namespace

bool isSecretKey(const QString &key)
{
    static const QRegularExpression secret(QStringLiteral("SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|API_?KEY"),
                                           QRegularExpression::CaseInsensitiveOption);
    return secret.match(key).hasMatch();
}

bool save(const QString &path, const Draft &draft, QString *error)
{
    const QDir folder = QFileInfo(path).absoluteDir();
    if (!folder.mkpath(QStringLiteral("rules"))) {
        *error = QStringLiteral("cannot make %1").arg(folder.filePath(QStringLiteral("rules")));
        return false;
    }
    QJsonArray rules;
    QJsonArray actions;
    for (const RuleSource &rule : draft.chain.rules) {
        const QString base = safeFileName(rule.name)
            + (rule.kind == QLatin1String("action") ? QStringLiteral(".action") : QString());
        const QByteArray code = rule.source.toUtf8();
        QString relative;
        for (int n = 1;; ++n) {
            relative = QStringLiteral("rules/%1%2.js")
                           .arg(base, n == 1 ? QString() : QStringLiteral("-%1").arg(n));
            QFile existing(folder.filePath(relative));
            if (!existing.exists())
                break;
            if (existing.open(QIODevice::ReadOnly) && existing.readAll() == code)
                break;
        }
        if (!writeFile(folder.filePath(relative), code, error))
            return false;
        (rule.kind == QLatin1String("action") ? actions : rules).append(relative);
    }
    QJsonObject json { { QStringLiteral("name"), draft.name },
                       { QStringLiteral("rules"), rules },
                       { QStringLiteral("user"), draft.user },
                       { QStringLiteral("context"), draft.context },
                       { QStringLiteral("configuration"), draft.configuration },
                       { QStringLiteral("timeout_ms"), draft.timeoutMs },
                       { QStringLiteral("expect"), draft.expect } };
    if (!actions.isEmpty())
        json.insert(QStringLiteral("actions"), actions);
    return writeFile(path, QJsonDocument(json).toJson(QJsonDocument::Indented), error);
}

QJsonObject expectationsFrom(const SimulationResult &result)
{
    QJsonObject expect { { QStringLiteral("outcome"), result.outcome } };
    QJsonArray statuses;
    for (const RuleResult &rule : result.rules)
        statuses.append(rule.status);
    expect.insert(QStringLiteral("rule_statuses"), statuses);
    QStringList codes = result.findingCodes();
    codes.removeDuplicates();
    expect.insert(QStringLiteral("findings"), QJsonArray::fromStringList(codes));
    if (!result.isAllowed() && !result.errorDescription.isEmpty())
        expect.insert(QStringLiteral("error_description"), result.errorDescription);
    QJsonObject custom;
    for (auto it = result.idTokenClaims.begin(); it != result.idTokenClaims.end(); ++it) {
        if (it.key().contains(QLatin1String("://")))
            custom.insert(it.key(), it.value());
    }
    if (!custom.isEmpty())
        expect.insert(QStringLiteral("id_token_claims"), custom);
    return expect;
}

SimulationInputs inputs(const RuleTestCase &testCase, const RuleChain &chain,
                        const QJsonObject &baseConfiguration, const QString &tenantUrl,
                        const QString &tenantDomain)
{
    const auto substitute = [&](const QJsonObject &object) {
        return PlanConfiguration::substitute(object, tenantUrl, tenantDomain).toObject();
    };
    SimulationInputs in;
    in.chain = chain;
    in.user = substitute(testCase.user);
    in.context = substitute(testCase.context);
    in.timeoutMs = testCase.timeoutMs;
    in.now = testCase.now;
    in.legacyGlobals = testCase.legacyGlobals;
    if (!testCase.sandbox.isEmpty())
        in.sandbox = testCase.sandbox;
    QJsonObject configuration = baseConfiguration;
    // An Action reads the plan's values as event.secrets, as the plan's Action would.
    QJsonObject secrets = testCase.actionPaths.isEmpty() ? QJsonObject() : configuration;
    for (auto it = testCase.secrets.begin(); it != testCase.secrets.end(); ++it)
        secrets.insert(it.key(), it.value());
    for (auto it = testCase.configuration.begin(); it != testCase.configuration.end(); ++it)
        configuration.insert(it.key(), it.value());
    in.configuration = substitute(configuration);
    in.secrets = substitute(secrets);
    return in;
}

} // namespace RuleCaseFile
