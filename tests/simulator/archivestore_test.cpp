// The archive store: events appended to a project file come back in time order within a
// half-open window, retention drops exactly what is older, archives survive closing and saving
// the project, and files without archive tables or from a newer Stormglass are refused.

#include "archivestore.h"

#include "arch/project.h"
#include "io/projectfile.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace sg::sim {
namespace {

namespace fs = std::filesystem;
using namespace sg::sim::literals;

const model::ElementId kBus{"orders-bus"};

model::Archive archive(std::string name, int retentionDays, std::string pattern = "") {
    model::Archive out;
    out.name = std::move(name);
    out.retentionDays = retentionDays;
    out.pattern = std::move(pattern);
    return out;
}

// An archived event owning its text, for building appends and collecting reads.
struct Stored {
    std::string id;
    SimTime eventTime;
    SimTime ingestionTime;
    std::string replayName;
    std::string event;
    friend bool operator==(const Stored &, const Stored &) = default;
};

Stored stored(const std::string &id, SimTime eventTime, SimTime ingestionTime) {
    return {id, eventTime, ingestionTime, "", R"({"id":")" + id + R"(","detail":{}})"};
}

std::vector<ArchiveRecord> views(const std::vector<Stored> &events) {
    std::vector<ArchiveRecord> out;
    out.reserve(events.size());
    for (const Stored &e : events) {
        out.push_back({e.id, e.eventTime, e.ingestionTime, e.replayName, e.event});
    }
    return out;
}

std::vector<Stored> readAll(ArchiveStore &store, std::string_view name, SimTime from, SimTime to) {
    std::vector<Stored> out;
    const Result<std::uint64_t> visited =
        store.read(kBus, name, from, to, [&](const ArchiveRecord &r) {
            out.push_back({std::string(r.eventId), r.eventTime, r.ingestionTime,
                           std::string(r.replayName), std::string(r.event)});
            return true;
        });
    EXPECT_TRUE(visited.ok()) << visited.error().message;
    EXPECT_EQ(visited.ok() ? *visited : 0, out.size());
    return out;
}

std::vector<std::string> idsOf(const std::vector<Stored> &events) {
    std::vector<std::string> ids;
    for (const Stored &e : events) {
        ids.push_back(e.id);
    }
    return ids;
}

class ArchiveStoreTest : public testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "sg-archivestore-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(m_dir, ignored);
    }

    [[nodiscard]] std::string file(const std::string &name) const { return m_dir + "/" + name; }

    // A current project file with archive "all" (kept forever) and "recent" (one day).
    [[nodiscard]] std::string project() const {
        const std::string path = file("shop.stormglass");
        const Result<bool> saved = model::saveProjectFile(model::Project(), path);
        EXPECT_TRUE(saved.ok()) << saved.error().message;
        return path;
    }

    [[nodiscard]] static ArchiveStore openDefined(const std::string &path) {
        Result<ArchiveStore> store = ArchiveStore::open(path);
        EXPECT_TRUE(store.ok()) << store.error().message;
        EXPECT_TRUE(store->defineArchive(kBus, archive("all", 0)).ok());
        EXPECT_TRUE(store->defineArchive(kBus, archive("recent", 1)).ok());
        return std::move(*store);
    }

private:
    std::string m_dir;
};

TEST_F(ArchiveStoreTest, AppendedEventsReadBackWithEveryFieldInTimeOrder) {
    ArchiveStore store = openDefined(project());
    std::vector<Stored> events{stored("c", 3_s, 3_s), stored("a", 1_s, 1_s), stored("b1", 2_s, 2_s),
                               stored("b2", 2_s, 2500_ms)};
    events[2].replayName = "replay-1";
    const Result<std::size_t> appended = store.append(kBus, "all", views(events));
    ASSERT_TRUE(appended.ok()) << appended.error().message;
    EXPECT_EQ(*appended, 4U);

    const std::vector<Stored> back = readAll(store, "all", SimTime::zero(), 1_h);
    // Time order; the two events at 2 s in the order they were appended.
    EXPECT_EQ(back, (std::vector<Stored>{events[1], events[2], events[3], events[0]}));
    EXPECT_EQ(*store.count(kBus, "all"), 4U);
    EXPECT_EQ(*store.count(kBus, "recent"), 0U);
}

