#include "replay.h"

#include <algorithm>
#include <chrono>

namespace sg::sim {

namespace {

// Whether event (time, position) comes after the cursor in `order`.
bool isAfter(SimTime time, std::int64_t position, ArchiveOrder order,
             const std::optional<ArchiveCursor> &after) {
    if (!after) {
        return true;
    }
    if (order == ArchiveOrder::Append) {
        return position > after->position;
    }
    return time > after->eventTime || (time == after->eventTime && position > after->position);
}

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

} // namespace

std::string_view replayStateName(ReplayState state) {
    switch (state) {
    case ReplayState::Starting:
        return "STARTING";
    case ReplayState::Running:
        return "RUNNING";
    case ReplayState::Cancelling:
        return "CANCELLING";
    case ReplayState::Completed:
        return "COMPLETED";
    case ReplayState::Cancelled:
        return "CANCELLED";
    case ReplayState::Failed:
        return "FAILED";
    }
    return "UNKNOWN";
}

// ---- MemoryArchive ------------------------------------------------------------------------

Result<bool> MemoryArchive::append(const ArchiveRef &archive,
                                   std::span<const ArchivedEvent> events) {
    ++m_appendCalls;
    std::vector<Stored> &list = m_archives[archive];
    for (const ArchivedEvent &e : events) {
        list.push_back(Stored{e.eventId, e.eventTime, e.ingestionTime, e.event});
    }
    return true;
}

Result<std::uint64_t> MemoryArchive::count(const ArchiveRef &archive, SimTime from, SimTime to) {
    std::uint64_t n = 0;
    for (const Stored &e : events(archive)) {
        n += (e.eventTime >= from && e.eventTime < to) ? 1 : 0;
    }
    return n;
}

Result<std::size_t> MemoryArchive::readChunk(const ArchiveRef &archive, SimTime from, SimTime to,
                                             ArchiveOrder order,
                                             const std::optional<ArchiveCursor> &after,
                                             std::size_t limit, const ArchiveChunkVisitor &visit) {
    const std::vector<Stored> &list = events(archive);
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Stored &e = list[i];
        if (e.eventTime >= from && e.eventTime < to &&
            isAfter(e.eventTime, static_cast<std::int64_t>(i + 1), order, after)) {
            chosen.push_back(i);
        }
    }
    if (order == ArchiveOrder::EventTime) {
        std::stable_sort(chosen.begin(), chosen.end(), [&](std::size_t a, std::size_t b) {
            return list[a].eventTime < list[b].eventTime;
        });
    }
    const std::size_t n = std::min(limit, chosen.size());
    for (std::size_t k = 0; k < n; ++k) {
        const Stored &e = list[chosen[k]];
        ArchiveRecord record;
        record.eventId = e.eventId;
        record.eventTime = e.eventTime;
        record.ingestionTime = e.ingestionTime;
        record.event = e.event;
        visit(record, static_cast<std::int64_t>(chosen[k] + 1)); // positions start at 1, as row ids
    }
    return n;
}

const std::vector<MemoryArchive::Stored> &MemoryArchive::events(const ArchiveRef &archive) const {
    static const std::vector<Stored> kNone;
    const auto it = m_archives.find(archive);
    return it == m_archives.end() ? kNone : it->second;
}

// ---- StoreArchive -------------------------------------------------------------------------

Result<bool> StoreArchive::append(const ArchiveRef &archive,
                                  std::span<const ArchivedEvent> events) {
    m_views.clear();
    m_views.reserve(events.size());
    for (const ArchivedEvent &e : events) {
        ArchiveRecord record;
        record.eventId = e.eventId;
        record.eventTime = e.eventTime;
        record.ingestionTime = e.ingestionTime;
        record.event = e.event;
        m_views.push_back(record);
    }
    Result<std::size_t> appended =
        m_store.append(model::ElementId{archive.bus}, archive.name, m_views);
    m_views.clear();
    if (!appended) {
        return appended.error();
    }
    return true;
}

Result<std::uint64_t> StoreArchive::count(const ArchiveRef &archive, SimTime from, SimTime to) {
    return m_store.count(model::ElementId{archive.bus}, archive.name, from, to);
}

Result<std::size_t> StoreArchive::readChunk(const ArchiveRef &archive, SimTime from, SimTime to,
                                            ArchiveOrder order,
                                            const std::optional<ArchiveCursor> &after,
                                            std::size_t limit, const ArchiveChunkVisitor &visit) {
    std::optional<std::pair<SimTime, std::int64_t>> cursor;
    if (after) {
        cursor.emplace(after->eventTime, after->position);
    }
    return m_store.readChunk(model::ElementId{archive.bus}, archive.name, from, to,
                             order == ArchiveOrder::EventTime, cursor, limit, visit);
}

// ---- ISO 8601 -----------------------------------------------------------------------------

std::optional<SimTime> parseIsoTime(std::string_view text, const GeneratorSettings &settings) {
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)
    const auto year = digits(text, 0, 4);
    const auto month = digits(text, 5, 2);
    const auto day = digits(text, 8, 2);
    const auto hour = digits(text, 11, 2);
    const auto minute = digits(text, 14, 2);
    const auto second = digits(text, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second || text.size() < 20 ||
        text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
        text[13] != ':' || text[16] != ':' || *hour > 23 || *minute > 59 || *second > 60) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year(*year),
                                           std::chrono::month(static_cast<unsigned>(*month)),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok()) {
        return std::nullopt;
    }
    std::size_t at = 19;
    SimTime::Rep fraction = 0;
    if (text[at] == '.') {
        ++at;
        SimTime::Rep scale = 100'000;
        const std::size_t first = at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            fraction += scale * (text[at] - '0');
            scale /= 10;
            ++at;
        }
        if (at == first) {
            return std::nullopt;
        }
    }
    SimTime::Rep offsetSeconds = 0;
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z') && at + 1 == text.size()) {
        offsetSeconds = 0;
    } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') &&
               text[at + 3] == ':') {
        const auto oh = digits(text, at + 1, 2);
        const auto om = digits(text, at + 4, 2);
        if (!oh || !om || *oh > 23 || *om > 59) {
            return std::nullopt;
        }
        offsetSeconds = (*oh * 3600 + *om * 60) * (text[at] == '+' ? 1 : -1);
    } else {
        return std::nullopt;
    }
    const SimTime::Rep days = std::chrono::sys_days(date).time_since_epoch().count();
    const SimTime::Rep unix = days * 86'400 + *hour * 3600 + *minute * 60 + *second - offsetSeconds;
    return SimTime::microseconds((unix - settings.startUnixSeconds) * SimTime::kMicrosPerSecond +
                                 fraction);
}

} // namespace sg::sim
