#pragma once
// referenceMatches: a deliberately simple evaluator of an EventPattern against a parsed event. It
// is the executable specification of matching and the test oracle for the compiled Matcher, so it
// favours being obviously right over being fast (backtracking, exponential in the worst case).
//
// Semantics (what every engine must do; each point was checked against AWS where the conformance
// data covers it):
// - The event is flattened into leaves: every scalar (string, number, true, false, null) gets the
//   path of keys leading to it joined with "." (an event key "a.b" is the same as {"a":{"b":..}};
//   unlike pattern paths, an empty key still adds its dot: {"":{"x":1}} is ".x").
//   Array elements are leaves of the array's own path, each remembering which element of which
//   array it sits in. Empty arrays and empty objects produce no leaf, so they count as absent;
//   objects and arrays themselves are never leaves (`exists` only sees leaves). A non-object event
//   matches nothing.
// - A pattern matches when any alternative does. An alternative matches when each of its fields is
//   satisfied, by leaves that are array-consistent: two leaves taken from elements of the same
//   array must come from the same element (for every array both are inside).
// - A field is satisfied by a consistent leaf with its path that any of its ValueMatchers accepts.
//   `{"exists": false}` instead holds when no leaf with the path is consistent with the leaves
//   chosen so far, where fields are considered in path order (byte-wise). This mirrors AWS, whose
//   matcher walks fields in name order: an absent field only has to be absent next to fields that
//   sort before it.
// - Per operator, for a leaf value v:
//   Exact             String: v is that string. Number: v is a number of equal value (300 matches
//                     300.0 and 3e2). True/False/Null: v is that literal ("" and null differ).
//   EqualsIgnoreCase  v is a string equal after aws::foldCase. Prefix/Suffix: v is a string
//   starting or
//                     ending with the value (byte-wise; "" matches every string);
//                     PrefixIgnoreCase/SuffixIgnoreCase compare after aws::foldCase. Never numbers.
//   Wildcard          v is a string and aws::wildcardMatches(value, v).
//   Numeric           v is a number within [-5e9, 5e9] and within the range. Never a string.
//   Cidr              v is a string that aws::parseIpAddress accepts, of the range's family, in
//   range. Exists            true: any leaf (null included). AnythingBut       v is anything except
//   one of the listed values: a string list excludes equal
//                     strings, a number list excludes numbers of equal value; every other value
//                     (numbers against strings, strings against numbers, null, booleans) matches.
//   AnythingButPrefix / AnythingButSuffix / AnythingButIgnoreCase / AnythingButWildcard: v matches
//                     unless it is a string that has one of the prefixes / suffixes / equals one of
//                     the values after aws::foldCase / matches one of the wildcards. So numbers,
//                     null and booleans always match. All anything-but forms need a leaf: a missing
//                     field does not match.
// Known AWS differences not modelled: string values in a pattern that are IP addresses also match
// other spellings of the same address; AWS compares numbers as fixed-point with 6 decimals (here:
// doubles) and matches exact numbers beyond ±5e9 by their text.

#include "pattern/eventpattern.h"

#include <nlohmann/json_fwd.hpp>

namespace sg::model {

// Whether the pattern matches the event (a JSON object), per the semantics above.
[[nodiscard]] bool referenceMatches(const EventPattern &pattern, const nlohmann::json &event);

} // namespace sg::model
