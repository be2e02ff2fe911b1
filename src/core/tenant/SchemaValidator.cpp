// SPDX-License-Identifier: MIT
#include "SchemaValidator.h"

#include "common/JsonUtil.h"

#include <QFile>
#include <QJsonArray>
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

struct LoadedSchema
{
    std::shared_ptr<const valijson::Schema> schema;
    QJsonObject document; // the schema as JSON, to say what a failed constraint expected
};

LoadedSchema load(const QString &name)
{
    static std::mutex mutex;
    static QHash<QString, LoadedSchema> cache;
    std::lock_guard guard(mutex);
    if (const auto cached = cache.constFind(name); cached != cache.constEnd())
        return *cached;
    QFile file(QStringLiteral(":/schemas/") + name + QStringLiteral(".json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing schema %s", qPrintable(name));
    const auto document = JsonUtil::parseObject(file.readAll());
    auto schema = std::make_shared<valijson::Schema>();
    valijson::SchemaParser parser;
    parser.populateSchema(valijson::adapters::QtJsonAdapter(QJsonValue(*document)), *schema);
    const LoadedSchema loaded{schema, *document};
    cache.insert(name, loaded);
    return loaded;
}

// valijson's context segments below the root: "[scopes]", "[0]" -> "scopes", "0"
QStringList segments(const std::vector<std::string> &context)
{
    QStringList out;
    for (const std::string &part : context) {
        const QString segment = QString::fromStdString(part);
        if (segment.startsWith(QLatin1Char('[')) && segment.endsWith(QLatin1Char(']')))
            out << segment.mid(1, segment.size() - 2);
    }
    return out;
}

// The part of the body, and of the schema describing it, that an error's context points at.
QJsonValue valueAt(const QJsonObject &body, const QStringList &path)
{
    QJsonValue value = body;
    for (const QString &segment : path) {
        bool isIndex = false;
        const int index = segment.toInt(&isIndex);
        value = value.isArray() && isIndex ? value.toArray().at(index) : value.toObject().value(segment);
    }
    return value;
}

QJsonObject schemaAt(const QJsonObject &schema, const QStringList &path)
{
    QJsonObject node = schema;
    for (const QString &segment : path) {
        bool isIndex = false;
        segment.toInt(&isIndex);
        node = isIndex && node.contains(QLatin1String("items"))
            ? node.value(QLatin1String("items")).toObject()
            : node.value(QLatin1String("properties")).toObject().value(segment).toObject();
    }
    return node;
}

QString jsonType(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("boolean");
    case QJsonValue::Double:
        return value.toDouble() == double(qint64(value.toDouble())) ? QStringLiteral("integer") : QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    default: return QStringLiteral("undefined");
    }
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
QString auth0Wording(const QString &description, const QJsonObject &object, const QJsonObject &schema,
                     const QJsonValue &value)
{
    static const QRegularExpression required(QStringLiteral("^Missing required property '(.*)'\\.$"));
    if (description.contains(QLatin1String("additionalProperties' constraints"))) {
        // valijson names only the first stranger; z-schema lists them all.
        const QJsonObject known = schema.value(QLatin1String("properties")).toObject();
        QStringList unknown;
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!known.contains(it.key()))
                unknown << it.key();
        }
        return QStringLiteral("Additional properties not allowed: ") + unknown.join(QLatin1Char(','));
    }
    if (auto m = required.match(description); m.hasMatch())
        return QStringLiteral("Missing required property: ") + m.captured(1);
    if (description.startsWith(QLatin1String("Value type not permitted by 'type' constraint"))) {
        const QJsonValue type = schema.value(QLatin1String("type"));
        const QString expected = type.isArray() ? type.toVariant().toStringList().join(QLatin1Char(',')) : type.toString();
        return QStringLiteral("Expected type %1 but found type %2").arg(expected, jsonType(value));
    }
    QString text = description;
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return text;
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
    const LoadedSchema loaded = load(schemaName);
    valijson::Validator validator;
    valijson::ValidationResults results;
    if (validator.validate(*loaded.schema, valijson::adapters::QtJsonAdapter(QJsonValue(body)), &results))
        return {};
    QStringList problems;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        const QString description = QString::fromStdString(error.description);
        if (isSummary(description))
            continue;
        const QStringList path = segments(error.context);
        const QJsonValue value = valueAt(body, path);
        const QString message = auth0Wording(description, value.toObject(), schemaAt(loaded.document, path), value);
        if (path.isEmpty())
            problems.append(message);
        else
            problems.append(message + QStringLiteral(" on property ") + propertyPath(error.context));
    }
    return problems;
}

} // namespace SchemaValidator
