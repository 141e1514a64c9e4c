// parseEventPattern: the AST it builds for every operator, AWS's exact reason for every invalid
// form (texts from aws/event-ruler and Jackson, which AWS runs), positions, limits and robustness.

#include "pattern/jsonreader.h"
#include "pattern/patternparser.h"
#include "pattern/valuesemantics.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace sg::model {
namespace {

constexpr std::string_view kPrefix = "Event pattern is not valid. Reason: ";

// Test names for data-driven suites come from each row's `name`.
template <typename Row> std::string rowName(const testing::TestParamInfo<Row> &row) {
    return row.param.name;
}

// ---------------------------------------------------------------- AST builders

Scalar str(std::string text) {
    return Scalar{Scalar::Kind::String, std::move(text), 0};
}
Scalar num(std::string text, double value) {
    return Scalar{Scalar::Kind::Number, std::move(text), value};
}
Scalar lit(Scalar::Kind kind) {
    return Scalar{kind, {}, 0};
}

ValueMatcher with(Op op, std::vector<Scalar> values) {
    ValueMatcher m;
    m.op = op;
    m.values = std::move(values);
    return m;
}
ValueMatcher exact(Scalar value) {
    return with(Op::Exact, {std::move(value)});
}
ValueMatcher numeric(bool hasLower, bool lowerInclusive, double lower, bool hasUpper,
                     bool upperInclusive, double upper) {
    ValueMatcher m;
    m.op = Op::Numeric;
    m.numeric = NumericRange{hasLower, lowerInclusive, lower, hasUpper, upperInclusive, upper};
    return m;
}
ValueMatcher exists(bool value) {
    ValueMatcher m;
    m.op = Op::Exists;
    m.exists = value;
    return m;
}
ValueMatcher cidr(bool v6, std::array<std::uint8_t, 16> low, std::array<std::uint8_t, 16> high) {
    ValueMatcher m;
    m.op = Op::Cidr;
    m.cidr = CidrRange{v6, low, high};
    return m;
}
std::array<std::uint8_t, 16> v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    std::array<std::uint8_t, 16> bytes{};
    bytes[12] = a;
    bytes[13] = b;
    bytes[14] = c;
    bytes[15] = d;
    return bytes;
}

FieldCondition field(std::string path, std::vector<ValueMatcher> anyOf) {
    return FieldCondition{std::move(path), std::move(anyOf)};
}
EventPattern one(std::vector<FieldCondition> fields) {
    return EventPattern{{Conjunction{std::move(fields)}}};
}

// ---------------------------------------------------------------- valid patterns

struct ValidCase {
    const char *name;
    std::string pattern;
    EventPattern expected;
};

std::ostream &operator<<(std::ostream &out, const ValidCase &c) {
    return out << c.name;
}

class ValidPattern : public testing::TestWithParam<ValidCase> {};

TEST_P(ValidPattern, ParsesToTheDocumentedAst) {
    const ValidCase &c = GetParam();
    const Result<EventPattern> parsed = parseEventPattern(c.pattern);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(*parsed, c.expected);
}

