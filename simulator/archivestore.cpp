#include "archivestore.h"

#include "io/projectfile.h"

#include <algorithm>
#include <limits>

namespace sg::sim {

namespace {

using model::sqlite::Database;
using model::sqlite::OpenMode;
using model::sqlite::Statement;
using model::sqlite::Transaction;

constexpr std::int64_t kApplicationId = 0x53474C53; // "SGLS", as projectfile.cpp writes it

std::string inQuotes(std::string_view text) {
    std::string out = "\"";
    out.append(text).append("\"");
    return out;
}

std::string archiveName(const model::ElementId &bus, std::string_view name) {
    return "archive " + inQuotes(name) + " of bus " + inQuotes(bus.value);
}

// One INSERT of `rows` events; ?1 is the archive, then five parameters per row.
constexpr std::size_t kColumnsPerRow = 5;
std::string insertSql(std::size_t rows) {
    std::string sql = "INSERT INTO archive_events (archive, event_id, event_time_us, "
                      "ingestion_time_us, replay_name, event) VALUES ";
    for (std::size_t row = 0; row < rows; ++row) {
        sql.append(row == 0 ? "(?1" : ", (?1");
        for (std::size_t column = 0; column < kColumnsPerRow; ++column) {
            sql.append(", ?").append(std::to_string(2 + row * kColumnsPerRow + column));
        }
        sql.append(")");
    }
    return sql;
}

void bindRecord(Statement &insert, int first, const ArchiveRecord &record) {
    insert.bind(first, record.eventId)
        .bind(first + 1, record.eventTime.micros())
        .bind(first + 2, record.ingestionTime.micros())
        .bind(first + 4, record.event);
    if (record.replayName.empty()) {
        insert.bindNull(first + 3);
    } else {
        insert.bind(first + 3, record.replayName);
    }
}

SimTime::Rep retentionMicros(int days) {
    return static_cast<SimTime::Rep>(days) * 24 * SimTime::kMicrosPerHour;
}

// The record in columns 0-4 of a row (event_id, event_time_us, ingestion_time_us, replay_name,
// event); its views live as long as the row.
ArchiveRecord recordOf(const Statement &row) {
    ArchiveRecord record;
    record.eventId = row.text(0);
    record.eventTime = SimTime::microseconds(row.int64(1));
    record.ingestionTime = SimTime::microseconds(row.int64(2));
    record.replayName = row.isNull(3) ? std::string_view() : row.text(3);
    record.event = row.text(4);
    return record;
}

} // namespace

Error ArchiveStore::fileError(std::string_view what) const {
    Error error;
    error.message = m_path;
    error.message.append(": ").append(what);
    return error;
}

Result<ArchiveStore> ArchiveStore::open(const std::string &projectPath) {
    auto refuse = [&](std::string_view what) {
        Error error;
        error.message = projectPath;
        error.message.append(": ").append(what);
        return error;
    };
    Result<Database> db = Database::open(projectPath, OpenMode::ReadWrite);
    if (!db) {
        return refuse("cannot open the archives: " + db.error().message);
    }
    Result<std::int64_t> applicationId = db->queryInt("PRAGMA application_id");
    Result<std::int64_t> version =
        applicationId ? db->queryInt("PRAGMA user_version") : applicationId;
    if (!version) {
        return refuse("not a Stormglass project: " + version.error().message);
    }
    if (*applicationId != 0 && *applicationId != kApplicationId) {
        return refuse("not a Stormglass project: an SQLite database of another application");
    }
    if (*version > model::projectSchemaVersion()) {
        return refuse("written by a newer Stormglass (schema version " + std::to_string(*version) +
                      "; this version reads up to " +
                      std::to_string(model::projectSchemaVersion()) + ")");
    }
    for (std::string_view table : {"archives", "archive_events"}) {
        Result<Statement> query =
            db->prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
        if (!query) {
            return refuse(query.error().message);
        }
        query->bind(1, table);
        Result<bool> row = query->step();
        if (!row) {
            return refuse(row.error().message);
        }
        if (!*row || query->int64(0) == 0) {
            return refuse("has no archive tables (the table " + inQuotes(table) +
                          " is missing; schema version " + std::to_string(*version) +
                          "): open and save it in this Stormglass to upgrade it");
        }
    }
    // A bigger page cache keeps the two indexes of archive_events in memory during long
    // appends; synchronous stays at SQLite's default (FULL), one sync per batch.
    if (Result<bool> tuned = db->exec("PRAGMA cache_size = -65536"); !tuned) {
        return refuse(tuned.error().message);
    }
    return ArchiveStore(projectPath, std::move(*db));
}

Result<bool> ArchiveStore::defineArchive(const model::ElementId &bus, const model::Archive &archive,
                                         SimTime createdAt) {
    Result<Statement> upsert =
        m_db.prepare("INSERT INTO archives (bus, name, pattern, retention_days, created_us) "
                     "VALUES (?1, ?2, ?3, ?4, ?5) "
                     "ON CONFLICT (bus, name) DO UPDATE SET pattern = excluded.pattern, "
                     "retention_days = excluded.retention_days");
    if (!upsert) {
        return fileError(upsert.error().message);
    }
    upsert->bind(1, bus.value)
        .bind(2, archive.name)
        .bind(3, archive.pattern)
        .bind(4, archive.retentionDays)
        .bind(5, createdAt.micros());
    if (Result<bool> done = upsert->step(); !done) {
        return fileError(archiveName(bus, archive.name) + ": " + done.error().message);
    }
    m_rows.erase(std::pair(bus.value, archive.name)); // the retention may have changed
    return true;
}

Result<std::vector<ArchiveInfo>> ArchiveStore::archives() {
    Result<Statement> query =
        m_db.prepare("SELECT a.bus, a.name, a.pattern, a.retention_days, "
                     "(SELECT COUNT(*) FROM archive_events e WHERE e.archive = a.id) "
                     "FROM archives a ORDER BY a.bus, a.name");
    if (!query) {
        return fileError(query.error().message);
    }
    std::vector<ArchiveInfo> out;
    while (true) {
        Result<bool> row = query->step();
        if (!row) {
            return fileError(row.error().message);
        }
        if (!*row) {
            return out;
        }
        ArchiveInfo info;
        info.bus = model::ElementId{std::string(query->text(0))};
        info.name = std::string(query->text(1));
        info.pattern = std::string(query->text(2));
        info.retentionDays = static_cast<int>(query->int64(3));
        info.events = static_cast<std::uint64_t>(query->int64(4));
        out.push_back(std::move(info));
    }
}

Result<ArchiveStore::ArchiveRow> ArchiveStore::archiveRow(const model::ElementId &bus,
                                                          std::string_view name) {
    const auto key = std::pair(bus.value, std::string(name));
    if (const auto it = m_rows.find(key); it != m_rows.end()) {
        return it->second;
    }
    Result<Statement> query =
        m_db.prepare("SELECT id, retention_days FROM archives WHERE bus = ?1 AND name = ?2");
    if (!query) {
        return fileError(query.error().message);
    }
    query->bind(1, bus.value).bind(2, name);
    Result<bool> row = query->step();
    if (!row) {
        return fileError(row.error().message);
    }
    if (!*row) {
        return fileError("there is no " + archiveName(bus, name));
    }
    const ArchiveRow found{query->int64(0), static_cast<int>(query->int64(1))};
    m_rows.emplace(key, found);
    return found;
}

Result<std::size_t> ArchiveStore::append(const model::ElementId &bus, std::string_view name,
                                         std::span<const ArchiveRecord> events) {
    Result<ArchiveRow> archive = archiveRow(bus, name);
    if (!archive) {
        return archive.error();
    }
    if (events.empty()) {
        return std::size_t{0};
    }
    m_lastRange.reset();
    if (!m_insertOne) {
        Result<Statement> one = m_db.prepare(insertSql(1));
        Result<Statement> many = one ? m_db.prepare(insertSql(kRowsPerInsert)) : std::move(one);
        if (!many) {
            return fileError(many.error().message);
        }
        m_insertOne.emplace(std::move(*one));
        m_insertMany.emplace(std::move(*many));
    }
    // Inside a run's transaction the batch is part of it; on its own it is one transaction.
    std::optional<Transaction> transaction;
    if (!m_run) {
        Result<Transaction> begun = Transaction::begin(m_db);
        if (!begun) {
            return fileError(archiveName(bus, name) + ": " + begun.error().message);
        }
        transaction.emplace(std::move(begun).value());
    }
    // Full groups through the many-row statement, the rest one by one.
    std::size_t next = 0;
    while (next < events.size()) {
        const bool group = events.size() - next >= kRowsPerInsert;
        Statement &insert = group ? *m_insertMany : *m_insertOne;
        const std::size_t rows = group ? kRowsPerInsert : 1;
        insert.bind(1, archive->id);
        for (std::size_t row = 0; row < rows; ++row) {
            bindRecord(insert, static_cast<int>(2 + row * kColumnsPerRow), events[next + row]);
        }
        Result<bool> done = insert.step();
        insert.reset();
        if (!done) {
            return fileError(archiveName(bus, name) + ": " + done.error().message);
        }
        next += rows;
    }
    if (transaction) {
        if (Result<bool> committed = transaction->commit(); !committed) {
            return fileError(archiveName(bus, name) + ": " + committed.error().message);
        }
    }
    return events.size();
}

Result<std::uint64_t> ArchiveStore::read(const model::ElementId &bus, std::string_view name,
                                         SimTime from, SimTime to, const Visitor &visit) {
    Result<ArchiveRow> archive = archiveRow(bus, name);
    if (!archive) {
        return archive.error();
    }
    // The index (archive, event_time_us) yields rows in time order, ties in rowid (append)
    // order, so SQLite streams them without sorting.
    Result<Statement> query = m_db.prepare(
        "SELECT event_id, event_time_us, ingestion_time_us, replay_name, event "
        "FROM archive_events WHERE archive = ?1 AND event_time_us >= ?2 AND event_time_us < ?3 "
        "ORDER BY event_time_us, id");
    if (!query) {
        return fileError(query.error().message);
    }
    query->bind(1, archive->id).bind(2, from.micros()).bind(3, to.micros());
    std::uint64_t visited = 0;
    while (true) {
        Result<bool> row = query->step();
        if (!row) {
            return fileError(archiveName(bus, name) + ": " + row.error().message);
        }
        if (!*row) {
            return visited;
        }
        const ArchiveRecord record = recordOf(*query);
        ++visited;
        if (!visit(record)) {
            return visited;
        }
    }
}

Result<std::optional<ArchiveStore::IdRange>> ArchiveStore::idRange(std::int64_t archive,
                                                                   SimTime from, SimTime to) {
    if (m_lastRange && m_lastRange->archive == archive && m_lastRange->from == from &&
        m_lastRange->to == to) {
        return m_lastRange->ids;
    }
    Result<Statement> query =
        m_db.prepare("SELECT MIN(id), MAX(id) FROM archive_events "
                     "WHERE archive = ?1 AND event_time_us >= ?2 AND event_time_us < ?3");
    if (!query) {
        return fileError(query.error().message);
    }
    query->bind(1, archive).bind(2, from.micros()).bind(3, to.micros());
    Result<bool> row = query->step();
    if (!row) {
        return fileError(row.error().message);
    }
    std::optional<IdRange> ids;
    if (*row && !query->isNull(0)) {
        ids = IdRange{query->int64(0), query->int64(1)};
    }
    m_lastRange = CachedRange{archive, from, to, ids};
    return ids;
}

Result<std::size_t> ArchiveStore::readChunk(const model::ElementId &bus, std::string_view name,
                                            SimTime from, SimTime to, bool byTime,
                                            std::optional<std::pair<SimTime, std::int64_t>> after,
                                            std::size_t limit, const ChunkVisitor &visit) {
    Result<ArchiveRow> archive = archiveRow(bus, name);
    if (!archive) {
        return archive.error();
    }
    // By time, the (archive, event_time_us) index yields the window in order, ties in row id
    // order; a cursor starts the index scan right after the last event handed out (so the lower
    // bound is the cursor's row value alone: with `>= from` beside it SQLite would seek to `from`
    // and walk every earlier chunk again).
    //
    // In append order, the window's events are a subset of the row ids from its first to its
    // last; the rows are walked in row id order from the first (or after the cursor) up to the
    // last, skipping the others, without the sort an ORDER BY id over the time index needs. The
    // range is found once per window from the index alone. Appends normally come in time order,
    // so the range holds little else.
    std::string sql = "SELECT event_id, event_time_us, ingestion_time_us, replay_name, event, id "
                      "FROM archive_events";
    std::optional<IdRange> ids;
    if (byTime) {
        sql.append(" WHERE archive = ?1 AND event_time_us < ?3");
        sql.append(after ? " AND (event_time_us, id) > (?4, ?5)" : " AND event_time_us >= ?2");
        sql.append(" ORDER BY event_time_us, id");
    } else {
        Result<std::optional<IdRange>> range = idRange(archive->id, from, to);
        if (!range) {
            return range.error();
        }
        if (!*range) {
            return std::size_t{0}; // nothing in the window
        }
        ids = **range;
        // One lower bound only, so that SQLite seeks to it (the cursor, once there is one).
        sql.append(after ? " NOT INDEXED WHERE id > ?5" : " NOT INDEXED WHERE id >= ?7");
        sql.append(" AND id <= ?8 AND archive = ?1 AND event_time_us >= ?2 AND event_time_us < ?3"
                   " ORDER BY id");
    }
    sql.append(" LIMIT ?6");
    // Four shapes of query, each prepared once and kept: a replay reads a window in many chunks.
    std::optional<Statement> &cached =
        m_chunkQueries[(byTime ? 2U : 0U) + (after.has_value() ? 1U : 0U)];
    if (!cached) {
        Result<Statement> prepared = m_db.prepare(sql);
        if (!prepared) {
            return fileError(prepared.error().message);
        }
        cached.emplace(std::move(*prepared));
    }
    Statement *query = &*cached;
    query->reset();
    query->bind(1, archive->id).bind(3, to.micros());
    if (!byTime || !after) {
        query->bind(2, from.micros());
    }
    if (after) {
        if (byTime) {
            query->bind(4, after->first.micros());
        }
        query->bind(5, after->second);
    }
    if (ids) {
        if (!after) {
            query->bind(7, ids->first);
        }
        query->bind(8, ids->last);
    }
    query->bind(6, static_cast<std::int64_t>(std::min<std::size_t>(
                       limit, static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max()))));
    std::size_t visited = 0;
    while (true) {
        Result<bool> row = query->step();
        if (!row) {
            return fileError(archiveName(bus, name) + ": " + row.error().message);
        }
        if (!*row) {
            return visited;
        }
        const ArchiveRecord record = recordOf(*query);
        ++visited;
        visit(record, query->int64(5));
    }
}

