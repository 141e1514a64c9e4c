#include "pattern/valuesemantics.h"

#include "core/utf8.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <limits>
#include <map>
#include <set>
#include <vector>

namespace sg::model::aws {

namespace {

// Decodes one UTF-8 sequence at `i`; returns the code point and advances `i`, or returns -1 (and
// advances by one byte) when the bytes are not valid UTF-8.
long decodeUtf8(std::string_view s, std::size_t &i) {
    std::size_t length = 1;
    const long cp = decodeUtf8At(s, i, length);
    i += length;
    return cp;
}

long lowerCodePoint(long cp) {
    if (cp >= 'A' && cp <= 'Z') {
        return cp + 32;
    }
    if (cp < 0xC0) {
        return cp;
    }
    if (cp <= 0xDE) { // Latin-1 capitals, except the multiplication sign
        return cp == 0xD7 ? cp : cp + 32;
    }
    if (cp >= 0x100 && cp <= 0x17F) { // Latin Extended-A: upper/lower pairs
        if (cp == 0x130 || cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) {
            return cp;
        }
        if (cp == 0x178) {
            return 0xFF;
        }
        const bool oddUpper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        if (oddUpper) {
            return (cp % 2 == 1) ? cp + 1 : cp;
        }
        return (cp % 2 == 0) ? cp + 1 : cp;
    }
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) { // Greek capitals
        return cp + 32;
    }
    switch (cp) { // Greek capitals with tonos
    case 0x386:
        return 0x3AC;
    case 0x388:
    case 0x389:
    case 0x38A:
        return cp + 37;
    case 0x38C:
        return 0x3CC;
    case 0x38E:
    case 0x38F:
        return cp + 63;
    default:
        break;
    }
    if (cp >= 0x410 && cp <= 0x42F) { // Cyrillic capitals
        return cp + 32;
    }
    if (cp >= 0x400 && cp <= 0x40F) {
        return cp + 80;
    }
    return cp;
}

// The literal runs of a wildcard between its unescaped stars ("a*b\*c" -> {"a", "b*c"}).
std::vector<std::string> wildcardSegments(std::string_view pattern) {
    std::vector<std::string> segments(1);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '*') {
            segments.emplace_back();
        } else if (c == '\\' && i + 1 < pattern.size()) {
            segments.back().push_back(pattern[++i]);
        } else {
            segments.back().push_back(c);
        }
    }
    return segments;
}