const std::vector<ValidCase> kValidCases = {
    {"exact_string", R"({"source":["aws.ec2"]})", one({field("source", {exact(str("aws.ec2"))})})},
    {"exact_string_unescaped", R"({"s":["a\"b\\c\u00e9\ud83d\ude80"]})",
     one({field("s", {exact(str("a\"b\\c\xC3\xA9\xF0\x9F\x9A\x80"))})})},
    {"exact_empty_string", R"({"s":[""]})", one({field("s", {exact(str(""))})})},
    {"exact_number_keeps_source_text", R"({"n":[3.0e2]})",
     one({field("n", {exact(num("3.0e2", 300))})})},
    {"exact_negative_number", R"({"n":[-7]})", one({field("n", {exact(num("-7", -7))})})},
    {"exact_large_number_is_allowed", R"({"n":[123456789012]})",
     one({field("n", {exact(num("123456789012", 123456789012.0))})})},
    {"exact_true_false_null", R"({"b":[true,false,null]})",
     one({field("b", {exact(lit(Scalar::Kind::True)), exact(lit(Scalar::Kind::False)),
                      exact(lit(Scalar::Kind::Null))})})},
    {"several_values_are_alternatives", R"({"s":["a",1,{"prefix":"b"}]})",
     one({field("s", {exact(str("a")), exact(num("1", 1)), with(Op::Prefix, {str("b")})})})},
    {"nested_objects_join_paths", R"({"detail":{"state":{"name":["x"]}}})",
     one({field("detail.state.name", {exact(str("x"))})})},
    {"dotted_key_is_a_path", R"({"detail":{"state.name":["x"]}})",
     one({field("detail.state.name", {exact(str("x"))})})},
    {"empty_leading_key_adds_no_dot", R"({"":{"x":[1]}})", one({field("x", {exact(num("1", 1))})})},
    {"fields_keep_document_order", R"({"b":[1],"a":[2]})",
     one({field("b", {exact(num("1", 1))}), field("a", {exact(num("2", 2))})})},
    {"exactly_operator", R"({"s":[{"exactly":"x"}]})", one({field("s", {exact(str("x"))})})},
    {"equals_ignore_case", R"({"s":[{"equals-ignore-case":"AbC"}]})",
     one({field("s", {with(Op::EqualsIgnoreCase, {str("AbC")})})})},
    {"prefix", R"({"s":[{"prefix":"us-"}]})", one({field("s", {with(Op::Prefix, {str("us-")})})})},
    {"prefix_empty", R"({"s":[{"prefix":""}]})", one({field("s", {with(Op::Prefix, {str("")})})})},
    {"prefix_ignore_case", R"({"s":[{"prefix":{"equals-ignore-case":"EventB"}}]})",
     one({field("s", {with(Op::PrefixIgnoreCase, {str("EventB")})})})},
    {"suffix", R"({"s":[{"suffix":".png"}]})",
     one({field("s", {with(Op::Suffix, {str(".png")})})})},
    {"suffix_ignore_case", R"({"s":[{"suffix":{"equals-ignore-case":".PNG"}}]})",
     one({field("s", {with(Op::SuffixIgnoreCase, {str(".PNG")})})})},
    {"wildcard_keeps_escapes", R"({"s":[{"wildcard":"a*b\\*c\\\\d"}]})",
     one({field("s", {with(Op::Wildcard, {str("a*b\\*c\\\\d")})})})},
    {"wildcard_empty", R"({"s":[{"wildcard":""}]})",
     one({field("s", {with(Op::Wildcard, {str("")})})})},
    {"anything_but_string", R"({"s":[{"anything-but":"x"}]})",
     one({field("s", {with(Op::AnythingBut, {str("x")})})})},
    {"anything_but_number", R"({"s":[{"anything-but":0}]})",
     one({field("s", {with(Op::AnythingBut, {num("0", 0)})})})},
    {"anything_but_string_list", R"({"s":[{"anything-but":["a","b"]}]})",
     one({field("s", {with(Op::AnythingBut, {str("a"), str("b")})})})},
    {"anything_but_number_list", R"({"s":[{"anything-but":[100,2.5e1]}]})",
     one({field("s", {with(Op::AnythingBut, {num("100", 100), num("2.5e1", 25)})})})},
    {"anything_but_prefix", R"({"s":[{"anything-but":{"prefix":"init"}}]})",
     one({field("s", {with(Op::AnythingButPrefix, {str("init")})})})},
    {"anything_but_prefix_list", R"({"s":[{"anything-but":{"prefix":["a","b"]}}]})",
     one({field("s", {with(Op::AnythingButPrefix, {str("a"), str("b")})})})},
    {"anything_but_prefix_empty_list", R"({"s":[{"anything-but":{"prefix":[]}}]})",
     one({field("s", {with(Op::AnythingButPrefix, {})})})},
    {"anything_but_suffix", R"({"s":[{"anything-but":{"suffix":".txt"}}]})",
     one({field("s", {with(Op::AnythingButSuffix, {str(".txt")})})})},
    {"anything_but_ignore_case_list", R"({"s":[{"anything-but":{"equals-ignore-case":["A",""]}}]})",
     one({field("s", {with(Op::AnythingButIgnoreCase, {str("A"), str("")})})})},
    {"anything_but_wildcard", R"({"s":[{"anything-but":{"wildcard":"*/lib/*"}}]})",
     one({field("s", {with(Op::AnythingButWildcard, {str("*/lib/*")})})})},
    {"anything_but_wildcard_list", R"({"s":[{"anything-but":{"wildcard":["a*","*b"]}}]})",
     one({field("s", {with(Op::AnythingButWildcard, {str("a*"), str("*b")})})})},
    {"numeric_equals", R"({"n":[{"numeric":["=",301.8]}]})",
     one({field("n", {numeric(true, true, 301.8, true, true, 301.8)})})},
    {"numeric_greater", R"({"n":[{"numeric":[">",0]}]})",
     one({field("n", {numeric(true, false, 0, false, false, 0)})})},
    {"numeric_greater_or_equal", R"({"n":[{"numeric":[">=",-5]}]})",
     one({field("n", {numeric(true, true, -5, false, false, 0)})})},
    {"numeric_less", R"({"n":[{"numeric":["<",10]}]})",
     one({field("n", {numeric(false, false, 0, true, false, 10)})})},
    {"numeric_less_or_equal", R"({"n":[{"numeric":["<=",1e3]}]})",
     one({field("n", {numeric(false, false, 0, true, true, 1000)})})},
    {"numeric_range", R"({"n":[{"numeric":[">",0,"<=",5]}]})",
     one({field("n", {numeric(true, false, 0, true, true, 5)})})},
    {"numeric_range_closed_open", R"({"n":[{"numeric":[">=",200,"<",500]}]})",
     one({field("n", {numeric(true, true, 200, true, false, 500)})})},
    {"numeric_limits_are_inclusive", R"({"n":[{"numeric":[">=",-5e9,"<=",5e9]}]})",
     one({field("n", {numeric(true, true, -5e9, true, true, 5e9)})})},
    {"cidr_ipv4", R"({"ip":[{"cidr":"10.0.0.0/24"}]})",
     one({field("ip", {cidr(false, v4(10, 0, 0, 0), v4(10, 0, 0, 255))})})},
    {"cidr_keeps_host_bits_of_the_low_end", R"({"ip":[{"cidr":"10.1.2.3/8"}]})",
     one({field("ip", {cidr(false, v4(10, 1, 2, 3), v4(10, 255, 255, 255))})})},
    {"cidr_ipv4_mask_zero", R"({"ip":[{"cidr":"1.2.3.4/0"}]})",
     one({field("ip", {cidr(false, v4(1, 2, 3, 4), v4(255, 255, 255, 255))})})},
    {"cidr_ipv6", R"({"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]})",
     one({field(
         "ip", {cidr(true, {0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x1a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0},
                     {0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x1a, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff,
                      0xff, 0xff, 0xff})})})},
    {"cidr_trailing_slash_ignored_like_java_split", R"({"ip":[{"cidr":"10.0.0.0/8/"}]})",
     one({field("ip", {cidr(false, v4(10, 0, 0, 0), v4(10, 255, 255, 255))})})},
    {"exists_true", R"({"k":[{"exists":true}]})", one({field("k", {exists(true)})})},
    {"exists_false_with_alternative", R"({"k":[{"anything-but":["r"]},{"exists":false}]})",
     one({field("k", {with(Op::AnythingBut, {str("r")}), exists(false)})})},
    {"duplicate_key_last_wins",
     "{\n  \"detail\": {\n    \"location\": [ { \"prefix\": \"us-\" } ],\n"
     "    \"location\": [ { \"anything-but\": \"us-east\" } ]\n  }\n}\n",
     one({field("detail.location", {with(Op::AnythingBut, {str("us-east")})})})},
    {"nested_and_dotted_forms_are_one_field_last_wins", R"({"a":{"b":[1]},"a.b":[2]})",
     one({field("a.b", {exact(num("2", 2))})})},
    {"or_top_level", R"({"source":["s"],"$or":[{"a":[1]},{"b":[2],"c":[3]}]})",
     EventPattern{
         {Conjunction{{field("source", {exact(str("s"))}), field("a", {exact(num("1", 1))})}},
          Conjunction{{field("source", {exact(str("s"))}), field("b", {exact(num("2", 2))}),
                       field("c", {exact(num("3", 3))})}}}}},
    {"or_inside_object_uses_its_path", R"({"detail":{"$or":[{"a":[1]},{"b":[2]}]}})",
     EventPattern{{Conjunction{{field("detail.a", {exact(num("1", 1))})}},
                   Conjunction{{field("detail.b", {exact(num("2", 2))})}}}}},
    {"or_nested", R"({"$or":[{"a":[1]},{"x":[0],"$or":[{"b":[2]},{"c":[3]}]}]})",
     EventPattern{
         {Conjunction{{field("a", {exact(num("1", 1))})}},
          Conjunction{{field("x", {exact(num("0", 0))}), field("b", {exact(num("2", 2))})}},
          Conjunction{{field("x", {exact(num("0", 0))}), field("c", {exact(num("3", 3))})}}}}},
    {"two_ors_multiply", R"({"$or":[{"a":[1]},{"b":[2]}],"x":{"$or":[{"c":[3]},{"d":[4]}]}})",
     EventPattern{
         {Conjunction{{field("a", {exact(num("1", 1))}), field("x.c", {exact(num("3", 3))})}},
          Conjunction{{field("b", {exact(num("2", 2))}), field("x.c", {exact(num("3", 3))})}},
          Conjunction{{field("a", {exact(num("1", 1))}), field("x.d", {exact(num("4", 4))})}},
          Conjunction{{field("b", {exact(num("2", 2))}), field("x.d", {exact(num("4", 4))})}}}}},
    {"field_in_or_branch_replaces_earlier_one", R"({"a":[1],"$or":[{"a":[2]},{"b":[3]}]})",
     EventPattern{
         {Conjunction{{field("a", {exact(num("2", 2))})}},
          Conjunction{{field("a", {exact(num("1", 1))}), field("b", {exact(num("3", 3))})}}}}},
    {"field_after_or_applies_to_every_branch", R"({"$or":[{"a":[1]},{"b":[2]}],"a":[9]})",
     EventPattern{
         {Conjunction{{field("a", {exact(num("9", 9))})}},
          Conjunction{{field("b", {exact(num("2", 2))}), field("a", {exact(num("9", 9))})}}}}},
    {"whitespace_everywhere", " \r\n\t{ \"a\" :\n[ 1 , \"x\" ] }\n ",
     one({field("a", {exact(num("1", 1)), exact(str("x"))})})},
};

INSTANTIATE_TEST_SUITE_P(Operators, ValidPattern, testing::ValuesIn(kValidCases),
                         rowName<ValidCase>);

// ---------------------------------------------------------------- invalid patterns

struct InvalidCase {
    const char *name;
    std::string pattern;
    std::string reason; // the text after "Event pattern is not valid. Reason: "
};

std::ostream &operator<<(std::ostream &out, const InvalidCase &c) {
    return out << c.name;
}

class InvalidPattern : public testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidPattern, IsRejectedWithAwsReason) {
    const InvalidCase &c = GetParam();
    const Result<EventPattern> parsed = parseEventPattern(c.pattern);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().message, std::string(kPrefix) + c.reason);
    EXPECT_TRUE(parsed.error().hasPosition());
    EXPECT_LE(parsed.error().offset, c.pattern.size());
}

const std::string kTooComplex = "Rule is too complex - try using fewer wildcard characters or "
                                "fewer repeating character sequences after a wildcard character";
const std::string kValidList =
    "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

const std::vector<InvalidCase> kStructureCases = {
    {"top_level_string", R"("x")", "Filter is not an object"},
    {"top_level_array", R"(["not", "a", "dict"])", "Filter is not an object"},
    {"top_level_number", "42", "Filter is not an object"},
    {"empty_text", "", "Filter is not an object"},
    {"empty_object", "{}", "Empty objects are not allowed"},
    {"empty_nested_object", R"({"a":{}})", "Empty objects are not allowed"},
    {"number_leaf", R"({"int":42})", "\"int\" must be an object or an array"},
    {"string_leaf", R"({"string":"my-value"})", "\"string\" must be an object or an array"},
    {"null_leaf", R"({"a":{"b":null}})", "\"b\" must be an object or an array"},
    {"empty_array", R"({"resources":[]})", "Empty arrays are not allowed"},
    {"array_in_values", R"({"a":[["x"]]})",
     "Match value must be String, number, true, false, or null"},
    {"empty_match_expression", R"({"a":[{}]})", "Match expression name not found"},
    {"unknown_operator", R"({"equal":[{"NUMERIC":["=",5]}]})", "Unrecognized match type NUMERIC"},
    {"operator_names_are_case_sensitive", R"({"k":[{"EXISTS":true}]})",
     "Unrecognized match type EXISTS"},
    {"two_keys_in_match_expression", R"({"a":[{"prefix":"x","suffix":"y"}]})",
     "Only one key allowed in match expression"},
    {"trailing_content", R"({"a":[1]} {"b":[2]})",
     "Trailing token (of type START_OBJECT) found after the pattern object: not allowed"},
    {"trailing_number", R"({"a":[1]} 7)",
     "Trailing token (of type VALUE_NUMBER_INT) found after the pattern object: not allowed"},
};

const std::vector<InvalidCase> kOrCases = {
    {"or_not_an_array", R"({"$or":{"a":[1]}})", "It must be an Array followed with $or."},
    {"or_one_branch", R"({"$or":[{"a":[1]}]})",
     "There must have at least 2 Objects in $or relationship."},
    {"or_no_branch", R"({"$or":[]})", "There must have at least 2 Objects in $or relationship."},
    {"or_branch_not_an_object", R"({"$or":[{"a":[1]},"b"]})",
     "Only JSON object is allowed in array of $or relationship."},
    {"or_branch_empty", R"({"$or":[{"a":[1]},{}]})", "Empty objects are not allowed"},
    {"operator_name_as_field_in_or", R"({"$or":[{"numeric":[1]},{"b":[2]}]})",
     "numeric is Ruler reserved fieldName which cannot be used inside $or."},
    {"reserved_word_deep_in_or", R"({"$or":[{"a":{"prefix":[1]}},{"b":[2]}]})",
     "prefix is Ruler reserved fieldName which cannot be used inside $or."},
    {"future_reserved_word_in_or", R"({"$or":[{"regex":[1]},{"b":[2]}]})",
     "regex is Ruler reserved fieldName which cannot be used inside $or."},
};

const std::vector<InvalidCase> kOperatorCases = {
    {"exactly_not_string", R"({"a":[{"exactly":1}]})", "exact match pattern must be a string"},
    {"prefix_number", R"({"time":[{"prefix":123}]})", "prefix match pattern must be a string"},
    {"prefix_list", R"({"time":[{"prefix":["2022"]}]})", "prefix match pattern must be a string"},
    {"suffix_number", R"({"f":[{"suffix":123}]})", "suffix match pattern must be a string"},
    {"suffix_list", R"({"f":[{"suffix":[".png"]}]})", "suffix match pattern must be a string"},
    {"prefix_object_empty", R"({"f":[{"prefix":{}}]})", "Prefix expression name not found"},
    {"prefix_object_unknown", R"({"f":[{"prefix":{"wildcard":"a"}}]})",
     "Unsupported prefix pattern: wildcard"},
    {"suffix_object_unknown", R"({"f":[{"suffix":{"x":"a"}}]})", "Unsupported suffix pattern: x"},
    {"prefix_ignore_case_number", R"({"f":[{"prefix":{"equals-ignore-case":1}}]})",
     "equals-ignore-case match pattern must be a string"},
    {"prefix_ignore_case_extra_key", R"({"f":[{"prefix":{"equals-ignore-case":"a","b":1}}]})",
     "Only one key allowed in match expression"},
    {"equals_ignore_case_list", R"({"d":[{"equals-ignore-case":["x"]}]})",
     "equals-ignore-case match pattern must be a string"},
    {"equals_ignore_case_object", R"({"d":[{"equals-ignore-case":{"prefix":"ec2"}}]})",
     "equals-ignore-case match pattern must be a string"},
    {"wildcard_number", R"({"a":[{"wildcard":123}]})", "wildcard match pattern must be a string"},
    {"wildcard_list", R"({"a":[{"wildcard":["a*"]}]})", "wildcard match pattern must be a string"},
    {"wildcard_consecutive_stars",
     R"({"a":[{"wildcard":"arn:aws:events:us-east-1:**:event-bus/*"}]})",
     "Consecutive wildcard characters at pos 26"},
    {"wildcard_leading_double_star", R"({"a":[{"wildcard":"**"}]})",
     "Consecutive wildcard characters at pos 1"},
    {"wildcard_bad_escape", R"({"a":[{"wildcard":"a\\b"}]})", "Invalid escape character at pos 2"},
    {"wildcard_trailing_backslash", R"({"a":[{"wildcard":"ab\\"}]})",
     "Invalid escape character at pos 3"},
    {"wildcard_too_complex", R"({"EventBusArn":[{"wildcard":"*:*:*:*:*:event-bus/*"}]})",
     kTooComplex},
    {"wildcards_of_one_field_add_up",
     R"({"k":[{"wildcard":"*/datasync/*.bif"},{"wildcard":"*/datasync/*.tiff"},)"
     R"({"wildcard":"*/datasync/*.tif"}]})",
     kTooComplex},
    {"exists_string", R"({"a":[{"exists":"true"}]})",
     "exists match pattern must be either true or false."},
    {"exists_extra_key", R"({"a":[{"exists":true,"prefix":"x"}]})",
     "Only one key allowed in match expression"},
    {"cidr_list", R"({"ip":[{"cidr":["bad-type"]}]})", "prefix match pattern must be a string"},
    {"cidr_no_slash", R"({"ip":[{"cidr":"bad-filter"}]})", "Malformed CIDR, one '/' required"},
    {"cidr_two_slashes", R"({"ip":[{"cidr":"10.0.0.0/8/8"}]})", "Malformed CIDR, one '/' required"},
    {"cidr_only_slash", R"({"ip":[{"cidr":"/"}]})", "Malformed CIDR, one '/' required"},
    {"cidr_mask_not_integer", R"({"ip":[{"cidr":"bad-/64filter"}]})",
     "Malformed CIDR, mask bits must be an integer"},
    {"cidr_mask_empty_part", R"({"ip":[{"cidr":"1.2.3.4//"}]})",
     "Malformed CIDR, one '/' required"},
    {"cidr_mask_negative", R"({"ip":[{"cidr":"10.0.0.0/-1"}]})",
     "Malformed CIDR, mask bits must not be negative"},
    {"cidr_not_an_address", R"({"ip":[{"cidr":"xx.11.xx/8"}]})",
     "Nonstandard IP address: xx.11.xx"},
    {"cidr_no_address", R"({"ip":[{"cidr":"/8"}]})", "Nonstandard IP address: "},
    {"cidr_ipv6_not_an_address", R"({"ip":[{"cidr":"xxxx:db8:1234:1a00::/64"}]})",
     "Nonstandard IP address: xxxx:db8:1234:1a00::"},
    {"cidr_ipv4_octet_too_big", R"({"ip":[{"cidr":"10.0.0.256/8"}]})",
     "Invalid IP address: 10.0.0.256"},
    {"cidr_ipv6_two_gaps", R"({"ip":[{"cidr":"1::2::3/64"}]})", "Invalid IP address: 1::2::3"},
    {"cidr_ipv4_mask_32", R"({"ip":[{"cidr":"10.0.0.1/32"}]})", "IPv4 mask bits must be < 32"},
    {"cidr_ipv6_mask_128", R"({"ip":[{"cidr":"::1/128"}]})", "IPv6 mask bits must be < 128"},
    {"cidr_extra_key", R"({"ip":[{"cidr":"10.0.0.0/8","x":1}]})",
     "Only one key allowed in match expression"},
    {"numeric_not_array", R"({"c":[{"numeric":10}]})", "Value of numeric must be an array."},
    {"numeric_empty", R"({"c":[{"numeric":[]}]})", "Invalid member in numeric match: ]"},
    {"numeric_operator_not_string", R"({"c":[{"numeric":[5]}]})",
     "Invalid member in numeric match: 5"},
    {"numeric_unknown_operator", R"({"c":[{"numeric":["!=",5]}]})",
     "Unrecognized numeric range operator: !="},
    {"numeric_equals_string", R"({"c":[{"numeric":["=","5"]}]})",
     "Value of equals must be numeric"},
    {"numeric_equals_two_values", R"({"c":[{"numeric":["=",5,6]}]})",
     "Too many elements in numeric expression"},
    {"numeric_greater_missing_value", R"({"c":[{"numeric":[">"]}]})", "Value of > must be numeric"},
    {"numeric_greater_equal_string", R"({"c":[{"numeric":[">=","1"]}]})",
     "Value of >= must be numeric"},
    {"numeric_less_null", R"({"c":[{"numeric":["<",null]}]})", "Value of < must be numeric"},
    {"numeric_less_equal_then_more", R"({"c":[{"numeric":["<=",1,">",0]}]})",
     "Too many elements in numeric expression"},
    {"numeric_two_lower_bounds", R"({"c":[{"numeric":[">",0,">",0]}]})",
     "Bad numeric range operator: >"},
    {"numeric_bound_not_a_string", R"({"c":[{"numeric":[">",0,5]}]})",
     "Bad value in numeric range: 5"},
    {"numeric_upper_bound_missing", R"({"c":[{"numeric":[">",0,"<"]}]})",
     "Value of < must be numeric"},
    {"numeric_too_many_terms", R"({"c":[{"numeric":[">",0,"<",5,1]}]})",
     "Too many terms in numeric range expression"},
    {"numeric_empty_range", R"({"c":[{"numeric":[">",5,"<",5]}]})", "Bottom must be less than top"},
    {"numeric_inverted_range", R"({"c":[{"numeric":[">=",6,"<=",5]}]})",
     "Bottom must be less than top"},
    {"numeric_lower_bound_at_limit", R"({"c":[{"numeric":[">=",5e9]}]})",
     "Bottom must be less than top"},
    {"numeric_upper_bound_at_limit", R"({"c":[{"numeric":["<",-5e9]}]})",
     "Bottom must be less than top"},
    {"numeric_equals_out_of_range", R"({"c":[{"numeric":["=",5000000001]}]})",
     "Value must be between -5.0E9 and 5.0E9, inclusive"},
    {"numeric_lower_bound_out_of_range", R"({"c":[{"numeric":[">",-6e9]}]})",
     "Value must be between -5.0E9 and 5.0E9, inclusive"},
    {"numeric_upper_bound_out_of_range", R"({"c":[{"numeric":["<",1e400]}]})",
     "Value must be between -5.0E9 and 5.0E9, inclusive"},
    {"numeric_extra_key", R"({"c":[{"numeric":[">",0],"x":1}]})",
     "Too many elements in numeric expression"},
    {"anything_but_null", R"({"s":[{"anything-but":null}]})",
     "Value of anything-but must be an array or single string/number value."},
    {"anything_but_true", R"({"s":[{"anything-but":true}]})",
     "Value of anything-but must be an array or single string/number value."},
    {"anything_but_empty_object", R"({"s":[{"anything-but":{}}]})",
     "Anything-But expression name not found"},
    {"anything_but_unknown_form", R"({"s":[{"anything-but":{"numeric":[">",1]}}]})",
     "Unsupported anything-but pattern: numeric"},
    {"anything_but_prefix_ignore_case_object",
     R"({"f":[{"anything-but":{"prefix":{"equals-ignore-case":"file"}}}]})",
     "Value of anything-but must be an array or single string/number value."},
    {"anything_but_list_with_null", R"({"s":[{"anything-but":["stopped",null]}]})",
     "Inside anything but list, start|null|boolean is not supported."},
    {"anything_but_list_with_object", R"({"s":[{"anything-but":[{"prefix":"a"}]}]})",
     "Inside anything but list, start|null|boolean is not supported."},
    {"anything_but_mixed_list", R"({"s":[{"anything-but":["a",1]}]})",
     "Inside anything but list, either all values are number or string, mixed type is not "
     "supported"},
    {"anything_but_empty_list", R"({"s":[{"anything-but":[]}]})",
     "Inside anything but list, either all values are number or string, mixed type is not "
     "supported"},
    {"anything_but_number_out_of_range", R"({"s":[{"anything-but":[1,6e9]}]})",
     "Value must be between -5.0E9 and 5.0E9, inclusive"},
    {"anything_but_extra_key", R"({"s":[{"anything-but":"a","prefix":"b"}]})",
     "Too many elements in numeric expression"},
    {"anything_but_set_extra_key", R"({"s":[{"anything-but":{"prefix":"a","b":1}}]})",
     "Too many elements in numeric expression"},
    {"anything_but_ignore_case_number", R"({"s":[{"anything-but":{"equals-ignore-case":123}}]})",
     "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."},
    {"anything_but_ignore_case_number_list",
     R"({"s":[{"anything-but":{"equals-ignore-case":[123,456]}}]})",
     "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."},
    {"anything_but_prefix_empty", R"({"f":[{"anything-but":{"prefix":""}}]})",
     "Null prefix/suffix not allowed"},
    {"anything_but_suffix_empty_in_list", R"({"f":[{"anything-but":{"suffix":["a",""]}}]})",
     "Null prefix/suffix not allowed"},
    {"anything_but_prefix_number", R"({"s":[{"anything-but":{"prefix":123}}]})",
     "prefix/suffix match pattern must be a string"},
    {"anything_but_suffix_null_in_list", R"({"f":[{"anything-but":{"suffix":[null,".txt"]}}]})",
     "prefix/suffix match pattern must be a string"},
    {"anything_but_wildcard_number", R"({"f":[{"anything-but":{"wildcard":123}}]})",
     "wildcard match pattern must be a string"},
    {"anything_but_wildcard_number_in_list",
     R"({"s":[{"anything-but":{"wildcard":[123,"*/dir/*"]}}]})",
     "wildcard match pattern must be a string"},
    {"anything_but_wildcard_consecutive_stars",
     R"({"s":[{"anything-but":{"wildcard":["a","b**"]}}]})",
     "Consecutive wildcard characters at pos 2"},
};

const std::vector<InvalidCase> kJsonCases = {
    {"bare_word", "this is valid json but not a dict",
     "Unrecognized token 'this': was expecting " + kValidList},
    {"single_quotes", "{'bad': 'quotation'}",
     "Unexpected character (''' (code 39)): was expecting double-quote to start field name"},
    {"unquoted_value", R"({"not": closed mark")",
     "Unrecognized token 'closed': was expecting " + kValidList},
    {"misspelt_true", R"({"a":[tru]})", "Unrecognized token 'tru': was expecting " + kValidList},
    {"true_followed_by_letters", R"({"a":[truex]})",
     "Unrecognized token 'truex': was expecting " + kValidList},
    {"nan", R"({"a":[NaN]})",
     "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"},
    {"leading_zero", R"({"a":[01]})", "Invalid numeric value: Leading zeroes not allowed"},
    {"decimal_point_without_digits", R"({"a":[1.]})",
     "Unexpected character (']' (code 93)) in numeric value: Decimal point not followed by a "
     "digit"},
    {"exponent_without_digits", R"({"a":[1e+]})",
     "Unexpected character (']' (code 93)) in numeric value: Exponent indicator not followed by a "
     "digit"},
    {"minus_without_digits", R"({"a":[-x]})",
     "Unexpected character ('x' (code 120)) in numeric value: expected digit (0-9) to follow "
     "minus sign, for valid numeric value"},
    {"value_starting_with_dot", R"({"a":[.5]})",
     "Unexpected character ('.' (code 46)): expected a valid value " + kValidList},
    {"trailing_comma_in_array", R"({"a":[1,]})",
     "Unexpected character (']' (code 93)): expected a valid value " + kValidList},
    {"trailing_comma_in_object", R"({"a":[1],})",
     "Unexpected character ('}' (code 125)): was expecting double-quote to start field name"},
    {"missing_value", R"({"a":})", "Unexpected character ('}' (code 125)): expected a value"},
    {"missing_colon", R"({"a" [1]})",
     "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and "
     "value"},
    {"missing_comma_in_array", R"({"a":[1 2]})",
     "Unexpected character ('2' (code 50)): was expecting comma to separate Array entries"},
    {"missing_comma_in_object", R"({"a":[1] "b":[2]})",
     "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries"},
    {"mismatched_close", R"({"a":[1}})",
     "Unexpected close marker '}': expected ']' (for Array starting at [Source: "
     "(String)\"{\"a\":[1}}\"; line: 1, column: 6])"},
    {"truncated_object", R"({"a":[1])",
     "Unexpected end-of-input: expected close marker for Object (start marker at [Source: "
     "(String)\"{\"a\":[1]\"; line: 1, column: 1])"},
    {"truncated_after_colon", R"({"a":)", "Unexpected end-of-input within/between Object entries"},
    {"unterminated_string_value", R"({"a":["x)",
     "Unexpected end-of-input: was expecting closing quote for a string value"},
    {"unterminated_name", R"({"a)", "Unexpected end-of-input: was expecting closing '\"' for name"},
    {"bad_escape_in_value", R"({"a":["x\q"]})", "Unrecognized character escape 'q' (code 113)"},
    {"bad_unicode_escape", R"({"a":["\u12g4"]})",
     "Unexpected character ('g' (code 103)): expected a hex-digit for character escape sequence"},
    {"control_character_in_string", "{\"a\":[\"x\ty\"]}",
     "Illegal unquoted character ((CTRL-CHAR, code 9)): has to be escaped using backslash to be "
     "included in string value"},
    {"control_character_in_name", "{\"a\nb\":[1]}",
     "Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be "
     "included in name"},
    {"comment", R"({"a":[1] /* no */})",
     "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one "
     "since Feature 'ALLOW_COMMENTS' not enabled for parser)"},
    {"control_character_between_tokens", std::string("{\"a\":\x01[1]}"),
     "Illegal character ((CTRL-CHAR, code 1)): only regular white space (\\r, \\n, \\t) is allowed "
     "between tokens"},
    {"non_ascii_outside_strings", "{\"a\":[\xC3\xA9]}",
     "Unrecognized token '\xC3\xA9': was expecting " + kValidList},
    {"invalid_utf8_in_string", "{\"a\":[\"\xFF\"]}", "Invalid UTF-8 start byte 0xff"},
    {"overlong_utf8_in_string", "{\"a\":[\"\xE0\x80\x80\"]}", "Invalid UTF-8 middle byte 0x80"},
    {"close_marker_first", "]",
     "Unexpected close marker ']': expected '}' (for root starting at [Source: (String)\"]\"; "
     "line: 1, column: 0])"},
    {"malformed_string_is_reported_after_structure_check", R"({"a":"x\q"})",
     "\"a\" must be an object or an array"},
};