TEST_F(ArchiveStoreTest, LargeAppendsKeepEveryEventInOrder) {
    // 64-row groups and a remainder: 3 * 64 + 5 in one append, then 64 exactly, then 1.
    ArchiveStore store = openDefined(project());
    std::vector<Stored> events;
    for (int i = 0; i < 3 * 64 + 5 + 64 + 1; ++i) {
        events.push_back(
            stored("e" + std::to_string(i), SimTime::milliseconds(i), SimTime::milliseconds(i)));
    }
    const std::vector<ArchiveRecord> all = views(events);
    const std::span<const ArchiveRecord> records(all);
    EXPECT_EQ(*store.append(kBus, "all", records.subspan(0, 197)), 197U);
    EXPECT_EQ(*store.append(kBus, "all", records.subspan(197, 64)), 64U);
    EXPECT_EQ(*store.append(kBus, "all", records.subspan(261, 1)), 1U);
    EXPECT_EQ(*store.append(kBus, "all", records.subspan(262, 0)), 0U);
    EXPECT_EQ(readAll(store, "all", SimTime::zero(), 1_h), events);
}

TEST_F(ArchiveStoreTest, ReadsTheHalfOpenWindowFromInclusiveToExclusive) {
    ArchiveStore store = openDefined(project());
    std::vector<Stored> events;
    for (int i = 0; i < 10; ++i) {
        events.push_back(stored("e" + std::to_string(i), SimTime::seconds(i), SimTime::seconds(i)));
    }
    ASSERT_TRUE(store.append(kBus, "all", views(events)).ok());
    EXPECT_EQ(idsOf(readAll(store, "all", 2_s, 5_s)), (std::vector<std::string>{"e2", "e3", "e4"}));
    EXPECT_EQ(idsOf(readAll(store, "all", 9_s, 1_h)), std::vector<std::string>{"e9"});
    EXPECT_TRUE(readAll(store, "all", 5_s, 5_s).empty());
    EXPECT_TRUE(readAll(store, "all", 10_s, 1_h).empty());
    EXPECT_EQ(*store.count(kBus, "all", 2_s, 5_s), 3U);
    EXPECT_EQ(*store.count(kBus, "all", 2_s, 2_s + 1_us), 1U);
}

TEST_F(ArchiveStoreTest, AVisitorThatReturnsFalseStopsTheRead) {
    ArchiveStore store = openDefined(project());
    const std::vector<Stored> events{stored("a", 1_s, 1_s), stored("b", 2_s, 2_s),
                                     stored("c", 3_s, 3_s)};
    ASSERT_TRUE(store.append(kBus, "all", views(events)).ok());
    std::vector<std::string> seen;
    const Result<std::uint64_t> visited =
        store.read(kBus, "all", SimTime::zero(), 1_h, [&](const ArchiveRecord &r) {
            seen.emplace_back(r.eventId);
            return seen.size() < 2;
        });
    ASSERT_TRUE(visited.ok());
    EXPECT_EQ(*visited, 2U);
    EXPECT_EQ(seen, (std::vector<std::string>{"a", "b"}));
}

TEST_F(ArchiveStoreTest, ChunkedReadsContinueAfterTheCursorInTimeOrAppendOrder) {
    ArchiveStore store = openDefined(project());
    // Appended as c, a, b1, b2, d: event time order is a, b1, b2, c (d is outside [0, 10 s)).
    std::vector<Stored> events{stored("c", 3_s, 1_s), stored("a", 1_s, 2_s), stored("b1", 2_s, 3_s),
                               stored("b2", 2_s, 4_s), stored("d", 10_s, 5_s)};
    ASSERT_TRUE(store.append(kBus, "all", views(events)).ok());

    auto chunks = [&](bool byTime) {
        std::vector<std::vector<std::string>> out;
        std::optional<std::pair<SimTime, std::int64_t>> after;
        while (true) {
            std::vector<std::string> ids;
            const Result<std::size_t> read =
                store.readChunk(kBus, "all", SimTime::zero(), 10_s, byTime, after, 2,
                                [&](const ArchiveRecord &r, std::int64_t position) {
                                    ids.emplace_back(r.eventId);
                                    after.emplace(r.eventTime, position);
                                });
            EXPECT_TRUE(read.ok()) << read.error().message;
            EXPECT_EQ(read.ok() ? *read : 99U, ids.size());
            out.push_back(ids);
            if (ids.size() < 2) {
                return out;
            }
        }
    };
    EXPECT_EQ(chunks(true), (std::vector<std::vector<std::string>>{{"a", "b1"}, {"b2", "c"}, {}}));
    EXPECT_EQ(chunks(false), (std::vector<std::vector<std::string>>{{"c", "a"}, {"b1", "b2"}, {}}));
}