bool allOf(std::string_view text, bool (*predicate)(char)) {
    return !text.empty() && std::all_of(text.begin(), text.end(), predicate);
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isHexOrColon(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':';
}

// AWS only treats text as an address literal when it matches one of these shapes (so host names are
// never looked up); anything else is a "Nonstandard IP address".
bool looksLikeIpv4(std::string_view text) {
    int parts = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        const std::string_view part = text.substr(
            start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (!allOf(part, isDigit)) {
            return false;
        }
        ++parts;
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    return parts == 4;
}

bool looksLikeIpv6(std::string_view text) {
    return text.find(':') != std::string_view::npos &&
           std::all_of(text.begin(), text.end(), isHexOrColon);
}

std::optional<IpAddress> parseIpv4(std::string_view text) {
    IpAddress address;
    std::size_t start = 0;
    for (int part = 0; part < 4; ++part) {
        const std::size_t dot = text.find('.', start);
        const std::string_view digits = text.substr(
            start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        // Leading zeros are ambiguous (octal?) and current JDKs refuse them.
        if (digits.empty() || digits.size() > 3 || (digits.size() > 1 && digits[0] == '0')) {
            return std::nullopt;
        }
        int value = 0;
        for (char c : digits) {
            value = value * 10 + (c - '0');
        }
        if (value > 255) {
            return std::nullopt;
        }
        address.bytes[static_cast<std::size_t>(12 + part)] = static_cast<std::uint8_t>(value);
        start = dot + 1;
    }
    return address;
}

std::optional<IpAddress> parseIpv6(std::string_view text) {
    constexpr std::size_t kSize = 16;
    if (text.size() < 2) {
        return std::nullopt;
    }
    std::array<std::uint8_t, kSize> out{};
    std::size_t i = 0;
    if (text[0] == ':' && text[1] != ':') {
        return std::nullopt;
    }
    if (text[0] == ':') {
        ++i;
    }
    std::size_t j = 0;                        // bytes written
    std::size_t gap = std::string_view::npos; // where "::" was
    bool sawDigit = false;
    unsigned value = 0;
    while (i < text.size()) {
        const char c = text[i++];
        const int digit = hexDigitValue(c);
        if (digit >= 0) {
            value = (value << 4) | static_cast<unsigned>(digit);
            if (value > 0xFFFF) {
                return std::nullopt;
            }
            sawDigit = true;
            continue;
        }
        if (c != ':') {
            return std::nullopt;
        }
        if (!sawDigit) {
            if (gap != std::string_view::npos) {
                return std::nullopt;
            }
            gap = j;
            continue;
        }
        if (i == text.size() || j + 2 > kSize) {
            return std::nullopt;
        }
        out[j++] = static_cast<std::uint8_t>(value >> 8);
        out[j++] = static_cast<std::uint8_t>(value & 0xFF);
        sawDigit = false;
        value = 0;
    }
    if (sawDigit) {
        if (j + 2 > kSize) {
            return std::nullopt;
        }
        out[j++] = static_cast<std::uint8_t>(value >> 8);
        out[j++] = static_cast<std::uint8_t>(value & 0xFF);
    }
    if (gap != std::string_view::npos) {
        if (j == kSize) {
            return std::nullopt;
        }
        const std::size_t moved = j - gap;
        for (std::size_t k = 1; k <= moved; ++k) {
            out[kSize - k] = out[gap + moved - k];
            out[gap + moved - k] = 0;
        }
        j = kSize;
    }
    if (j != kSize) {
        return std::nullopt;
    }
    IpAddress address;
    const bool mapped = std::all_of(out.begin(), out.begin() + 10, [](auto b) { return b == 0; }) &&
                        out[10] == 0xFF && out[11] == 0xFF;
    if (mapped) {
        std::copy(out.begin() + 12, out.end(), address.bytes.begin() + 12);
        return address;
    }
    address.v6 = true;
    address.bytes = out;
    return address;
}

// Java's Integer.parseInt for the mask: an optional sign and decimal digits, within int range.
std::optional<long long> parseJavaInt(std::string_view text) {
    if (!text.empty() && text[0] == '+') {
        text.remove_prefix(1);
        if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
            return std::nullopt;
        }
    }
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() ||
        value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
        return std::nullopt;
    }
    return value;
}

Error reason(std::string message) {
    Error error;
    error.message = std::move(message);
    return error;
}

} // namespace

std::string foldCase(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    std::size_t i = 0;
    while (i < utf8.size()) {
        const std::size_t start = i;
        const long cp = decodeUtf8(utf8, i);
        if (cp < 0) {
            out.push_back(utf8[start]);
        } else if (cp < 0x80) {
            out.push_back(static_cast<char>(lowerCodePoint(cp)));
        } else {
            appendUtf8(out, lowerCodePoint(cp));
        }
    }
    return out;
}

bool wildcardMatches(std::string_view pattern, std::string_view value) {
    const std::vector<std::string> segments = wildcardSegments(pattern);
    if (segments.size() == 1) {
        return value == segments.front();
    }
    const std::string &first = segments.front();
    const std::string &last = segments.back();
    if (value.size() < first.size() + last.size() || !value.starts_with(first) ||
        !value.ends_with(last)) {
        return false;
    }
    // Between the fixed ends, the leftmost occurrence of each literal run is always the best
    // choice.
    std::size_t position = first.size();
    const std::size_t limit = value.size() - last.size();
    for (std::size_t k = 1; k + 1 < segments.size(); ++k) {
        const std::string &segment = segments[k];
        if (segment.empty()) {
            continue;
        }
        const std::size_t found = value.substr(0, limit).find(segment, position);
        if (found == std::string_view::npos) {
            return false;
        }
        position = found + segment.size();
    }
    return true;
}