Result<std::uint64_t> ArchiveStore::count(const model::ElementId &bus, std::string_view name) {
    return count(bus, name, SimTime::microseconds(std::numeric_limits<SimTime::Rep>::min()),
                 SimTime::max());
}

Result<std::uint64_t> ArchiveStore::count(const model::ElementId &bus, std::string_view name,
                                          SimTime from, SimTime to) {
    Result<ArchiveRow> archive = archiveRow(bus, name);
    if (!archive) {
        return archive.error();
    }
    Result<Statement> query =
        m_db.prepare("SELECT COUNT(*) FROM archive_events "
                     "WHERE archive = ?1 AND event_time_us >= ?2 AND event_time_us < ?3");
    if (!query) {
        return fileError(query.error().message);
    }
    query->bind(1, archive->id).bind(2, from.micros()).bind(3, to.micros());
    Result<bool> row = query->step();
    if (!row) {
        return fileError(row.error().message);
    }
    return static_cast<std::uint64_t>(*row ? query->int64(0) : 0);
}

Result<std::uint64_t> ArchiveStore::purgeRow(const ArchiveRow &row, SimTime now) {
    if (row.retentionDays <= 0) {
        return std::uint64_t{0};
    }
    const SimTime::Rep cutoff = now.micros() - retentionMicros(row.retentionDays);
    m_lastRange.reset();
    Result<Statement> erase =
        m_db.prepare("DELETE FROM archive_events WHERE archive = ?1 AND ingestion_time_us < ?2");
    if (!erase) {
        return fileError(erase.error().message);
    }
    erase->bind(1, row.id).bind(2, cutoff);
    if (Result<bool> done = erase->step(); !done) {
        return fileError(done.error().message);
    }
    Result<std::int64_t> changes = m_db.queryInt("SELECT changes()");
    if (!changes) {
        return fileError(changes.error().message);
    }
    return static_cast<std::uint64_t>(*changes);
}

