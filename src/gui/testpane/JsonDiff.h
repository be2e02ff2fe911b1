// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

// What changed between two JSON objects, key path by key path (objects recurse; arrays and
// scalars compare whole): the user before and after the rules.
namespace JsonDiff {

struct Change
{
    enum Kind
    {
        Added,
        Removed,
        Changed
    };
    QString path; // "app_metadata.roles"
    Kind kind;
    QJsonValue before;
    QJsonValue after;
};

QList<Change> diff(const QJsonObject &before, const QJsonObject &after);
QString text(const QJsonValue &value); // compact JSON of any value

} // namespace JsonDiff