std::optional<std::string> wildcardSyntaxError(std::string_view pattern) {
    // AWS parses the quoted JSON form, so positions are shifted by the opening quote.
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '*') {
            if (i + 1 < pattern.size() && pattern[i + 1] == '*') {
                return "Consecutive wildcard characters at pos " + std::to_string(i + 1);
            }
        } else if (c == '\\') {
            if (i + 1 < pattern.size() && (pattern[i + 1] == '*' || pattern[i + 1] == '\\')) {
                ++i;
                continue;
            }
            return "Invalid escape character at pos " + std::to_string(i + 1);
        }
    }
    return std::nullopt;
}

std::optional<IpAddress> parseIpAddress(std::string_view text) {
    if (looksLikeIpv4(text)) {
        return parseIpv4(text);
    }
    if (looksLikeIpv6(text)) {
        return parseIpv6(text);
    }
    return std::nullopt;
}

Result<CidrRange> parseCidr(std::string_view text) {
    // Java's String.split("/"): trailing empty parts are dropped.
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = text.find('/', start);
        if (slash == std::string_view::npos) {
            parts.push_back(text.substr(start));
            break;
        }
        parts.push_back(text.substr(start, slash - start));
        start = slash + 1;
    }
    if (parts.size() > 1) {
        while (!parts.empty() && parts.back().empty()) {
            parts.pop_back();
        }
    }
    if (parts.size() != 2) {
        return reason("Malformed CIDR, one '/' required");
    }
    const std::optional<long long> mask = parseJavaInt(parts[1]);
    if (!mask) {
        return reason("Malformed CIDR, mask bits must be an integer");
    }
    if (*mask < 0) {
        return reason("Malformed CIDR, mask bits must not be negative");
    }
    const std::string_view ip = parts[0];
    std::optional<IpAddress> address;
    if (looksLikeIpv4(ip) || looksLikeIpv6(ip)) {
        address = parseIpAddress(ip);
        if (!address) {
            return reason("Invalid IP address: " + std::string(ip));
        }
    } else {
        return reason("Nonstandard IP address: " + std::string(ip));
    }
    if (!address->v6 && *mask > 31) {
        return reason("IPv4 mask bits must be < 32");
    }
    if (address->v6 && *mask > 127) {
        return reason("IPv6 mask bits must be < 128");
    }
    CidrRange range;
    range.v6 = address->v6;
    range.low = address->bytes;
    range.high = address->bytes;
    const std::size_t first = address->v6 ? 0 : 12;
    const int width = address->v6 ? 128 : 32;
    int hostBits = width - static_cast<int>(*mask);
    for (std::size_t k = 16; k-- > first && hostBits > 0; hostBits -= 8) {
        const int bits = std::min(hostBits, 8);
        range.high[k] = static_cast<std::uint8_t>(range.high[k] | ((1u << bits) - 1u));
    }
    return range;
}

bool cidrContains(const CidrRange &range, const IpAddress &address) {
    return range.v6 == address.v6 && range.low <= address.bytes && address.bytes <= range.high;
}

namespace {

// A state of the byte automaton AWS builds for the wildcard patterns of one field, or a match.
struct WildcardNode {
    bool match = false;
    bool indeterminate = false; // reached through a wildcard: never shared between patterns
    std::uint32_t pattern = 0;
    std::vector<std::pair<int, std::uint32_t>> bytes; // byte -> next node
    std::vector<std::uint32_t> any;                   // transitions on every byte (wildcards)
};

constexpr int kAnyByte = 256;
constexpr std::size_t kMaxExploredStateSets = 20000;

// The pattern as AWS feeds it to its automaton: the quoted JSON string, one token per byte, with
// kAnyByte for each unescaped star.
std::vector<int> wildcardTokens(std::string_view pattern) {
    std::vector<int> tokens{'"'};
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '*') {
            tokens.push_back(kAnyByte);
        } else {
            if (c == '\\' && i + 1 < pattern.size()) {
                ++i;
            }
            tokens.push_back(static_cast<unsigned char>(pattern[i]));
        }
    }
    tokens.push_back('"');
    return tokens;
}

