// SPDX-License-Identifier: MIT
#include "TenantStore.h"

#include "common/JsonUtil.h"
#include "storage/SqliteDatabase.h"

#include <QJsonArray>

namespace {

// Which fields hold secrets, by collection; "secrets[].value" is each value of a secrets array.
const QHash<QString, QStringList> &secretFields()
{
    static const QHash<QString, QStringList> fields{
        {QStringLiteral("clients"), {QStringLiteral("client_secret")}},
        {QStringLiteral("rules_configs"), {QStringLiteral("value")}},
        {QStringLiteral("actions"), {QStringLiteral("secrets[].value")}},
        {QStringLiteral("action_versions"), {QStringLiteral("secrets[].value")}},
    };
    return fields;
}

const QString SealedSettingsPrefix = QStringLiteral("signing_key");

// Applies `transform` to every secret field of a document; false if it fails on one.
bool eachSecret(const QString &collection, QJsonObject &document, const std::function<bool(QString &)> &transform)
{
    for (const QString &field : secretFields().value(collection)) {
        if (field.endsWith(QLatin1String("[].value"))) {
            const QString arrayKey = field.section(QLatin1Char('['), 0, 0);
            QJsonArray items = document.value(arrayKey).toArray();
            for (int i = 0; i < items.size(); ++i) {
                QJsonObject item = items.at(i).toObject();
                QString value = item.value(QLatin1String("value")).toString();
                if (!item.contains(QLatin1String("value")))
                    continue;
                if (!transform(value))
                    return false;
                item.insert(QStringLiteral("value"), value);
                items.replace(i, item);
            }
            if (document.contains(arrayKey))
                document.insert(arrayKey, items);
        } else if (document.value(field).isString()) {
            QString value = document.value(field).toString();
            if (!transform(value))
                return false;
            document.insert(field, value);
        }
    }
    return true;
}

} // namespace

TenantStore::~TenantStore() = default;

QJsonObject TenantStore::sealed(const QString &collection, QJsonObject document) const
{
    if (m_sealer.isNull())
        return document;
    eachSecret(collection, document, [this](QString &value) {
        value = m_sealer.seal(value);
        return true;
    });
    return document;
}

bool TenantStore::unseal(const QString &collection, QJsonObject *document, bool *hadPlain) const
{
    return eachSecret(collection, *document, [this, hadPlain](QString &value) {
        if (!Sealer::isSealed(value)) {
            *hadPlain = true; // written before sealing (or without a key): load() seals it
            return true;
        }
        const auto plain = m_sealer.unseal(value);
        if (plain)
            value = *plain;
        return plain.has_value();
    });
}

std::unique_ptr<TenantStore> TenantStore::open(const QString &path, QString *error, const SecretBytes &sealKey)
{
    std::unique_ptr<TenantStore> store(new TenantStore);
    store->m_sealer = Sealer(sealKey);
    store->m_db = SqliteDatabase::open(path, error);
    if (!store->m_db)
        return nullptr;
    const bool schemaOk = store->m_db->exec(QStringLiteral(
        "CREATE TABLE IF NOT EXISTS documents ("
        "  collection TEXT NOT NULL, id TEXT NOT NULL, sequence INTEGER NOT NULL, body TEXT NOT NULL,"
        "  PRIMARY KEY (collection, id));"
        "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"));
    if (!schemaOk) {
        if (error)
            *error = QStringLiteral("cannot read the tenant data in %1: %2").arg(path, store->m_db->lastError());
        return nullptr;
    }
    if (!store->load(error)) {
        if (error)
            *error = QStringLiteral("cannot read the tenant data in %1: %2").arg(path, *error);
        return nullptr;
    }
    return store;
}

