// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/Sealer.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <mutex>
#include <optional>

class SqliteDatabase;

// The local tenant's data: JSON documents by collection ("clients", "rules", …) plus settings,
// kept in memory and written through to SQLite. Lists come back in creation order.
// Every method is safe to call from the server's threads; lock() groups a read-check-write.
class TenantStore
{
public:
    ~TenantStore();
    // path ":memory:" gives a store that forgets everything when closed. With a seal key, the
    // secrets in the documents (client secrets, configuration values, Action secrets, the
    // signing key) are encrypted on disk; in memory they are plain.
    static std::unique_ptr<TenantStore> open(const QString &path, QString *error, const SecretBytes &sealKey = {});

    std::unique_lock<std::recursive_mutex> lock() const { return std::unique_lock(m_mutex); }

    QList<QJsonObject> list(const QString &collection) const;
    std::optional<QJsonObject> get(const QString &collection, const QString &id) const;
    bool put(const QString &collection, const QString &id, const QJsonObject &document);
    bool remove(const QString &collection, const QString &id);
    int count(const QString &collection) const;

    QString setting(const QString &key) const;
    bool setSetting(const QString &key, const QString &value);

    // Runs fn in one SQLite transaction; rolled back (and false returned) if fn returns false.
    bool transaction(const std::function<bool()> &fn);

private:
    struct Collection
    {
        QHash<QString, QJsonObject> documents;
        QList<QString> order;
    };

    TenantStore() = default;
    bool load(QString *error);
    QJsonObject sealed(const QString &collection, QJsonObject document) const;
    bool unseal(const QString &collection, QJsonObject *document, bool *hadPlain) const;

    mutable std::recursive_mutex m_mutex;
    std::unique_ptr<SqliteDatabase> m_db;
    QHash<QString, Collection> m_collections;
    QHash<QString, QString> m_settings;
    qint64 m_nextSequence = 1;
    Sealer m_sealer;
};
