// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QByteArray>
#include <QJsonObject>
#include <QString>

// Reads the JSON inputs of a simulated login (user, context, configuration, case files). Errors
// name the file and, for bad JSON, the line and column: "user.json:3:14: invalid JSON: …".
namespace JsonFile {

std::optional<QJsonObject> readObject(const QString &path, QString *error);
std::optional<QJsonObject> parseObject(const QByteArray &text, const QString &label, QString *error);

// A flat string map (rules `configuration`, Action secrets): every value must be a string.
std::optional<QJsonObject> readStringMap(const QString &path, QString *error);
bool isStringMap(const QJsonObject &object, const QString &label, QString *error);

} // namespace JsonFile
