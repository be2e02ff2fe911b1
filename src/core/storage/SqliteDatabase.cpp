// SPDX-License-Identifier: MIT
#include "SqliteDatabase.h"

#include <QDebug>
#include <sqlite3.h>

SqliteDatabase::~SqliteDatabase()
{
    sqlite3_close_v2(m_db);
}

std::unique_ptr<SqliteDatabase> SqliteDatabase::open(const QString &path, QString *error)
{
    sqlite3 *handle = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &handle,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, QString::fromUtf8(sqlite3_errmsg(handle)));
        sqlite3_close_v2(handle);
        return nullptr;
    }
    std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(handle));
    sqlite3_busy_timeout(handle, 5000);
    // secure_delete: content a write replaces or deletes is zeroed, not left in free pages
    // (a secret sealed after the fact must not survive in the clear on disk).
    if (!db->exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !db->exec(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !db->exec(QStringLiteral("PRAGMA foreign_keys=ON")) || !db->exec(QStringLiteral("PRAGMA secure_delete=ON"))) {
        if (error)
            *error = QStringLiteral("cannot set up %1: %2").arg(path, db->lastError());
        return nullptr;
    }
    return db;
}

bool SqliteDatabase::exec(const QString &sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        qWarning("sqlite: %s", message ? message : "error");
        sqlite3_free(message);
        return false;
    }
    return true;
}

SqliteDatabase::Statement SqliteDatabase::prepare(const QString &sql)
{
    sqlite3_stmt *stmt = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v2(m_db, utf8.constData(), int(utf8.size()), &stmt, nullptr) != SQLITE_OK)
        qWarning("sqlite: cannot prepare \"%s\": %s", utf8.constData(), sqlite3_errmsg(m_db));
    return Statement(this, stmt);
}

QString SqliteDatabase::lastError() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

SqliteDatabase::Statement::Statement(Statement &&other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

SqliteDatabase::Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

SqliteDatabase::Statement &SqliteDatabase::Statement::bind(int index, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    return *this;
}

SqliteDatabase::Statement &SqliteDatabase::Statement::bind(int index, const QByteArray &value)
{
    sqlite3_bind_blob(m_stmt, index, value.constData(), int(value.size()), SQLITE_TRANSIENT);
    return *this;
}

SqliteDatabase::Statement &SqliteDatabase::Statement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

bool SqliteDatabase::Statement::next()
{
    return m_stmt && sqlite3_step(m_stmt) == SQLITE_ROW;
}

bool SqliteDatabase::Statement::run()
{
    if (!m_stmt)
        return false;
    int rc;
    while ((rc = sqlite3_step(m_stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE)
        qWarning("sqlite: %s", sqlite3_errmsg(m_db->m_db));
    return rc == SQLITE_DONE;
}

QString SqliteDatabase::Statement::text(int column) const
{
    return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column)),
                             sqlite3_column_bytes(m_stmt, column));
}

QByteArray SqliteDatabase::Statement::blob(int column) const
{
    return QByteArray(static_cast<const char *>(sqlite3_column_blob(m_stmt, column)),
                      sqlite3_column_bytes(m_stmt, column));
}

qint64 SqliteDatabase::Statement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}
