// SPDX-License-Identifier: MIT
#include "JsonFile.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

namespace JsonFile {

std::optional<QJsonObject> parseObject(const QByteArray &text, const QString &label, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // QJsonParseError::offset is a byte offset, and Qt reports it after the whitespace that
        // follows a bad token ("tru\n}" points at the "}"); step back so the line is the culprit's.
        qsizetype offset = qMin<qsizetype>(parseError.offset, text.size());
        while (offset > 0 && QChar::isSpace(uchar(text.at(offset - 1))))
            --offset;
        const QByteArray before = text.left(offset);
        const int line = int(before.count('\n')) + 1;
        const int column = int(offset - (before.lastIndexOf('\n') + 1)) + 1;
        if (error)
            *error = QStringLiteral("%1:%2:%3: invalid JSON: %4 (byte offset %5)")
                         .arg(label)
                         .arg(line)
                         .arg(column)
                         .arg(parseError.errorString())
                         .arg(offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("%1: expected a JSON object at the top level").arg(label);
        return std::nullopt;
    }
    return doc.object();
}

std::optional<QJsonObject> readObject(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return parseObject(file.readAll(), path, error);
}

bool isStringMap(const QJsonObject &object, const QString &label, QString *error)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString()) {
            if (error)
                *error = QStringLiteral("%1: \"%2\" must be a string (configuration values are strings)")
                             .arg(label, it.key());
            return false;
        }
    }
    return true;
}

std::optional<QJsonObject> readStringMap(const QString &path, QString *error)
{
    auto object = readObject(path, error);
    if (object && !isStringMap(*object, path, error))
        return std::nullopt;
    return object;
}

} // namespace JsonFile
