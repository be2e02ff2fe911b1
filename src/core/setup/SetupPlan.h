// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

// What the setup wizard builds and `rulebench-cli apply` reads: the API and its permissions,
// the M2M application, its grant, the rule (or post-login Action) and its configuration
// (DESIGN.md "the plan format"). A value type; SetupRunner applies it.
struct SetupPlan
{
    struct Scope
    {
        QString value;
        QString description;
    };
    struct Api
    {
        QString identifier;
        QString name;
        QString signingAlg = QStringLiteral("RS256");
        int tokenLifetime = 86400;
        bool rbac = false;
        QList<Scope> scopes;
    };
    struct Rule
    {
        QString kind = QStringLiteral("rule"); // "rule" or "action"
        QString templateName;                  // from resources/templates, or:
        QString scriptFile;                    // a file, relative to the plan
        QString script;                        // the code itself, resolved from one of the two
        QString name;
        bool enabled = true;
    };
    struct Configuration
    {
        QString clientIdKey = QStringLiteral("RULE_APP_CLIENT_ID");
        QString clientSecretKey = QStringLiteral("RULE_APP_CLIENT_SECRET");
        QMap<QString, QString> extra;
    };

    Api api;
    QString applicationName;
    QStringList grantScopes;
    Rule rule;
    Configuration configuration;

    // Parses and validates. Every problem is listed, each starting with its JSON path
    // ("api.scopes[1].value: …"); the plan is usable only if `problems` stays empty.
    static SetupPlan fromJson(const QJsonObject &json, const QString &planFolder, QStringList *problems);
    QJsonObject toJson() const;
    // The configuration values the rule reads besides the client id and secret: `extra`, plus
    // API_AUDIENCE (the API's identifier) unless given.
    QMap<QString, QString> extraConfiguration() const;

    static QStringList templateNames();
    static QString templateSource(const QString &templateName, const QString &kind);
};
