#include "pattern/matcher.h"

#include "core/utf8.h"
#include "pattern/jsonskip.h"
#include "pattern/valuesemantics.h"
#include "pattern/wildcard.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <unordered_map>

#include <nlohmann/json.hpp>

// How it works. Every alternative of every rule ($or expanded) is a conjunction of field
// conditions, sorted by field path. The conjunctions form one automaton: from the start state, each
// condition is an edge to a next state, and rules that share leading conditions share states (as in
// aws/event-ruler and quamina). Each state keeps, per field path it tests, a value index (hash maps
// for exact, case-folded and affix values; short lists for ranges, wildcards and anything-but)
// whose entries are next states. Reading an event collects the values of the paths the automaton
// mentions (skipping everything else at the byte level); the search then walks from the start
// state, following the edges that the event's values select, and a rule matches when one of its
// final states is reached. Values taken from inside arrays carry their array positions, and a walk
// may only combine values from the same array elements (array consistency). The work per event
// depends on the event and on the states it actually reaches, not on the number of rules.

namespace sg::model {

namespace {

// The payload of a value-index entry: the state the automaton moves to.
using Transition = std::uint32_t;
using TransList = std::vector<Transition>;

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

double canonicalNumber(double d) {
    return d == 0 ? 0.0 : d;
}

void eraseSub(TransList &list, std::uint32_t sub) {
    std::erase(list, sub);
}

template <typename Map, typename Key>
void eraseFromMap(Map &map, const Key &key, std::uint32_t sub) {
    auto it = map.find(key);
    if (it == map.end()) {
        return;
    }
    eraseSub(it->second, sub);
    if (it->second.empty()) {
        map.erase(it);
    }
}

// Prefixes (or suffixes) of several lengths: one hash lookup per distinct length.
struct AffixIndex {
    StringMap<TransList> byAffix;
    std::map<std::size_t, std::uint32_t> lengthCounts;
    std::vector<std::size_t> lengths;

    void add(const std::string &affix, Transition t) {
        auto &list = byAffix[affix];
        list.push_back(t);
        if (lengthCounts[affix.size()]++ == 0) {
            rebuildLengths();
        }
    }
    void remove(const std::string &affix, std::uint32_t sub) {
        auto it = byAffix.find(affix);
        if (it == byAffix.end()) {
            return;
        }
        const std::size_t before = it->second.size();
        eraseSub(it->second, sub);
        const std::size_t removed = before - it->second.size();
        if (it->second.empty()) {
            byAffix.erase(it);
        }
        auto lc = lengthCounts.find(affix.size());
        if (lc != lengthCounts.end()) {
            lc->second -= static_cast<std::uint32_t>(std::min<std::size_t>(removed, lc->second));
            if (lc->second == 0) {
                lengthCounts.erase(lc);
                rebuildLengths();
            }
        }
    }
    void rebuildLengths() {
        lengths.clear();
        for (const auto &[len, count] : lengthCounts) {
            lengths.push_back(len);
        }
    }
    [[nodiscard]] bool empty() const { return byAffix.empty(); }

    template <typename Fire> void lookup(std::string_view value, bool suffix, Fire &&fire) const {
        for (std::size_t len : lengths) {
            if (len > value.size()) {
                break;
            }
            auto it =
                byAffix.find(suffix ? value.substr(value.size() - len) : value.substr(0, len));
            if (it != byAffix.end()) {
                fire(it->second);
            }
        }
    }
};

// Exact string values of one path, in an open-addressing table whose 32-byte slots hold the
// hash, a short key inline and the transition when there is only one: with 100,000 rules on a
// path a lookup touches one cache line instead of a bucket, a node and a list.
class ExactStringTable {
public:
    [[nodiscard]] bool empty() const { return m_live == 0; }

    void add(const std::string &key, Transition t) {
        std::uint32_t entry = findEntry(key);
        if (entry == kNone) {
            growIfNeeded();
            if (!m_freeEntries.empty()) {
                entry = m_freeEntries.back();
                m_freeEntries.pop_back();
                m_entries[entry] = Entry{key, {}};
            } else {
                entry = static_cast<std::uint32_t>(m_entries.size());
                m_entries.push_back(Entry{key, {}});
            }
            insertSlot(entry);
            ++m_live;
        }
        m_entries[entry].list.push_back(t);
        refreshSlot(entry);
    }

    void remove(const std::string &key, Transition t) {
        const std::uint32_t entry = findEntry(key);
        if (entry == kNone) {
            return;
        }
        eraseSub(m_entries[entry].list, t);
        if (!m_entries[entry].list.empty()) {
            refreshSlot(entry);
            return;
        }
        Slot &slot = m_slots[slotOf(entry)];
        slot.entry = kTombstone;
        ++m_tombstones;
        --m_live;
        m_entries[entry] = Entry{};
        m_freeEntries.push_back(entry);
    }

    template <typename Fire> void lookup(std::string_view key, Fire &&fire) const {
        if (m_live == 0) {
            return;
        }
        const std::uint64_t h = hashOf(key);
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot &slot = m_slots[i];
            if (slot.entry == kEmpty) {
                return;
            }
            if (slot.entry != kTombstone && slot.hash == h && keyEquals(slot, key)) {
                if (slot.single != kNone) {
                    const std::array<Transition, 1> one{slot.single};
                    fire(one);
                } else {
                    fire(m_entries[slot.entry].list);
                }
                return;
            }
        }
    }

private:
    static constexpr std::uint32_t kEmpty = 0xffffffffu;
    static constexpr std::uint32_t kTombstone = 0xfffffffeu;
    static constexpr std::uint32_t kNone = 0xffffffffu;
    static constexpr std::uint8_t kLongKey = 0xff;
    static constexpr std::size_t kInlineKey = 15;

    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t entry = kEmpty;
        Transition single = kNone;
        std::uint8_t keyLength = kLongKey;
        std::array<char, kInlineKey> key{};
    };
    struct Entry {
        std::string key;
        TransList list;
    };

    static std::uint64_t hashOf(std::string_view key) { return std::hash<std::string_view>{}(key); }

    bool keyEquals(const Slot &slot, std::string_view key) const {
        if (slot.keyLength != kLongKey) {
            return slot.keyLength == key.size() &&
                   std::memcmp(slot.key.data(), key.data(), key.size()) == 0;
        }
        return m_entries[slot.entry].key == key;
    }

    std::uint32_t findEntry(std::string_view key) const {
        if (m_slots.empty()) {
            return kNone;
        }
        const std::uint64_t h = hashOf(key);
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot &slot = m_slots[i];
            if (slot.entry == kEmpty) {
                return kNone;
            }
            if (slot.entry != kTombstone && slot.hash == h && keyEquals(slot, key)) {
                return slot.entry;
            }
        }
    }

    std::size_t slotOf(std::uint32_t entry) const {
        const std::uint64_t h = hashOf(m_entries[entry].key);
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            if (m_slots[i].entry == entry) {
                return i;
            }
        }
    }

    void insertSlot(std::uint32_t entry) {
        const std::string &key = m_entries[entry].key;
        const std::uint64_t h = hashOf(key);
        const std::size_t mask = m_slots.size() - 1;
        std::size_t i = h & mask;
        while (m_slots[i].entry != kEmpty && m_slots[i].entry != kTombstone) {
            i = (i + 1) & mask;
        }
        if (m_slots[i].entry == kTombstone) {
            --m_tombstones;
        }
        Slot &slot = m_slots[i];
        slot = Slot{};
        slot.hash = h;
        slot.entry = entry;
        if (key.size() <= kInlineKey) {
            slot.keyLength = static_cast<std::uint8_t>(key.size());
            std::memcpy(slot.key.data(), key.data(), key.size());
        }
    }

    void refreshSlot(std::uint32_t entry) {
        const TransList &list = m_entries[entry].list;
        m_slots[slotOf(entry)].single = list.size() == 1 ? list.front() : kNone;
    }

    void growIfNeeded() {
        if ((m_live + m_tombstones + 1) * 2 <= m_slots.size()) {
            return;
        }
        std::size_t size = 16;
        while (size < (m_live + 1) * 2) {
            size *= 2;
        }
        m_slots.assign(size, Slot{});
        m_tombstones = 0;
        for (std::uint32_t e = 0; e < m_entries.size(); ++e) {
            if (!m_entries[e].list.empty()) {
                insertSlot(e);
                refreshSlot(e);
            }
        }
    }

    std::vector<Slot> m_slots;
    std::vector<Entry> m_entries;
    std::vector<std::uint32_t> m_freeEntries;
    std::size_t m_live = 0;
    std::size_t m_tombstones = 0;
};