int machineComplexity(const std::vector<std::string> &wildcards, int cap) {
    std::vector<WildcardNode> nodes(1);
    const auto addNode = [&](bool indeterminate) {
        nodes.emplace_back();
        nodes.back().indeterminate = indeterminate;
        return static_cast<std::uint32_t>(nodes.size() - 1);
    };
    for (std::size_t k = 0; k < wildcards.size(); ++k) {
        const std::vector<int> tokens = wildcardTokens(wildcards[k]);
        std::uint32_t state = 0;
        std::optional<std::uint32_t> previous;
        for (std::size_t j = 0; j + 1 < tokens.size(); ++j) {
            const int token = tokens[j];
            std::optional<std::uint32_t> next;
            if (token != kAnyByte) {
                for (const auto &[byte, target] : nodes[state].bytes) {
                    if (byte == token && !nodes[target].match) {
                        next = target;
                        break;
                    }
                }
            }
            if (!next || nodes[*next].indeterminate) {
                const std::uint32_t created = addNode(nodes[state].indeterminate);
                if (token == kAnyByte) {
                    nodes[created].any.push_back(created);
                    nodes[created].indeterminate = true;
                    nodes[state].any.push_back(created);
                } else {
                    nodes[state].bytes.emplace_back(token, created);
                    if (previous && tokens[j - 1] == kAnyByte) {
                        // a wildcard may match nothing: skip straight past it
                        nodes[*previous].bytes.emplace_back(token, created);
                    }
                }
                next = created;
            }
            previous = state;
            state = *next;
        }
        const std::uint32_t match = addNode(true);
        nodes[match].match = true;
        nodes[match].pattern = static_cast<std::uint32_t>(k);
        const int last = tokens.back();
        nodes[state].bytes.emplace_back(last, match);
        if (previous && tokens[tokens.size() - 2] == kAnyByte) {
            nodes[*previous].bytes.emplace_back(last, match);
        }
    }

    // How many patterns each node can still lead to. Edges only go to later nodes (or loop back).
    const std::size_t words = (wildcards.size() + 63) / 64;
    std::vector<std::vector<std::uint64_t>> reach(nodes.size(),
                                                  std::vector<std::uint64_t>(words, 0));
    std::vector<int> weight(nodes.size(), 0);
    for (std::size_t i = nodes.size(); i-- > 0;) {
        std::vector<std::uint64_t> &bits = reach[i];
        if (nodes[i].match) {
            bits[nodes[i].pattern / 64] |= std::uint64_t{1} << (nodes[i].pattern % 64);
        }
        const auto merge = [&](std::uint32_t target) {
            if (target != i) {
                for (std::size_t w = 0; w < words; ++w) {
                    bits[w] |= reach[target][w];
                }
            }
        };
        for (const auto &edge : nodes[i].bytes) {
            merge(edge.second);
        }
        for (std::uint32_t target : nodes[i].any) {
            merge(target);
        }
        for (std::uint64_t word : bits) {
            weight[i] += std::popcount(word);
        }
    }

    // Walk the sets of states that can be active together (subset construction).
    std::set<std::vector<std::uint32_t>> seen;
    std::vector<std::vector<std::uint32_t>> pending;
    const auto successors = [&](const std::vector<std::uint32_t> &active) {
        std::set<int> alphabet;
        for (std::uint32_t id : active) {
            for (const auto &edge : nodes[id].bytes) {
                alphabet.insert(edge.first);
            }
        }
        alphabet.insert(-1); // any byte without an explicit transition
        for (int byte : alphabet) {
            std::vector<std::uint32_t> next;
            for (std::uint32_t id : active) {
                next.insert(next.end(), nodes[id].any.begin(), nodes[id].any.end());
                for (const auto &edge : nodes[id].bytes) {
                    if (edge.first == byte) {
                        next.push_back(edge.second);
                    }
                }
            }
            std::sort(next.begin(), next.end());
            next.erase(std::unique(next.begin(), next.end()), next.end());
            if (!next.empty() && seen.insert(next).second) {
                pending.push_back(std::move(next));
            }
        }
    };
    successors({0});
    int maximum = 0;
    while (!pending.empty()) {
        const std::vector<std::uint32_t> active = std::move(pending.back());
        pending.pop_back();
        int size = 0;
        for (std::uint32_t id : active) {
            size += weight[id];
            // A state about to enter a wildcard also counts the wildcard's patterns.
            for (std::uint32_t wildcard : nodes[id].any) {
                if (!std::binary_search(active.begin(), active.end(), wildcard)) {
                    size += weight[wildcard];
                }
            }
        }
        if (size >= cap) {
            return size;
        }
        maximum = std::max(maximum, size);
        successors(active);
        if (seen.size() > kMaxExploredStateSets) {
            return cap; // too many combinations of states to even evaluate
        }
    }
    return maximum;
}

