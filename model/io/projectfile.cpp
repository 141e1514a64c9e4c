#include "io/projectfile.h"

#include "core/jsoncheck.h"
#include "io/inputfile.h"
#include "io/projectjson.h"
#include "io/sqlite.h"

#include <sqlite3.h>

#include <array>
#include <charconv>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <random>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sg::model {

namespace {

using sqlite::Database;
using sqlite::OpenMode;
using sqlite::Statement;
using sqlite::Transaction;

// PRAGMA application_id ("SGLS"): tells our files from other applications' SQLite databases.
constexpr std::int64_t kApplicationId = 0x53474C53;

// Step k (index k - 1) brings schema version k - 1 to k. A released step never changes: files
// written by that release were built by it. A new schema is a new step.
constexpr std::array<std::string_view, 6> kMigrations{
    // v1: the model. One row per element in model order; `data` is the element's JSON
    // (projectjson.h), `id` and `kind` repeat it for queries that need no parsing.
    R"sql(
PRAGMA application_id = 1397181523;
CREATE TABLE project (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE elements (
    ord INTEGER PRIMARY KEY,
    id TEXT UNIQUE NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL
);
)sql",
    // v2: event archives, filled by the simulator. An archive is named by its bus element and
    // the archive's name on that bus; times are microseconds of simulated time.
    R"sql(
CREATE TABLE archives (
    id INTEGER PRIMARY KEY,
    bus TEXT NOT NULL,
    name TEXT NOT NULL,
    pattern TEXT NOT NULL DEFAULT '',
    retention_days INTEGER NOT NULL DEFAULT 0,
    created_us INTEGER NOT NULL DEFAULT 0,
    UNIQUE (bus, name)
);
CREATE TABLE archive_events (
    id INTEGER PRIMARY KEY,
    archive INTEGER NOT NULL REFERENCES archives (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    event_time_us INTEGER NOT NULL,
    ingestion_time_us INTEGER NOT NULL,
    replay_name TEXT,
    event TEXT NOT NULL
);
CREATE INDEX archive_events_by_time ON archive_events (archive, event_time_us);
CREATE INDEX archive_events_by_event_id ON archive_events (archive, event_id);
)sql",
    // v3: simulation runs and their per-event traces. `started_us` is wall-clock time
    // (microseconds since the Unix epoch, UTC); the other times are simulated.
    R"sql(
CREATE TABLE simulation_runs (
    id INTEGER PRIMARY KEY,
    started_us INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    duration_us INTEGER NOT NULL,
    model_hash TEXT NOT NULL,
    report TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX simulation_runs_by_started ON simulation_runs (started_us);
CREATE TABLE run_traces (
    run INTEGER NOT NULL REFERENCES simulation_runs (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    time_us INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    element TEXT NOT NULL,
    step TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (run, seq)
) WITHOUT ROWID;
CREATE INDEX run_traces_by_event ON run_traces (run, event_id);
)sql",
    // v4: archived events are no longer indexed by event id. Nothing looked them up that way,
    // and keeping random UUIDs in order cost a fifth of the archiving time.
    R"sql(
DROP INDEX archive_events_by_event_id;
)sql",
    // v5: function rows carry `timeoutSeconds` and `asyncInvocation`, queue rows
    // `visibilityTimeoutSeconds`, `redrivePolicy` and the reader's settings (projectjson.h,
    // formatVersion 2). The tables do not change: rows of an older file read with AWS's
    // defaults, and the reader marks the project upgraded so that lint says so.
    R"sql(
SELECT 1;
)sql",
    // v6: the `project` table may hold `accountInvocationQuotaPerSecond` (a whole number as
    // text; absent means none). Nothing changes in the tables; the version tells an older
    // Stormglass, which would ignore the key and lose the quota, to refuse the file.
    R"sql(
SELECT 1;
)sql",
};

constexpr int kSchemaVersion = static_cast<int>(kMigrations.size());
constexpr std::int64_t kRetrySettingsSchemaVersion = 5; // see v5 above

constexpr std::string_view kSqliteExtension = ".stormglass";
constexpr std::string_view kJsonExtension = ".stormglass.json";

// --- Errors ------------------------------------------------------------------------------------

Error atPath(const std::string &path, std::string_view what) {
    Error error;
    error.message.reserve(path.size() + 2 + what.size());
    error.message.append(path).append(": ").append(what);
    return error;
}

// Keeps position and field, puts the path in front of the message.
Error prefixed(const std::string &path, Error error) {
    std::string message = path;
    message.append(": ").append(error.message);
    error.message = std::move(message);
    return error;
}

std::string systemMessage(int error) {
    return std::generic_category().message(error);
}

std::string inQuotes(std::string_view text) {
    std::string out = "\"";
    out.append(text).append("\"");
    return out;
}

