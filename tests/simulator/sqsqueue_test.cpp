// An SQS queue as its reader sees it (simulator/sqsqueue): visibility timeouts, redrive after
// maxReceiveCount, retention and FIFO groups, with the SQS developer guide's rules.

#include "sqsqueue.h"

#include <gtest/gtest.h>

#include <vector>

namespace sg::sim {
namespace {

using namespace sg::sim::literals;
using Ids = std::vector<std::uint64_t>;

SqsSettings redriveAfter(int receives) {
    SqsSettings settings;
    settings.maxReceiveCount = receives;
    return settings;
}

// "Amazon SQS visibility timeout": a received message is hidden for the visibility timeout and,
// unless deleted, received again afterwards. "Using dead-letter queues": when the receive count
// reaches maxReceiveCount, the message is moved to the dead-letter queue.
TEST(SqsQueue, AMessageFailingMaxReceiveCountTimesIsRedrivenAfterThatManyVisibilityTimeouts) {
    SqsQueue queue(redriveAfter(3));
    queue.send(7, 0_s, 0_s);
    SimTime now = 0_s;
    for (int receive = 1; receive <= 3; ++receive) {
        SqsReceive got = queue.receive(now, 10);
        ASSERT_EQ(got.received, Ids{7}) << "receive " << receive;
        EXPECT_EQ(queue.receiveCount(7), receive);
        // Hidden until the timeout ends: nothing to receive meanwhile.
        EXPECT_TRUE(queue.receive(now + 29_s, 10).received.empty());
        ASSERT_EQ(queue.nextVisibleAfter(now), now + 30_s);
        now = *queue.nextVisibleAfter(now); // the reader failed: not deleted
    }
    EXPECT_EQ(now, 90_s); // three visibility timeouts
    const SqsReceive last = queue.receive(now, 10);
    EXPECT_TRUE(last.received.empty());
    EXPECT_EQ(last.redriven, Ids{7});
    EXPECT_EQ(queue.size(), 0u);
}

TEST(SqsQueue, ADeletedMessageIsNotReceivedAgainAndWithoutRedriveAFailingOneComesBackForever) {
    SqsQueue queue(SqsSettings{});
    queue.send(1, 0_s, 0_s);
    queue.send(2, 0_s, 0_s);
    ASSERT_EQ(queue.receive(0_s, 10).received, (Ids{1, 2}));
    EXPECT_TRUE(queue.remove(1)); // processed
    EXPECT_FALSE(queue.remove(1));
    SimTime now = 0_s;
    for (int i = 0; i < 50; ++i) {
        now = *queue.nextVisibleAfter(now);
        ASSERT_EQ(queue.receive(now, 10).received, Ids{2});
    }
    EXPECT_EQ(queue.receiveCount(2), 51);
}

TEST(SqsQueue, ABatchTakesAtMostItsSizeOldestFirst) {
    SqsQueue queue(SqsSettings{});
    for (std::uint64_t id = 1; id <= 5; ++id) {
        queue.send(id, SimTime::seconds(static_cast<SimTime::Rep>(id)), 0_s);
    }
    EXPECT_EQ(queue.receive(10_s, 2).received, (Ids{1, 2}));
    EXPECT_EQ(queue.receive(10_s, 2).received, (Ids{3, 4}));
    EXPECT_EQ(queue.receive(10_s, 2).received, (Ids{5}));
    EXPECT_TRUE(queue.receive(10_s, 2).received.empty());
}

// "Amazon SQS message retention": a message older than the retention period is deleted; a
// redriven message keeps its first enqueue time ("the expiration of a message is always based on
// its original enqueue timestamp").
TEST(SqsQueue, RetentionDeletesMessagesByTheirFirstEnqueueTime) {
    SqsSettings settings;
    settings.retention = 60_s;
    SqsQueue deadLetters(settings);
    deadLetters.send(3, 50_s, 10_s); // redriven at 50 s, first sent at 10 s
    deadLetters.send(4, 50_s, 50_s);
    const SqsReceive got = deadLetters.receive(70_s, 10);
    EXPECT_EQ(got.expired, Ids{3});
    EXPECT_EQ(got.received, Ids{4});
}

// "FIFO queue logic": while a message of a group is in flight, the later messages of that group
// wait; other groups go on.
TEST(SqsQueue, InAFifoQueueAFailingMessageHoldsUpTheRestOfItsGroupOnly) {
    SqsSettings settings;
    settings.fifo = true;
    SqsQueue queue(settings);
    queue.send(1, 0_s, 0_s, "orders");
    queue.send(2, 0_s, 0_s, "orders");
    queue.send(3, 0_s, 0_s, "refunds");
    EXPECT_EQ(queue.receive(0_s, 1).received, Ids{1});
    // 1 is hidden: 2 waits behind it, 3 (another group) does not.
    EXPECT_EQ(queue.receive(1_s, 10).received, Ids{3});
    EXPECT_TRUE(queue.receive(2_s, 10).received.empty());
    // 1 failed: it comes back first when its timeout ends, still ahead of 2.
    EXPECT_EQ(queue.receive(30_s, 1).received, Ids{1});
    ASSERT_TRUE(queue.remove(1));
    // 3 was never deleted either: it is visible again from 31 s.
    EXPECT_EQ(queue.receive(31_s, 10).received, (Ids{2, 3}));
}

} // namespace
} // namespace sg::sim
