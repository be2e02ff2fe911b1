// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

// A ready-made login for the test pane (resources/profiles/*.json): a user and the context
// overrides that make it a verified, unverified, social, enterprise, blocked or MFA login.
struct LoginProfile
{
    QString id; // the file's base name
    QString name;
    QString description;
    QJsonObject user;
    QJsonObject context;

    static QList<LoginProfile> builtIn(); // from the :/profiles resources, in file order
};