Result<std::uint64_t> ArchiveStore::purgeExpired(const model::ElementId &bus, std::string_view name,
                                                 SimTime now) {
    Result<ArchiveRow> archive = archiveRow(bus, name);
    if (!archive) {
        return archive.error();
    }
    return purgeRow(*archive, now);
}

Result<std::uint64_t> ArchiveStore::purgeExpired(SimTime now) {
    std::vector<ArchiveRow> rows;
    {
        Result<Statement> query = m_db.prepare("SELECT id, retention_days FROM archives");
        if (!query) {
            return fileError(query.error().message);
        }
        while (true) {
            Result<bool> row = query->step();
            if (!row) {
                return fileError(row.error().message);
            }
            if (!*row) {
                break;
            }
            rows.push_back({query->int64(0), static_cast<int>(query->int64(1))});
        }
    }
    std::optional<Transaction> transaction;
    if (!m_run) {
        Result<Transaction> begun = Transaction::begin(m_db);
        if (!begun) {
            return fileError(begun.error().message);
        }
        transaction.emplace(std::move(begun).value());
    }
    std::uint64_t deleted = 0;
    for (const ArchiveRow &row : rows) {
        Result<std::uint64_t> purged = purgeRow(row, now);
        if (!purged) {
            return purged.error();
        }
        deleted += *purged;
    }
    if (transaction) {
        if (Result<bool> committed = transaction->commit(); !committed) {
            return fileError(committed.error().message);
        }
    }
    return deleted;
}

Result<bool> ArchiveStore::beginRun() {
    if (m_run) {
        return fileError("a run is already open");
    }
    Result<Transaction> begun = Transaction::begin(m_db);
    if (!begun) {
        return fileError(begun.error().message);
    }
    m_run.emplace(std::move(begun).value());
    return true;
}

Result<bool> ArchiveStore::commitRun() {
    if (!m_run) {
        return fileError("no run is open");
    }
    Result<bool> committed = m_run->commit();
    m_run.reset();
    if (!committed) {
        return fileError(committed.error().message);
    }
    return true;
}

Result<bool> ArchiveStore::close() {
    m_run.reset(); // an uncommitted run rolls back
    // A connection closes only once its statements are finalized.
    m_insertOne.reset();
    m_insertMany.reset();
    for (std::optional<Statement> &query : m_chunkQueries) {
        query.reset();
    }
    m_rows.clear();
    m_lastRange.reset();
    if (Result<bool> closed = m_db.close(); !closed) {
        return fileError(closed.error().message);
    }
    return true;
}

} // namespace sg::sim
