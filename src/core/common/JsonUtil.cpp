// SPDX-License-Identifier: MIT
#include "JsonUtil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace JsonUtil {

std::optional<QJsonValue> parse(const QByteArray &text, QString *error)
{
    // QJsonDocument only takes arrays and objects at the top; wrap to accept any value.
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + text + "]", &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1) {
        if (error) {
            const int offset = qMax(0, parseError.offset - 1);
            *error = QStringLiteral("invalid JSON at offset %1: %2").arg(offset).arg(parseError.errorString());
        }
        return std::nullopt;
    }
    return doc.array().at(0);
}

std::optional<QJsonObject> parseObject(const QByteArray &text, QString *error)
{
    auto value = parse(text, error);
    if (!value)
        return std::nullopt;
    if (!value->isObject()) {
        if (error)
            *error = QStringLiteral("expected a JSON object");
        return std::nullopt;
    }
    return value->toObject();
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray compact(const QJsonValue &value)
{
    if (value.isObject())
        return compact(value.toObject());
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QJsonObject mergeMetadata(QJsonObject target, const QJsonObject &patch)
{
    if (patch.isEmpty())
        return {};
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().isNull())
            target.remove(it.key());
        else
            target.insert(it.key(), it.value());
    }
    return target;
}

} // namespace JsonUtil
