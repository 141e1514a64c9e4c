#pragma once
// EventPattern: a parsed, validated EventBridge event pattern in disjunctive normal form, the
// common input of the reference evaluator, the compiled bus matcher and the editors.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace sg::model {

// A scalar JSON value as written in a pattern or an event.
struct Scalar {
    enum class Kind : std::uint8_t { String, Number, True, False, Null };

    Kind kind = Kind::Null;
    std::string text;  // String: the unescaped contents; Number: the source text
    double number = 0; // Number only: the value (numbers compare by value)

    friend bool operator==(const Scalar &, const Scalar &) = default;
};

enum class Op : std::uint8_t {
    Exact,                 // values[0]: any scalar; numbers compare by value
    EqualsIgnoreCase,      // values[0]: string
    Prefix,                // values[0]: string
    PrefixIgnoreCase,      // values[0]: string
    Suffix,                // values[0]: string
    SuffixIgnoreCase,      // values[0]: string
    Wildcard,              // values[0]: the wildcard text as written (escapes \* and \\ kept)
    AnythingBut,           // values: strings, or numbers; matches any present value not listed
    AnythingButPrefix,     // values: strings
    AnythingButSuffix,     // values: strings
    AnythingButIgnoreCase, // values: strings
    AnythingButWildcard,   // values: strings
    Numeric,               // numeric
    Cidr,                  // cidr
    Exists,                // exists
};

// Up to one lower and one upper bound; "=" x is [x, x].
struct NumericRange {
    bool hasLower = false;
    bool lowerInclusive = false;
    double lower = 0;
    bool hasUpper = false;
    bool upperInclusive = false;
    double upper = 0;

    friend bool operator==(const NumericRange &, const NumericRange &) = default;
};

// An inclusive address range; IPv4 ranges hold the address in bytes 12..15 and match IPv4 only.
struct CidrRange {
    bool v6 = false;
    std::array<std::uint8_t, 16> low{};
    std::array<std::uint8_t, 16> high{};

    friend bool operator==(const CidrRange &, const CidrRange &) = default;
};

// One alternative of a field: `"field": [ alternative, alternative, ... ]`.
struct ValueMatcher {
    Op op = Op::Exact;
    std::vector<Scalar> values;
    NumericRange numeric;
    CidrRange cidr;
    bool exists = true;

    friend bool operator==(const ValueMatcher &, const ValueMatcher &) = default;
};

// A leaf field of the pattern: its dot-joined path ("detail.state") and the ORed alternatives.
struct FieldCondition {
    std::string path;
    std::vector<ValueMatcher> anyOf;

    friend bool operator==(const FieldCondition &, const FieldCondition &) = default;
};

// A conjunction of field conditions; the same path may appear more than once (all must hold).
struct Conjunction {
    std::vector<FieldCondition> fields;

    friend bool operator==(const Conjunction &, const Conjunction &) = default;
};

// The whole pattern: it matches an event when any alternative does ($or is expanded here).
struct EventPattern {
    std::vector<Conjunction> alternatives;

    friend bool operator==(const EventPattern &, const EventPattern &) = default;
};

} // namespace sg::model
