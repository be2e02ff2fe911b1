// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// Validates request bodies against the JSON schemas in resources/schemas (valijson, draft 7).
// The schemas follow Auth0's OpenAPI ("additionalProperties": false, patterns, lengths).
namespace SchemaValidator {

// Empty when valid; otherwise one message per problem, each naming the property.
QStringList validate(const QString &schemaName, const QJsonObject &body);

} // namespace SchemaValidator
