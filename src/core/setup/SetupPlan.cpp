// SPDX-License-Identifier: MIT
#include "SetupPlan.h"

#include "PlanValidation.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

namespace {

class Reader
{
public:
    explicit Reader(QStringList *problems) : m_problems(problems) {}

    void problem(const QString &path, const QString &message) { m_problems->append(path + QStringLiteral(": ") + message); }
    void check(const QString &path, const QString &message)
    {
        if (!message.isEmpty())
            problem(path, message);
    }

    void unknownKeys(const QJsonObject &object, const QString &path, const QStringList &known)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!known.contains(it.key()))
                problem(path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key(),
                        QStringLiteral("unknown key (known: %1)").arg(known.join(QStringLiteral(", "))));
        }
    }

    QJsonObject object(const QJsonObject &parent, const QString &key, const QString &path, bool required)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined()) {
            if (required)
                problem(path, QStringLiteral("missing"));
            return {};
        }
        if (!value.isObject())
            problem(path, QStringLiteral("must be an object"));
        return value.toObject();
    }

    QString string(const QJsonObject &parent, const QString &key, const QString &path, bool required, const QString &fallback = {})
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined()) {
            if (required)
                problem(path, QStringLiteral("missing"));
            return fallback;
        }
        if (!value.isString()) {
            problem(path, QStringLiteral("must be a string"));
            return fallback;
        }
        return value.toString();
    }

    bool boolean(const QJsonObject &parent, const QString &key, const QString &path, bool fallback)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined())
            return fallback;
        if (!value.isBool())
            problem(path, QStringLiteral("must be true or false"));
        return value.toBool(fallback);
    }

    int integer(const QJsonObject &parent, const QString &key, const QString &path, int fallback, int min, int max)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined())
            return fallback;
        const double number = value.toDouble(-1);
        if (!value.isDouble() || number != double(qint64(number)) || number < min || number > max) {
            problem(path, QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max));
            return fallback;
        }
        return int(number);
    }

private:
    QStringList *m_problems;
};

void readApi(Reader &r, const QJsonObject &json, SetupPlan &plan)
{
    const QJsonObject api = r.object(json, QStringLiteral("api"), QStringLiteral("api"), true);
    if (!json.value(QLatin1String("api")).isObject())
        return; // said once ("missing" or "must be an object"), not again for each key inside
    r.unknownKeys(api, QStringLiteral("api"), {QStringLiteral("identifier"), QStringLiteral("name"), QStringLiteral("signing_alg"),
                                               QStringLiteral("token_lifetime"), QStringLiteral("rbac"), QStringLiteral("scopes")});
    plan.api.identifier = r.string(api, QStringLiteral("identifier"), QStringLiteral("api.identifier"), true);
    if (api.value(QLatin1String("identifier")).isString())
        r.check(QStringLiteral("api.identifier"), PlanValidation::apiIdentifier(plan.api.identifier));
    plan.api.name = r.string(api, QStringLiteral("name"), QStringLiteral("api.name"), false, plan.api.identifier);
    r.check(QStringLiteral("api.name"), PlanValidation::apiName(plan.api.name));
    plan.api.signingAlg = r.string(api, QStringLiteral("signing_alg"), QStringLiteral("api.signing_alg"), false, QStringLiteral("RS256"));
    if (!QStringList{QStringLiteral("RS256"), QStringLiteral("HS256"), QStringLiteral("PS256"), QStringLiteral("RS512")}.contains(plan.api.signingAlg))
        r.problem(QStringLiteral("api.signing_alg"), QStringLiteral("must be RS256, HS256, PS256 or RS512"));
    plan.api.tokenLifetime = r.integer(api, QStringLiteral("token_lifetime"), QStringLiteral("api.token_lifetime"), 86400, 60, 2592000);
    plan.api.rbac = r.boolean(api, QStringLiteral("rbac"), QStringLiteral("api.rbac"), false);
    const QJsonValue scopes = api.value(QLatin1String("scopes"));
    if (!scopes.isUndefined() && !scopes.isArray())
        r.problem(QStringLiteral("api.scopes"), QStringLiteral("must be a list of {\"value\", \"description\"}"));
    QStringList seen;
    const QJsonArray scopeArray = scopes.toArray();
    for (int i = 0; i < scopeArray.size(); ++i) {
        const QString path = QStringLiteral("api.scopes[%1]").arg(i);
        const QJsonObject scope = scopeArray.at(i).toObject();
        if (!scopeArray.at(i).isObject()) {
            r.problem(path, QStringLiteral("must be an object {\"value\", \"description\"}"));
            continue;
        }
        r.unknownKeys(scope, path, {QStringLiteral("value"), QStringLiteral("description")});
        SetupPlan::Scope s{r.string(scope, QStringLiteral("value"), path + QStringLiteral(".value"), true),
                           r.string(scope, QStringLiteral("description"), path + QStringLiteral(".description"), false)};
        if (scope.value(QLatin1String("value")).isString())
            r.check(path + QStringLiteral(".value"), PlanValidation::scopeValue(s.value));
        if (seen.contains(s.value))
            r.problem(path + QStringLiteral(".value"), QStringLiteral("\"%1\" is listed twice").arg(s.value));
        r.check(path + QStringLiteral(".description"), PlanValidation::scopeDescription(s.description));
        seen << s.value;
        plan.api.scopes.append(s);
    }
}