// nlohmann's what() starts with "[json.exception.parse_error.101] ", which means nothing to a user.
std::string_view withoutExceptionTag(std::string_view what) {
    if (what.starts_with("[json.exception.")) {
        const std::size_t end = what.find("] ");
        if (end != std::string_view::npos) {
            return what.substr(end + 2);
        }
    }
    return what;
}

// An SQLite failure while reading `path`, told as what it means for the user.
Error readError(const std::string &path, const Database &db, const Error &error) {
    const int code = db.errorCode();
    switch (code & 0xff) {
    case SQLITE_NOTADB:
        return atPath(path, std::string("not a Stormglass project: ").append(error.message));
    case SQLITE_CORRUPT:
        return atPath(path, std::string("not a Stormglass project: the file is damaged or "
                                        "truncated (")
                                .append(error.message)
                                .append(")"));
    default:
        if (code == SQLITE_IOERR_SHORT_READ) {
            return atPath(path, "not a Stormglass project: the file is truncated");
        }
        return atPath(path, std::string("cannot read: ").append(error.message));
    }
}

Error newerVersionError(const std::string &path, std::int64_t version) {
    return atPath(path, "written by a newer Stormglass (schema version " + std::to_string(version) +
                            "; this version reads up to " + std::to_string(kSchemaVersion) + ")");
}

// --- Schema ------------------------------------------------------------------------------------

struct Header {
    std::int64_t applicationId = 0;
    std::int64_t version = 0;
};

Result<Header> readHeader(Database &db) {
    Result<std::int64_t> applicationId = db.queryInt("PRAGMA application_id");
    if (!applicationId) {
        return applicationId.error();
    }
    Result<std::int64_t> version = db.queryInt("PRAGMA user_version");
    if (!version) {
        return version.error();
    }
    return Header{*applicationId, *version};
}

// Why the database is not a Stormglass project of a version this build understands, or nothing
// when it is one. Versions newer than ours are not asked about here.
Result<std::optional<std::string>> whyNotAProject(Database &db, const Header &header) {
    if (header.applicationId != 0 && header.applicationId != kApplicationId) {
        return std::optional<std::string>("an SQLite database of another application");
    }
    if (header.version <= 0) {
        return std::optional<std::string>("an SQLite database without Stormglass tables");
    }
    for (std::string_view table : {"project", "elements"}) {
        Result<Statement> query =
            db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
        if (!query) {
            return query.error();
        }
        query->bind(1, table);
        Result<bool> row = query->step();
        if (!row) {
            return row.error();
        }
        if (!*row || query->int64(0) == 0) {
            return std::optional<std::string>(
                std::string("the table ").append(inQuotes(table)).append(" is missing"));
        }
    }
    return std::optional<std::string>();
}

// Brings `db` from schema `from` to `to`. With `ownTransactions` each step commits on its own;
// otherwise the caller's transaction holds all of them (a save upgrades with its content).
Result<bool> migrate(Database &db, int from, int to, bool ownTransactions) {
    for (int version = from + 1; version <= to; ++version) {
        std::optional<Transaction> transaction;
        if (ownTransactions) {
            Result<Transaction> begun = Transaction::begin(db);
            if (!begun) {
                return begun.error();
            }
            transaction.emplace(std::move(*begun));
        }
        Result<bool> done =
            db.exec(std::string(kMigrations[static_cast<std::size_t>(version - 1)]));
        if (done) {
            done = db.exec("PRAGMA user_version = " + std::to_string(version));
        }
        if (done && transaction) {
            done = transaction->commit();
        }
        if (!done) {
            return Error{"cannot upgrade schema version " + std::to_string(version - 1) + " to " +
                         std::to_string(version) + ": " + done.error().message};
        }
    }
    return true;
}

// --- Reading -----------------------------------------------------------------------------------

