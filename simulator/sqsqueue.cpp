#include "sqsqueue.h"

#include <algorithm>
#include <functional>

namespace sg::sim {

void SqsQueue::send(std::uint64_t id, SimTime now, SimTime sentAt, std::string group) {
    if (m_settings.fifo) {
        const auto [it, added] =
            m_groupIndex.try_emplace(std::move(group), static_cast<std::uint32_t>(m_groups.size()));
        if (added) {
            m_groups.emplace_back();
        }
        m_groups[it->second].push_back(id);
    } else {
        m_ready.push_back(id);
    }
    m_messages[id] = Message{sentAt, now, 0};
}

// Standard queue: hidden messages whose timeout has ended go back to the ready list, in the order
// they show.
void SqsQueue::reveal(SimTime now) {
    while (!m_hidden.empty() && m_hidden.front().visibleAt <= now) {
        std::pop_heap(m_hidden.begin(), m_hidden.end(), std::greater<>{});
        const Hidden entry = m_hidden.back();
        m_hidden.pop_back();
        const auto it = m_messages.find(entry.id);
        if (it != m_messages.end() && it->second.visibleAt == entry.visibleAt) {
            m_ready.push_back(entry.id);
        }
    }
}

void SqsQueue::take(std::uint64_t id, SimTime now, SqsReceive &out) {
    Message &message = m_messages.at(id);
    if (now - message.sentAt >= m_settings.retention) {
        out.expired.push_back(id);
        m_messages.erase(id);
        return;
    }
    if (m_settings.maxReceiveCount > 0 && message.receives >= m_settings.maxReceiveCount) {
        out.redriven.push_back(id);
        m_messages.erase(id);
        return;
    }
    ++message.receives;
    message.visibleAt = now + m_settings.visibilityTimeout;
    out.received.push_back(id);
    if (!m_settings.fifo) {
        m_hidden.push_back(Hidden{message.visibleAt, m_order++, id});
        std::push_heap(m_hidden.begin(), m_hidden.end(), std::greater<>{});
    }
}

SqsReceive SqsQueue::receive(SimTime now, std::size_t maxMessages) {
    SqsReceive out;
    receiveInto(now, maxMessages, out);
    return out;
}

void SqsQueue::receiveInto(SimTime now, std::size_t maxMessages, SqsReceive &out) {
    out.received.clear();
    out.redriven.clear();
    out.expired.clear();
    if (!m_settings.fifo) {
        reveal(now);
        while (!m_ready.empty() && out.received.size() < maxMessages) {
            const std::uint64_t id = m_ready.front();
            m_ready.pop_front();
            if (m_messages.contains(id)) {
                take(id, now, out);
            }
        }
        return;
    }
    for (std::deque<std::uint64_t> &group : m_groups) {
        // Deleted messages leave the front of their group.
        while (!group.empty() && !m_messages.contains(group.front())) {
            group.pop_front();
        }
        // In order from the front, while the messages are visible: a hidden one blocks the rest.
        std::size_t at = 0;
        while (at < group.size() && out.received.size() < maxMessages) {
            const std::uint64_t id = group[at];
            const auto it = m_messages.find(id);
            if (it == m_messages.end()) {
                group.erase(group.begin() + static_cast<std::ptrdiff_t>(at));
                continue;
            }
            if (it->second.visibleAt > now) {
                break;
            }
            const std::size_t before = out.received.size();
            take(id, now, out);
            if (out.received.size() == before) {
                group.erase(group.begin() + static_cast<std::ptrdiff_t>(at)); // expired or moved
            } else {
                ++at;
            }
        }
    }
}

bool SqsQueue::remove(std::uint64_t id) {
    return m_messages.erase(id) > 0; // its place in the lists is skipped when reached
}

std::optional<SimTime> SqsQueue::nextVisibleAfter(SimTime now) {
    std::optional<SimTime> next;
    if (!m_settings.fifo) {
        while (!m_hidden.empty()) {
            const Hidden &top = m_hidden.front();
            const auto it = m_messages.find(top.id);
            if (it != m_messages.end() && it->second.visibleAt == top.visibleAt) {
                break;
            }
            std::pop_heap(m_hidden.begin(), m_hidden.end(), std::greater<>{});
            m_hidden.pop_back();
        }
        if (!m_hidden.empty() && m_hidden.front().visibleAt > now) {
            next = m_hidden.front().visibleAt;
        }
        return next;
    }
    for (const auto &[id, message] : m_messages) {
        if (message.visibleAt > now && (!next || message.visibleAt < *next)) {
            next = message.visibleAt;
        }
    }
    return next;
}

int SqsQueue::receiveCount(std::uint64_t id) const {
    const auto it = m_messages.find(id);
    return it == m_messages.end() ? 0 : it->second.receives;
}

} // namespace sg::sim