void readRule(Reader &r, const QJsonObject &json, const QString &planFolder, SetupPlan &plan)
{
    const QJsonObject rule = r.object(json, QStringLiteral("rule"), QStringLiteral("rule"), true);
    if (!json.value(QLatin1String("rule")).isObject())
        return;
    r.unknownKeys(rule, QStringLiteral("rule"), {QStringLiteral("kind"), QStringLiteral("template"), QStringLiteral("script_file"),
                                                 QStringLiteral("name"), QStringLiteral("enabled")});
    plan.rule.kind = r.string(rule, QStringLiteral("kind"), QStringLiteral("rule.kind"), false, QStringLiteral("rule"));
    const bool knownKind = plan.rule.kind == QLatin1String("rule") || plan.rule.kind == QLatin1String("action");
    if (!knownKind)
        r.problem(QStringLiteral("rule.kind"), QStringLiteral("must be \"rule\" or \"action\""));
    plan.rule.name = r.string(rule, QStringLiteral("name"), QStringLiteral("rule.name"), true);
    if (rule.value(QLatin1String("name")).isString())
        r.check(QStringLiteral("rule.name"), PlanValidation::ruleName(plan.rule.name));
    plan.rule.enabled = r.boolean(rule, QStringLiteral("enabled"), QStringLiteral("rule.enabled"), true);
    plan.rule.templateName = r.string(rule, QStringLiteral("template"), QStringLiteral("rule.template"), false);
    plan.rule.scriptFile = r.string(rule, QStringLiteral("script_file"), QStringLiteral("rule.script_file"), false);
    if (plan.rule.templateName.isEmpty() == plan.rule.scriptFile.isEmpty()) {
        r.problem(QStringLiteral("rule"), QStringLiteral("give either \"template\" or \"script_file\""));
    } else if (!plan.rule.templateName.isEmpty()) {
        if (knownKind) // templates exist per kind; an unknown kind was reported above
            plan.rule.script = SetupPlan::templateSource(plan.rule.templateName, plan.rule.kind);
        if (knownKind && plan.rule.script.isEmpty())
            r.problem(QStringLiteral("rule.template"), QStringLiteral("no template \"%1\" for a %2 (known: %3)")
                                                           .arg(plan.rule.templateName, plan.rule.kind,
                                                                SetupPlan::templateNames().join(QStringLiteral(", "))));
    } else {
        QFile file(QDir(planFolder).absoluteFilePath(plan.rule.scriptFile));
        if (!file.open(QIODevice::ReadOnly))
            r.problem(QStringLiteral("rule.script_file"), QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        else
            plan.rule.script = QString::fromUtf8(file.readAll());
        if (file.isOpen() && plan.rule.script.trimmed().isEmpty())
            r.problem(QStringLiteral("rule.script_file"), QStringLiteral("%1 is empty").arg(file.fileName()));
    }
}

void readConfiguration(Reader &r, const QJsonObject &json, SetupPlan &plan)
{
    const QJsonObject config = r.object(json, QStringLiteral("configuration"), QStringLiteral("configuration"), false);
    r.unknownKeys(config, QStringLiteral("configuration"),
                  {QStringLiteral("client_id_key"), QStringLiteral("client_secret_key"), QStringLiteral("extra")});
    plan.configuration.clientIdKey = r.string(config, QStringLiteral("client_id_key"), QStringLiteral("configuration.client_id_key"),
                                              false, QStringLiteral("RULE_APP_CLIENT_ID"));
    plan.configuration.clientSecretKey = r.string(config, QStringLiteral("client_secret_key"),
                                                  QStringLiteral("configuration.client_secret_key"), false,
                                                  QStringLiteral("RULE_APP_CLIENT_SECRET"));
    // Each key is checked at its own path, so the message points at the one to fix.
    if (config.value(QLatin1String("client_id_key")).isString())
        r.check(QStringLiteral("configuration.client_id_key"), PlanValidation::configurationKey(plan.configuration.clientIdKey));
    if (config.value(QLatin1String("client_secret_key")).isString())
        r.check(QStringLiteral("configuration.client_secret_key"), PlanValidation::configurationKey(plan.configuration.clientSecretKey));
    const QJsonObject extra = r.object(config, QStringLiteral("extra"), QStringLiteral("configuration.extra"), false);
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        const QString path = QStringLiteral("configuration.extra.") + it.key();
        if (!it.value().isString())
            r.problem(path, QStringLiteral("must be a string (configuration values are strings)"));
        else
            r.check(path, PlanValidation::configurationKey(it.key()));
        plan.configuration.extra.insert(it.key(), it.value().toString());
    }
    if (plan.configuration.clientIdKey == plan.configuration.clientSecretKey)
        r.problem(QStringLiteral("configuration.client_secret_key"), QStringLiteral("must differ from client_id_key"));
}

} // namespace