struct WildcardEntry {
    std::string text;
    Wildcard wildcard;
    Transition t;
};

struct RangeEntry {
    NumericRange range;
    Transition t;
};

struct CidrEntry {
    CidrRange range;
    Transition t;
};

struct AnythingButEntry {
    Op op;
    bool numeric = false;             // AnythingBut over numbers
    std::vector<std::string> strings; // folded for AnythingButIgnoreCase
    std::vector<double> numbers;
    std::vector<Wildcard> wildcards;
    Transition t;
};

// Numbers within this relative distance of each other may be the same number once parsed
// exactly; the approximate value read while scanning is far closer than that to the exact one.
constexpr double kNearRelative = 1e-12;

bool near(double a, double b) {
    const double scale = std::max(std::fabs(a), std::fabs(b));
    return std::fabs(a - b) <= kNearRelative * scale + 1e-300;
}

// Reads a JSON number starting at p, computing an approximation of its value on the way (exact
// when the digits and exponent allow Clinger's fast path). Returns the end of the number.
const char *scanNumberCareful(const char *p, const char *end, double &approx, bool &exact) {
    static constexpr double kExactPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *start = p;
    bool negative = false;
    if (p < end && *p == '-') {
        negative = true;
        ++p;
    }
    std::uint64_t mantissa = 0;
    int digits = 0;   // significant digits kept in mantissa
    int exponent = 0; // decimal exponent to apply to mantissa
    bool any = false;
    while (p < end && *p >= '0' && *p <= '9') {
        any = true;
        if (digits < 19) {
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
            if (mantissa != 0) {
                ++digits;
            }
        } else {
            ++exponent;
        }
        ++p;
    }
    if (p < end && *p == '.') {
        ++p;
        while (p < end && *p >= '0' && *p <= '9') {
            any = true;
            if (digits < 19) {
                mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
                if (mantissa != 0) {
                    ++digits;
                }
                --exponent;
            }
            ++p;
        }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        bool expNegative = false;
        if (p < end && (*p == '+' || *p == '-')) {
            expNegative = *p == '-';
            ++p;
        }
        int e = 0;
        while (p < end && *p >= '0' && *p <= '9') {
            if (e < 100000) {
                e = e * 10 + (*p - '0');
            }
            ++p;
        }
        exponent += expNegative ? -e : e;
    }
    // Anything else that can continue a number token makes it malformed; consume it so the
    // caller sees one token (and the exact parse rejects it).
    while (p < end && ((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == '.' ||
                       *p == 'e' || *p == 'E')) {
        ++p;
        any = false;
    }
    if (!any || p == start) {
        approx = std::numeric_limits<double>::quiet_NaN(); // malformed: see Value::markMalformed
        exact = false;
        return p;
    }
    auto value = static_cast<double>(mantissa);
    exact = mantissa <= (std::uint64_t{1} << 53) && exponent >= -22 && exponent <= 22;
    if (exponent >= 0) {
        value *= exponent <= 22 ? kExactPow10[exponent] : std::pow(10.0, exponent);
    } else {
        value /= exponent >= -22 ? kExactPow10[-exponent] : std::pow(10.0, -exponent);
    }
    approx = canonicalNumber(negative ? -value : value);
    return p;
}

// True when the 8 bytes at p are all ASCII digits; then `value` is their decimal value. Digits are
// combined pairwise inside one 64-bit word (a SWAR technique) instead of one at a time.
inline bool eightDigits(const char *p, std::uint64_t &value) {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    const std::uint64_t belowZero = v - 0x3030303030303030ULL;
    const std::uint64_t aboveNine = v + 0x4646464646464646ULL;
    if (((belowZero | aboveNine) & 0x8080808080808080ULL) != 0) {
        return false;
    }
    v = belowZero;         // bytes d0..d7, d0 lowest (first character)
    v = v * 10 + (v >> 8); // even bytes: d0d1, d2d3, d4d5, d6d7 as two-digit numbers
    const std::uint64_t pairs02 = v & 0x000000FF000000FFULL;         // d0d1, d4d5
    const std::uint64_t pairs13 = (v >> 16) & 0x000000FF000000FFULL; // d2d3, d6d7
    value = (pairs02 * (100 + (1000000ULL << 32)) + pairs13 * (1 + (10000ULL << 32))) >> 32;
    return true;
}

// The common case: at most 19 digits in all. Falls back to the careful reader otherwise.
inline const char *scanNumber(const char *p, const char *end, double &approx, bool &exact) {
    static constexpr double kExactPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *start = p;
    const bool negative = p < end && *p == '-';
    p += negative ? 1 : 0;
    std::uint64_t mantissa = 0;
    const char *digitsStart = p;
    std::uint64_t chunk = 0;
    while (end - p >= 8 && eightDigits(p, chunk)) {
        mantissa = mantissa * 100000000 + chunk;
        p += 8;
    }
    while (p < end) {
        const auto d = static_cast<unsigned>(*p - '0');
        if (d > 9) {
            break;
        }
        mantissa = mantissa * 10 + d;
        ++p;
    }
    long digits = p - digitsStart;
    long fraction = 0;
    if (p < end && *p == '.') {
        const char *fracStart = ++p;
        while (end - p >= 8 && eightDigits(p, chunk)) {
            mantissa = mantissa * 100000000 + chunk;
            p += 8;
        }
        while (p < end) {
            const auto d = static_cast<unsigned>(*p - '0');
            if (d > 9) {
                break;
            }
            mantissa = mantissa * 10 + d;
            ++p;
        }
        fraction = p - fracStart;
        if (fraction == 0) {
            return scanNumberCareful(start, end, approx, exact);
        }
        digits += fraction;
    }
    if (digits == 0 || digits > 19 ||
        (p < end && (*p == 'e' || *p == 'E' || *p == '-' || *p == '+'))) {
        return scanNumberCareful(start, end, approx, exact);
    }
    auto value = static_cast<double>(mantissa);
    exact = mantissa <= (std::uint64_t{1} << 53);
    value /= kExactPow10[fraction]; // fraction <= digits <= 19
    approx = canonicalNumber(negative ? -value : value);
    return p;
}

// An event value as the engines see it. Numbers keep their text and an approximate value; the
// exact value is parsed only when a comparison is too close to call.
struct Value {
    Scalar::Kind kind = Scalar::Kind::Null;
    std::string_view text;
    double number = 0;
    double approx = 0;
    bool numberKnown = false;
    bool numberValid = false;
    bool approxExact = false;

    bool ensureNumber() {
        if (!numberKnown) {
            numberKnown = true;
            if (approxExact) {
                number = approx;
                numberValid = true;
                return true;
            }
            const char *first = text.data();
            const char *last = text.data() + text.size();
            auto [ptr, ec] = std::from_chars(first, last, number);
            numberValid = ec == std::errc() && ptr == last && first != last;
            number = canonicalNumber(number);
        }
        return numberValid;
    }
    // The value to compare with `bound`: the exact one when the approximation is too close.
    double valueNear(double bound) {
        if (numberKnown || near(approx, bound)) {
            ensureNumber();
            return number;
        }
        return approx;
    }
};

bool inRange(const NumericRange &r, Value &v) {
    if (v.kind != Scalar::Kind::Number || (v.numberKnown && !v.numberValid)) {
        return false;
    }
    // AWS compares numbers only within [-5e9, 5e9]; others never satisfy a range.
    const double limit = v.approx < 0 ? -aws::kMaxComparableNumber : aws::kMaxComparableNumber;
    if (std::fabs(v.valueNear(limit)) > aws::kMaxComparableNumber) {
        return false;
    }
    if (r.hasLower) {
        const double x = v.valueNear(r.lower);
        if (!v.numberValid && v.numberKnown) {
            return false;
        }
        if (r.lowerInclusive ? x < r.lower : x <= r.lower) {
            return false;
        }
    }
    if (r.hasUpper) {
        const double x = v.valueNear(r.upper);
        if (!v.numberValid && v.numberKnown) {
            return false;
        }
        if (r.upperInclusive ? x > r.upper : x >= r.upper) {
            return false;
        }
    }
    return true;
}

// Whether some key of an ordered map of numbers may equal the value.
template <typename Map> bool anyNear(const Map &map, double approx) {
    auto it = map.lower_bound(approx - kNearRelative * std::fabs(approx) - 1e-300);
    return it != map.end() && near(it->first, approx);
}

// Everything known about one field path.
struct PathMatchers {
    ExactStringTable exactStrings;
    std::map<double, TransList> exactNumbers;
    TransList exactTrue;
    TransList exactFalse;
    TransList exactNull;
    StringMap<TransList> ignoreCase;
    AffixIndex prefix;
    AffixIndex prefixFolded;
    AffixIndex suffix;
    AffixIndex suffixFolded;
    std::vector<WildcardEntry> wildcards;
    std::vector<RangeEntry> ranges;
    std::vector<CidrEntry> cidrs;
    std::vector<AnythingButEntry> anythingBut;
    TransList existsTrue;
    TransList absentTargets; // exists:false: taken when the event has no value at the path

    bool wantsNumber = false;
    bool wantsFolded = false;
    std::uint32_t edgeCount = 0; // edges of the owning state that test this path

    void refreshFlags() {
        wantsNumber = !exactNumbers.empty() || !ranges.empty() ||
                      std::any_of(anythingBut.begin(), anythingBut.end(),
                                  [](const AnythingButEntry &e) { return e.numeric; });
        wantsFolded = !ignoreCase.empty() || !prefixFolded.empty() || !suffixFolded.empty() ||
                      std::any_of(anythingBut.begin(), anythingBut.end(),
                                  [](const auto &e) { return e.op == Op::AnythingButIgnoreCase; });
    }
};

struct TrieNode {
    std::vector<std::pair<std::string, std::uint32_t>> children;
    std::unique_ptr<StringMap<std::uint32_t>> bigChildren; // when there are many children
    std::int32_t path = -1;

    static constexpr std::size_t kLinearLimit = 12;

    [[nodiscard]] std::int32_t child(std::string_view key) const {
        if (bigChildren) {
            auto it = bigChildren->find(key);
            return it == bigChildren->end() ? -1 : static_cast<std::int32_t>(it->second);
        }
        for (const auto &[name, index] : children) {
            if (name.size() == key.size() &&
                std::memcmp(name.data(), key.data(), key.size()) == 0) {
                return static_cast<std::int32_t>(index);
            }
        }
        return -1;
    }
};

// An edge of the automaton: one field condition leading from a state to the next.
struct Edge {
    std::uint32_t path;
    std::vector<ValueMatcher> anyOf;
    std::uint32_t target;
    std::uint32_t refs; // how many conjunctions use this edge
};

// A byte string identifying a condition (path and alternatives), for finding shared edges.
std::string edgeKey(std::uint32_t path, const std::vector<ValueMatcher> &anyOf) {
    std::string key(reinterpret_cast<const char *>(&path), sizeof path);
    auto put = [&key](const auto &pod) {
        key.append(reinterpret_cast<const char *>(&pod), sizeof pod);
    };
    for (const ValueMatcher &m : anyOf) {
        put(m.op);
        put(m.exists);
        put(m.numeric.hasLower);
        put(m.numeric.lowerInclusive);
        put(m.numeric.lower);
        put(m.numeric.hasUpper);
        put(m.numeric.upperInclusive);
        put(m.numeric.upper);
        put(m.cidr.v6);
        key.append(reinterpret_cast<const char *>(m.cidr.low.data()), m.cidr.low.size());
        key.append(reinterpret_cast<const char *>(m.cidr.high.data()), m.cidr.high.size());
        put(m.values.size());
        for (const Scalar &v : m.values) {
            put(v.kind);
            put(v.number);
            put(v.text.size());
            key += v.text;
        }
    }
    return key;
}

struct State {
    std::vector<std::pair<std::uint32_t, std::unique_ptr<PathMatchers>>> tables; // by path
    std::vector<Edge> edges;
    StringMap<std::uint32_t> edgeIndex;                    // edgeKey -> index in edges
    std::vector<std::pair<RuleId, std::uint32_t>> accepts; // rule, how many conjunctions end here
    bool alive = false;

    PathMatchers &table(std::uint32_t path) {
        for (auto &[p, t] : tables) {
            if (p == path) {
                return *t;
            }
        }
        tables.emplace_back(path, std::make_unique<PathMatchers>());
        return *tables.back().second;
    }
    void dropTableIfUnused(std::uint32_t path) {
        std::erase_if(tables, [path](const auto &entry) {
            return entry.first == path && entry.second->edgeCount == 0;
        });
    }
};

// A rule as added: its conjunctions with conditions in automaton order.
struct RuleEntry {
    std::vector<std::vector<const FieldCondition *>> chains;
    EventPattern pattern;
};

std::vector<std::vector<const FieldCondition *>> chainsOf(const EventPattern &pattern) {
    std::vector<std::vector<const FieldCondition *>> chains;
    for (const Conjunction &conj : pattern.alternatives) {
        std::vector<const FieldCondition *> chain;
        for (const FieldCondition &f : conj.fields) {
            chain.push_back(&f);
        }
        std::stable_sort(
            chain.begin(), chain.end(),
            [](const FieldCondition *a, const FieldCondition *b) { return a->path < b->path; });
        chains.push_back(std::move(chain));
    }
    return chains;
}

// A numeric range holding one value ("=" x), which the value index treats as an exact number.
bool isPoint(const NumericRange &r) {
    return r.hasLower && r.hasUpper && r.lowerInclusive && r.upperInclusive && r.lower == r.upper;
}

// Adds (`add`) or removes the entries one alternative of a condition puts in a path's value
// index. Both directions go through this one switch, so an alternative is always removed from
// exactly where it was placed (wildcards without stars become exact values, "=" ranges exact
// numbers, and so on).
void editMatcher(PathMatchers &pm, const ValueMatcher &m, Transition t, bool add) {
    auto onList = [&](TransList &list) {
        if (add) {
            list.push_back(t);
        } else {
            eraseSub(list, t);
        }
    };
    auto onMap = [&](auto &map, const auto &key) {
        if (add) {
            map[key].push_back(t);
        } else {
            eraseFromMap(map, key, t);
        }
    };
    auto onAffix = [&](AffixIndex &index, const std::string &key) {
        if (add) {
            index.add(key, t);
        } else {
            index.remove(key, t);
        }
    };
    auto onExactString = [&](const std::string &key) {
        if (add) {
            pm.exactStrings.add(key, t);
        } else {
            pm.exactStrings.remove(key, t);
        }
    };
    auto onEntries = [&](auto &entries, auto &&make) {
        if (add) {
            entries.push_back(make());
        } else {
            std::erase_if(entries, [t](const auto &e) { return e.t == t; });
        }
    };
    switch (m.op) {
    case Op::Exact: {
        const Scalar &s = m.values.front();
        switch (s.kind) {
        case Scalar::Kind::String:
            onExactString(s.text);
            break;
        case Scalar::Kind::Number:
            onMap(pm.exactNumbers, canonicalNumber(s.number));
            break;
        case Scalar::Kind::True:
            onList(pm.exactTrue);
            break;
        case Scalar::Kind::False:
            onList(pm.exactFalse);
            break;
        case Scalar::Kind::Null:
            onList(pm.exactNull);
            break;
        }
        break;
    }
    case Op::EqualsIgnoreCase:
        onMap(pm.ignoreCase, aws::foldCase(m.values.front().text));
        break;
    case Op::Prefix:
        onAffix(pm.prefix, m.values.front().text);
        break;
    case Op::PrefixIgnoreCase:
        onAffix(pm.prefixFolded, aws::foldCase(m.values.front().text));
        break;
    case Op::Suffix:
        onAffix(pm.suffix, m.values.front().text);
        break;
    case Op::SuffixIgnoreCase:
        onAffix(pm.suffixFolded, aws::foldCase(m.values.front().text));
        break;
    case Op::Wildcard: {
        const std::string &text = m.values.front().text;
        Wildcard w = Wildcard::compile(text);
        if (!w.hasStar) {
            onExactString(w.parts.front());
        } else if (w.parts.size() == 2 && w.parts.back().empty()) {
            onAffix(pm.prefix, w.parts.front());
        } else if (w.parts.size() == 2 && w.parts.front().empty()) {
            onAffix(pm.suffix, w.parts.back());
        } else {
            onEntries(pm.wildcards, [&] { return WildcardEntry{text, std::move(w), t}; });
        }
        break;
    }
    case Op::AnythingBut:
    case Op::AnythingButPrefix:
    case Op::AnythingButSuffix:
    case Op::AnythingButIgnoreCase:
    case Op::AnythingButWildcard:
        onEntries(pm.anythingBut, [&] {
            AnythingButEntry e;
            e.op = m.op;
            e.t = t;
            for (const Scalar &s : m.values) {
                if (m.op == Op::AnythingBut && s.kind == Scalar::Kind::Number) {
                    e.numeric = true;
                    e.numbers.push_back(canonicalNumber(s.number));
                } else if (m.op == Op::AnythingButIgnoreCase) {
                    e.strings.push_back(aws::foldCase(s.text));
                } else if (m.op == Op::AnythingButWildcard) {
                    e.wildcards.push_back(Wildcard::compile(s.text));
                } else {
                    e.strings.push_back(s.text);
                }
            }
            return e;
        });
        break;
    case Op::Numeric:
        if (isPoint(m.numeric)) {
            onMap(pm.exactNumbers, canonicalNumber(m.numeric.lower));
        } else {
            onEntries(pm.ranges, [&] { return RangeEntry{m.numeric, t}; });
        }
        break;
    case Op::Cidr:
        onEntries(pm.cidrs, [&] { return CidrEntry{m.cidr, t}; });
        break;
    case Op::Exists:
        onList(m.exists ? pm.existsTrue : pm.absentTargets);
        break;
    }
    pm.refreshFlags();
}

// What any state wants at one path, so that values nobody can use are dropped while reading.
struct PathSummary {
    std::uint32_t general = 0; // conditions that must see every value (ranges, prefixes, ...)
    std::uint32_t literals = 0;
    StringMap<std::uint32_t> strings;
    std::map<double, std::uint32_t> numbers;
    double lowest = 0; // smallest and largest key of `numbers`, for a quick rejection
    double highest = 0;

    void update(const ValueMatcher &m, int delta) {
        auto bump = [delta](std::uint32_t &count) {
            count = static_cast<std::uint32_t>(static_cast<int>(count) + delta);
        };
        if (m.op == Op::Exact && m.values.front().kind == Scalar::Kind::String) {
            auto &count = strings[m.values.front().text];
            bump(count);
            if (count == 0) {
                strings.erase(m.values.front().text);
            }
        } else if ((m.op == Op::Exact && m.values.front().kind == Scalar::Kind::Number) ||
                   (m.op == Op::Numeric && isPoint(m.numeric))) {
            const double key =
                canonicalNumber(m.op == Op::Exact ? m.values.front().number : m.numeric.lower);
            auto &count = numbers[key];
            bump(count);
            if (count == 0) {
                numbers.erase(key);
            }
            if (!numbers.empty()) {
                lowest = numbers.begin()->first;
                highest = numbers.rbegin()->first;
            }
        } else if (m.op == Op::Exact) {
            bump(literals);
        } else {
            // Every other condition, exists:false included (it must see every value to decide
            // whether one is consistent with the array elements chosen so far), sees all values.
            bump(general);
        }
    }

    [[nodiscard]] bool wants(const Value &v) const {
        if (general != 0) {
            return true;
        }
        switch (v.kind) {
        case Scalar::Kind::String:
            // Keeping the string costs less than a second hash lookup here: the states' tables
            // hold the same keys and are consulted anyway.
            return !strings.empty();
        case Scalar::Kind::Number:
            if (numbers.empty()) {
                return false;
            }
            if (v.numberKnown) {
                return v.numberValid && numbers.contains(v.number);
            }
            if ((v.approx < lowest && !near(v.approx, lowest)) ||
                (v.approx > highest && !near(v.approx, highest))) {
                return false;
            }
            return anyNear(numbers, v.approx);
        default:
            return literals != 0;
        }
    }
};

} // namespace

