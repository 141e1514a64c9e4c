#include "io/sqlite.h"

#include <sqlite3.h>

#include <cctype>
#include <filesystem>
#include <limits>
#include <string>
#include <utility>

namespace sg::model::sqlite {

namespace {

// Long enough for another Stormglass writing the same file to finish a save.
constexpr int kBusyTimeoutMs = 5000;

Error errorFrom(sqlite3 *db, int rc) {
    if (db != nullptr && sqlite3_errcode(db) != SQLITE_OK) {
        return Error{sqlite3_errmsg(db)};
    }
    return Error{sqlite3_errstr(rc)};
}

// "file:///ABSOLUTE/PATH?immutable=1", every byte but unreserved ones and '/' percent-encoded.
std::string immutableUri(const std::string &path) {
    std::error_code ignored;
    std::filesystem::path absolute = std::filesystem::absolute(path, ignored);
    if (absolute.empty()) {
        absolute = path;
    }
    constexpr char kHex[] = "0123456789ABCDEF";
    std::string uri = "file://";
    for (const char c : absolute.string()) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
            uri.push_back(c);
        } else {
            uri.push_back('%');
            uri.push_back(kHex[byte >> 4]);
            uri.push_back(kHex[byte & 0xF]);
        }
    }
    return uri + "?immutable=1";
}

} // namespace

// --- Database --------------------------------------------------------------------------------

Database::Database(Database &&other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {
}

Database &Database::operator=(Database &&other) noexcept {
    if (this != &other) {
        if (m_db != nullptr) {
            sqlite3_close_v2(m_db);
        }
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

Database::~Database() {
    if (m_db != nullptr) {
        sqlite3_close_v2(m_db);
    }
}

Result<Database> Database::open(const std::string &path, OpenMode mode, int *openErrorCode) {
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case OpenMode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case OpenMode::ReadOnlyImmutable:
        flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
        break;
    case OpenMode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case OpenMode::Create:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    std::string name = path;
    if (mode == OpenMode::ReadOnlyImmutable) {
        name = immutableUri(path);
    }
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(name.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error error = errorFrom(db, rc);
        if (openErrorCode != nullptr) {
            *openErrorCode = db != nullptr ? sqlite3_extended_errcode(db) : rc;
        }
        sqlite3_close_v2(db);
        return error;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    return Database(db);
}

Result<Database> Database::openMemory() {
    return open(":memory:", OpenMode::Create);
}

Result<bool> Database::exec(const std::string &sql) {
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        Error error{message != nullptr ? message : sqlite3_errstr(rc)};
        sqlite3_free(message);
        return error;
    }
    return true;
}

Result<Statement> Database::prepare(std::string_view sql) {
    if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        return Error{"SQL statement too long"};
    }
    sqlite3_stmt *statement = nullptr;
    const int rc =
        sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(statement);
        return errorFrom(m_db, rc);
    }
    return Statement(m_db, statement);
}

Result<std::int64_t> Database::queryInt(std::string_view sql) {
    Result<Statement> statement = prepare(sql);
    if (!statement) {
        return statement.error();
    }
    Result<bool> row = statement->step();
    if (!row) {
        return row.error();
    }
    return *row ? statement->int64(0) : std::int64_t{0};
}

Result<bool> Database::copyTo(Database &destination) {
    sqlite3_backup *backup = sqlite3_backup_init(destination.m_db, "main", m_db, "main");
    if (backup == nullptr) {
        return destination.lastError();
    }
    const int stepRc = sqlite3_backup_step(backup, -1);
    const int finishRc = sqlite3_backup_finish(backup);
    if (stepRc != SQLITE_DONE) {
        // A failure reading the source is recorded on the source connection.
        Error error = errorFrom(m_db, stepRc);
        if (sqlite3_errcode(m_db) == SQLITE_OK) {
            error = Error{sqlite3_errstr(stepRc)};
        }
        return error;
    }
    if (finishRc != SQLITE_OK) {
        return errorFrom(destination.m_db, finishRc);
    }
    return true;
}

Result<bool> Database::close() {
    if (m_db == nullptr) {
        return true;
    }
    const int rc = sqlite3_close(m_db);
    if (rc != SQLITE_OK) {
        Error error = errorFrom(m_db, rc);
        // Still owned (statements are open); the destructor will close it lazily.
        return error;
    }
    m_db = nullptr;
    return true;
}

int Database::errorCode() const {
    return m_db != nullptr ? sqlite3_extended_errcode(m_db) : SQLITE_MISUSE;
}

std::string Database::errorMessage() const {
    return m_db != nullptr ? sqlite3_errmsg(m_db) : "the database is closed";
}

Error Database::lastError() const {
    return Error{errorMessage()};
}

// --- Statement -------------------------------------------------------------------------------

Statement::Statement(Statement &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)),
      m_statement(std::exchange(other.m_statement, nullptr)),
      m_bindError(std::exchange(other.m_bindError, SQLITE_OK)) {
}