Result<Project> readModel(const std::string &path, Database &db) {
    Project project;
    std::string name;
    std::string description;
    {
        Result<Statement> info = db.prepare("SELECT key, value FROM project");
        if (!info) {
            return readError(path, db, info.error());
        }
        while (true) {
            Result<bool> row = info->step();
            if (!row) {
                return readError(path, db, row.error());
            }
            if (!*row) {
                break;
            }
            // Keys this version does not know are a newer writer's additions; ignore them.
            if (info->text(0) == "name") {
                name = info->text(1);
            } else if (info->text(0) == "description") {
                description = info->text(1);
            } else if (info->text(0) == "accountInvocationQuotaPerSecond") {
                const std::string value(info->text(1));
                int quota = 0;
                const auto [end, ec] =
                    std::from_chars(value.data(), value.data() + value.size(), quota);
                if (ec != std::errc() || end != value.data() + value.size()) {
                    return atPath(path, "project.accountInvocationQuotaPerSecond: expected a "
                                        "whole number, found '" +
                                            value + "'");
                }
                project.setAccountInvocationQuotaPerSecond(quota);
            }
        }
    }
    project.setInfo(std::move(name), std::move(description));

    Result<Statement> elements = db.prepare("SELECT id, kind, data FROM elements ORDER BY ord");
    if (!elements) {
        return readError(path, db, elements.error());
    }
    while (true) {
        Result<bool> row = elements->step();
        if (!row) {
            return readError(path, db, row.error());
        }
        if (!*row) {
            break;
        }
        const std::string id(elements->text(0));
        const std::string_view kind = elements->text(1);
        auto element = [&id] {
            return "element " + inQuotes(id);
        };

        // Read back, the element's JSON meets the same limits as a .stormglass.json file's.
        if (std::optional<Error> problem = checkJsonText(elements->text(2))) {
            return atPath(path,
                          element() + ": the stored data is refused (" + problem->message + ")");
        }
        Json json;
        try {
            json = Json::parse(elements->text(2));
        } catch (const std::exception &e) {
            return atPath(path, element() + ": the stored data is not valid JSON (" +
                                    std::string(withoutExceptionTag(e.what())) + ")");
        }
        Result<Element> decoded = elementFromJson(json, "");
        if (!decoded) {
            Error error = decoded.error();
            error.message = element() + ": " + error.message;
            return prefixed(path, std::move(error));
        }
        if (elementId(*decoded).value != id) {
            return atPath(path, element() + ": its stored data has the id " +
                                    inQuotes(elementId(*decoded).value));
        }
        if (elementKindName(elementKind(*decoded)) != kind) {
            return atPath(path, element() + ": stored as kind " + inQuotes(kind) +
                                    " but its data is of kind " +
                                    inQuotes(elementKindName(elementKind(*decoded))));
        }
        Result<bool> appended = project.appendUnchecked(std::move(*decoded));
        if (!appended) {
            return prefixed(path, appended.error());
        }
    }
    Result<bool> references = project.checkReferences();
    if (!references) {
        return prefixed(path, references.error());
    }
    return project;
}

// Whether `path` is a WAL-mode database (header bytes 18 and 19 are 2) whose log is not beside it.
// All its content is then in the file itself, and a read-only connection that opened it normally
// would leave empty -wal and -shm files behind, which it may not delete.
bool isWalModeWithoutLog(const std::string &path) {
    std::error_code ec;
    if (std::filesystem::exists(path + "-wal", ec) || ec) {
        return false;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        return false;
    }
    std::array<unsigned char, 20> header{};
    const ssize_t count = ::read(fd, header.data(), header.size());
    ::close(fd);
    return count == static_cast<ssize_t>(header.size()) && header[18] == 2 && header[19] == 2;
}

// A read-only connection that has verified the file is an SQLite database. Reading leaves the
// folder as it was: a WAL-mode file without its log is opened immutable (no side files).
Result<Database> openForReading(const std::string &path) {
    const OpenMode readMode =
        isWalModeWithoutLog(path) ? OpenMode::ReadOnlyImmutable : OpenMode::ReadOnly;
    for (int attempt = 0; attempt < 2; ++attempt) {
        Result<Database> db = Database::open(path, readMode);
        if (!db) {
            return atPath(path, "cannot open: " + db.error().message);
        }
        Result<std::int64_t> probe = db->queryInt("PRAGMA user_version");
        if (probe) {
            return std::move(db).value();
        }
        if (db->errorCode() != SQLITE_READONLY_ROLLBACK || attempt > 0) {
            return readError(path, *db, probe.error());
        }
        // A save was interrupted: the journal beside the file holds the pages it had begun to
        // overwrite. Rolling it back gives back exactly the file as last saved, which is what
        // opening must show, but only a read-write connection may do it. It is the recovery
        // any SQLite client performs on first access; no content of ours is written.
        Result<Database> writer = Database::open(path, OpenMode::ReadWrite);
        Result<std::int64_t> recovered =
            writer ? writer->queryInt("PRAGMA user_version") : Result<std::int64_t>(writer.error());
        if (!recovered || (writer && sqlite3_db_readonly(writer->handle(), "main") == 1)) {
            return atPath(path, "an interrupted save left its journal (" + path +
                                    "-journal), which must be rolled back before the file can "
                                    "be read, but the file or its folder is not writable");
        }
    }
    return atPath(path, "cannot open");
}

