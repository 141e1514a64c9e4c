#include "jsonlines.h"

#include "cli.h"

#include "core/jsoncheck.h"
#include "core/jsontype.h"

#include <exception>
#include <ostream>

namespace sg::cli {

namespace {

using Json = nlohmann::ordered_json;

Json lineError(long number, const Json &id, const std::string &message) {
    Json err;
    err["id"] = id;
    err["line"] = number;
    err["error"] = message;
    return err;
}

} // namespace

std::string compactJson(const Json &value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Json> readJsonLine(std::string_view line) {
    // Before parsing: the parse itself would cope, but printing, matching and transforming the
    // value walk it recursively.
    if (std::optional<Error> problem = checkJsonText(line)) {
        problem->message = "line is not valid JSON: column " + std::to_string(problem->column) +
                           ": " + problem->message;
        return *problem;
    }
    Json object;
    try {
        object = Json::parse(line);
    } catch (const nlohmann::json::exception &e) {
        return Error{.message = std::string("line is not valid JSON: ") + e.what()};
    }
    if (!object.is_object()) {
        return Error{.message = "line is not a JSON object (found " + describeJsonType(object) +
                                "); each line must be one object"};
    }
    return object;
}

void forEachJsonLineIn(std::string_view text, std::ostream &out, const LineHandler &handle) {
    long number = 0;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
            continue;
        }
        Result<Json> object = readJsonLine(line);
        if (!object) {
            out << compactJson(lineError(number, nullptr, object.error().message)) << '\n';
            continue;
        }
        Json result;
        try {
            result = handle(*object);
        } catch (const std::exception &e) {
            const Json id = object->contains("id") ? (*object)["id"] : Json();
            result = lineError(number, id, std::string("cannot process the line: ") + e.what());
        }
        out << compactJson(result) << '\n';
    }
}

bool forEachJsonLine(const std::string &path, std::ostream &out, const LineHandler &handle) {
    auto text = readInput(path);
    if (!text) {
        return false;
    }
    forEachJsonLineIn(*text, out, handle);
    return true;
}

} // namespace sg::cli