TEST_F(ArchiveStoreTest, AppendOrderChunksSkipOtherWindowsAndSeeLaterAppends) {
    ArchiveStore store = openDefined(project());
    // Two one-minute windows whose events interleave in append order.
    std::vector<Stored> events{stored("x1", 1_s, 1_s), stored("y1", 70_s, 2_s),
                               stored("x2", 2_s, 3_s), stored("y2", 75_s, 4_s),
                               stored("x3", 3_s, 5_s)};
    ASSERT_TRUE(store.append(kBus, "all", views(events)).ok());
    using Cursor = std::optional<std::pair<SimTime, std::int64_t>>;
    auto chunk = [&](SimTime from, SimTime to, Cursor &after, std::size_t limit) {
        std::vector<std::string> ids;
        const Result<std::size_t> read =
            store.readChunk(kBus, "all", from, to, false, after, limit,
                            [&](const ArchiveRecord &r, std::int64_t position) {
                                ids.emplace_back(r.eventId);
                                after.emplace(r.eventTime, position);
                            });
        EXPECT_TRUE(read.ok()) << read.error().message;
        return ids;
    };
    Cursor x;
    Cursor y;
    EXPECT_EQ(chunk(SimTime::zero(), 60_s, x, 2), (std::vector<std::string>{"x1", "x2"}));
    EXPECT_EQ(chunk(60_s, 120_s, y, 2), (std::vector<std::string>{"y1", "y2"}));
    EXPECT_EQ(chunk(SimTime::zero(), 60_s, x, 2), (std::vector<std::string>{"x3"}));
    EXPECT_EQ(chunk(60_s, 120_s, y, 2), (std::vector<std::string>{}));

    // An event appended now, in the first window, is read by the next pass over it.
    std::vector<Stored> later{stored("x4", 4_s, 6_s)};
    ASSERT_TRUE(store.append(kBus, "all", views(later)).ok());
    Cursor again;
    EXPECT_EQ(chunk(SimTime::zero(), 60_s, again, 10),
              (std::vector<std::string>{"x1", "x2", "x3", "x4"}));
    Cursor empty;
    EXPECT_EQ(chunk(200_s, 260_s, empty, 10), (std::vector<std::string>{}));
}

TEST_F(ArchiveStoreTest, RetentionDropsOnlyEventsIngestedBeforeTheRetentionWindow) {
    ArchiveStore store = openDefined(project());
    const std::vector<Stored> events{stored("0h", 0_h, 0_h), stored("11h", 11_h, 11_h),
                                     stored("12h", 12_h, 12_h), stored("30h", 30_h, 30_h)};
    ASSERT_TRUE(store.append(kBus, "recent", views(events)).ok());
    ASSERT_TRUE(store.append(kBus, "all", views(events)).ok());

    // At 36 h a one-day retention keeps what was ingested at 12 h or later.
    const Result<std::uint64_t> purged = store.purgeExpired(kBus, "recent", 36_h);
    ASSERT_TRUE(purged.ok()) << purged.error().message;
    EXPECT_EQ(*purged, 2U);
    EXPECT_EQ(idsOf(readAll(store, "recent", SimTime::zero(), 48_h)),
              (std::vector<std::string>{"12h", "30h"}));
    // Kept forever.
    EXPECT_EQ(*store.purgeExpired(kBus, "all", 1000_h), 0U);
    EXPECT_EQ(*store.count(kBus, "all"), 4U);
    // Every archive at once; before a whole retention has passed nothing goes.
    EXPECT_EQ(*store.purgeExpired(20_h), 0U);
    EXPECT_EQ(*store.purgeExpired(50_h), 1U);
    EXPECT_EQ(idsOf(readAll(store, "recent", SimTime::zero(), 48_h)),
              std::vector<std::string>{"30h"});
}