Result<Project> openImpl(const std::string &path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) {
        return atPath(path, "cannot open: " + systemMessage(errno));
    }
    if (S_ISDIR(status.st_mode)) {
        return atPath(path, "is a folder, not a Stormglass project");
    }
    if (!S_ISREG(status.st_mode)) {
        return atPath(path, "not a Stormglass project: not a regular file");
    }
    if (status.st_size == 0) {
        return atPath(path, "not a Stormglass project: the file is empty");
    }

    Result<Database> db = openForReading(path);
    if (!db) {
        return db.error();
    }
    // A valid database is whole pages; SQLite reads a shorter file's missing pages as empty,
    // which would make a cut-off file look like an empty database. Checked after any journal
    // rollback in openForReading, which may have restored the size.
    Result<std::int64_t> pageSize = db->queryInt("PRAGMA page_size");
    if (!pageSize) {
        return readError(path, *db, pageSize.error());
    }
    if (::stat(path.c_str(), &status) != 0) {
        return atPath(path, "cannot open: " + systemMessage(errno));
    }
    if (*pageSize > 0 && (status.st_size < *pageSize || status.st_size % *pageSize != 0)) {
        return atPath(path, "not a Stormglass project: the file is truncated (" +
                                std::to_string(status.st_size) + " bytes, not a whole number of " +
                                std::to_string(*pageSize) + "-byte pages)");
    }
    Result<Header> header = readHeader(*db);
    if (!header) {
        return readError(path, *db, header.error());
    }
    if (header->version > kSchemaVersion &&
        (header->applicationId == kApplicationId || header->applicationId == 0)) {
        return newerVersionError(path, header->version);
    }
    Result<std::optional<std::string>> notOurs = whyNotAProject(*db, *header);
    if (!notOurs) {
        return readError(path, *db, notOurs.error());
    }
    if (*notOurs) {
        return atPath(path, "not a Stormglass project: " + **notOurs);
    }
    // A file cut at a page boundary: the header still counts the missing pages.
    Result<std::int64_t> pageCount = db->queryInt("PRAGMA page_count");
    if (!pageCount) {
        return readError(path, *db, pageCount.error());
    }
    if (*pageCount * *pageSize > status.st_size) {
        return atPath(path, "not a Stormglass project: the file is truncated (" +
                                std::to_string(status.st_size) + " of " +
                                std::to_string(*pageCount * *pageSize) + " bytes)");
    }
    // Damage to the model's tables that reading the rows would miss (the id index a later save
    // in place relies on). Archives and runs are left to the code that reads them, so that
    // opening costs the same however much the simulator has stored.
    for (const char *check : {"PRAGMA quick_check(project)", "PRAGMA quick_check(elements)"}) {
        Result<Statement> query = db->prepare(check);
        Result<bool> row = query ? query->step() : Result<bool>(query.error());
        if (!row) {
            return readError(path, *db, row.error());
        }
        if (*row && query->text(0) != "ok") {
            return atPath(path, "not a Stormglass project: the file is damaged (" +
                                    std::string(query->text(0)) + ")");
        }
    }
    if (header->version == kSchemaVersion) {
        return readModel(path, *db);
    }
    // An older file: upgrade a copy in memory, so that opening never writes the user's file.
    Result<Database> memory = Database::openMemory();
    if (!memory) {
        return atPath(path, "cannot open: " + memory.error().message);
    }
    Result<bool> copied = db->copyTo(*memory);
    if (!copied) {
        return readError(path, *db, copied.error());
    }
    Result<bool> migrated =
        migrate(*memory, static_cast<int>(header->version), kSchemaVersion, true);
    if (!migrated) {
        return prefixed(path, migrated.error());
    }
    Result<Project> project = readModel(path, *memory);
    if (project && header->version < kRetrySettingsSchemaVersion) {
        project->setUpgradedFrom("schema version " + std::to_string(header->version));
    }
    return project;
}

// --- Writing -----------------------------------------------------------------------------------

struct Row {
    const std::string *id;
    std::string_view kind;
    std::string data;
};

Result<std::vector<Row>> serialize(const Project &project, const std::string &path) {
    // A file whose references dangle could not be opened again; refuse it before touching disk.
    Result<bool> references = project.checkReferences();
    if (!references) {
        Error error = references.error();
        error.message = "not saved: " + error.message;
        return prefixed(path, std::move(error));
    }
    std::vector<Row> rows;
    rows.reserve(project.size());
    for (const Element &element : project.elements()) {
        const ElementId &id = elementId(element);
        try {
            // As writeProjectJson does: invalid UTF-8 cannot come from a file we read, and
            // replacing it keeps a save from failing.
            rows.push_back(
                Row{&id.value, elementKindName(elementKind(element)),
                    elementToJson(element).dump(-1, ' ', false, Json::error_handler_t::replace)});
        } catch (const std::exception &e) {
            return atPath(path, "not saved: element " + inQuotes(id.value) + ": " +
                                    std::string(withoutExceptionTag(e.what())));
        }
    }
    return rows;
}

