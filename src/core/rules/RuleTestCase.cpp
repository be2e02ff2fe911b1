// SPDX-License-Identifier: MIT
#include "RuleTestCase.h"

#include "crypto/Jwt.h"
#include "JsonFile.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace {

const QStringList CaseKeys {
    QStringLiteral("name"),          QStringLiteral("description"), QStringLiteral("rules"),
    QStringLiteral("actions"),       QStringLiteral("user"),        QStringLiteral("context"),
    QStringLiteral("configuration"), QStringLiteral("secrets"),     QStringLiteral("plan"),
    QStringLiteral("timeout_ms"),    QStringLiteral("now"),         QStringLiteral("legacy_globals"),
    QStringLiteral("sandbox"),       QStringLiteral("logins"),      QStringLiteral("expect")
};
const QStringList ExpectKeys { QStringLiteral("outcome"),
                               QStringLiteral("error_description"),
                               QStringLiteral("id_token_claims"),
                               QStringLiteral("access_token_claims"),
                               QStringLiteral("findings"),
                               QStringLiteral("findings_include"),
                               QStringLiteral("absent_id_token_claims"),
                               QStringLiteral("absent_access_token_claims"),
                               QStringLiteral("rule_statuses"),
                               QStringLiteral("console"),
                               QStringLiteral("http"),
                               QStringLiteral("http_calls"),
                               QStringLiteral("user"),
                               QStringLiteral("context"),
                               QStringLiteral("metadata_updates") };

QString compact(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    const QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

// An inline object, or a path (relative to the case) to a JSON file holding one.
std::optional<QJsonObject> objectOrFile(const QJsonObject &json, const QString &key, const QDir &folder,
                                        QString *error)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined() || value.isNull())
        return QJsonObject();
    if (value.isObject())
        return value.toObject();
    if (value.isString())
        return JsonFile::readObject(folder.filePath(value.toString()), error);
    *error = QStringLiteral("\"%1\" must be an object or the path of a JSON file").arg(key);
    return std::nullopt;
}

std::optional<QStringList> paths(const QJsonObject &json, const QString &key, const QDir &folder,
                                 QString *error)
{
    QStringList out;
    const QJsonValue value = json.value(key);
    if (value.isUndefined())
        return out;
    if (!value.isArray()) {
        *error = QStringLiteral("\"%1\" must be an array of paths").arg(key);
        return std::nullopt;
    }
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString()) {
            *error = QStringLiteral("\"%1\" must be an array of paths").arg(key);
            return std::nullopt;
        }
        out << QDir::cleanPath(folder.filePath(item.toString()));
    }
    return out;
}

QJsonObject decoded(const QByteArray &token, const QJsonObject &fallback)
{
    if (token.isEmpty())
        return fallback;
    const auto jwt = Jwt::decode(token);
    return jwt ? jwt->payload : fallback;
}

} // namespace

bool RuleTestCase::isSubset(const QJsonValue &expected, const QJsonValue &actual, const QString &path,
                            QString *where)
{
    if (expected.isObject()) {
        if (!actual.isObject()) {
            *where = QStringLiteral("%1: expected an object, got %2").arg(path, compact(actual));
            return false;
        }
        const QJsonObject object = actual.toObject();
        const QJsonObject wanted = expected.toObject();
        for (auto it = wanted.begin(); it != wanted.end(); ++it) {
            const QString child = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
            if (!object.contains(it.key())) {
                *where = QStringLiteral("%1: missing (expected %2)").arg(child, compact(it.value()));
                return false;
            }
            if (!isSubset(it.value(), object.value(it.key()), child, where))
                return false;
        }
        return true;
    }
    if (expected.isArray()) {
        const QJsonArray wanted = expected.toArray();
        const QJsonArray got = actual.toArray();
        if (!actual.isArray() || got.size() != wanted.size()) {
            *where = QStringLiteral("%1: expected %2, got %3").arg(path, compact(expected), compact(actual));
            return false;
        }
        for (int i = 0; i < wanted.size(); ++i) {
            if (!isSubset(wanted.at(i), got.at(i), QStringLiteral("%1[%2]").arg(path).arg(i), where))
                return false;
        }
        return true;
    }
    if (expected != actual) {
        *where = QStringLiteral("%1: expected %2, got %3").arg(path, compact(expected), compact(actual));
        return false;
    }
    return true;
}