SetupPlan SetupPlan::fromJson(const QJsonObject &json, const QString &planFolder, QStringList *problems)
{
    SetupPlan plan;
    Reader r(problems);
    r.unknownKeys(json, QString(), {QStringLiteral("$comment"), QStringLiteral("api"), QStringLiteral("application"),
                                    QStringLiteral("grant"), QStringLiteral("rule"), QStringLiteral("configuration")});
    readApi(r, json, plan);

    const QJsonObject application = r.object(json, QStringLiteral("application"), QStringLiteral("application"), true);
    if (json.value(QLatin1String("application")).isObject()) {
        r.unknownKeys(application, QStringLiteral("application"), {QStringLiteral("name")});
        plan.applicationName = r.string(application, QStringLiteral("name"), QStringLiteral("application.name"), true);
        if (application.value(QLatin1String("name")).isString())
            r.check(QStringLiteral("application.name"), PlanValidation::applicationName(plan.applicationName));
    }

    const QJsonObject grant = r.object(json, QStringLiteral("grant"), QStringLiteral("grant"), false);
    r.unknownKeys(grant, QStringLiteral("grant"), {QStringLiteral("scopes")});
    const QJsonValue grantScopes = grant.value(QLatin1String("scopes"));
    if (!grantScopes.isUndefined() && !grantScopes.isArray())
        r.problem(QStringLiteral("grant.scopes"), QStringLiteral("must be a list of scope names"));
    const QJsonArray grantArray = grantScopes.toArray();
    // Against an API that is not there or whose scopes are unreadable, a grant scope would be
    // reported for a mistake made elsewhere.
    const QJsonValue apiScopes = json.value(QLatin1String("api")).toObject().value(QLatin1String("scopes"));
    const bool apiReadable = json.value(QLatin1String("api")).isObject() && (apiScopes.isUndefined() || apiScopes.isArray());
    for (int i = 0; i < grantArray.size(); ++i) {
        const QString scope = grantArray.at(i).toString();
        const bool defined = std::any_of(plan.api.scopes.begin(), plan.api.scopes.end(), [&](const Scope &s) { return s.value == scope; });
        if (!grantArray.at(i).isString())
            r.problem(QStringLiteral("grant.scopes[%1]").arg(i), QStringLiteral("must be a string"));
        else if (!defined && apiReadable)
            r.problem(QStringLiteral("grant.scopes[%1]").arg(i), QStringLiteral("\"%1\" is not one of api.scopes").arg(scope));
        plan.grantScopes << scope;
    }

    readRule(r, json, planFolder, plan);
    readConfiguration(r, json, plan);
    return plan;
}

