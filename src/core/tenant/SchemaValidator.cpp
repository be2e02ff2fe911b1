// SPDX-License-Identifier: MIT
#include "SchemaValidator.h"

#include "common/JsonUtil.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <memory>
#include <mutex>

namespace SchemaValidator {
namespace {

std::shared_ptr<const valijson::Schema> load(const QString &name)
{
    static std::mutex mutex;
    static QHash<QString, std::shared_ptr<const valijson::Schema>> cache;
    std::lock_guard guard(mutex);
    if (auto cached = cache.value(name))
        return cached;
    QFile file(QStringLiteral(":/schemas/") + name + QStringLiteral(".json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing schema %s", qPrintable(name));
    const auto document = JsonUtil::parseObject(file.readAll());
    auto schema = std::make_shared<valijson::Schema>();
    valijson::SchemaParser parser;
    parser.populateSchema(valijson::adapters::QtJsonAdapter(QJsonValue(*document)), *schema);
    cache.insert(name, schema);
    return schema;
}

// "<root>", "[scopes]", "[0]", "[value]" -> "scopes[0].value"
QString propertyPath(const std::vector<std::string> &context)
{
    QString path;
    for (const std::string &part : context) {
        const QString segment = QString::fromStdString(part);
        if (segment == QLatin1String("<root>") || !segment.startsWith(QLatin1Char('[')))
            continue;
        const QString inner = segment.mid(1, segment.size() - 2);
        bool isIndex = false;
        inner.toInt(&isIndex);
        if (isIndex)
            path += QLatin1Char('[') + inner + QLatin1Char(']');
        else
            path += (path.isEmpty() ? QString() : QStringLiteral(".")) + inner;
    }
    return path;
}

// Auth0 words its payload errors like z-schema; say the same things where we can.
QString auth0Wording(const QString &description)
{
    static const QRegularExpression additional(QStringLiteral("additionalProperties' constraints: '(.*)'\\.$"));
    static const QRegularExpression required(QStringLiteral("^Missing required property '(.*)'\\.$"));
    if (auto m = additional.match(description); m.hasMatch())
        return QStringLiteral("Additional properties not allowed: ") + m.captured(1);
    if (auto m = required.match(description); m.hasMatch())
        return QStringLiteral("Missing required property: ") + m.captured(1);
    return description;
}

bool isSummary(const QString &description)
{
    // valijson adds a line per enclosing object/array ("Failed to validate against schema
    // associated with property name 'x'."); the leaf error already says it all.
    return description.startsWith(QLatin1String("Failed to validate against schema associated with property"))
        || description.startsWith(QLatin1String("Failed to validate item #"));
}

} // namespace

QStringList validate(const QString &schemaName, const QJsonObject &body)
{
    const auto schema = load(schemaName);
    valijson::Validator validator;
    valijson::ValidationResults results;
    if (validator.validate(*schema, valijson::adapters::QtJsonAdapter(QJsonValue(body)), &results))
        return {};
    QStringList problems;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        const QString description = QString::fromStdString(error.description);
        if (isSummary(description))
            continue;
        const QString path = propertyPath(error.context);
        QString message = auth0Wording(description);
        if (!path.isEmpty() && !message.startsWith(QLatin1String("Additional properties")))
            message += QStringLiteral(" on property ") + path;
        problems.append(message);
    }
    return problems;
}

} // namespace SchemaValidator