INSTANTIATE_TEST_SUITE_P(Structure, InvalidPattern, testing::ValuesIn(kStructureCases),
                         rowName<InvalidCase>);
INSTANTIATE_TEST_SUITE_P(Or, InvalidPattern, testing::ValuesIn(kOrCases), rowName<InvalidCase>);
INSTANTIATE_TEST_SUITE_P(Operators, InvalidPattern, testing::ValuesIn(kOperatorCases),
                         rowName<InvalidCase>);
INSTANTIATE_TEST_SUITE_P(Json, InvalidPattern, testing::ValuesIn(kJsonCases), rowName<InvalidCase>);

// ---------------------------------------------------------------- positions

TEST(PatternErrorPosition, PointsAtTheOffendingValueWithItsField) {
    const std::string text = "{\n  \"detail\": {\n    \"count\": [ { \"numeric\": [\">\", 0, "
                             "\"<\"] } ]\n  }\n}";
    const Result<EventPattern> parsed = parseEventPattern(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().message, std::string(kPrefix) + "Value of < must be numeric");
    EXPECT_EQ(parsed.error().field, "detail.count");
    EXPECT_EQ(parsed.error().line, 3);
    EXPECT_EQ(text.substr(parsed.error().offset, 1), "]"); // the token found instead of a number
}