struct MatcherState {
    std::vector<TrieNode> nodes = std::vector<TrieNode>(1);
    std::uint32_t pathCount = 0;
    std::vector<PathSummary> summaries;                // by path
    std::vector<State> states = std::vector<State>(1); // state 0 is the start
    std::vector<std::uint32_t> freeStates;
    std::unordered_map<RuleId, RuleEntry> rules;
    // Per state, packed for the walk's hot path (most reached states are final states): the one
    // rule a final state accepts (or kNoRule), or kComplex when the state tests fields or accepts
    // several rules and must be read in full.
    static constexpr std::uint64_t kNoRule = 0xffffffffu;
    static constexpr std::uint64_t kComplex = std::uint64_t{1} << 32;
    std::vector<std::uint64_t> leafInfo = std::vector<std::uint64_t>(1, kNoRule);

    MatcherState() { states[0].alive = true; }

    void refreshLeaf(std::uint32_t index) {
        const State &s = states[index];
        std::uint64_t info = kComplex;
        if (s.tables.empty() && s.accepts.size() <= 1) {
            info = s.accepts.empty() ? kNoRule : s.accepts.front().first;
        }
        if (leafInfo.size() < states.size()) {
            leafInfo.resize(states.size(), kNoRule);
        }
        leafInfo[index] = info;
    }

