#pragma once
// An SQS queue as its reader sees it: the layer behind a queue target. EventBridge's delivery
// ends with SendMessage; then the messages wait for a reader (Lambda's SQS event source polls
// them in batches). From the SQS developer guide ("Amazon SQS visibility timeout", "Using
// dead-letter queues in Amazon SQS", "Amazon SQS message retention"):
//   - a received message is hidden for the visibility timeout; unless the reader deletes it (it
//     succeeded), it is visible again when the timeout ends, and its receive count has grown;
//   - with a redrive policy, a message received maxReceiveCount times is moved to the
//     dead-letter queue instead of being received again; the dead-letter queue keeps its
//     original enqueue time, so it ages from when it was first sent;
//   - a message older than the retention period is deleted, whether or not anyone read it;
//   - in a FIFO queue, a message of a group being read (hidden) holds up the later messages of
//     that group.
// The queue only keeps ids and times: what a message carries stays with its owner.

#include "simtime.h"

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sg::sim {

struct SqsSettings {
    SimTime visibilityTimeout = SimTime::seconds(30);
    SimTime retention = SimTime::seconds(345600);
    int maxReceiveCount = 0; // the redrive policy's; 0: no redrive policy
    bool fifo = false;
};

// What one ReceiveMessage call did.
struct SqsReceive {
    std::vector<std::uint64_t> received; // now hidden for the visibility timeout, oldest first
    std::vector<std::uint64_t> redriven; // moved to the dead-letter queue (maxReceiveCount)
    std::vector<std::uint64_t> expired;  // deleted by retention
};

class SqsQueue {
public:
    explicit SqsQueue(SqsSettings settings) : m_settings(settings) {}

    [[nodiscard]] const SqsSettings &settings() const { return m_settings; }

    // SendMessage: `id` is the caller's, unique among messages in this queue. `sentAt` is the
    // message's first enqueue time (a redriven message keeps the one of its source queue).
    void send(std::uint64_t id, SimTime now, SimTime sentAt, std::string group = {});

    // Up to `maxMessages` visible messages at `now`, oldest first (a FIFO queue: in order within
    // each group, never a message behind a hidden one of its group); on the way, deletes what
    // retention has expired and moves what has reached maxReceiveCount, which do not count
    // towards `maxMessages`.
    [[nodiscard]] SqsReceive receive(SimTime now, std::size_t maxMessages);
    // The same into `out` (cleared first), whose vectors keep their storage between calls.
    void receiveInto(SimTime now, std::size_t maxMessages, SqsReceive &out);

    // DeleteMessage: the reader processed `id`. False when it is not in the queue.
    bool remove(std::uint64_t id);

    // The earliest time after `now` at which a hidden message becomes visible again.
    [[nodiscard]] std::optional<SimTime> nextVisibleAfter(SimTime now);

    // Messages in the queue, visible or hidden.
    [[nodiscard]] std::size_t size() const { return m_messages.size(); }
    [[nodiscard]] int receiveCount(std::uint64_t id) const;

private:
    struct Message {
        SimTime sentAt;
        SimTime visibleAt; // hidden until then
        int receives = 0;
    };
    struct Hidden {
        SimTime visibleAt;
        std::uint64_t order = 0;
        std::uint64_t id = 0;
        friend auto operator<=>(const Hidden &, const Hidden &) = default;
    };

    // Receives `id`, or deletes it (expired) or moves it (redriven) instead.
    void take(std::uint64_t id, SimTime now, SqsReceive &out);
    void reveal(SimTime now);

    SqsSettings m_settings;
    std::unordered_map<std::uint64_t, Message> m_messages;
    // Standard queue: messages ready to receive in order, and the hidden ones by when they show.
    std::deque<std::uint64_t> m_ready;
    std::vector<Hidden> m_hidden; // a min-heap; entries of deleted messages are skipped
    std::uint64_t m_order = 0;
    // FIFO queue: each group's messages in order (a hidden head blocks the group), groups in the
    // order they first appeared.
    std::vector<std::deque<std::uint64_t>> m_groups;
    std::unordered_map<std::string, std::uint32_t> m_groupIndex;
};

} // namespace sg::sim