std::optional<RuleTestCase> RuleTestCase::load(const QString &path, QString *error)
{
    QString why;
    auto json = JsonFile::readObject(path, &why);
    auto fail = [&](const QString &message) {
        if (error)
            *error = message.startsWith(path) ? message : QStringLiteral("%1: %2").arg(path, message);
        return std::nullopt;
    };
    if (!json)
        return fail(why);
    for (auto it = json->begin(); it != json->end(); ++it) {
        if (!CaseKeys.contains(it.key()))
            return fail(QStringLiteral("unknown key \"%1\" (known: %2)")
                            .arg(it.key(), CaseKeys.join(QStringLiteral(", "))));
    }
    const QDir folder = QFileInfo(path).absoluteDir();
    RuleTestCase c;
    c.path = path;
    c.name = json->value(QLatin1String("name")).toString(QFileInfo(path).completeBaseName());
    const auto rules = paths(*json, QStringLiteral("rules"), folder, &why);
    const auto actions = paths(*json, QStringLiteral("actions"), folder, &why);
    if (!rules || !actions)
        return fail(why);
    c.rulePaths = *rules;
    c.actionPaths = *actions;
    if (c.rulePaths.isEmpty() && c.actionPaths.isEmpty())
        return fail(QStringLiteral("\"rules\": give at least one rule file"));
    const auto user = objectOrFile(*json, QStringLiteral("user"), folder, &why);
    const auto context = objectOrFile(*json, QStringLiteral("context"), folder, &why);
    const auto configuration = objectOrFile(*json, QStringLiteral("configuration"), folder, &why);
    const auto secrets = objectOrFile(*json, QStringLiteral("secrets"), folder, &why);
    if (!user || !context || !configuration || !secrets)
        return fail(why);
    if (!JsonFile::isStringMap(*configuration, QStringLiteral("configuration"), &why)
        || !JsonFile::isStringMap(*secrets, QStringLiteral("secrets"), &why))
        return fail(why);
    c.user = *user;
    c.context = *context;
    c.configuration = *configuration;
    c.secrets = *secrets;
    if (json->contains(QLatin1String("plan")))
        c.planPath = QDir::cleanPath(folder.filePath(json->value(QLatin1String("plan")).toString()));
    const QJsonValue timeout = json->value(QLatin1String("timeout_ms"));
    if (!timeout.isUndefined()) {
        if (!timeout.isDouble() || timeout.toInt() < 1)
            return fail(QStringLiteral("\"timeout_ms\" must be a whole number of milliseconds above 0"));
        c.timeoutMs = timeout.toInt();
    }
    if (json->contains(QLatin1String("now"))) {
        c.now = QDateTime::fromString(json->value(QLatin1String("now")).toString(), Qt::ISODateWithMs);
        if (!c.now.isValid())
            return fail(QStringLiteral("\"now\" must be an ISO-8601 date-time"));
    }
    c.legacyGlobals = json->value(QLatin1String("legacy_globals")).toBool();
    c.sandbox = json->value(QLatin1String("sandbox")).toString();
    const QJsonValue logins = json->value(QLatin1String("logins"));
    if (!logins.isUndefined()) {
        if (!logins.isDouble() || logins.toInt() < 1 || logins.toInt() > 1000)
            return fail(QStringLiteral("\"logins\" must be a whole number from 1 to 1000"));
        c.logins = logins.toInt();
    }
    c.expect = json->value(QLatin1String("expect")).toObject();
    for (auto it = c.expect.begin(); it != c.expect.end(); ++it) {
        if (!ExpectKeys.contains(it.key()))
            return fail(QStringLiteral("unknown key \"expect.%1\" (known: %2)")
                            .arg(it.key(), ExpectKeys.join(QStringLiteral(", "))));
    }
    return c;
}

std::optional<RuleChain> RuleTestCase::chain(QString *error) const
{
    RuleChain chain;
    for (const auto &[list, kind] : { std::pair { &rulePaths, QStringLiteral("rule") },
                                      std::pair { &actionPaths, QStringLiteral("action") } }) {
        for (const QString &file : *list) {
            auto rule = RuleSource::fromFile(file, kind, error);
            if (!rule)
                return std::nullopt;
            chain.rules << *rule;
        }
    }
    return chain;
}