Statement &Statement::operator=(Statement &&other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_statement);
        m_db = std::exchange(other.m_db, nullptr);
        m_statement = std::exchange(other.m_statement, nullptr);
        m_bindError = std::exchange(other.m_bindError, SQLITE_OK);
    }
    return *this;
}

Statement::~Statement() {
    sqlite3_finalize(m_statement);
}

void Statement::noteBind(int rc) {
    if (rc != SQLITE_OK && m_bindError == SQLITE_OK) {
        m_bindError = rc;
    }
}

Statement &Statement::bind(int index, std::string_view text) {
    // SQLITE_TRANSIENT: SQLite copies the text, so callers may bind temporaries.
    noteBind(sqlite3_bind_text64(m_statement, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                 SQLITE_UTF8));
    return *this;
}

Statement &Statement::bind(int index, std::int64_t value) {
    noteBind(sqlite3_bind_int64(m_statement, index, value));
    return *this;
}

Statement &Statement::bind(int index, double value) {
    noteBind(sqlite3_bind_double(m_statement, index, value));
    return *this;
}

Statement &Statement::bindNull(int index) {
    noteBind(sqlite3_bind_null(m_statement, index));
    return *this;
}

Result<bool> Statement::step() {
    if (m_statement == nullptr) {
        return Error{"no statement to run"};
    }
    if (m_bindError != SQLITE_OK) {
        return Error{std::string("cannot bind a parameter: ").append(sqlite3_errstr(m_bindError))};
    }
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    return errorFrom(m_db, rc);
}

void Statement::reset() {
    sqlite3_reset(m_statement);
    m_bindError = SQLITE_OK;
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

std::string_view Statement::text(int column) const {
    const unsigned char *data = sqlite3_column_text(m_statement, column);
    const int size = sqlite3_column_bytes(m_statement, column);
    if (data == nullptr || size <= 0) {
        return {};
    }
    return {reinterpret_cast<const char *>(data), static_cast<std::size_t>(size)};
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(m_statement, column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(m_statement, column);
}

// --- Transaction -----------------------------------------------------------------------------

Transaction::Transaction(Transaction &&other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {
}

Transaction::~Transaction() {
    if (m_db != nullptr && m_db->isOpen()) {
        // Nothing to report to: the caller already returns the error that brought us here.
        sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

Result<Transaction> Transaction::begin(Database &db, Kind kind) {
    Result<bool> begun = db.exec(kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN");
    if (!begun) {
        return begun.error();
    }
    return Transaction(&db);
}

Result<bool> Transaction::commit() {
    if (m_db == nullptr) {
        return Error{"no transaction to commit"};
    }
    Result<bool> committed = m_db->exec("COMMIT");
    if (!committed) {
        return committed.error(); // the destructor rolls back
    }
    m_db = nullptr;
    return true;
}

} // namespace sg::model::sqlite
