#pragma once
// Value-level semantics of the pattern language as AWS implements them (case folding, wildcards, IP
// addresses, the numeric range AWS compares in, wildcard complexity), used by the parser and the
// reference evaluator; the compiled matcher must agree with them (namespace `aws` keeps them apart
// from the matcher's own text primitives).

#include "core/result.h"
#include "pattern/eventpattern.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sg::model::aws {

// AWS compares numbers only within [-5e9, 5e9]: pattern numbers outside it are rejected by
// `numeric` and `anything-but`, and event numbers outside it never satisfy `numeric`.
inline constexpr double kMaxComparableNumber = 5e9;

// Lower-cases ASCII and the letters of Latin-1, Latin Extended-A, Greek and Cyrillic, code point by
// code point (what equals-ignore-case and the ignore-case prefix/suffix forms compare). Bytes that
// are not valid UTF-8 are kept as they are.
[[nodiscard]] std::string foldCase(std::string_view utf8);

// Whether `value` matches a wildcard as written in a pattern: `*` matches any run of bytes (also an
// empty one), `\*` a literal asterisk and `\\` a literal backslash. `pattern` must be valid (see
// wildcardSyntaxError).
[[nodiscard]] bool wildcardMatches(std::string_view pattern, std::string_view value);

// AWS's reason text for an invalid wildcard ("Consecutive wildcard characters at pos 26", "Invalid
// escape character at pos 3"), or nullopt when the wildcard is valid. Positions count UTF-8 bytes
// and, as in AWS, include the opening quote of the JSON string.
[[nodiscard]] std::optional<std::string> wildcardSyntaxError(std::string_view pattern);

// An IPv4 or IPv6 address; IPv4 addresses live in bytes 12..15 (bytes 0..11 are zero), like
// CidrRange.
struct IpAddress {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};

    friend bool operator==(const IpAddress &, const IpAddress &) = default;
};

// Parses an IP address literal the way AWS does: four dotted decimal parts of at most 255 without
// leading zeros, or an IPv6 literal in hexadecimal groups with at most one `::` (no dotted tail, no
// zone). IPv4-mapped IPv6 addresses (::ffff:a.b.c.d written in hex) are IPv4 addresses.
[[nodiscard]] std::optional<IpAddress> parseIpAddress(std::string_view text);

// Parses the value of a `cidr` operator. On failure the Error's message is AWS's reason text
// (e.g. "Malformed CIDR, one '/' required"). Note AWS's quirks: the low end of the range is the
// address as written (host bits are not cleared), and the mask must be below 32 (IPv4) or 128
// (IPv6).
[[nodiscard]] Result<CidrRange> parseCidr(std::string_view text);

// Whether an address falls in a range; IPv4 ranges contain IPv4 addresses only, and IPv6 ranges
// IPv6.
[[nodiscard]] bool cidrContains(const CidrRange &range, const IpAddress &address);

// The wildcard complexity AWS computes for a rule: for each field's byte automaton (wildcards of
// one field that AWS would place in the same automaton, i.e. same field after the same preceding
// fields), the largest number of wildcard patterns that the states active at once can still lead
// to, for any input; the result is the maximum over fields. This models aws/event-ruler's
// MachineComplexityEvaluator on the automaton its ByteMachine builds; it gives 7 for
// "/Users/*/dir/dir/dir/dir/dir/doc.txt" and 11 for "*:*:*:*:*:event-bus/*", the values AWS
// accepted and refused. Evaluation stops as soon as the complexity reaches `cap` (the returned
// value is then at least `cap`). `worstField`, if given, receives the path of the most complex
// field.
[[nodiscard]] int wildcardComplexity(const EventPattern &pattern, int cap,
                                     std::string *worstField = nullptr);

} // namespace sg::model::aws
