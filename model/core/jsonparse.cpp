#include "jsonparse.h"

#include "jsoncheck.h"

#include <simdjson.h>

#include <string>
#include <unordered_set>
#include <utility>

namespace sg {

namespace {

using Json = nlohmann::ordered_json;
using simdjson::dom::element;
using simdjson::dom::element_type;

// What the parser holds before the first document (it grows to the largest document read).
constexpr std::size_t kInitialCapacity = 4096;

// Objects up to this many members look for a repeated key by scanning; bigger ones keep a set.
constexpr std::size_t kScanLimit = 16;

Json build(element value);

Json buildObject(simdjson::dom::object object) {
    Json out(Json::value_t::object);
    auto &members = out.get_ref<Json::object_t &>();
    members.reserve(object.size());
    if (object.size() <= kScanLimit) {
        for (const simdjson::dom::key_value_pair field : object) {
            auto it = members.begin();
            while (it != members.end() && it->first != field.key) {
                ++it;
            }
            if (it == members.end()) {
                members.emplace_back(std::string(field.key), build(field.value));
            } else {
                it->second = build(field.value); // the last value wins, in the first place
            }
        }
        return out;
    }
    std::unordered_set<std::string_view> seen;
    seen.reserve(object.size());
    for (const simdjson::dom::key_value_pair field : object) {
        if (seen.insert(field.key).second) {
            members.emplace_back(std::string(field.key), build(field.value));
        } else {
            out[std::string(field.key)] = build(field.value);
        }
    }
    return out;
}

Json build(element value) {
    switch (value.type()) {
    case element_type::OBJECT:
        return buildObject(value.get_object().value_unsafe());
    case element_type::ARRAY: {
        const simdjson::dom::array items = value.get_array().value_unsafe();
        Json out(Json::value_t::array);
        auto &elements = out.get_ref<Json::array_t &>();
        elements.reserve(items.size());
        for (const element item : items) {
            elements.push_back(build(item));
        }
        return out;
    }
    case element_type::STRING:
        return Json(std::string(value.get_string().value_unsafe()));
    case element_type::INT64: {
        const std::int64_t n = value.get_int64().value_unsafe();
        if (n >= 0) {
            return Json(static_cast<std::uint64_t>(n)); // as ordered_json::parse types it
        }
        return Json(n);
    }
    case element_type::UINT64:
        return Json(value.get_uint64().value_unsafe());
    case element_type::DOUBLE:
        return Json(value.get_double().value_unsafe());
    case element_type::BOOL:
        return Json(value.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
        return Json(nullptr);
    }
    return Json();
}

// Makes `out` the document `value` is, keeping the storage of what `out` already holds where the
// two agree: an object's members with the same key in the same place, strings, array slots.
void assign(element value, Json &out);

void assignObject(simdjson::dom::object object, Json &out) {
    if (!out.is_object() || object.size() > kScanLimit ||
        out.get_ref<Json::object_t &>().capacity() < object.size()) {
        // Nothing to reuse, or a member list that would have to grow (its keys are const, so
        // growing copies every member): build it anew.
        out = buildObject(object);
        return;
    }
    auto &members = out.get_ref<Json::object_t &>();
    std::size_t filled = 0;
    for (const simdjson::dom::key_value_pair field : object) {
        auto it = members.begin();
        const auto end = members.begin() + static_cast<std::ptrdiff_t>(filled);
        while (it != end && it->first != field.key) {
            ++it;
        }
        if (it != end) {
            assign(field.value, it->second); // a repeated key: the last value, the first place
            continue;
        }
        if (filled < members.size() && end->first == field.key) {
            assign(field.value, end->second);
        } else {
            while (members.size() > filled) {
                members.pop_back();
            }
            members.emplace_back(std::string(field.key), build(field.value));
        }
        ++filled;
    }
    while (members.size() > filled) {
        members.pop_back();
    }
}

void assign(element value, Json &out) {
    switch (value.type()) {
    case element_type::OBJECT:
        assignObject(value.get_object().value_unsafe(), out);
        return;
    case element_type::ARRAY: {
        if (!out.is_array()) {
            out = build(value);
            return;
        }
        const simdjson::dom::array items = value.get_array().value_unsafe();
        auto &elements = out.get_ref<Json::array_t &>();
        elements.resize(items.size());
        std::size_t k = 0;
        for (const element item : items) {
            assign(item, elements[k++]);
        }
        return;
    }
    case element_type::STRING:
        if (out.is_string()) {
            out.get_ref<std::string &>().assign(value.get_string().value_unsafe());
            return;
        }
        out = build(value);
        return;
    default: // a number, a bool or null: nothing to reuse
        out = build(value);
        return;
    }
}

} // namespace

struct JsonParser::Impl {
    simdjson::dom::parser parser;
};

JsonParser::JsonParser() : m_impl(std::make_unique<Impl>()) {
    // The nesting limit every reader shares; later parses that grow the buffers keep it. Should
    // this first allocation fail, the parse that needs memory reports it.
    const simdjson::error_code allocated =
        m_impl->parser.allocate(kInitialCapacity, kMaxJsonNesting);
    static_cast<void>(allocated);
}
JsonParser::JsonParser(JsonParser &&) noexcept = default;
JsonParser &JsonParser::operator=(JsonParser &&) noexcept = default;
JsonParser::~JsonParser() = default;

namespace {

// Text the fast reader refused with `error`. A number beyond 64 bits or a double's range is left
// to ordered_json::parse, and so is nesting the fast reader refused at kMaxJsonNesting but that
// is not deeper (it counts a level more for some shapes); anything else, nesting beyond
// kMaxJsonNesting included, is refused.
std::optional<Json> readRefused(std::string_view text, simdjson::error_code error) {
    if (error != simdjson::NUMBER_ERROR && error != simdjson::NUMBER_OUT_OF_RANGE &&
        error != simdjson::DEPTH_ERROR) {
        return std::nullopt;
    }
    if (findExcessiveJsonNesting(text)) {
        return std::nullopt; // also when the fast reader stopped at a number before the depth
    }
    Json slow = Json::parse(text, nullptr, false);
    if (slow.is_discarded()) {
        return std::nullopt;
    }
    return slow;
}

} // namespace

std::optional<Json> JsonParser::parse(std::string_view text) {
    Json out; // null: parseInto builds every part anew
    if (!parseInto(text, out)) {
        return std::nullopt;
    }
    return out;
}

bool JsonParser::parseInto(std::string_view text, Json &out) {
    if (text.find('\0') != std::string_view::npos) {
        return false; // never valid JSON (ordered_json::parse stops reading at it)
    }
    const simdjson::simdjson_result<element> document =
        m_impl->parser.parse(text.data(), text.size(), true);
    if (document.error() == simdjson::SUCCESS) {
        assign(document.value_unsafe(), out);
        return true;
    }
    std::optional<Json> other = readRefused(text, document.error());
    if (!other) {
        return false;
    }
    out = std::move(*other);
    return true;
}

} // namespace sg
