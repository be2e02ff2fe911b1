// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// One rule (or post-login Action) as the rule host runs it: its name in traces and findings,
// its kind, its code, and the file name its stack traces and finding lines refer to.
struct RuleSource
{
    QString name;
    QString kind = QStringLiteral("rule"); // "rule" or "action"
    QString source;
    QString file;

    QJsonObject toJson() const;
    // Reads a rule file; the name is the file's base name without ".js" (and ".rule"/".action").
    static std::optional<RuleSource> fromFile(const QString &path, const QString &kind, QString *error);
};

// The rules of one login, in the order they run (Auth0: dashboard order, then post-login Actions).
struct RuleChain
{
    QList<RuleSource> rules;

    bool isEmpty() const { return rules.isEmpty(); }
    int size() const { return int(rules.size()); }
    QJsonArray toJson() const;
};