QJsonObject SetupPlan::toJson() const
{
    QJsonArray scopes;
    for (const Scope &scope : api.scopes)
        scopes.append(QJsonObject{{QStringLiteral("value"), scope.value}, {QStringLiteral("description"), scope.description}});
    QJsonObject ruleJson{{QStringLiteral("kind"), rule.kind}, {QStringLiteral("name"), rule.name}, {QStringLiteral("enabled"), rule.enabled}};
    if (!rule.templateName.isEmpty())
        ruleJson.insert(QStringLiteral("template"), rule.templateName);
    else
        ruleJson.insert(QStringLiteral("script_file"), rule.scriptFile);
    QJsonObject extra;
    for (auto it = configuration.extra.begin(); it != configuration.extra.end(); ++it)
        extra.insert(it.key(), it.value());
    return {
        {QStringLiteral("api"), QJsonObject{{QStringLiteral("identifier"), api.identifier},
                                            {QStringLiteral("name"), api.name},
                                            {QStringLiteral("signing_alg"), api.signingAlg},
                                            {QStringLiteral("token_lifetime"), api.tokenLifetime},
                                            {QStringLiteral("rbac"), api.rbac},
                                            {QStringLiteral("scopes"), scopes}}},
        {QStringLiteral("application"), QJsonObject{{QStringLiteral("name"), applicationName}}},
        {QStringLiteral("grant"), QJsonObject{{QStringLiteral("scopes"), QJsonArray::fromStringList(grantScopes)}}},
        {QStringLiteral("rule"), ruleJson},
        {QStringLiteral("configuration"), QJsonObject{{QStringLiteral("client_id_key"), configuration.clientIdKey},
                                                      {QStringLiteral("client_secret_key"), configuration.clientSecretKey},
                                                      {QStringLiteral("extra"), extra}}},
    };
}

QMap<QString, QString> SetupPlan::extraConfiguration() const
{
    QMap<QString, QString> values = configuration.extra;
    if (!values.contains(QStringLiteral("API_AUDIENCE")))
        values.insert(QStringLiteral("API_AUDIENCE"), api.identifier);
    return values;
}

QStringList SetupPlan::templateNames()
{
    QStringList names;
    for (const QString &file : QDir(QStringLiteral(":/templates")).entryList(QDir::Files)) {
        const QString name = file.section(QLatin1Char('.'), 0, 0);
        if (!names.contains(name))
            names << name;
    }
    // The corrected call-an-API template first; the seed example is for the test pane only.
    names.removeOne(QStringLiteral("seed-example"));
    names.removeOne(QStringLiteral("call-api"));
    names.prepend(QStringLiteral("call-api"));
    return names;
}

QString SetupPlan::templateSource(const QString &templateName, const QString &kind)
{
    if (templateName.contains(QLatin1Char('/')) || templateName.contains(QLatin1Char('.')))
        return {};
    QFile file(QStringLiteral(":/templates/%1.%2.js").arg(templateName, kind));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}
