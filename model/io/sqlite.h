#pragma once
// Small RAII types over the SQLite C API (a connection, a prepared statement, a transaction)
// whose failures are sg::Result errors carrying SQLite's own message.

#include "core/result.h"

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace sg::model::sqlite {

class Statement;

enum class OpenMode : std::uint8_t {
    ReadOnly, // never writes the file (fails on a hot journal; see Database::open)
    // Reads a file that nothing writes while it is open: no locks and no -wal or -shm files
    // created beside it (SQLite's immutable=1). For a WAL-mode file whose log is not there.
    ReadOnlyImmutable,
    ReadWrite, // the file must exist
    Create,    // read-write, created when missing
};

// One connection. Move-only; closed by the destructor.
class Database {
public:
    Database() = default;
    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    ~Database();

    // The error message is SQLite's; callers add the path. errorCode() tells why it failed
    // (SQLITE_NOTADB, SQLITE_READONLY_ROLLBACK, ...) until the next call on this connection;
    // a failed open() reports its code through `openErrorCode`.
    [[nodiscard]] static Result<Database> open(const std::string &path, OpenMode mode,
                                               int *openErrorCode = nullptr);
    [[nodiscard]] static Result<Database> openMemory();

    [[nodiscard]] bool isOpen() const { return m_db != nullptr; }
    [[nodiscard]] sqlite3 *handle() const { return m_db; }

    // Runs one or more statements that return no rows of interest.
    [[nodiscard]] Result<bool> exec(const std::string &sql);
    [[nodiscard]] Result<Statement> prepare(std::string_view sql);
    // The first column of the first row (PRAGMA user_version, COUNT(*)...); 0 without rows.
    [[nodiscard]] Result<std::int64_t> queryInt(std::string_view sql);
    // Replaces the whole content of `destination` by this database's (the online backup API).
    [[nodiscard]] Result<bool> copyTo(Database &destination);
    // Closes now, reporting a failure the destructor would have to ignore.
    [[nodiscard]] Result<bool> close();

    // The extended result code and message of the last failed call on this connection.
    [[nodiscard]] int errorCode() const;
    [[nodiscard]] std::string errorMessage() const;

private:
    explicit Database(sqlite3 *db) : m_db(db) {}
    [[nodiscard]] Error lastError() const;

    sqlite3 *m_db = nullptr;
};

// A prepared statement. bind() calls chain; the first failed bind is reported by step(), so a
// caller checks once. Parameter indexes start at 1, column indexes at 0.
class Statement {
public:
    Statement() = default;
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    Statement &bind(int index, std::string_view text);
    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement &bind(int index, double value);
    Statement &bindNull(int index);

    // true: a row is available; false: the statement has finished.
    [[nodiscard]] Result<bool> step();
    // Makes the statement ready to run again (bindings are kept until overwritten).
    void reset();

    [[nodiscard]] bool isNull(int column) const;
    // Valid until the next step(), reset() or destruction.
    [[nodiscard]] std::string_view text(int column) const;
    [[nodiscard]] std::int64_t int64(int column) const;
    [[nodiscard]] double real(int column) const;

private:
    friend class Database;
    Statement(sqlite3 *db, sqlite3_stmt *statement) : m_db(db), m_statement(statement) {}
    void noteBind(int rc);

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    int m_bindError = 0; // SQLITE_OK
};

// BEGIN ... COMMIT; destroyed uncommitted, it rolls back, so an early return undoes everything.
class Transaction {
public:
    enum class Kind : std::uint8_t {
        Deferred,  // takes locks when first needed
        Immediate, // takes the write lock now, so a conflicting writer fails before any work
    };

    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&) = delete;
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    [[nodiscard]] static Result<Transaction> begin(Database &db, Kind kind = Kind::Immediate);
    [[nodiscard]] Result<bool> commit();

private:
    explicit Transaction(Database *db) : m_db(db) {}

    Database *m_db = nullptr; // null once committed or rolled back
};

} // namespace sg::model::sqlite