// Which rows of the file already hold what `rows` would write at their `ord` (same id, kind and
// data): those are kept, so a save after a small edit writes a few pages, and the journal and
// the fsyncs stay small. Any other row is listed in `stale`.
Result<std::vector<bool>> unchangedRows(Database &db, const std::vector<Row> &rows,
                                        std::vector<std::int64_t> &stale,
                                        std::size_t &existingCount) {
    std::vector<bool> unchanged(rows.size(), false);
    Result<Statement> existing = db.prepare("SELECT ord, id, kind, data FROM elements");
    if (!existing) {
        return existing.error();
    }
    while (true) {
        Result<bool> row = existing->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        ++existingCount;
        const std::int64_t ord = existing->int64(0);
        if (ord >= 0 && static_cast<std::uint64_t>(ord) < rows.size()) {
            const Row &wanted = rows[static_cast<std::size_t>(ord)];
            if (existing->text(1) == *wanted.id && existing->text(2) == wanted.kind &&
                existing->text(3) == wanted.data) {
                unchanged[static_cast<std::size_t>(ord)] = true;
                continue;
            }
        }
        stale.push_back(ord);
    }
    return unchanged;
}

// Makes the model rows those of `project`; archives and runs are left as they are. Rows that
// differ are deleted before any is inserted, so that an element moved to another place never
// meets its old row's id.
Result<bool> writeModel(Database &db, const Project &project, const std::vector<Row> &rows) {
    Result<bool> cleared = db.exec("DELETE FROM project");
    if (!cleared) {
        return cleared;
    }
    Result<Statement> info = db.prepare("INSERT INTO project (key, value) VALUES (?1, ?2)");
    if (!info) {
        return info.error();
    }
    const std::string quota = std::to_string(project.accountInvocationQuotaPerSecond());
    for (const auto &[key, value] :
         {std::pair<std::string_view, const std::string *>{"name", &project.name()},
          {"description", &project.description()},
          {"accountInvocationQuotaPerSecond", &quota}}) {
        if (key == "accountInvocationQuotaPerSecond" && project.accountInvocationQuotaPerSecond() == 0) {
            continue; // absent means none
        }
        info->bind(1, key).bind(2, *value);
        Result<bool> done = info->step();
        if (!done) {
            return done;
        }
        info->reset();
    }

    std::vector<std::int64_t> stale;
    std::size_t existingCount = 0;
    Result<std::vector<bool>> unchanged = unchangedRows(db, rows, stale, existingCount);
    if (!unchanged) {
        return unchanged.error();
    }
    if (!stale.empty() && stale.size() == existingCount) {
        Result<bool> all = db.exec("DELETE FROM elements");
        if (!all) {
            return all;
        }
    } else if (!stale.empty()) {
        Result<Statement> remove = db.prepare("DELETE FROM elements WHERE ord = ?1");
        if (!remove) {
            return remove.error();
        }
        for (std::int64_t ord : stale) {
            remove->bind(1, ord);
            Result<bool> done = remove->step();
            if (!done) {
                return done;
            }
            remove->reset();
        }
    }
    Result<Statement> insert =
        db.prepare("INSERT INTO elements (ord, id, kind, data) VALUES (?1, ?2, ?3, ?4)");
    if (!insert) {
        return insert.error();
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if ((*unchanged)[i]) {
            continue;
        }
        const Row &row = rows[i];
        insert->bind(1, static_cast<std::int64_t>(i))
            .bind(2, *row.id)
            .bind(3, row.kind)
            .bind(4, row.data);
        Result<bool> done = insert->step();
        if (!done) {
            return Error{"element " + inQuotes(*row.id) + ": " + done.error().message};
        }
        insert->reset();
    }
    return true;
}

Result<bool> prepareForWriting(Database &db) {
    // FULL: the journal is synced before the file is touched, and the file before the journal
    // goes, so that a power cut cannot leave a half-written file.
    return db.exec("PRAGMA synchronous = FULL");
}

enum class InPlace : std::uint8_t { Saved, NotAProject };

bool isNotADatabase(const Database &db) {
    const int code = db.errorCode() & 0xff;
    return code == SQLITE_NOTADB || code == SQLITE_CORRUPT;
}

