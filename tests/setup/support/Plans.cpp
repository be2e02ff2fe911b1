// SPDX-License-Identifier: MIT
#include "Plans.h"

#include "common/JsonUtil.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>

namespace Plans {

QString dataFolder()
{
    return QStringLiteral(RULEBENCH_SETUP_TEST_DATA);
}

QJsonObject exampleJson()
{
    QFile file(dataFolder() + QStringLiteral("/example-plan.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return JsonUtil::parseObject(file.readAll()).value_or(QJsonObject());
}

QJsonObject forTenant(const QString &tenantBaseUrl, const QString &tag)
{
    QJsonObject plan = exampleJson();
    plan = with(plan, QStringLiteral("configuration.extra.API_URL"), tenantBaseUrl + QStringLiteral("/sample-api/messages"));
    if (!tag.isEmpty()) {
        plan = with(plan, QStringLiteral("api.identifier"), QStringLiteral("https://test-api/") + tag);
        plan = with(plan, QStringLiteral("application.name"), QStringLiteral("Rule M2M client ") + tag);
        plan = with(plan, QStringLiteral("rule.name"), QStringLiteral("call-test-api-") + tag);
    }
    return plan;
}

SetupPlan parse(const QJsonObject &json, QStringList *problems)
{
    QStringList found;
    SetupPlan plan = SetupPlan::fromJson(json, dataFolder(), &found);
    if (problems)
        *problems = found;
    return plan;
}

namespace {

// "api.scopes[0].value" → {"api", "scopes", 0, "value"}
QList<QVariant> segments(const QString &path)
{
    QList<QVariant> list;
    static const QRegularExpression part(QStringLiteral("([^.\\[\\]]+)|\\[(\\d+)\\]"));
    for (auto it = part.globalMatch(path); it.hasNext();) {
        const auto match = it.next();
        if (match.capturedLength(2) > 0)
            list << match.captured(2).toInt();
        else
            list << match.captured(1);
    }
    return list;
}

QJsonValue set(const QJsonValue &node, QList<QVariant> path, const QJsonValue &value)
{
    const QVariant head = path.takeFirst();
    if (head.typeId() == QMetaType::Int) {
        QJsonArray array = node.toArray();
        const int index = head.toInt();
        while (array.size() <= index)
            array.append(QJsonValue());
        if (path.isEmpty() && value.isUndefined())
            array.removeAt(index);
        else
            array[index] = path.isEmpty() ? value : set(array.at(index), path, value);
        return array;
    }
    QJsonObject object = node.toObject();
    const QString key = head.toString();
    if (path.isEmpty() && value.isUndefined())
        object.remove(key);
    else
        object.insert(key, path.isEmpty() ? value : set(object.value(key), path, value));
    return object;
}

} // namespace

QJsonObject with(QJsonObject plan, const QString &path, const QJsonValue &value)
{
    return set(plan, segments(path), value).toObject();
}

QJsonObject without(const QJsonObject &plan, const QString &path)
{
    return set(plan, segments(path), QJsonValue(QJsonValue::Undefined)).toObject();
}

} // namespace Plans
