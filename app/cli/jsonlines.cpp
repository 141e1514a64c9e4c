#include "jsonlines.h"

#include "cli.h"

#include <ostream>
#include <sstream>

namespace sg::cli {

std::string compactJson(const nlohmann::ordered_json &value) {
    return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

bool forEachJsonLine(
    const std::string &path, std::ostream &out,
    const std::function<nlohmann::ordered_json(const nlohmann::ordered_json &)> &handle) {
    auto text = readInput(path);
    if (!text) {
        return false;
    }
    std::istringstream lines(*text);
    std::string line;
    long number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        nlohmann::ordered_json object;
        try {
            object = nlohmann::ordered_json::parse(line);
        } catch (const nlohmann::json::exception &e) {
            nlohmann::ordered_json err;
            err["id"] = nullptr;
            err["line"] = number;
            err["error"] = std::string("line is not valid JSON: ") + e.what();
            out << compactJson(err) << '\n';
            continue;
        }
        out << compactJson(handle(object)) << '\n';
    }
    return true;
}

} // namespace sg::cli