TEST(PatternErrorPosition, NamesTheLeafForNonArrayValues) {
    const Result<EventPattern> parsed = parseEventPattern("{\"a\": {\"b\": 42}}");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().field, "a.b");
    EXPECT_EQ(parsed.error().offset, 12u);
    EXPECT_EQ(parsed.error().line, 1);
    EXPECT_EQ(parsed.error().column, 13);
}

TEST(PatternErrorPosition, CountsColumnsInCharactersAndLinesAfterCrLf) {
    const Result<EventPattern> parsed = parseEventPattern("{\r\n\"\xC3\xA9\": [x]}");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().line, 2);
    EXPECT_EQ(parsed.error().column, 7); // "é": [x  -> x is the 7th character
    EXPECT_EQ(parsed.error().field, "\xC3\xA9");
}

TEST(PatternErrorPosition, JsonErrorsInsideValuesNameTheField) {
    const Result<EventPattern> parsed = parseEventPattern(R"({"a":{"b":[1, tru]}})");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().field, "a.b");
    EXPECT_EQ(parsed.error().offset, 14u);
}

TEST(PatternErrorPosition, ComplexityErrorPointsAtTheWildcard) {
    const std::string text = R"({"x":[1],"arn":[{"wildcard":"*:*:*:*:*:event-bus/*"}]})";
    const Result<EventPattern> parsed = parseEventPattern(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().field, "arn");
    EXPECT_EQ(text.substr(parsed.error().offset, 3), "\"*:");
}

// ---------------------------------------------------------------- limits

TEST(PatternLimitsTest, LengthIsCountedInUtf16UnitsAndZeroMeansUnlimited) {
    const std::string base = R"({"a":[""]})"; // 10 characters
    std::string text = base;
    text.insert(7, std::string(2048 - base.size(), 'x'));
    EXPECT_TRUE(parseEventPattern(text).ok());

    text.insert(7, "x");
    const Result<EventPattern> tooLong = parseEventPattern(text);
    ASSERT_FALSE(tooLong.ok());
    EXPECT_EQ(tooLong.error().message,
              std::string(kPrefix) +
                  "Event pattern size 2049 exceeds the maximum of 2048 characters");
    EXPECT_EQ(tooLong.error().offset, 2048u);
    EXPECT_TRUE(parseEventPattern(text, {.maxLength = 0}).ok());
    EXPECT_TRUE(parseEventPattern(text, {.maxLength = 4096}).ok());

    // An emoji is two UTF-16 units, as AWS counts them.
    const std::string emoji = "{\"a\":[\"\xF0\x9F\x9A\x80\"]}";
    EXPECT_TRUE(parseEventPattern(emoji, {.maxLength = 12}).ok());
    EXPECT_FALSE(parseEventPattern(emoji, {.maxLength = 11}).ok());
}

// `$or` branches, each with `width` alternatives, nested `depth` times.
std::string nestedOr(int depth, int width) {
    std::string text = "{";
    for (int level = 0; level < depth; ++level) {
        if (level > 0) {
            text += ",";
        }
        text += "\"l" + std::to_string(level) + "\":{\"$or\":[";
        for (int k = 0; k < width; ++k) {
            text += (k ? "," : "") + std::string("{\"v") + std::to_string(k) + "\":[" +
                    std::to_string(k) + "]}";
        }
        text += "]}";
    }
    return text + "}";
}

TEST(PatternLimitsTest, OrCombinationsUpToTheLimitAreExpanded) {
    const Result<EventPattern> parsed = parseEventPattern(nestedOr(3, 10), {.maxLength = 0});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->alternatives.size(), 1000u);
    EXPECT_EQ(parsed->alternatives.back().fields.size(), 3u);
}

TEST(PatternLimitsTest, TooManyOrCombinationsAreRejected) {
    const Result<EventPattern> parsed = parseEventPattern(nestedOr(10, 2), {.maxLength = 0});
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().message,
              std::string(kPrefix) +
                  "The number of combinations in $or relationship (1024) must not exceed 1000.");
    EXPECT_TRUE(
        parseEventPattern(nestedOr(10, 2), {.maxLength = 0, .maxOrCombinations = 1024}).ok());
}

TEST(PatternLimitsTest, HugeOrExpansionsFailFastAndStillReportSyntaxErrorsFirst) {
    // 2^60 combinations: counted, never built.
    const Result<EventPattern> huge = parseEventPattern(nestedOr(60, 2), {.maxLength = 0});
    ASSERT_FALSE(huge.ok());
    EXPECT_NE(huge.error().message.find("must not exceed 1000"), std::string::npos);

    std::string broken = nestedOr(30, 2);
    broken.insert(broken.size() - 1, ",\"z\":5");
    const Result<EventPattern> syntax = parseEventPattern(broken, {.maxLength = 0});
    ASSERT_FALSE(syntax.ok());
    EXPECT_EQ(syntax.error().message, std::string(kPrefix) + "\"z\" must be an object or an array");
}

TEST(PatternLimitsTest, WildcardComplexityLimitIsConfigurable) {
    const std::string repeating = R"({"f":[{"wildcard":"/Users/*/dir/dir/dir/dir/dir/doc.txt"}]})";
    EXPECT_TRUE(parseEventPattern(repeating).ok());
    EXPECT_FALSE(parseEventPattern(repeating, {.maxWildcardComplexity = 6}).ok());
    const std::string complex = R"({"f":[{"wildcard":"*:*:*:*:*:event-bus/*"}]})";
    EXPECT_FALSE(parseEventPattern(complex).ok());
    EXPECT_TRUE(parseEventPattern(complex, {.maxWildcardComplexity = 11}).ok());
    EXPECT_TRUE(parseEventPattern(complex, {.maxWildcardComplexity = 0}).ok()); // 0: no limit
}

struct ComplexityCase {
    const char *name;
    std::string pattern;
    int complexity;
};

std::ostream &operator<<(std::ostream &out, const ComplexityCase &c) {
    return out << c.name;
}

class WildcardComplexity : public testing::TestWithParam<ComplexityCase> {};

TEST_P(WildcardComplexity, MatchesEventRulerEvaluator) {
    const ComplexityCase &c = GetParam();
    const Result<EventPattern> parsed = parseEventPattern(c.pattern, {.maxWildcardComplexity = 0});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(aws::wildcardComplexity(*parsed, 1000), c.complexity);
}

const std::vector<ComplexityCase> kComplexityCases = {
    {"no_wildcard", R"({"a":["x"]})", 0},
    {"lone_star", R"({"a":[{"wildcard":"*"}]})", 2},
    {"one_prefix_star", R"({"a":[{"wildcard":"Simple*Service"}]})", 2},
    {"aws_accepted_repeating_sequence_7",
     R"({"a":[{"wildcard":"/Users/*/dir/dir/dir/dir/dir/doc.txt"}]})", 7},
    {"aws_refused_colons_11", R"({"a":[{"wildcard":"*:*:*:*:*:event-bus/*"}]})", 11},
    {"arn_with_two_stars", R"({"a":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]})", 3},
    {"four_suffix_wildcards_8",
     R"({"k":[{"wildcard":"*.bif"},{"wildcard":"*.tiff"},)"
     R"({"wildcard":"*.tif"},{"wildcard":"*.svs"}]})",
     8},
    {"two_folder_wildcards_8",
     R"({"k":[{"wildcard":"*/datasync/*.bif"},{"wildcard":"*/datasync/*.tif"}]})", 8},
    {"duplicate_wildcards_count_once", R"({"k":[{"wildcard":"*/x/*"},{"wildcard":"*/x/*"}]})", 4},
    {"fields_are_evaluated_separately",
     R"({"a":[{"wildcard":"*:*:*"}],"b":[{"wildcard":"*:*:*:*"}]})", 7},
    {"or_branches_share_a_field",
     R"({"$or":[{"k":[{"wildcard":"*/datasync/*.bif"}]},{"k":[{"wildcard":"*/datasync/*.tif"}]}]})",
     8},
    {"anything_but_wildcards_do_not_count",
     R"({"k":[{"anything-but":{"wildcard":"*:*:*:*:*:*"}}]})", 0},
};

INSTANTIATE_TEST_SUITE_P(Patterns, WildcardComplexity, testing::ValuesIn(kComplexityCases),
                         rowName<ComplexityCase>);

// ---------------------------------------------------------------- robustness

TEST(PatternRobustness, AbsurdNestingIsAnErrorNotACrash) {
    std::string deep;
    for (int i = 0; i < 5000; ++i) {
        deep += "{\"a\":";
    }
    const Result<EventPattern> parsed = parseEventPattern(deep, {.maxLength = 0});
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().message,
              std::string(kPrefix) + "Document nesting depth (1001) exceeds the maximum allowed "
                                     "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)");

    const Result<EventPattern> arrays =
        parseEventPattern("{\"a\":" + std::string(3000, '['), {.maxLength = 0});
    ASSERT_FALSE(arrays.ok());
    EXPECT_EQ(arrays.error().message,
              std::string(kPrefix) + "Match value must be String, number, true, false, or null");
}

TEST(PatternRobustness, EveryPrefixOfAValidPatternIsHandled) {
    const std::string text =
        R"({"source":["a\u00e9",{"prefix":"x"}],"detail":{"$or":)"
        R"([{"n":[{"numeric":[">",1,"<=",2]}]},)"
        R"({"c":[{"cidr":"10.0.0.0/8"},{"anything-but":{"wildcard":["a*","\\*"]}}]}]}})";
    ASSERT_TRUE(parseEventPattern(text).ok());
    for (std::size_t length = 0; length < text.size(); ++length) {
        const Result<EventPattern> parsed = parseEventPattern(text.substr(0, length));
        ASSERT_FALSE(parsed.ok()) << length;
        EXPECT_TRUE(parsed.error().message.starts_with(kPrefix)) << length;
        EXPECT_LE(parsed.error().offset, length);
    }
}

TEST(PatternRobustness, RandomMutationsNeverCrashOrHang) {
    const std::vector<std::string> seeds = {
        R"({"a":[{"wildcard":"*x*y"},"s",1.5e3,null,{"anything-but":{"suffix":["a","b"]}}]})",
        R"({"$or":[{"a":{"b":[{"numeric":[">=",0,"<",1]}]}},{"c":[{"exists":false}]}]})",
        R"({"ip":[{"cidr":"2001:db8::/32"},{"prefix":{"equals-ignore-case":"Ab"}}]})",
    };
    const std::string alphabet = "{}[]\",:*\\/ -+.eE0123456789abtrufnl$\x01\xC3\xA9\xFF";
    std::mt19937 random(12345);
    for (int round = 0; round < 20000; ++round) {
        std::string text = seeds[random() % seeds.size()];
        const int edits = 1 + static_cast<int>(random() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = random() % (text.size() + 1);
            switch (random() % 3) {
            case 0:
                text.insert(at, 1, alphabet[random() % alphabet.size()]);
                break;
            case 1:
                if (at < text.size()) {
                    text.erase(at, 1);
                }
                break;
            default:
                if (at < text.size()) {
                    text[at] = alphabet[random() % alphabet.size()];
                }
                break;
            }
        }
        const Result<EventPattern> parsed = parseEventPattern(text);
        if (!parsed.ok()) {
            ASSERT_TRUE(parsed.error().message.starts_with(kPrefix)) << text;
        }
    }
}

// ---------------------------------------------------------------- JsonReader

TEST(JsonReaderTest, StreamsTokensWithNumberTextAndOffsets) {
    JsonReader reader(R"({"a": [1.50, "x", true, null], "b": {}})");
    std::vector<JsonToken> tokens;
    std::vector<std::size_t> offsets;
    for (JsonToken t = reader.next(); t != JsonToken::End; t = reader.next()) {
        ASSERT_NE(t, JsonToken::Error) << reader.error().message;
        tokens.push_back(t);
        offsets.push_back(reader.tokenOffset());
        if (t == JsonToken::Number) {
            EXPECT_EQ(reader.numberText(), "1.50");
            EXPECT_EQ(reader.numberValue(), 1.5);
        }
        if (t == JsonToken::String) {
            EXPECT_EQ(*reader.stringValue(), "x");
        }
    }
    const std::vector<JsonToken> expected = {
        JsonToken::StartObject, JsonToken::FieldName, JsonToken::StartArray,
        JsonToken::Number,      JsonToken::String,    JsonToken::True,
        JsonToken::Null,        JsonToken::EndArray,  JsonToken::FieldName,
        JsonToken::StartObject, JsonToken::EndObject, JsonToken::EndObject};
    EXPECT_EQ(tokens, expected);
    EXPECT_EQ(offsets[1], 1u);  // "a"
    EXPECT_EQ(offsets[2], 6u);  // [
    EXPECT_EQ(offsets[4], 13u); // "x"
}

TEST(JsonReaderTest, FlagsDuplicateKeysPerObject) {
    JsonReader reader(R"({"a":1,"b":{"a":2},"a":3})");
    std::vector<std::pair<std::string, bool>> names;
    for (JsonToken t = reader.next(); t != JsonToken::End && t != JsonToken::Error;
         t = reader.next()) {
        if (t == JsonToken::FieldName) {
            names.emplace_back(reader.fieldName(), reader.duplicateField());
        }
    }
    const std::vector<std::pair<std::string, bool>> expected = {
        {"a", false}, {"b", false}, {"a", false}, {"a", true}};
    EXPECT_EQ(names, expected);
}

TEST(JsonReaderTest, ReportsMalformedStringsOnlyWhenReadOrSkipped) {
    JsonReader reader(R"(["ok\x", 1])");
    ASSERT_EQ(reader.next(), JsonToken::StartArray);
    ASSERT_EQ(reader.next(), JsonToken::String); // not yet an error, like Jackson
    EXPECT_EQ(reader.next(), JsonToken::Error);  // moving past it reports it
    EXPECT_EQ(reader.error().message, "Unrecognized character escape 'x' (code 120)");
    EXPECT_EQ(reader.error().offset, 5u);
    EXPECT_EQ(reader.next(), JsonToken::Error); // sticky

    JsonReader read(R"(["\u00"])");
    ASSERT_EQ(read.next(), JsonToken::StartArray);
    ASSERT_EQ(read.next(), JsonToken::String);
    const Result<std::string_view> value = read.stringValue();
    ASSERT_FALSE(value.ok());
    EXPECT_EQ(value.error().message,
              "Unexpected character ('\"' (code 34)): expected a hex-digit for character escape "
              "sequence");
}

TEST(JsonReaderTest, DecodesSurrogatePairsAndReplacesLoneSurrogates) {
    JsonReader reader(R"(["\ud83d\ude80|\ud800|\udc00"])");
    ASSERT_EQ(reader.next(), JsonToken::StartArray);
    ASSERT_EQ(reader.next(), JsonToken::String);
    EXPECT_EQ(*reader.stringValue(), "\xF0\x9F\x9A\x80|\xEF\xBF\xBD|\xEF\xBF\xBD");
}

TEST(JsonReaderTest, RejectsOverLongNumbers) {
    const std::string text = "[" + std::string(1001, '1') + "]";
    JsonReader reader(text);
    ASSERT_EQ(reader.next(), JsonToken::StartArray);
    EXPECT_EQ(reader.next(), JsonToken::Error);
    EXPECT_EQ(reader.error().message,
              "Number value length (1001) exceeds the maximum allowed (1000, from "
              "`StreamReadConstraints.getMaxNumberLength()`)");
}

TEST(JsonReaderTest, NumbersOutOfDoubleRangeBecomeInfinityOrZero) {
    JsonReader reader("[1e400, -1e400, 1e-400]");
    ASSERT_EQ(reader.next(), JsonToken::StartArray);
    ASSERT_EQ(reader.next(), JsonToken::Number);
    EXPECT_EQ(reader.numberValue(), std::numeric_limits<double>::infinity());
    ASSERT_EQ(reader.next(), JsonToken::Number);
    EXPECT_EQ(reader.numberValue(), -std::numeric_limits<double>::infinity());
    ASSERT_EQ(reader.next(), JsonToken::Number);
    EXPECT_EQ(reader.numberValue(), 0.0);
}

TEST(JsonReaderTest, RootNumbersNeedSpaceAfterThem) {
    JsonReader reader("12x");
    EXPECT_EQ(reader.next(), JsonToken::Error);
    EXPECT_EQ(reader.error().message,
              "Unexpected character ('x' (code 120)): Expected space separating root-level values");
}

} // namespace
} // namespace sg::model
