#include "cli.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <sstream>

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
    if (path == "-") {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        return ss.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "stormglass-cli: cannot read " << path << "\n";
        return std::nullopt;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        std::cerr << "stormglass-cli: error while reading " << path << "\n";
        return std::nullopt;
    }
    return text;
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
