#include "entrysize.h"

#include "core/jsonsize.h"

#include <string>

namespace sg::model {

namespace {

std::size_t utf8Bytes(const nlohmann::ordered_json &value) {
    return value.is_string() ? value.get_ref<const std::string &>().size() : 0;
}

} // namespace

std::size_t putEventsEntrySize(const nlohmann::ordered_json &event) {
    if (!event.is_object()) {
        return 0;
    }
    std::size_t size = 0;
    if (event.contains("time")) {
        size += kEntryTimeBytes;
    }
    if (const auto it = event.find("source"); it != event.end()) {
        size += utf8Bytes(*it);
    }
    if (const auto it = event.find("detail-type"); it != event.end()) {
        size += utf8Bytes(*it);
    }
    if (const auto it = event.find("detail"); it != event.end()) {
        size += compactJsonSize(*it); // Detail travels as JSON text, in its compact form
    }
    if (const auto it = event.find("resources"); it != event.end() && it->is_array()) {
        for (const nlohmann::ordered_json &resource : *it) {
            size += utf8Bytes(resource);
        }
    }
    return size;
}

} // namespace sg::model
