// SPDX-License-Identifier: MIT
#include "JsonDiff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace JsonDiff {
namespace {

void walk(const QJsonObject &before, const QJsonObject &after, const QString &prefix, QList<Change> &out)
{
    QStringList keys = before.keys();
    for (const QString &key : after.keys()) {
        if (!before.contains(key))
            keys << key;
    }
    for (const QString &key : keys) {
        const QString path = prefix.isEmpty() ? key : prefix + QLatin1Char('.') + key;
        const bool had = before.contains(key), has = after.contains(key);
        const QJsonValue a = before.value(key), b = after.value(key);
        if (had && !has)
            out << Change { path, Change::Removed, a, QJsonValue::Undefined };
        else if (!had && has)
            out << Change { path, Change::Added, QJsonValue::Undefined, b };
        else if (a.isObject() && b.isObject())
            walk(a.toObject(), b.toObject(), path, out);
        else if (a != b)
            out << Change { path, Change::Changed, a, b };
    }
}

} // namespace

QList<Change> diff(const QJsonObject &before, const QJsonObject &after)
{
    QList<Change> out;
    walk(before, after, QString(), out);
    return out;
}

QString text(const QJsonValue &value)
{
    if (value.isUndefined())
        return QString();
    const QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

} // namespace JsonDiff
