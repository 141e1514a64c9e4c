#include "cli.h"

#include "core/jsoncheck.h"
#include "io/inputfile.h"

#include <algorithm>
#include <iostream>
#include <limits>

namespace sg::cli {

Args::Args(const std::vector<std::string> &argv, std::vector<std::string> flags) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string &a = argv[i];
        if (a.size() > 2 && a.starts_with("--")) {
            std::string name = a.substr(2);
            if (auto eq = name.find('='); eq != std::string::npos) {
                m_values[name.substr(0, eq)] = name.substr(eq + 1);
                continue;
            }
            if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
                m_values[name] = "";
                continue;
            }
            if (i + 1 >= argv.size()) {
                if (m_error.empty()) {
                    m_error = "option --" + name + " needs a value";
                }
                continue;
            }
            m_values[name] = argv[++i];
        } else {
            m_positional.push_back(a);
        }
    }
}

bool Args::has(std::string_view name) const {
    return m_values.find(name) != m_values.end();
}

std::optional<std::string> Args::value(std::string_view name) const {
    auto it = m_values.find(name);
    if (it == m_values.end()) {
        return std::nullopt;
    }
    return it->second;
}

bool Args::checkKnown(std::string_view command, const std::vector<std::string> &known) const {
    if (!m_error.empty()) {
        fail(command, m_error);
        return false;
    }
    for (const auto &[name, value] : m_values) {
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            fail(command, "unknown option --" + name + " (see: stormglass-cli help " +
                              std::string(command) + ")");
            return false;
        }
    }
    return true;
}

std::optional<std::string> readInput(const std::string &path) {
    Result<std::string> text = path == "-" ? model::readDocumentStream(std::cin, "standard input")
                                           : model::readDocumentFile(path);
    if (!text) {
        std::cerr << "stormglass-cli: " << text.error().message << "\n";
        return std::nullopt;
    }
    return std::move(text).value();
}

std::optional<std::string> readJsonInput(const std::string &path, bool refuseNul) {
    std::optional<std::string> text = readInput(path);
    if (!text) {
        return std::nullopt;
    }
    std::optional<Error> problem = findExcessiveJsonNesting(*text);
    if (!problem && refuseNul) {
        problem = findNulByte(*text);
    }
    if (problem) {
        std::cerr << "stormglass-cli: " << where(path, *problem) << ": " << problem->message
                  << "\n";
        return std::nullopt;
    }
    return text;
}

std::string where(const std::string &path, const Error &error) {
    std::string out = path == "-" ? std::string("standard input") : path;
    if (error.hasPosition()) {
        out.append(":")
            .append(std::to_string(error.line))
            .append(":")
            .append(std::to_string(error.column));
    }
    return out;
}

void fail(std::string_view command, std::string_view message) {
    std::cerr << "stormglass-cli " << command << ": " << message << "\n";
}

std::optional<std::uint64_t> parseWholeNumber(const std::string &text) {
    if (text.empty() || text.size() > 20) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
            return std::nullopt;
        }
        value = value * 10 + digit;
    }
    return value;
}

} // namespace sg::cli
