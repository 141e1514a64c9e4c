#pragma once
// ArchiveStore: the event archives of a project, kept in its `.stormglass` file (tables
// `archives` and `archive_events`): appending what a bus archives, reading a time window back
// for a replay, and dropping what has outlived its archive's retention.

#include "arch/elements.h"
#include "core/result.h"
#include "io/sqlite.h"
#include "simtime.h"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sg::sim {

// One archived event. The views point into the caller's memory when appending, and into SQLite's
// row buffer (valid only during the visitor call) when reading.
struct ArchiveRecord {
    std::string_view eventId;    // the event's `id`
    SimTime eventTime;           // the event's `time`, the key replays select by
    SimTime ingestionTime;       // when the bus received it, the key retention counts from
    std::string_view replayName; // empty unless the event came from a replay
    std::string_view event;      // the whole event as JSON text
};

// An archive as the file describes it.
struct ArchiveInfo {
    model::ElementId bus;
    std::string name;
    std::string pattern;
    int retentionDays = 0; // 0 = forever
    std::uint64_t events = 0;
    friend bool operator==(const ArchiveInfo &, const ArchiveInfo &) = default;
};

// Reads and writes the archive tables of one project file through its own connection. Every
// error names the file. Not thread-safe; one store per file at a time.
class ArchiveStore {
public:
    // Opens an existing project file for reading and writing its archives. Refuses a file that
    // is not a Stormglass project, was written by a newer Stormglass, or has no archive tables
    // (an older schema: opening it in Stormglass and saving upgrades it).
    [[nodiscard]] static Result<ArchiveStore> open(const std::string &projectPath);

    ArchiveStore(ArchiveStore &&) noexcept = default;
    ArchiveStore &operator=(ArchiveStore &&) = delete; // statements must go before their db
    ArchiveStore(const ArchiveStore &) = delete;
    ArchiveStore &operator=(const ArchiveStore &) = delete;
    ~ArchiveStore() = default;

    [[nodiscard]] const std::string &path() const { return m_path; }

    // Holds every later write (definitions, appends, purges) in one transaction until
    // commitRun(), so that a run that fails leaves the file as it was: closing or destroying the
    // store first rolls it all back. The store must not be moved while a run is open.
    [[nodiscard]] Result<bool> beginRun();
    [[nodiscard]] Result<bool> commitRun();

    // Adds archive `archive.name` of `bus`, or updates its pattern and retention; its events
    // are kept either way. `createdAt` is recorded for a new archive only.
    [[nodiscard]] Result<bool> defineArchive(const model::ElementId &bus,
                                             const model::Archive &archive,
                                             SimTime createdAt = SimTime::zero());
    // Every archive in the file, by bus and name.
    [[nodiscard]] Result<std::vector<ArchiveInfo>> archives();

    // Appends `events` to the archive in one transaction (all or nothing); returns how many.
    // The archive must have been defined.
    [[nodiscard]] Result<std::size_t> append(const model::ElementId &bus, std::string_view name,
                                             std::span<const ArchiveRecord> events);

    // Calls `visit` for each event with from <= eventTime < to, in (eventTime, append order)
    // order, streaming from the file; stops early when `visit` returns false. Returns the number
    // of events visited.
    using Visitor = std::function<bool(const ArchiveRecord &)>;
    [[nodiscard]] Result<std::uint64_t> read(const model::ElementId &bus, std::string_view name,
                                             SimTime from, SimTime to, const Visitor &visit);

    // Up to `limit` events of [from, to) after a cursor, for replays that stream a window in
    // chunks. byTime: (eventTime, append order) after (afterTime, afterPosition); otherwise
    // append order after afterPosition. `visit` gets each event and its append position (row
    // id). Returns the number visited.
    using ChunkVisitor = std::function<void(const ArchiveRecord &, std::int64_t position)>;
    [[nodiscard]] Result<std::size_t>
    readChunk(const model::ElementId &bus, std::string_view name, SimTime from, SimTime to,
              bool byTime, std::optional<std::pair<SimTime, std::int64_t>> after, std::size_t limit,
              const ChunkVisitor &visit);

    // Events in the archive, in all or in [from, to) of event time.
    [[nodiscard]] Result<std::uint64_t> count(const model::ElementId &bus, std::string_view name);
    [[nodiscard]] Result<std::uint64_t> count(const model::ElementId &bus, std::string_view name,
                                              SimTime from, SimTime to);

    // Deletes the events whose ingestion time is more than the archive's retention before
    // `now` (ingestion < now - retentionDays); an archive kept forever (0 days) loses nothing.
    // Returns the number deleted. The second form purges every archive in the file.
    [[nodiscard]] Result<std::uint64_t> purgeExpired(const model::ElementId &bus,
                                                     std::string_view name, SimTime now);
    [[nodiscard]] Result<std::uint64_t> purgeExpired(SimTime now);

    // Closes the file now, reporting what the destructor would have to ignore.
    [[nodiscard]] Result<bool> close();

private:
    ArchiveStore(std::string path, model::sqlite::Database db)
        : m_path(std::move(path)), m_db(std::move(db)) {}

    // The archive's row id and retention, or an error naming the archive and the file.
    struct ArchiveRow {
        std::int64_t id = 0;
        int retentionDays = 0;
    };
    [[nodiscard]] Result<ArchiveRow> archiveRow(const model::ElementId &bus, std::string_view name);
    [[nodiscard]] Result<std::uint64_t> purgeRow(const ArchiveRow &row, SimTime now);
    // The first and last row id of an archive's events with from <= eventTime < to (none when
    // it has none), remembered for the window last asked about until the next append or purge:
    // a replay reads one window in many chunks.
    struct IdRange {
        std::int64_t first = 0;
        std::int64_t last = 0;
    };
    [[nodiscard]] Result<std::optional<IdRange>> idRange(std::int64_t archive, SimTime from,
                                                         SimTime to);
    [[nodiscard]] Error fileError(std::string_view what) const;

    std::string m_path;
    model::sqlite::Database m_db;
    // Prepared once, reused by every append. One statement inserting kRowsPerInsert rows runs
    // about a third faster per event than one row per statement (fewer VM starts and cursor
    // openings); the single-row one takes the remainder.
    static constexpr std::size_t kRowsPerInsert = 64;
    std::optional<model::sqlite::Statement> m_insertOne;
    std::optional<model::sqlite::Statement> m_insertMany;
    std::map<std::pair<std::string, std::string>, ArchiveRow, std::less<>> m_rows;
    struct CachedRange {
        std::int64_t archive = 0;
        SimTime from;
        SimTime to;
        std::optional<IdRange> ids;
    };
    std::optional<CachedRange> m_lastRange;
    // readChunk's queries by shape: [append order, by time] x [from the start, after a cursor].
    std::array<std::optional<model::sqlite::Statement>, 4> m_chunkQueries;
    // The run's transaction (beginRun); last, so that it rolls back before anything else goes.
    std::optional<model::sqlite::Transaction> m_run;
};

} // namespace sg::sim