std::string parentFolder(const std::string &path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string baseName(const std::string &path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A failure of a save in place, told as what the user can do about it.
Error saveError(const std::string &path, const Database &db, const Error &error) {
    if (db.errorCode() == SQLITE_READONLY_DIRECTORY || db.errorCode() == SQLITE_CANTOPEN) {
        return atPath(path, "cannot save: the folder " + inQuotes(parentFolder(path)) +
                                " is not writable (a save creates a journal file beside the "
                                "project)");
    }
    return atPath(path, "cannot save: " + error.message);
}

// Saves into an existing project file in one transaction: SQLite's rollback journal keeps the
// previous content until COMMIT, and the next open rolls a crashed save back.
Result<InPlace> saveInPlace(const std::vector<Row> &rows, const Project &project,
                            const std::string &path, const SaveHook &hook) {
    Result<Database> db = Database::open(path, OpenMode::ReadWrite);
    if (!db) {
        return atPath(path, "cannot save: " + db.error().message);
    }
    // SQLite quietly opens a write-protected file read-only.
    if (sqlite3_db_readonly(db->handle(), "main") == 1) {
        return atPath(path, "cannot save: the file is write-protected");
    }
    Result<bool> prepared = prepareForWriting(*db);
    if (!prepared) {
        if (isNotADatabase(*db)) {
            return InPlace::NotAProject;
        }
        return saveError(path, *db, prepared.error());
    }
    Result<Transaction> transaction = Transaction::begin(*db);
    if (!transaction) {
        if (isNotADatabase(*db)) {
            return InPlace::NotAProject;
        }
        return saveError(path, *db, transaction.error());
    }
    Result<Header> header = readHeader(*db);
    if (!header) {
        if (isNotADatabase(*db)) {
            return InPlace::NotAProject;
        }
        return saveError(path, *db, header.error());
    }
    if (header->version > kSchemaVersion &&
        (header->applicationId == kApplicationId || header->applicationId == 0)) {
        Error error = newerVersionError(path, header->version);
        error.message.append("; not overwritten");
        return error;
    }
    Result<std::optional<std::string>> notOurs = whyNotAProject(*db, *header);
    if (!notOurs) {
        if (isNotADatabase(*db)) {
            return InPlace::NotAProject;
        }
        return saveError(path, *db, notOurs.error());
    }
    if (*notOurs) {
        return InPlace::NotAProject;
    }
    Result<bool> written = migrate(*db, static_cast<int>(header->version), kSchemaVersion, false);
    if (written) {
        written = writeModel(*db, project, rows);
    }
    if (!written) {
        return saveError(path, *db, written.error());
    }
    if (hook) {
        hook(SaveStage::RowsWritten);
    }
    Result<bool> committed = transaction->commit();
    if (!committed) {
        return saveError(path, *db, committed.error());
    }
    return InPlace::Saved;
}

// Where a save really goes: through a symbolic link to its target, so that the link survives.
std::string resolveSavePath(const std::string &path) {
    struct stat status {};
    if (::lstat(path.c_str(), &status) == 0 && S_ISLNK(status.st_mode)) {
        std::array<char, PATH_MAX> resolved{};
        if (::realpath(path.c_str(), resolved.data()) != nullptr) {
            return resolved.data();
        }
    }
    return path;
}

void syncFolder(const std::string &folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        // The rename is done; some file systems refuse to sync a folder, and reporting that as
        // a failed save would be false.
        static_cast<void>(::fsync(fd));
        ::close(fd);
    }
}

// A file beside the target, deleted unless it was renamed over it.
class TempFile {
public:
    TempFile() = default;
    TempFile(const TempFile &) = delete;
    TempFile &operator=(const TempFile &) = delete;
    ~TempFile() {
        if (!m_path.empty()) {
            ::unlink(m_path.c_str());
            ::unlink((m_path + "-journal").c_str());
        }
    }

    // Creates it empty with the permissions of `target` when that exists; otherwise the usual
    // 0666 less the umask.
    Result<bool> create(const std::string &target) {
        const std::string folder = parentFolder(target);
        struct stat status {};
        const bool exists = ::stat(target.c_str(), &status) == 0;
        if (exists && ::access(target.c_str(), W_OK) != 0) {
            return atPath(target, "cannot save: the file is write-protected");
        }
        std::random_device entropy;
        for (int attempt = 0; attempt < 16; ++attempt) {
            std::string candidate = folder;
            candidate.append("/.").append(baseName(target)).append(".saving-");
            candidate.append(std::to_string(::getpid())).append("-");
            candidate.append(std::to_string(entropy()));
            const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd < 0) {
                if (errno == EEXIST) {
                    continue;
                }
                return atPath(target, "cannot save: cannot create a file in the folder " +
                                          inQuotes(folder) + ": " + systemMessage(errno));
            }
            m_path = std::move(candidate);
            if (exists) {
                static_cast<void>(::fchmod(fd, status.st_mode & 07777));
            }
            m_fd = fd;
            return true;
        }
        return atPath(target, "cannot save: cannot create a temporary file in " + inQuotes(folder));
    }

    [[nodiscard]] const std::string &path() const { return m_path; }
    [[nodiscard]] int fd() const { return m_fd; }

    Result<bool> closeAndSync(const std::string &target) {
        if (m_fd < 0) {
            m_fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
        }
        if (m_fd < 0 || ::fsync(m_fd) != 0) {
            const int error = errno;
            closeFd();
            return atPath(target, "cannot save: " + systemMessage(error));
        }
        return closeFd() ? Result<bool>(true)
                         : Result<bool>(atPath(target, "cannot save: " + systemMessage(errno)));
    }

    bool closeFd() {
        if (m_fd < 0) {
            return true;
        }
        const int result = ::close(m_fd);
        m_fd = -1;
        return result == 0;
    }

    // Renames it over `target`; from then on it is the target and no longer deleted.
    Result<bool> renameOver(const std::string &target) {
        if (::rename(m_path.c_str(), target.c_str()) != 0) {
            return atPath(target, "cannot save: " + systemMessage(errno));
        }
        m_path.clear();
        return true;
    }

private:
    std::string m_path;
    int m_fd = -1;
};