void appendIdentity(std::string &out, const ValueMatcher &matcher) {
    out += std::to_string(static_cast<int>(matcher.op));
    for (const Scalar &value : matcher.values) {
        out += '|';
        out += std::to_string(static_cast<int>(value.kind));
        out += value.kind == Scalar::Kind::Number ? std::to_string(value.number) : value.text;
    }
    if (matcher.op == Op::Numeric) {
        out += '|' + std::to_string(matcher.numeric.hasLower) +
               std::to_string(matcher.numeric.lowerInclusive) +
               std::to_string(matcher.numeric.lower) + std::to_string(matcher.numeric.hasUpper) +
               std::to_string(matcher.numeric.upperInclusive) +
               std::to_string(matcher.numeric.upper);
    }
    if (matcher.op == Op::Cidr) {
        out += '|' + std::to_string(matcher.cidr.v6);
        out.append(matcher.cidr.low.begin(), matcher.cidr.low.end());
        out.append(matcher.cidr.high.begin(), matcher.cidr.high.end());
    }
    if (matcher.op == Op::Exists) {
        out += matcher.exists ? "|t" : "|f";
    }
}

} // namespace

int wildcardComplexity(const EventPattern &pattern, int cap, std::string *worstField) {
    const auto isWildcard = [](const ValueMatcher &matcher) {
        return matcher.op == Op::Wildcard;
    };
    bool anyWildcard = false;
    for (const Conjunction &conjunction : pattern.alternatives) {
        for (const FieldCondition &field : conjunction.fields) {
            anyWildcard =
                anyWildcard || std::any_of(field.anyOf.begin(), field.anyOf.end(), isWildcard);
        }
    }
    if (!anyWildcard) {
        return 0;
    }

    // AWS keeps one automaton per field per state of its rule machine: fields are visited in name
    // order, and alternatives share states while their earlier fields have the same values.
    struct Group {
        std::string path;
        std::set<std::string> wildcards;
    };
    std::map<std::string, Group> groups;
    for (const Conjunction &conjunction : pattern.alternatives) {
        std::vector<const FieldCondition *> fields;
        for (const FieldCondition &field : conjunction.fields) {
            fields.push_back(&field);
        }
        std::stable_sort(fields.begin(), fields.end(),
                         [](const auto *a, const auto *b) { return a->path < b->path; });
        std::string prefix;
        for (const FieldCondition *field : fields) {
            for (const ValueMatcher &matcher : field->anyOf) {
                if (isWildcard(matcher) && !matcher.values.empty()) {
                    Group &group = groups[prefix + '\x1f' + field->path];
                    group.path = field->path;
                    group.wildcards.insert(matcher.values.front().text);
                }
            }
            std::vector<std::string> identities;
            for (const ValueMatcher &matcher : field->anyOf) {
                identities.emplace_back();
                appendIdentity(identities.back(), matcher);
            }
            std::sort(identities.begin(), identities.end());
            prefix += field->path;
            prefix += '\x1e';
            for (const std::string &identity : identities) {
                prefix += identity;
                prefix += '\x1d';
            }
        }
    }

    int worst = 0;
    for (const auto &[key, group] : groups) {
        const int complexity = machineComplexity(
            std::vector<std::string>(group.wildcards.begin(), group.wildcards.end()), cap);
        if (complexity > worst) {
            worst = complexity;
            if (worstField) {
                *worstField = group.path;
            }
        }
        if (worst >= cap) {
            break;
        }
    }
    return worst;
}

} // namespace sg::model::aws