    std::uint32_t ensurePath(std::string_view dotted) {
        std::uint32_t node = 0;
        std::size_t start = 0;
        while (true) {
            const std::size_t dot = dotted.find('.', start);
            const std::string_view key = dotted.substr(
                start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
            std::int32_t next = nodes[node].child(key);
            if (next < 0) {
                next = static_cast<std::int32_t>(nodes.size());
                nodes.emplace_back();
                TrieNode &parent = nodes[node];
                parent.children.emplace_back(std::string(key), static_cast<std::uint32_t>(next));
                if (parent.bigChildren) {
                    parent.bigChildren->emplace(std::string(key), static_cast<std::uint32_t>(next));
                } else if (parent.children.size() > TrieNode::kLinearLimit) {
                    parent.bigChildren = std::make_unique<StringMap<std::uint32_t>>();
                    for (const auto &[name, index] : parent.children) {
                        parent.bigChildren->emplace(name, index);
                    }
                }
            }
            node = static_cast<std::uint32_t>(next);
            if (dot == std::string_view::npos) {
                break;
            }
            start = dot + 1;
        }
        if (nodes[node].path < 0) {
            nodes[node].path = static_cast<std::int32_t>(pathCount++);
            summaries.emplace_back();
        }
        return static_cast<std::uint32_t>(nodes[node].path);
    }

    // Follows an event key from a node; -1 when no rule cares. An event key with dots ("a.b")
    // stands for nested keys, so it may lead through several trie levels.
    [[nodiscard]] std::int32_t childFor(std::uint32_t node, std::string_view key) const {
        const TrieNode &n = nodes[node];
        if (n.bigChildren) {
            auto it = n.bigChildren->find(key);
            if (it != n.bigChildren->end()) {
                return static_cast<std::int32_t>(it->second);
            }
            const std::size_t dot = key.find('.');
            if (dot == std::string_view::npos) {
                return -1;
            }
            auto head = n.bigChildren->find(key.substr(0, dot));
            return head == n.bigChildren->end() ? -1 : childFor(head->second, key.substr(dot + 1));
        }
        for (const auto &[name, index] : n.children) {
            const std::size_t len = name.size();
            if (key.size() < len || std::memcmp(name.data(), key.data(), len) != 0) {
                continue;
            }
            if (key.size() == len) {
                return static_cast<std::int32_t>(index);
            }
            if (key[len] == '.') {
                const std::int32_t deeper = childFor(index, key.substr(len + 1));
                if (deeper >= 0) {
                    return deeper;
                }
            }
        }
        return -1;
    }

    std::uint32_t newState() {
        std::uint32_t index;
        if (!freeStates.empty()) {
            index = freeStates.back();
            freeStates.pop_back();
        } else {
            index = static_cast<std::uint32_t>(states.size());
            states.emplace_back();
        }
        states[index] = State{};
        states[index].alive = true;
        refreshLeaf(index);
        return index;
    }

    // Follows (or creates) the edge for one condition; returns the next state.
    std::uint32_t addEdge(std::uint32_t from, const FieldCondition &field) {
        const std::uint32_t path = ensurePath(field.path);
        std::string key = edgeKey(path, field.anyOf);
        if (auto it = states[from].edgeIndex.find(key); it != states[from].edgeIndex.end()) {
            Edge &e = states[from].edges[it->second];
            ++e.refs;
            return e.target;
        }
        const std::uint32_t target = newState(); // may reallocate `states`
        State &s = states[from];
        s.edgeIndex.emplace(std::move(key), static_cast<std::uint32_t>(s.edges.size()));
        s.edges.push_back({path, field.anyOf, target, 1});
        PathMatchers &table = s.table(path);
        ++table.edgeCount;
        for (const ValueMatcher &m : field.anyOf) {
            editMatcher(table, m, target, true);
            summaries[path].update(m, +1);
        }
        refreshLeaf(from);
        return target;
    }

    // Releases one use of the edge for a condition; returns its target.
    std::uint32_t releaseEdge(std::uint32_t from, const FieldCondition &field, bool &gone) {
        const std::uint32_t path = ensurePath(field.path);
        State &s = states[from];
        auto it = s.edgeIndex.find(edgeKey(path, field.anyOf));
        gone = false;
        if (it == s.edgeIndex.end()) {
            return 0;
        }
        const std::uint32_t index = it->second;
        Edge &e = s.edges[index];
        const std::uint32_t target = e.target;
        if (--e.refs != 0) {
            return target;
        }
        gone = true;
        PathMatchers &table = s.table(path);
        --table.edgeCount;
        for (const ValueMatcher &m : e.anyOf) {
            editMatcher(table, m, target, false);
            summaries[path].update(m, -1);
        }
        s.edgeIndex.erase(it);
        // Keep `edges` dense: move the last edge into the hole and re-point its index entry.
        if (index + 1 != s.edges.size()) {
            s.edges[index] = std::move(s.edges.back());
            s.edgeIndex[edgeKey(s.edges[index].path, s.edges[index].anyOf)] = index;
        }
        s.edges.pop_back();
        s.dropTableIfUnused(path);
        refreshLeaf(from);
        return target;
    }

    void addChain(RuleId id, const std::vector<const FieldCondition *> &chain) {
        std::uint32_t state = 0;
        for (const FieldCondition *field : chain) {
            state = addEdge(state, *field);
        }
        auto &accepts = states[state].accepts;
        for (auto &[rule, refs] : accepts) {
            if (rule == id) {
                ++refs;
                return;
            }
        }
        accepts.emplace_back(id, 1);
        refreshLeaf(state);
    }

    void removeChain(RuleId id, const std::vector<const FieldCondition *> &chain) {
        std::vector<std::uint32_t> visited{0};
        std::vector<bool> edgeGone;
        for (const FieldCondition *field : chain) {
            bool gone = false;
            visited.push_back(releaseEdge(visited.back(), *field, gone));
            edgeGone.push_back(gone);
        }
        auto &accepts = states[visited.back()].accepts;
        for (auto it = accepts.begin(); it != accepts.end(); ++it) {
            if (it->first == id && --it->second == 0) {
                accepts.erase(it);
                break;
            }
        }
        refreshLeaf(visited.back());
        // A state whose incoming edge disappeared is unreachable: recycle it.
        for (std::size_t i = 0; i < edgeGone.size(); ++i) {
            if (edgeGone[i]) {
                states[visited[i + 1]] = State{};
                refreshLeaf(visited[i + 1]);
                freeStates.push_back(visited[i + 1]);
            }
        }
    }
};

// Per-call working memory, reused across events.
struct MatchScratch {
    std::uint32_t gen = 0;
    std::vector<std::uint32_t> pathGen;    // pathHead valid when pathGen == gen
    std::vector<std::uint32_t> pathHead;   // first occurrence of a path in this event
    std::vector<std::uint32_t> presentGen; // the path had a value in this event
    std::vector<std::uint32_t> stateGen;   // state visited with no array constraint in this event

