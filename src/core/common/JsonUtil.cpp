// SPDX-License-Identifier: MIT
#include "JsonUtil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cctype>

namespace JsonUtil {

namespace {

// Qt's parser lets raw control characters and unknown escapes ("\x41") through inside strings;
// RFC 8259 §7 does not. Returns the offset of the first one, or -1.
qsizetype invalidStringCharacter(const QByteArray &text)
{
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (inString) {
            if (c < 0x20)
                return i;
            if (escaped) {
                escaped = false;
                if (!QByteArrayView("\"\\/bfnrtu").contains(char(c)))
                    return i;
                if (c == 'u') {
                    for (int h = 1; h <= 4; ++h) {
                        if (i + h >= text.size() || !isxdigit(static_cast<unsigned char>(text[i + h])))
                            return i;
                    }
                }
            }
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            return i;
        }
    }
    return -1;
}

} // namespace

std::optional<QJsonValue> parse(const QByteArray &text, QString *error)
{
    if (const qsizetype offset = invalidStringCharacter(text); offset >= 0) {
        if (error)
            *error = QStringLiteral("invalid JSON at offset %1: a control character or an unknown escape in a string").arg(offset);
        return std::nullopt;
    }
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
