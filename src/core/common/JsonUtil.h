// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace JsonUtil {

// Parses a JSON object; on failure says why, with the byte offset.
std::optional<QJsonObject> parseObject(const QByteArray &text, QString *error = nullptr);
std::optional<QJsonValue> parse(const QByteArray &text, QString *error = nullptr);

QByteArray compact(const QJsonObject &object);
QByteArray compact(const QJsonValue &value);

// Root-level merge as Auth0 does for app_metadata/user_metadata: keys merged, nested objects
// replaced whole, null deletes the key (auth0 docs "update metadata properties").
QJsonObject mergeMetadata(QJsonObject target, const QJsonObject &patch);

} // namespace JsonUtil