Result<bool> checkSaveTarget(const std::string &path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) == 0) {
        if (S_ISDIR(status.st_mode)) {
            return atPath(path, "cannot save: it is a folder");
        }
        // Renaming over a device or a pipe would replace it, not write to it.
        if (!S_ISREG(status.st_mode)) {
            return atPath(path, "cannot save: not a regular file");
        }
    }
    const std::string folder = parentFolder(path);
    if (::stat(folder.c_str(), &status) != 0) {
        return atPath(path, "cannot save: the folder " + inQuotes(folder) +
                                " cannot be used: " + systemMessage(errno));
    }
    if (!S_ISDIR(status.st_mode)) {
        return atPath(path, "cannot save: " + inQuotes(folder) + " is not a folder");
    }
    return true;
}

// Builds the complete file under a temporary name beside `path`, then renames it over `path`:
// rename() replaces a name atomically, so `path` is the old file or the new, never a mix.
Result<bool> saveAsNewFile(const std::vector<Row> &rows, const Project &project,
                           const std::string &path, const SaveHook &hook) {
    TempFile temp;
    Result<bool> created = temp.create(path);
    if (!created) {
        return created;
    }
    temp.closeFd();
    {
        Result<Database> db = Database::open(temp.path(), OpenMode::ReadWrite);
        if (!db) {
            return atPath(path, "cannot save: " + db.error().message);
        }
        Result<bool> done = prepareForWriting(*db);
        std::optional<Transaction> transaction;
        if (done) {
            Result<Transaction> begun = Transaction::begin(*db);
            if (begun) {
                transaction.emplace(std::move(*begun));
            } else {
                done = begun.error();
            }
        }
        if (done) {
            done = migrate(*db, 0, kSchemaVersion, false);
        }
        if (done) {
            done = writeModel(*db, project, rows);
        }
        if (done) {
            done = transaction->commit();
        }
        if (done) {
            transaction.reset();
            done = db->close();
        }
        if (!done) {
            return atPath(path, "cannot save: " + done.error().message);
        }
    }
    Result<bool> synced = temp.closeAndSync(path);
    if (!synced) {
        return synced;
    }
    if (hook) {
        hook(SaveStage::TempFileSynced);
    }
    Result<bool> renamed = temp.renameOver(path);
    if (!renamed) {
        return renamed;
    }
    if (hook) {
        hook(SaveStage::Renamed);
    }
    syncFolder(parentFolder(path));
    return true;
}

Result<bool> saveImpl(const Project &project, const std::string &requestedPath,
                      const SaveHook &hook) {
    const std::string path = resolveSavePath(requestedPath);
    Result<bool> usable = checkSaveTarget(path);
    if (!usable) {
        return usable;
    }
    Result<std::vector<Row>> rows = serialize(project, path);
    if (!rows) {
        return rows.error();
    }
    struct stat status {};
    if (::stat(path.c_str(), &status) == 0 && status.st_size > 0) {
        Result<InPlace> inPlace = saveInPlace(*rows, project, path, hook);
        if (!inPlace) {
            return inPlace.error();
        }
        if (*inPlace == InPlace::Saved) {
            return true;
        }
    }
    return saveAsNewFile(*rows, project, path, hook);
}

// --- The JSON form -----------------------------------------------------------------------------

Result<std::string> readWholeFile(const std::string &path) {
    Result<std::string> text = readDocumentFile(path);
    if (!text && text.error().message == path + ": is a folder, not a file") {
        return atPath(path, "is a folder, not a Stormglass project");
    }
    return text;
}

Result<bool> writeAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t count = ::write(fd, bytes.data(), bytes.size());
        if (count < 0) {
            if (errno == EINTR) {
                continue;
            }
            return Error{systemMessage(errno)};
        }
        bytes.remove_prefix(static_cast<std::size_t>(count));
    }
    return true;
}

