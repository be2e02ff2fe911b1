// SPDX-License-Identifier: MIT
#include "ProfileStore.h"

#include "common/JsonUtil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

ProfileStore::ProfileStore(QString path) : m_path(std::move(path))
{
}

QString ProfileStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/tenants.json");
}

QList<TenantProfile> ProfileStore::profiles() const
{
    QList<TenantProfile> list;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return list;
    const QJsonObject root = JsonUtil::parseObject(file.readAll()).value_or(QJsonObject());
    for (const QJsonValue &value : root.value(QLatin1String("tenants")).toArray())
        list.append(TenantProfile::fromJson(value.toObject()));
    return list;
}

std::optional<TenantProfile> ProfileStore::find(const QString &idOrName) const
{
    for (const TenantProfile &profile : profiles()) {
        if (profile.id == idOrName || profile.name == idOrName)
            return profile;
    }
    return std::nullopt;
}

bool ProfileStore::write(const QList<TenantProfile> &profiles, QString *error)
{
    QJsonArray array;
    for (const TenantProfile &profile : profiles)
        array.append(profile.toJson());
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    // QSaveFile: the old file stays whole until the new one is complete.
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(JsonUtil::compact(QJsonObject{{QStringLiteral("tenants"), array}})) < 0
        || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

bool ProfileStore::save(const TenantProfile &profile, QString *error)
{
    QList<TenantProfile> list = profiles();
    auto it = std::find_if(list.begin(), list.end(), [&](const TenantProfile &p) { return p.id == profile.id; });
    if (it != list.end())
        *it = profile;
    else
        list.append(profile);
    return write(list, error);
}

bool ProfileStore::remove(const QString &id, QString *error)
{
    QList<TenantProfile> list = profiles();
    list.erase(std::remove_if(list.begin(), list.end(), [&](const TenantProfile &p) { return p.id == id; }), list.end());
    return write(list, error);
}

QString ProfileStore::newId(const QString &name) const
{
    QString base = name.toLower();
    base.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    base = base.mid(base.startsWith(QLatin1Char('-')) ? 1 : 0).left(40);
    if (base.isEmpty() || base == TenantProfile::localId())
        base = QStringLiteral("tenant");
    QString id = base;
    for (int n = 2; find(id); ++n)
        id = base + QLatin1Char('-') + QString::number(n);
    return id;
}
