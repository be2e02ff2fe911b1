// SPDX-License-Identifier: MIT
#include "RuleSource.h"

#include <QFile>
#include <QFileInfo>

QJsonObject RuleSource::toJson() const
{
    return { { QStringLiteral("name"), name },
             { QStringLiteral("kind"), kind },
             { QStringLiteral("source"), source },
             { QStringLiteral("file"), file.isEmpty() ? name + QStringLiteral(".js") : file } };
}

std::optional<RuleSource> RuleSource::fromFile(const QString &path, const QString &kind, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot read the rule: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    RuleSource rule;
    rule.kind = kind;
    rule.source = QString::fromUtf8(file.readAll());
    rule.file = path;
    QString name = QFileInfo(path).fileName();
    for (const QLatin1String suffix :
         { QLatin1String(".js"), QLatin1String(".rule"), QLatin1String(".action") }) {
        if (name.endsWith(suffix) && name.size() > suffix.size())
            name.chop(suffix.size());
    }
    rule.name = name;
    return rule;
}

QJsonArray RuleChain::toJson() const
{
    QJsonArray array;
    for (const RuleSource &rule : rules)
        array.append(rule.toJson());
    return array;
}