QStringList RuleTestCase::check(const SimulationResult &result) const
{
    QStringList failures;
    QString where;
    const auto has = [this](const char *key) { return expect.contains(QLatin1String(key)); };
    const auto value = [this](const char *key) { return expect.value(QLatin1String(key)); };

    if (has("outcome") && value("outcome").toString() != result.outcome) {
        QString detail = result.errorDescription.isEmpty()
            ? QString()
            : QStringLiteral(" (%1)").arg(result.errorDescription);
        failures << QStringLiteral("outcome: expected %1, got %2%3")
                        .arg(value("outcome").toString(), result.outcome, detail);
    }
    if (has("error_description") && !result.errorDescription.contains(value("error_description").toString()))
        failures << QStringLiteral("error_description: expected it to contain \"%1\", got \"%2\"")
                        .arg(value("error_description").toString(), result.errorDescription);

    const QJsonObject idClaims = decoded(result.idToken, result.idTokenClaims);
    const QJsonObject accessClaims = decoded(result.accessToken, result.accessTokenClaims);
    if (has("id_token_claims")
        && !isSubset(value("id_token_claims"), idClaims, QStringLiteral("id_token_claims"), &where))
        failures << where;
    if (has("access_token_claims")
        && !isSubset(value("access_token_claims"), accessClaims, QStringLiteral("access_token_claims"),
                     &where))
        failures << where;
    for (const auto &[key, claims] : { std::pair { "absent_id_token_claims", &idClaims },
                                       std::pair { "absent_access_token_claims", &accessClaims } }) {
        for (const QJsonValue &name : value(key).toArray()) {
            if (claims->contains(name.toString()))
                failures << QStringLiteral("%1: \"%2\" is in the token (%3)")
                                .arg(QLatin1String(key), name.toString(),
                                     compact(claims->value(name.toString())));
        }
    }

    const QStringList codes = result.findingCodes();
    const QSet<QString> actualCodes(codes.begin(), codes.end());
    if (has("findings")) {
        QSet<QString> wanted;
        for (const QJsonValue &code : value("findings").toArray())
            wanted.insert(code.toString());
        if (wanted != actualCodes) {
            QStringList w(wanted.begin(), wanted.end()), a(actualCodes.begin(), actualCodes.end());
            w.sort();
            a.sort();
            failures << QStringLiteral("findings: expected [%1], got [%2]")
                            .arg(w.join(QStringLiteral(", ")), a.join(QStringLiteral(", ")));
        }
    }
    for (const QJsonValue &code : value("findings_include").toArray()) {
        if (!actualCodes.contains(code.toString()))
            failures << QStringLiteral("findings_include: no \"%1\" among [%2]")
                            .arg(code.toString(), codes.join(QStringLiteral(", ")));
    }

    if (has("rule_statuses")) {
        QJsonArray statuses;
        for (const RuleResult &rule : result.rules)
            statuses.append(rule.status);
        if (!isSubset(value("rule_statuses"), statuses, QStringLiteral("rule_statuses"), &where))
            failures << where;
    }
    QStringList console;
    QList<HttpCall> calls;
    for (const RuleResult &rule : result.rules) {
        console << rule.console;
        calls << rule.http;
    }
    for (const QJsonValue &text : value("console").toArray()) {
        const bool found = std::any_of(console.begin(), console.end(),
                                       [&](const QString &line) { return line.contains(text.toString()); });
        if (!found)
            failures << QStringLiteral("console: no line contains \"%1\"").arg(text.toString());
    }
    for (const QJsonValue &wanted : value("http").toArray()) {
        const QJsonObject w = wanted.toObject();
        const bool found = std::any_of(calls.begin(), calls.end(), [&](const HttpCall &call) {
            return (!w.contains(QLatin1String("method"))
                    || w.value(QLatin1String("method")).toString() == call.method)
                && call.url.contains(w.value(QLatin1String("url")).toString())
                && (!w.contains(QLatin1String("status"))
                    || (call.status && *call.status == w.value(QLatin1String("status")).toInt()));
        });
        if (!found) {
            QStringList seen;
            for (const HttpCall &call : calls)
                seen << QStringLiteral("%1 %2 %3")
                            .arg(call.method, call.url,
                                 call.status ? QString::number(*call.status) : call.error);
            failures << QStringLiteral("http: no call matches %1 (calls: %2)")
                            .arg(compact(w),
                                 seen.isEmpty() ? QStringLiteral("none") : seen.join(QStringLiteral("; ")));
        }
    }
    if (has("http_calls") && value("http_calls").toInt() != calls.size())
        failures << QStringLiteral("http_calls: expected %1, got %2")
                        .arg(value("http_calls").toInt())
                        .arg(calls.size());
    if (has("user") && !isSubset(value("user"), result.user, QStringLiteral("user"), &where))
        failures << where;
    if (has("context") && !isSubset(value("context"), result.context, QStringLiteral("context"), &where))
        failures << where;
    for (const QJsonValue &wanted : value("metadata_updates").toArray()) {
        QString ignored;
        const bool found = std::any_of(
            result.metadataUpdates.begin(), result.metadataUpdates.end(),
            [&](const QJsonValue &update) { return isSubset(wanted, update, QString(), &ignored); });
        if (!found)
            failures << QStringLiteral("metadata_updates: none matches %1 (got %2)")
                            .arg(compact(wanted), compact(result.metadataUpdates));
    }
    return failures;
}
