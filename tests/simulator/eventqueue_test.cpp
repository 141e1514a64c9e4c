// EventQueue: pop order by (time, priority, insertion sequence), cancellation (including stale
// ids and slot reuse), callback lifetimes, compaction of cancelled keys, and agreement with a
// simple sorted reference under random pushes, pops and cancels.

#include "eventqueue.h"
#include "kernel.h"
#include "random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>
#include <vector>

namespace sg::sim {
namespace {

using namespace sg::sim::literals;

// A callback that does nothing; the tests look at the keys that pop.
EventCallback noop() {
    return [](Kernel &) {
    };
}

// Pops everything, returning the sequence numbers in pop order.
std::vector<std::uint64_t> drain(EventQueue &queue) {
    std::vector<std::uint64_t> order;
    while (!queue.empty()) {
        order.push_back(queue.pop().sequence);
    }
    return order;
}

TEST(EventQueue, StartsEmpty) {
    EventQueue queue;
    EXPECT_TRUE(queue.empty());
    EXPECT_EQ(queue.size(), 0U);
    EXPECT_EQ(queue.heapEntryCount(), 0U);
}

TEST(EventQueue, SequenceNumbersStartAtOneAndGrow) {
    EventQueue queue;
    EXPECT_EQ(queue.push(5_s, 0, noop()).sequence(), 1U);
    EXPECT_EQ(queue.push(1_s, 0, noop()).sequence(), 2U);
    EXPECT_EQ(queue.push(3_s, 0, noop()).sequence(), 3U);
    EXPECT_EQ(queue.size(), 3U);
}

TEST(EventQueue, PopsEarliestTimeFirst) {
    EventQueue queue;
    queue.push(30_s, 0, noop()); // 1
    queue.push(10_s, 0, noop()); // 2
    queue.push(20_s, 0, noop()); // 3
    queue.push(1_us, 0, noop()); // 4
    EXPECT_EQ(queue.nextTime(), 1_us);
    EXPECT_EQ(drain(queue), (std::vector<std::uint64_t>{4, 2, 3, 1}));
}

TEST(EventQueue, AtTheSameTimeLowerPriorityFirst) {
    EventQueue queue;
    queue.push(1_s, 5, noop());  // 1
    queue.push(1_s, -3, noop()); // 2
    queue.push(1_s, 0, noop());  // 3
    queue.push(1_s, 2, noop());  // 4
    EXPECT_EQ(drain(queue), (std::vector<std::uint64_t>{2, 3, 4, 1}));
}

TEST(EventQueue, FullTiesPopInInsertionOrder) {
    EventQueue queue;
    for (int i = 0; i < 100; ++i) {
        queue.push(7_s, 1, noop());
    }
    std::vector<std::uint64_t> expected(100);
    for (std::uint64_t i = 0; i < 100; ++i) {
        expected[i] = i + 1;
    }
    EXPECT_EQ(drain(queue), expected);
}

TEST(EventQueue, OrdersByTimeThenPriorityThenSequence) {
    EventQueue queue;
    queue.push(2_s, 0, noop());  // 1
    queue.push(1_s, 1, noop());  // 2
    queue.push(1_s, 0, noop());  // 3
    queue.push(2_s, -1, noop()); // 4
    queue.push(1_s, 1, noop());  // 5
    queue.push(1_s, 0, noop());  // 6
    queue.push(0_s, 9, noop());  // 7
    EXPECT_EQ(drain(queue), (std::vector<std::uint64_t>{7, 3, 6, 2, 5, 4, 1}));
}

TEST(EventQueue, PopHandsOverTimePriorityAndCallback) {
    EventQueue queue;
    int ran = 0;
    queue.push(3_s, -2, [&ran](Kernel &) { ran = 42; });
    PoppedEvent event = queue.pop();
    EXPECT_EQ(event.time, 3_s);
    EXPECT_EQ(event.priority, -2);
    EXPECT_EQ(event.sequence, 1U);
    ASSERT_TRUE(event.callback);
    Kernel kernel;
    event.callback(kernel);
    EXPECT_EQ(ran, 42);
}

TEST(EventQueue, CancelRemovesOnlyThatEvent) {
    EventQueue queue;
    const EventId a = queue.push(1_s, 0, noop());
    const EventId b = queue.push(2_s, 0, noop());
    const EventId c = queue.push(3_s, 0, noop());
    EXPECT_TRUE(queue.isPending(b));
    EXPECT_TRUE(queue.cancel(b));
    EXPECT_FALSE(queue.isPending(b));
    EXPECT_TRUE(queue.isPending(a));
    EXPECT_TRUE(queue.isPending(c));
    EXPECT_EQ(queue.size(), 2U);
    EXPECT_EQ(drain(queue), (std::vector<std::uint64_t>{1, 3}));
}

TEST(EventQueue, CancelTheNextEventMovesNextTime) {
    EventQueue queue;
    const EventId first = queue.push(1_s, 0, noop());
    queue.push(5_s, 0, noop());
    EXPECT_TRUE(queue.cancel(first));
    EXPECT_EQ(queue.nextTime(), 5_s);
    EXPECT_EQ(queue.heapEntryCount(), 1U); // a cancelled top is dropped at once
}

TEST(EventQueue, CancelIsFalseForIdsThatNameNoPendingEvent) {
    EventQueue queue;
    EXPECT_FALSE(queue.cancel(EventId()));
    EXPECT_FALSE(queue.isPending(EventId()));
    const EventId popped = queue.push(1_s, 0, noop());
    const EventId cancelled = queue.push(2_s, 0, noop());
    EXPECT_TRUE(queue.cancel(cancelled));
    EXPECT_FALSE(queue.cancel(cancelled)); // twice
    static_cast<void>(queue.pop());
    EXPECT_FALSE(queue.cancel(popped)); // already taken
    EXPECT_TRUE(queue.empty());
}

TEST(EventQueue, StaleIdDoesNotCancelTheEventThatReusedItsSlot) {
    EventQueue queue;
    const EventId old = queue.push(1_s, 0, noop());
    ASSERT_TRUE(queue.cancel(old));
    const EventId reused = queue.push(2_s, 0, noop()); // takes the freed slot
    EXPECT_FALSE(queue.isPending(old));
    EXPECT_FALSE(queue.cancel(old));
    EXPECT_TRUE(queue.isPending(reused));
    EXPECT_EQ(queue.size(), 1U);
    EXPECT_NE(old, reused);
}

TEST(EventQueue, CancelAndPopReleaseTheCallbackAtOnce) {
    EventQueue queue;
    auto token = std::make_shared<int>(0);
    const EventId cancelled = queue.push(2_s, 0, [token](Kernel &) {});
    queue.push(1_s, 0, [token](Kernel &) {});
    EXPECT_EQ(token.use_count(), 3);
    queue.cancel(cancelled); // not the top: its key stays, its callback goes
    EXPECT_EQ(token.use_count(), 2);
    {
        PoppedEvent event = queue.pop();
        EXPECT_EQ(token.use_count(), 2); // now owned by `event`
    }
    EXPECT_EQ(token.use_count(), 1);
}

TEST(EventQueue, ClearDropsEverythingAndKeepsIdsDead) {
    EventQueue queue;
    auto token = std::make_shared<int>(0);
    const EventId before = queue.push(1_s, 0, [token](Kernel &) {});
    queue.push(2_s, 0, noop());
    queue.clear();
    EXPECT_TRUE(queue.empty());
    EXPECT_EQ(queue.heapEntryCount(), 0U);
    EXPECT_EQ(token.use_count(), 1);
    const EventId after = queue.push(1_s, 0, noop());
    EXPECT_EQ(after.sequence(), 3U);
    EXPECT_FALSE(queue.isPending(before));
    EXPECT_FALSE(queue.cancel(before));
    EXPECT_TRUE(queue.isPending(after));
}

TEST(EventQueue, CompactsWhenCancelledKeysOutnumberLiveOnes) {
    EventQueue queue;
    std::vector<EventId> ids;
    for (int i = 0; i < 10'000; ++i) {
        ids.push_back(queue.push(SimTime::seconds(10'000 - i), 0, noop()));
    }
    // Cancel every event but each tenth, latest times first, so the top stays live and the dead
    // keys stay in the heap until compaction.
    for (int i = 0; i < 10'000; ++i) {
        if (i % 10 != 9) {
            ASSERT_TRUE(queue.cancel(ids[static_cast<std::size_t>(i)]));
        }
        // Dead keys: fewer than 1024, or no more than live ones.
        ASSERT_LE(queue.heapEntryCount(), std::max(queue.size() + 1023, 2 * queue.size()));
    }
    EXPECT_EQ(queue.size(), 1'000U);
    EXPECT_LE(queue.heapEntryCount(), 2'023U); // 9,000 without compaction
    // Order is intact after the rebuilds: 1 s, 11 s, ..., 9991 s.
    SimTime previous = SimTime::zero();
    std::size_t popped = 0;
    while (!queue.empty()) {
        const PoppedEvent event = queue.pop();
        EXPECT_GT(event.time, previous);
        EXPECT_EQ(event.time.micros() % SimTime::seconds(10).micros(),
                  SimTime::seconds(1).micros());
        previous = event.time;
        ++popped;
    }
    EXPECT_EQ(popped, 1'000U);
    EXPECT_EQ(previous, 9991_s);
}

// Random pushes, pops and cancels, checked against a std::map keyed by (time, priority,
// sequence), which is the specification of the order. Phases with many cancels make the queue
// compact itself now and then.
TEST(EventQueue, AgreesWithASortedReferenceUnderRandomOperations) {
    using Key = std::tuple<std::int64_t, Priority, std::uint64_t>;
    EventQueue queue;
    std::map<Key, EventId> reference;
    std::map<std::uint64_t, Key> keyOfSequence;
    std::vector<EventId> issued;
    RandomStream rng(2024, "eventqueue fuzz");
    std::size_t maxHeapEntries = 0;
    for (int round = 0; round < 200'000; ++round) {
        const bool cancelPhase = (round / 20'000) % 2 == 1;
        const std::int64_t op = rng.uniformInt(0, 9);
        const std::int64_t pushBelow = cancelPhase ? 4 : 5;
        const std::int64_t popBelow = cancelPhase ? 5 : 8;
        if (op < pushBelow) {
            const SimTime time = SimTime::microseconds(rng.uniformInt(0, 50'000));
            const auto priority = static_cast<Priority>(rng.uniformInt(-2, 2));
            const EventId id = queue.push(time, priority, noop());
            const Key key{time.micros(), priority, id.sequence()};
            reference.emplace(key, id);
            keyOfSequence.emplace(id.sequence(), key);
            issued.push_back(id);
        } else if (op < popBelow) {
            ASSERT_EQ(queue.empty(), reference.empty());
            if (!reference.empty()) {
                ASSERT_EQ(queue.nextTime().micros(), std::get<0>(reference.begin()->first));
                const PoppedEvent event = queue.pop();
                const auto [time, priority, sequence] = reference.begin()->first;
                ASSERT_EQ(event.time.micros(), time);
                ASSERT_EQ(event.priority, priority);
                ASSERT_EQ(event.sequence, sequence);
                keyOfSequence.erase(sequence);
                reference.erase(reference.begin());
            }
        } else if (!issued.empty()) {
            const auto pick = static_cast<std::size_t>(
                rng.uniformInt(0, static_cast<std::int64_t>(issued.size()) - 1));
            const EventId id = issued[pick];
            const auto found = keyOfSequence.find(id.sequence());
            ASSERT_EQ(queue.isPending(id), found != keyOfSequence.end());
            ASSERT_EQ(queue.cancel(id), found != keyOfSequence.end());
            if (found != keyOfSequence.end()) {
                reference.erase(found->second);
                keyOfSequence.erase(found);
            }
        }
        ASSERT_EQ(queue.size(), reference.size());
        ASSERT_LE(queue.heapEntryCount(), std::max(queue.size() + 1023, 2 * queue.size()));
        maxHeapEntries = std::max(maxHeapEntries, queue.heapEntryCount());
        if (issued.size() > 20'000) {
            issued.erase(issued.begin(), issued.begin() + 10'000);
        }
    }
    EXPECT_GT(maxHeapEntries, 10'000U); // the queue did get large
}

} // namespace
} // namespace sg::sim
