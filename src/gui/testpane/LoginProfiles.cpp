// SPDX-License-Identifier: MIT
#include "LoginProfiles.h"

#include "rules/JsonFile.h"

#include <QDir>
#include <QFileInfo>

QList<LoginProfile> LoginProfile::builtIn()
{
    QList<LoginProfile> profiles;
    const QDir folder(QStringLiteral(":/profiles"));
    for (const QFileInfo &file :
         folder.entryInfoList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        QString error;
        const auto json = JsonFile::readObject(file.filePath(), &error);
        if (!json) {
            qWarning("profile %s: %s", qPrintable(file.fileName()), qPrintable(error));
            continue;
        }
        LoginProfile profile;
        profile.id
            = file.completeBaseName().section(QLatin1Char('-'), 1); // "01-verified-email" → "verified-email"
        profile.name = json->value(QLatin1String("name")).toString(profile.id);
        profile.description = json->value(QLatin1String("description")).toString();
        profile.user = json->value(QLatin1String("user")).toObject();
        profile.context = json->value(QLatin1String("context")).toObject();
        profiles << profile;
    }
    return profiles;
}