    struct Occurrence {
        Value value;
        std::uint32_t next;     // next occurrence at the same path, or kNone
        std::uint32_t trailOff; // array positions in trailStore
        std::uint32_t trailLen;
    };
    static constexpr std::uint32_t kNone = 0xffffffffu;
    std::vector<Occurrence> occs;

    // Array context of the value being read: (array instance, element index), outermost first.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> trail;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> trailStore;
    std::uint32_t arrayCounter = 0;

    std::deque<std::string> escaped; // unescaped strings of this event (stable addresses)
    std::size_t escapedUsed = 0;
    std::string keyBuffer;
    std::string folded;
    std::vector<std::uint32_t> chosen; // occurrences in arrays along the current walk
    std::size_t budget = 0;

    std::string &escapedBuffer() {
        if (escapedUsed == escaped.size()) {
            escaped.emplace_back();
        }
        return escaped[escapedUsed++];
    }

    void begin(const MatcherState &st) {
        if (pathGen.size() < st.pathCount) {
            pathGen.resize(st.pathCount, 0);
            pathHead.resize(st.pathCount, kNone);
            presentGen.resize(st.pathCount, 0);
        }
        if (stateGen.size() < st.states.size()) {
            stateGen.resize(st.states.size(), 0);
        }
        if (++gen == 0) {
            std::fill(pathGen.begin(), pathGen.end(), 0);
            std::fill(presentGen.begin(), presentGen.end(), 0);
            std::fill(stateGen.begin(), stateGen.end(), 0);
            gen = 1;
        }
        occs.clear();
        trail.clear();
        trailStore.clear();
        arrayCounter = 0;
        escapedUsed = 0;
        chosen.clear();
    }
};

namespace {

// Collects the event's values, then walks the automaton; shared by both readers.
class Engine {
public:
    // Bounds the walk on adversarial events (many array elements matching many conditions).
    static constexpr std::size_t kWalkBudget = 1'000'000;