Result<bool> saveJsonImpl(const Project &project, const std::string &requestedPath) {
    const std::string path = resolveSavePath(requestedPath);
    Result<bool> usable = checkSaveTarget(path);
    if (!usable) {
        return usable;
    }
    Result<bool> references = project.checkReferences();
    if (!references) {
        Error error = references.error();
        error.message = "not saved: " + error.message;
        return prefixed(path, std::move(error));
    }
    std::string text;
    try {
        text = writeProjectJson(project);
    } catch (const std::exception &e) {
        return atPath(path, "not saved: " + std::string(withoutExceptionTag(e.what())));
    }
    TempFile temp;
    Result<bool> created = temp.create(path);
    if (!created) {
        return created;
    }
    Result<bool> written = writeAll(temp.fd(), text);
    if (!written) {
        return atPath(path, "cannot save: " + written.error().message);
    }
    Result<bool> synced = temp.closeAndSync(path);
    if (!synced) {
        return synced;
    }
    Result<bool> renamed = temp.renameOver(path);
    if (!renamed) {
        return renamed;
    }
    syncFolder(parentFolder(path));
    return true;
}

enum class FileType : std::uint8_t { Sqlite, Json, Unknown };

bool endsWithIgnoringCase(std::string_view text, std::string_view suffix) {
    if (text.size() < suffix.size()) {
        return false;
    }
    const std::string_view tail = text.substr(text.size() - suffix.size());
    for (std::size_t i = 0; i < suffix.size(); ++i) {
        const char a = tail[i] >= 'A' && tail[i] <= 'Z' ? static_cast<char>(tail[i] + 32) : tail[i];
        if (a != suffix[i]) {
            return false;
        }
    }
    return true;
}

FileType fileTypeOf(const std::string &path) {
    if (endsWithIgnoringCase(path, kJsonExtension)) {
        return FileType::Json;
    }
    if (endsWithIgnoringCase(path, kSqliteExtension)) {
        return FileType::Sqlite;
    }
    return FileType::Unknown;
}

Error unknownTypeError(const std::string &path) {
    if (path.empty()) {
        return Error{.message = "no file name given (the path is empty); the name must end in " +
                                std::string(kSqliteExtension) + " or " +
                                std::string(kJsonExtension)};
    }
    return atPath(path, "not a Stormglass project file name; the name must end in " +
                            std::string(kSqliteExtension) + " or " + std::string(kJsonExtension));
}

} // namespace

int projectSchemaVersion() {
    return kSchemaVersion;
}

Result<Project> openProjectFile(const std::string &path) {
    try {
        return openImpl(path);
    } catch (const std::exception &e) {
        return atPath(path, std::string("cannot open: ").append(withoutExceptionTag(e.what())));
    }
}

Result<bool> saveProjectFile(const Project &project, const std::string &path) {
    return saveProjectFile(project, path, SaveHook());
}

Result<bool> saveProjectFile(const Project &project, const std::string &path,
                             const SaveHook &hook) {
    try {
        return saveImpl(project, path, hook);
    } catch (const std::exception &e) {
        return atPath(path, std::string("cannot save: ").append(withoutExceptionTag(e.what())));
    }
}

Result<bool> createProjectFileAtVersion(const std::string &path, int version) {
    if (version < 1 || version > kSchemaVersion) {
        return atPath(path, "no schema version " + std::to_string(version));
    }
    Result<Database> db = Database::open(path, OpenMode::Create);
    if (!db) {
        return atPath(path, "cannot create: " + db.error().message);
    }
    Result<bool> migrated = migrate(*db, 0, version, true);
    if (!migrated) {
        return prefixed(path, migrated.error());
    }
    return db->close();
}

Result<Project> loadProject(const std::string &path) {
    switch (fileTypeOf(path)) {
    case FileType::Sqlite:
        return openProjectFile(path);
    case FileType::Json: {
        try {
            Result<std::string> text = readWholeFile(path);
            if (!text) {
                return text.error();
            }
            Result<Project> project = readProjectJson(*text);
            if (!project) {
                return prefixed(path, project.error());
            }
            return project;
        } catch (const std::exception &e) {
            return atPath(path, std::string("cannot open: ").append(withoutExceptionTag(e.what())));
        }
    }
    case FileType::Unknown:
        break;
    }
    return unknownTypeError(path);
}

Result<bool> saveProject(const Project &project, const std::string &path) {
    switch (fileTypeOf(path)) {
    case FileType::Sqlite:
        return saveProjectFile(project, path);
    case FileType::Json:
        try {
            return saveJsonImpl(project, path);
        } catch (const std::exception &e) {
            return atPath(path, std::string("cannot save: ").append(withoutExceptionTag(e.what())));
        }
    case FileType::Unknown:
        break;
    }
    return unknownTypeError(path);
}

} // namespace sg::model
