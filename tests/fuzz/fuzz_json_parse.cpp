// Differential fuzzing of JsonParser against ordered_json::parse: for any text, both accept it or
// both refuse it, and an accepted document is the same value with the same member order and the
// same types (but for the documented "-0"); text with a NUL byte is refused. parseInto is checked
// the same way, reading the text after the first newline into the document of the text before it
// (or into whatever that text left when it was not JSON). Text nested deeper than kMaxJsonNesting
// is refused. compactJsonSize must give the size of
// every accepted document's compact text.

#include "core/jsoncheck.h"
#include "core/jsonparse.h"
#include "core/jsonsize.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using Json = nlohmann::ordered_json;

// Same value, member order and type, recursively; a signed and an unsigned 0 count as the same
// (JsonParser reads "-0" as unsigned).
bool identical(const Json &a, const Json &b) {
    if (a.type() != b.type()) {
        return a.is_number_integer() && b.is_number_integer() && a == 0 && b == 0;
    }
    if (a.is_object()) {
        if (a.size() != b.size()) {
            return false;
        }
        for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
            if (i.key() != j.key() || !identical(*i, *j)) {
                return false;
            }
        }
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size()) {
            return false;
        }
        for (std::size_t k = 0; k < a.size(); ++k) {
            if (!identical(a[k], b[k])) {
                return false;
            }
        }
        return true;
    }
    if (a.is_number_float()) {
        // Both round to nearest; compare bits through the printed form (NaN cannot be parsed).
        return a.dump() == b.dump();
    }
    return a == b;
}

// parseInto(second) into the document parseInto(first) made agrees with ordered_json::parse.
void checkParseInto(sg::JsonParser &parser, std::string_view first, std::string_view second) {
    Json doc;
    static_cast<void>(parser.parseInto(first, doc));
    const Json before = doc;
    const bool ok = parser.parseInto(second, doc);
    if (second.find('\0') != std::string_view::npos || sg::findExcessiveJsonNesting(second)) {
        if (ok) {
            std::abort();
        }
        return;
    }
    const Json slow = Json::parse(second, nullptr, false);
    if (ok == slow.is_discarded()) {
        std::abort();
    }
    if (!identical(ok ? doc : before, ok ? slow : doc)) {
        std::abort(); // a wrong document, or a refusal that changed the document
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    static sg::JsonParser parser;
    if (const std::size_t newline = text.find('\n'); newline != std::string_view::npos) {
        checkParseInto(parser, text.substr(0, newline), text.substr(newline + 1));
    }
    const std::optional<Json> fast = parser.parse(text);
    if (text.find('\0') != std::string_view::npos) {
        if (fast) {
            std::abort(); // a NUL byte is never valid JSON
        }
        return 0; // ordered_json::parse stops at the NUL: nothing to compare
    }
    if (sg::findExcessiveJsonNesting(text)) {
        if (fast) {
            std::abort(); // nesting beyond the shared limit is refused
        }
        return 0;
    }
    const Json slow = Json::parse(text, nullptr, false);
    if (fast.has_value() == slow.is_discarded()) {
        std::abort(); // one accepted what the other refused
    }
    if (fast && !identical(*fast, slow)) {
        std::abort();
    }
    if (fast && sg::compactJsonSize(*fast) !=
                    fast->dump(-1, ' ', false, Json::error_handler_t::replace).size()) {
        std::abort(); // the measured size of the compact text is not its size
    }
    return 0;
}