    Engine(const MatcherState &st, MatchScratch &sc) : m_st(st), m_sc(sc) {}

    void leaf(std::uint32_t pathIndex, const Value &v) {
        m_sc.presentGen[pathIndex] = m_sc.gen;
        if (!m_st.summaries[pathIndex].wants(v)) {
            return;
        }
        const std::uint32_t index = static_cast<std::uint32_t>(m_sc.occs.size());
        std::uint32_t next = MatchScratch::kNone;
        if (m_sc.pathGen[pathIndex] == m_sc.gen) {
            next = m_sc.pathHead[pathIndex];
        }
        m_sc.pathGen[pathIndex] = m_sc.gen;
        m_sc.pathHead[pathIndex] = index;
        const auto off = static_cast<std::uint32_t>(m_sc.trailStore.size());
        const auto len = static_cast<std::uint32_t>(m_sc.trail.size());
        if (len != 0) {
            m_sc.trailStore.insert(m_sc.trailStore.end(), m_sc.trail.begin(), m_sc.trail.end());
        }
        m_sc.occs.push_back({v, next, off, len});
    }

    void pushArray() { m_sc.trail.emplace_back(m_sc.arrayCounter++, 0); }
    void nextElement() { ++m_sc.trail.back().second; }
    void popArray() { m_sc.trail.pop_back(); }

    void finish(std::vector<RuleId> &out) {
        out.clear();
        m_out = &out;
        m_sc.budget = kWalkBudget;
        visit(0);
        if (out.size() > 1) {
            std::sort(out.begin(), out.end());
            out.erase(std::unique(out.begin(), out.end()), out.end());
        }
    }

private:
    void visit(std::uint32_t stateIndex) {
        if (m_sc.budget == 0) {
            return;
        }
        --m_sc.budget;
        const std::uint64_t leaf = m_st.leafInfo[stateIndex];
        if (leaf != MatcherState::kComplex) {
            if (leaf != MatcherState::kNoRule) {
                m_out->push_back(static_cast<RuleId>(leaf));
            }
            return; // a final state: nothing more to read
        }
        if (m_sc.chosen.empty()) {
            if (m_sc.stateGen[stateIndex] == m_sc.gen) {
                return; // already walked from here with no constraint
            }
            m_sc.stateGen[stateIndex] = m_sc.gen;
        }
        const State &state = m_st.states[stateIndex];
        for (const auto &[rule, refs] : state.accepts) {
            m_out->push_back(rule);
        }
        for (const auto &[path, table] : state.tables) {
            if (!table->absentTargets.empty() && !presentConsistently(path)) {
                for (Transition t : table->absentTargets) {
                    visit(t);
                }
            }
            if (m_sc.pathGen[path] != m_sc.gen) {
                continue; // no value that any state can use
            }
            for (std::uint32_t o = m_sc.pathHead[path]; o != MatchScratch::kNone;
                 o = m_sc.occs[o].next) {
                lookup(*table, m_sc.occs[o].value, [this, o](const auto &list) {
                    for (Transition t : list) {
                        step(t, o);
                    }
                });
            }
        }
    }

    // Whether the path has a value in the array elements chosen so far on this walk (AWS walks
    // fields in name order, so exists:false only looks next to fields that sort before it).
    bool presentConsistently(std::uint32_t path) const {
        if (m_sc.presentGen[path] != m_sc.gen) {
            return false;
        }
        if (m_sc.chosen.empty()) {
            return true;
        }
        for (std::uint32_t o = m_sc.pathHead[path]; o != MatchScratch::kNone;
             o = m_sc.occs[o].next) {
            bool fits = true;
            for (std::uint32_t other : m_sc.chosen) {
                if (!compatible(o, other)) {
                    fits = false;
                    break;
                }
            }
            if (fits) {
                return true;
            }
        }
        return false;
    }

    void step(Transition target, std::uint32_t occ) {
        const auto &o = m_sc.occs[occ];
        if (o.trailLen == 0) {
            visit(target);
            return;
        }
        for (std::uint32_t other : m_sc.chosen) {
            if (!compatible(occ, other)) {
                return;
            }
        }
        m_sc.chosen.push_back(occ);
        visit(target);
        m_sc.chosen.pop_back();
    }

    template <typename Fire> void lookup(const PathMatchers &pm, Value &v, Fire &&fire) {
        fire(pm.existsTrue);
        switch (v.kind) {
        case Scalar::Kind::String: {
            pm.exactStrings.lookup(v.text, fire);
            pm.prefix.lookup(v.text, false, fire);
            pm.suffix.lookup(v.text, true, fire);
            if (pm.wantsFolded) {
                const std::string folded = aws::foldCase(v.text);
                if (!pm.ignoreCase.empty()) {
                    auto it = pm.ignoreCase.find(folded);
                    if (it != pm.ignoreCase.end()) {
                        fire(it->second);
                    }
                }
                pm.prefixFolded.lookup(folded, false, fire);
                pm.suffixFolded.lookup(folded, true, fire);
            }
            for (const WildcardEntry &w : pm.wildcards) {
                if (w.wildcard.matches(v.text)) {
                    fireOne(fire, w.t);
                }
            }
            if (!pm.cidrs.empty()) {
                if (auto ip = aws::parseIpAddress(v.text)) {
                    for (const CidrEntry &c : pm.cidrs) {
                        if (aws::cidrContains(c.range, *ip)) {
                            fireOne(fire, c.t);
                        }
                    }
                }
            }
            break;
        }
        case Scalar::Kind::Number:
            if (!pm.wantsNumber) {
                break;
            }
            if (!pm.exactNumbers.empty() && (v.numberKnown || anyNear(pm.exactNumbers, v.approx)) &&
                v.ensureNumber()) {
                auto it = pm.exactNumbers.find(v.number);
                if (it != pm.exactNumbers.end()) {
                    fire(it->second);
                }
            }
            for (const RangeEntry &r : pm.ranges) {
                if (inRange(r.range, v)) {
                    fireOne(fire, r.t);
                }
            }
            break;
        case Scalar::Kind::True:
            fire(pm.exactTrue);
            break;
        case Scalar::Kind::False:
            fire(pm.exactFalse);
            break;
        case Scalar::Kind::Null:
            fire(pm.exactNull);
            break;
        }
        for (const AnythingButEntry &e : pm.anythingBut) {
            if (!excluded(e, v)) {
                fireOne(fire, e.t);
            }
        }
    }