TEST_F(ArchiveStoreTest, RedefiningAnArchiveChangesItsRetentionAndKeepsItsEvents) {
    const std::string path = project();
    ArchiveStore store = openDefined(path);
    ASSERT_TRUE(store.append(kBus, "all", views({stored("a", 1_h, 1_h)})).ok());
    ASSERT_TRUE(store.defineArchive(kBus, archive("all", 7, R"({"source":["shop"]})")).ok());
    const Result<std::vector<ArchiveInfo>> infos = store.archives();
    ASSERT_TRUE(infos.ok()) << infos.error().message;
    EXPECT_EQ(*infos, (std::vector<ArchiveInfo>{{kBus, "all", R"({"source":["shop"]})", 7, 1},
                                                {kBus, "recent", "", 1, 0}}));
    EXPECT_EQ(*store.purgeExpired(kBus, "all", 7 * 24_h + 1_h), 0U);
    EXPECT_EQ(*store.purgeExpired(kBus, "all", 7 * 24_h + 1_h + 1_us), 1U);
}

TEST_F(ArchiveStoreTest, EventsSurviveClosingReopeningAndSavingTheProject) {
    const std::string path = project();
    {
        ArchiveStore store = openDefined(path);
        ASSERT_TRUE(
            store.append(kBus, "all", views({stored("a", 1_s, 1_s), stored("b", 2_s, 2_s)})).ok());
        ASSERT_TRUE(store.close().ok());
    }
    // A save of the model in place leaves the archives alone.
    ASSERT_TRUE(model::saveProjectFile(model::Project(), path).ok());
    Result<ArchiveStore> reopened = ArchiveStore::open(path);
    ASSERT_TRUE(reopened.ok()) << reopened.error().message;
    EXPECT_EQ(idsOf(readAll(*reopened, "all", SimTime::zero(), 1_h)),
              (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(model::openProjectFile(path).ok());
}

TEST_F(ArchiveStoreTest, AppendingToAnUndefinedArchiveFailsNamingItAndTheFile) {
    const std::string path = project();
    Result<ArchiveStore> store = ArchiveStore::open(path);
    ASSERT_TRUE(store.ok());
    const Result<std::size_t> appended =
        store->append(kBus, "missing", views({stored("a", 1_s, 1_s)}));
    ASSERT_FALSE(appended.ok());
    EXPECT_EQ(appended.error().message,
              path + ": there is no archive \"missing\" of bus \"orders-bus\"");
    EXPECT_FALSE(store
                     ->read(kBus, "missing", SimTime::zero(), 1_h,
                            [](const ArchiveRecord &) { return true; })
                     .ok());
}

TEST_F(ArchiveStoreTest, RefusesAProjectFileWithoutArchiveTables) {
    const std::string path = file("old.stormglass");
    ASSERT_TRUE(model::createProjectFileAtVersion(path, 1).ok());
    const Result<ArchiveStore> store = ArchiveStore::open(path);
    ASSERT_FALSE(store.ok());
    EXPECT_TRUE(store.error().message.starts_with(path + ": has no archive tables"))
        << store.error().message;
}

TEST_F(ArchiveStoreTest, OpensAFileCreatedAtTheFirstVersionWithArchives) {
    const std::string path = file("v2.stormglass");
    ASSERT_TRUE(model::createProjectFileAtVersion(path, 2).ok());
    Result<ArchiveStore> store = ArchiveStore::open(path);
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_TRUE(store->defineArchive(kBus, archive("all", 0)).ok());
}

TEST_F(ArchiveStoreTest, RefusesAFileFromANewerStormglass) {
    const std::string path = file("future.stormglass");
    fs::copy_file(fs::path(SG_TEST_DATA_DIR) / "projectfile" / "future-version.stormglass", path);
    const Result<ArchiveStore> store = ArchiveStore::open(path);
    ASSERT_FALSE(store.ok());
    EXPECT_TRUE(store.error().message.starts_with(path + ": written by a newer Stormglass"))
        << store.error().message;
}

TEST_F(ArchiveStoreTest, RefusesAMissingFileAndAFileThatIsNotAProject) {
    const std::string missing = file("nowhere.stormglass");
    const Result<ArchiveStore> absent = ArchiveStore::open(missing);
    ASSERT_FALSE(absent.ok());
    EXPECT_TRUE(absent.error().message.starts_with(missing + ": ")) << absent.error().message;
    EXPECT_FALSE(fs::exists(missing));

    const std::string text = file("notes.stormglass");
    std::ofstream(text) << "these are not the archives you are looking for\n";
    const Result<ArchiveStore> garbage = ArchiveStore::open(text);
    ASSERT_FALSE(garbage.ok());
    EXPECT_TRUE(garbage.error().message.starts_with(text + ": not a Stormglass project"))
        << garbage.error().message;
}

} // namespace
} // namespace sg::sim