bool TenantStore::load(QString *error)
{
    const QString wrongKey = QStringLiteral("its secrets were sealed with another key; the keychain entry (or key file) "
                                            "that held it is gone or was replaced");
    // Secrets found in the clear are sealed now rather than on their next write, which may
    // never come (the signing key is written once).
    QList<QPair<QString, QString>> plainDocuments;
    QStringList plainSettings;
    auto documents = m_db->prepare(
        QStringLiteral("SELECT collection, id, sequence, body FROM documents ORDER BY sequence"));
    while (documents.next()) {
        auto parsed = JsonUtil::parseObject(documents.text(3).toUtf8(), error);
        if (!parsed)
            return false;
        bool hadPlain = false;
        if (!unseal(documents.text(0), &*parsed, &hadPlain)) {
            *error = wrongKey;
            return false;
        }
        if (hadPlain)
            plainDocuments.append({documents.text(0), documents.text(1)});
        Collection &collection = m_collections[documents.text(0)];
        const QString id = documents.text(1);
        collection.documents.insert(id, *parsed);
        collection.order.append(id);
        m_nextSequence = qMax(m_nextSequence, documents.integer(2) + 1);
    }
    auto settings = m_db->prepare(QStringLiteral("SELECT key, value FROM settings"));
    while (settings.next()) {
        QString value = settings.text(1);
        if (Sealer::isSealed(value)) {
            const auto plain = m_sealer.unseal(value);
            if (!plain) {
                *error = wrongKey;
                return false;
            }
            value = *plain;
        } else if (settings.text(0).startsWith(SealedSettingsPrefix)) {
            plainSettings << settings.text(0);
        }
        m_settings.insert(settings.text(0), value);
    }
    if (m_sealer.isNull() || (plainDocuments.isEmpty() && plainSettings.isEmpty()))
        return true;
    const bool sealed = transaction([&] {
        for (const auto &[collection, id] : plainDocuments) {
            if (!put(collection, id, m_collections.value(collection).documents.value(id)))
                return false;
        }
        for (const QString &key : plainSettings) {
            if (!setSetting(key, m_settings.value(key)))
                return false;
        }
        return true;
    });
    if (!sealed)
        *error = QStringLiteral("cannot seal the secrets written before sealing: %1").arg(m_db->lastError());
    return sealed;
}

QList<QJsonObject> TenantStore::list(const QString &collectionName) const
{
    auto guard = lock();
    QList<QJsonObject> out;
    const auto it = m_collections.constFind(collectionName);
    if (it == m_collections.constEnd())
        return out;
    out.reserve(it->order.size());
    for (const QString &id : it->order)
        out.append(it->documents.value(id));
    return out;
}

std::optional<QJsonObject> TenantStore::get(const QString &collectionName, const QString &id) const
{
    auto guard = lock();
    const auto it = m_collections.constFind(collectionName);
    if (it == m_collections.constEnd())
        return std::nullopt;
    const auto doc = it->documents.constFind(id);
    if (doc == it->documents.constEnd())
        return std::nullopt;
    return *doc;
}

int TenantStore::count(const QString &collectionName) const
{
    auto guard = lock();
    return int(m_collections.value(collectionName).order.size());
}

bool TenantStore::put(const QString &collectionName, const QString &id, const QJsonObject &document)
{
    auto guard = lock();
    Collection &collection = m_collections[collectionName];
    const bool isNew = !collection.documents.contains(id);
    auto statement = isNew
        ? m_db->prepare(QStringLiteral("INSERT INTO documents (collection, id, sequence, body) VALUES (?, ?, ?, ?)"))
        : m_db->prepare(QStringLiteral("UPDATE documents SET body = ?4 WHERE collection = ?1 AND id = ?2"));
    statement.bind(1, collectionName).bind(2, id).bind(3, m_nextSequence)
        .bind(4, QString::fromUtf8(JsonUtil::compact(sealed(collectionName, document))));
    if (!statement.run())
        return false;
    if (isNew) {
        ++m_nextSequence;
        collection.order.append(id);
    }
    collection.documents.insert(id, document);
    return true;
}

bool TenantStore::remove(const QString &collectionName, const QString &id)
{
    auto guard = lock();
    auto it = m_collections.find(collectionName);
    if (it == m_collections.end() || !it->documents.contains(id))
        return false;
    auto statement = m_db->prepare(QStringLiteral("DELETE FROM documents WHERE collection = ? AND id = ?"));
    statement.bind(1, collectionName).bind(2, id);
    if (!statement.run())
        return false;
    it->documents.remove(id);
    it->order.removeOne(id);
    return true;
}

QString TenantStore::setting(const QString &key) const
{
    auto guard = lock();
    return m_settings.value(key);
}

bool TenantStore::setSetting(const QString &key, const QString &value)
{
    auto guard = lock();
    auto statement = m_db->prepare(
        QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    const bool secret = key.startsWith(SealedSettingsPrefix) && !m_sealer.isNull();
    statement.bind(1, key).bind(2, secret ? m_sealer.seal(value) : value);
    if (!statement.run())
        return false;
    m_settings.insert(key, value);
    return true;
}

bool TenantStore::transaction(const std::function<bool()> &fn)
{
    auto guard = lock();
    // The in-memory state is restored from a copy when the transaction is rolled back.
    const auto collections = m_collections;
    const auto settings = m_settings;
    const qint64 sequence = m_nextSequence;
    m_db->exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (fn() && m_db->exec(QStringLiteral("COMMIT")))
        return true;
    m_db->exec(QStringLiteral("ROLLBACK"));
    m_collections = collections;
    m_settings = settings;
    m_nextSequence = sequence;
    return false;
}
