// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

// A small RAII wrapper over the SQLite C API. We use it rather than QtSql where one handle
// is shared by the local tenant's server threads (QSqlDatabase may only be used from the
// thread that opened it). Not thread-safe by itself: callers serialise access.
class SqliteDatabase
{
public:
    class Statement
    {
    public:
        Statement(Statement &&other) noexcept;
        ~Statement();
        Statement &bind(int index, const QString &value);
        Statement &bind(int index, const QByteArray &value);
        Statement &bind(int index, qint64 value);
        bool next(); // steps; true while a row is available
        bool run();  // steps to the end; true on success
        QString text(int column) const;
        QByteArray blob(int column) const;
        qint64 integer(int column) const;

    private:
        friend class SqliteDatabase;
        Statement(SqliteDatabase *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt) {}
        SqliteDatabase *m_db;
        sqlite3_stmt *m_stmt;
    };

    ~SqliteDatabase();

    // Opens (creating if needed) with WAL and synchronous=NORMAL: a crash or kill -9 of the
    // process never corrupts the file, and at most the last transaction is lost on power failure.
    static std::unique_ptr<SqliteDatabase> open(const QString &path, QString *error);

    bool exec(const QString &sql);
    Statement prepare(const QString &sql);
    QString lastError() const;

private:
    explicit SqliteDatabase(sqlite3 *db) : m_db(db) {}
    sqlite3 *m_db;
};
