#include "metrics.h"

#include <array>
#include <utility>

namespace sg::sim {

namespace {

using CounterField = std::uint64_t ElementCounters::*;

constexpr std::array<std::pair<std::string_view, CounterField>, 10> kCounters{{
    {"put", &ElementCounters::put},
    {"matched", &ElementCounters::matched},
    {"invoked", &ElementCounters::invoked},
    {"succeeded", &ElementCounters::succeeded},
    {"failed", &ElementCounters::failed},
    {"retried", &ElementCounters::retried},
    {"throttled", &ElementCounters::throttled},
    {"sent_to_dlq", &ElementCounters::sentToDlq},
    {"dropped", &ElementCounters::dropped},
    {"received", &ElementCounters::received},
}};

} // namespace

std::optional<std::uint64_t> counterByName(const ElementCounters &counters, std::string_view name) {
    for (const auto &[counterName, field] : kCounters) {
        if (counterName == name) {
            return counters.*field;
        }
    }
    return std::nullopt;
}

bool isCounterName(std::string_view name) {
    for (const auto &entry : kCounters) {
        if (entry.first == name) {
            return true;
        }
    }
    return false;
}

} // namespace sg::sim