    template <typename Fire> static void fireOne(Fire &fire, Transition t) {
        const std::array<Transition, 1> one{t};
        fire(one);
    }

    static bool excluded(const AnythingButEntry &e, Value &v) {
        if (e.numeric) {
            if (v.kind != Scalar::Kind::Number) {
                return false;
            }
            const bool maybe =
                v.numberKnown || std::any_of(e.numbers.begin(), e.numbers.end(),
                                             [&](double n) { return near(n, v.approx); });
            if (!maybe || !v.ensureNumber()) {
                return false;
            }
            return std::find(e.numbers.begin(), e.numbers.end(), v.number) != e.numbers.end();
        }
        if (v.kind != Scalar::Kind::String) {
            return false;
        }
        switch (e.op) {
        case Op::AnythingBut:
            return std::find(e.strings.begin(), e.strings.end(), v.text) != e.strings.end();
        case Op::AnythingButPrefix:
            return std::any_of(e.strings.begin(), e.strings.end(),
                               [&](const std::string &p) { return v.text.starts_with(p); });
        case Op::AnythingButSuffix:
            return std::any_of(e.strings.begin(), e.strings.end(),
                               [&](const std::string &p) { return v.text.ends_with(p); });
        case Op::AnythingButIgnoreCase: {
            const std::string folded = aws::foldCase(v.text);
            return std::find(e.strings.begin(), e.strings.end(), folded) != e.strings.end();
        }
        case Op::AnythingButWildcard:
            return std::any_of(e.wildcards.begin(), e.wildcards.end(),
                               [&](const Wildcard &w) { return w.matches(v.text); });
        default:
            return false;
        }
    }

    bool compatible(std::uint32_t a, std::uint32_t b) const {
        const auto &oa = m_sc.occs[a];
        const auto &ob = m_sc.occs[b];
        for (std::uint32_t k = 0; k < oa.trailLen && k < ob.trailLen; ++k) {
            const auto &x = m_sc.trailStore[oa.trailOff + k];
            const auto &y = m_sc.trailStore[ob.trailOff + k];
            if (x.first != y.first) {
                return true;
            }
            if (x.second != y.second) {
                return false;
            }
        }
        return true;
    }

    const MatcherState &m_st;
    MatchScratch &m_sc;
    std::vector<RuleId> *m_out = nullptr;
};

// Reads raw JSON text, descending only into fields that lead to some rule's path and skipping the
// rest at the byte level.
class RawReader {
public:
    RawReader(std::string_view text, const MatcherState &st, MatchScratch &sc, Engine &engine)
        : m_p(text.data()), m_end(text.data() + text.size()), m_st(st), m_sc(sc), m_engine(engine) {
    }

    bool run() {
        skipWs();
        if (m_p >= m_end || *m_p != '{') {
            return false;
        }
        return readObject(0, 0);
    }

private:
    static constexpr int kMaxDepth = 1000;

    [[gnu::always_inline]] void skipWs() {
        if (m_p<m_end &&static_cast<unsigned char>(*m_p)> ' ') {
            return;
        }
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t')) {
            ++m_p;
        }
    }

    // m_p at the opening quote; leaves m_p after the closing quote.
    [[gnu::always_inline]] bool skipString() {
        ++m_p;
        while (true) {
            m_p = jsonskip::findQuoteOrBackslash(m_p, m_end);
            if (m_p >= m_end) {
                return false;
            }
            if (*m_p == '"') {
                ++m_p;
                return true;
            }
            m_p += 2; // an escape and the byte it escapes
        }
    }

    // m_p at the opening quote. Sets `out` to the unescaped contents: a view into the text when
    // there are no escapes, else into the key buffer (keys) or a buffer that lives as long as the
    // event's scratch (values).
    [[gnu::always_inline]] bool readString(std::string_view &out, bool isKey) {
        const char *start = ++m_p;
        m_p = jsonskip::findQuoteOrBackslash(m_p, m_end);
        if (m_p >= m_end) {
            return false;
        }
        if (*m_p == '"') {
            out = std::string_view(start, static_cast<std::size_t>(m_p - start));
            ++m_p;
            return true;
        }
        return readEscapedString(start, out, isKey ? m_sc.keyBuffer : m_sc.escapedBuffer());
    }

    bool readHex4(unsigned &value) {
        if (m_end - m_p < 4) {
            return false;
        }
        value = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexDigitValue(m_p[i]);
            if (h < 0) {
                return false;
            }
            value = value * 16 + static_cast<unsigned>(h);
        }
        m_p += 4;
        return true;
    }

    bool readEscapedString(const char *start, std::string_view &out, std::string &buffer) {
        buffer.assign(start, m_p);
        while (m_p < m_end) {
            const char c = *m_p++;
            if (c == '"') {
                out = buffer;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                return false;
            }
            if (c != '\\') {
                buffer.push_back(c);
                continue;
            }
            if (m_p >= m_end) {
                return false;
            }
            const char e = *m_p++;
            switch (e) {
            case '"':
                buffer.push_back('"');
                break;
            case '\\':
                buffer.push_back('\\');
                break;
            case '/':
                buffer.push_back('/');
                break;
            case 'b':
                buffer.push_back('\b');
                break;
            case 'f':
                buffer.push_back('\f');
                break;
            case 'n':
                buffer.push_back('\n');
                break;
            case 'r':
                buffer.push_back('\r');
                break;
            case 't':
                buffer.push_back('\t');
                break;
            case 'u': {
                unsigned cp = 0;
                if (!readHex4(cp)) {
                    return false;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF && m_end - m_p >= 6 && m_p[0] == '\\' &&
                    m_p[1] == 'u') {
                    const char *save = m_p;
                    m_p += 2;
                    unsigned low = 0;
                    if (readHex4(low) && low >= 0xDC00 && low <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    } else {
                        m_p = save;
                    }
                }
                appendUtf8(buffer, static_cast<long>(cp));
                break;
            }
            default:
                return false;
            }
        }
        return false;
    }

    // Skips any value; iterative so that deep nesting cannot exhaust the stack.
    bool skipValue() {
        if (m_p >= m_end) {
            return false;
        }
        const char c = *m_p;
        if (c == '"') {
            return skipString();
        }
        if (c != '{' && c != '[') {
            while (m_p < m_end && *m_p != ',' && *m_p != '}' && *m_p != ']' && *m_p != ' ' &&
                   *m_p != '\n' && *m_p != '\r' && *m_p != '\t') {
                ++m_p;
            }
            return true;
        }
        m_p = jsonskip::skipComposite(m_p, m_end);
        return m_p != nullptr;
    }

    bool readObject(std::uint32_t node, int depth) {
        ++m_p; // '{'
        skipWs();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        while (m_p < m_end) {
            if (*m_p != '"') {
                return false;
            }
            std::string_view key;
            if (!readString(key, true)) {
                return false;
            }
            const std::int32_t child = m_st.childFor(node, key);
            skipWs();
            if (m_p >= m_end || *m_p != ':') {
                return false;
            }
            ++m_p;
            skipWs();
            if (child >= 0) {
                if (!readValue(static_cast<std::uint32_t>(child), depth + 1)) {
                    return false;
                }
            } else if (!skipValue()) {
                return false;
            }
            skipWs();
            if (m_p >= m_end) {
                return false;
            }
            if (*m_p == ',') {
                ++m_p;
                skipWs();
                continue;
            }
            if (*m_p == '}') {
                ++m_p;
                return true;
            }
            return false;
        }
        return false;
    }

