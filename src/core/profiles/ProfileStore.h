// SPDX-License-Identifier: MIT
#pragma once

#include "TenantProfile.h"

#include <QList>
#include <QString>

#include <optional>

// The real tenants the user added, in a JSON file in the config folder (no secrets in it).
// The local tenant is not stored: it is always there, first.
class ProfileStore
{
public:
    explicit ProfileStore(QString path);
    static QString defaultPath();

    QList<TenantProfile> profiles() const; // without the local tenant
    std::optional<TenantProfile> find(const QString &idOrName) const;
    // Adds or replaces (same id). False with *error when the file cannot be written.
    bool save(const TenantProfile &profile, QString *error);
    bool remove(const QString &id, QString *error);
    // A new id from the name: lower case, digits and hyphens, unique.
    QString newId(const QString &name) const;

private:
    bool write(const QList<TenantProfile> &profiles, QString *error);
    QString m_path;
};