    bool readValue(std::uint32_t node, int depth) {
        if (m_p >= m_end || depth > kMaxDepth) {
            return false;
        }
        const TrieNode &n = m_st.nodes[node];
        const char c = *m_p;
        switch (c) {
        case '{':
            if (n.children.empty()) {
                return skipValue();
            }
            return readObject(node, depth);
        case '[': {
            ++m_p;
            skipWs();
            if (m_p < m_end && *m_p == ']') {
                ++m_p;
                return true;
            }
            m_engine.pushArray();
            while (true) {
                if (!readValue(node, depth + 1)) {
                    return false;
                }
                skipWs();
                if (m_p >= m_end) {
                    return false;
                }
                if (*m_p == ',') {
                    ++m_p;
                    skipWs();
                    m_engine.nextElement();
                    continue;
                }
                if (*m_p == ']') {
                    ++m_p;
                    break;
                }
                return false;
            }
            m_engine.popArray();
            return true;
        }
        case '"': {
            if (n.path < 0) {
                return skipString();
            }
            Value v;
            v.kind = Scalar::Kind::String;
            if (!readString(v.text, false)) {
                return false;
            }
            m_engine.leaf(static_cast<std::uint32_t>(n.path), v);
            return true;
        }
        case 't':
            return readLiteral("true", Scalar::Kind::True, n);
        case 'f':
            return readLiteral("false", Scalar::Kind::False, n);
        case 'n':
            return readLiteral("null", Scalar::Kind::Null, n);
        default: {
            const char *start = m_p;
            double approx = 0;
            bool exact = false;
            m_p = scanNumber(m_p, m_end, approx, exact);
            if (m_p == start) {
                return false;
            }
            if (n.path >= 0) {
                Value v;
                v.kind = Scalar::Kind::Number;
                v.text = std::string_view(start, static_cast<std::size_t>(m_p - start));
                v.approx = approx;
                v.approxExact = exact;
                if (std::isnan(approx)) {
                    v.numberKnown = true; // malformed number text: never equal to any number
                }
                m_engine.leaf(static_cast<std::uint32_t>(n.path), v);
            }
            return true;
        }
        }
    }

    bool readLiteral(std::string_view word, Scalar::Kind kind, const TrieNode &n) {
        if (static_cast<std::size_t>(m_end - m_p) < word.size() ||
            std::memcmp(m_p, word.data(), word.size()) != 0) {
            return false;
        }
        m_p += word.size();
        if (n.path >= 0) {
            Value v;
            v.kind = kind;
            m_engine.leaf(static_cast<std::uint32_t>(n.path), v);
        }
        return true;
    }

    const char *m_p;
    const char *m_end;
    const MatcherState &m_st;
    MatchScratch &m_sc;
    Engine &m_engine;
};

// Walks an nlohmann document the same way.
template <typename Json> class DocumentReader {
public:
    DocumentReader(const MatcherState &st, MatchScratch &sc, Engine &engine)
        : m_st(st), m_sc(sc), m_engine(engine) {}

    void readObject(const Json &object, std::uint32_t node, int depth) {
        for (auto it = object.begin(); it != object.end(); ++it) {
            const std::int32_t child = m_st.childFor(node, it.key());
            if (child >= 0) {
                readValue(it.value(), static_cast<std::uint32_t>(child), depth + 1);
            }
        }
    }

    void readValue(const Json &value, std::uint32_t node, int depth) {
        if (depth > 1000) {
            return;
        }
        const TrieNode &n = m_st.nodes[node];
        if (value.is_object()) {
            if (!n.children.empty()) {
                readObject(value, node, depth);
            }
            return;
        }
        if (value.is_array()) {
            if (value.empty()) {
                return;
            }
            m_engine.pushArray();
            bool first = true;
            for (const auto &element : value) {
                if (!first) {
                    m_engine.nextElement();
                }
                first = false;
                readValue(element, node, depth + 1);
            }
            m_engine.popArray();
            return;
        }
        if (n.path < 0) {
            return;
        }
        Value v;
        if (value.is_string()) {
            v.kind = Scalar::Kind::String;
            v.text = value.template get_ref<const std::string &>();
        } else if (value.is_number()) {
            v.kind = Scalar::Kind::Number;
            v.number = canonicalNumber(value.template get<double>());
            v.approx = v.number;
            v.numberKnown = true;
            v.numberValid = true;
        } else if (value.is_boolean()) {
            v.kind = value.template get<bool>() ? Scalar::Kind::True : Scalar::Kind::False;
        } else {
            v.kind = Scalar::Kind::Null;
        }
        m_engine.leaf(static_cast<std::uint32_t>(n.path), v);
    }

private:
    const MatcherState &m_st;
    MatchScratch &m_sc;
    Engine &m_engine;
};

} // namespace

Matcher::Matcher()
    : m_state(std::make_unique<MatcherState>()), m_scratch(std::make_unique<MatchScratch>()) {
}
Matcher::~Matcher() = default;
Matcher::Matcher(Matcher &&) noexcept = default;
Matcher &Matcher::operator=(Matcher &&) noexcept = default;

void Matcher::add(RuleId id, const EventPattern &pattern) {
    remove(id);
    MatcherState &st = *m_state;
    RuleEntry &entry = st.rules[id];
    entry.pattern = pattern;
    entry.chains = chainsOf(entry.pattern);
    for (const auto &chain : entry.chains) {
        st.addChain(id, chain);
    }
}

bool Matcher::remove(RuleId id) {
    MatcherState &st = *m_state;
    auto it = st.rules.find(id);
    if (it == st.rules.end()) {
        return false;
    }
    for (const auto &chain : it->second.chains) {
        st.removeChain(id, chain);
    }
    st.rules.erase(it);
    return true;
}

std::size_t Matcher::ruleCount() const {
    return m_state->rules.size();
}

bool Matcher::contains(RuleId id) const {
    return m_state->rules.contains(id);
}

void Matcher::match(std::string_view json, std::vector<RuleId> &out) const {
    MatchScratch &sc = *m_scratch;
    sc.begin(*m_state);
    Engine engine(*m_state, sc);
    RawReader reader(json, *m_state, sc, engine);
    if (!reader.run()) {
        out.clear();
        return;
    }
    engine.finish(out);
}

namespace {

template <typename Json>
void matchDocument(const MatcherState &st, MatchScratch &sc, const Json &event,
                   std::vector<RuleId> &out) {
    sc.begin(st);
    Engine engine(st, sc);
    if (!event.is_object()) {
        out.clear();
        return;
    }
    DocumentReader<Json>(st, sc, engine).readObject(event, 0, 0);
    engine.finish(out);
}

} // namespace

void Matcher::match(const nlohmann::json &event, std::vector<RuleId> &out) const {
    matchDocument(*m_state, *m_scratch, event, out);
}

void Matcher::match(const nlohmann::ordered_json &event, std::vector<RuleId> &out) const {
    matchDocument(*m_state, *m_scratch, event, out);
}

bool Matcher::matches(std::string_view json) const {
    std::vector<RuleId> out;
    match(json, out);
    return !out.empty();
}

} // namespace sg::model
