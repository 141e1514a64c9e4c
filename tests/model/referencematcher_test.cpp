// referenceMatches: every operator with matching and non-matching events, arrays and array
// consistency, dotted keys, absence; and the value primitives it is built on.

#include "pattern/patternparser.h"
#include "pattern/referencematcher.h"
#include "pattern/valuesemantics.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sg::model {
namespace {

template <typename Row> std::string rowName(const testing::TestParamInfo<Row> &row) {
    return row.param.name;
}

struct MatchCase {
    const char *name;
    std::string pattern;
    std::string event;
    bool matches;
};

std::ostream &operator<<(std::ostream &out, const MatchCase &c) {
    return out << c.name;
}

class ReferenceMatch : public testing::TestWithParam<MatchCase> {};

TEST_P(ReferenceMatch, GivesTheDocumentedResult) {
    const MatchCase &c = GetParam();
    const Result<EventPattern> pattern = parseEventPattern(c.pattern);
    ASSERT_TRUE(pattern.ok()) << pattern.error().message;
    EXPECT_EQ(referenceMatches(*pattern, nlohmann::json::parse(c.event)), c.matches);
}

const std::vector<MatchCase> kExactCases = {
    {"string_equal", R"({"s":["a"]})", R"({"s":"a"})", true},
    {"string_is_case_sensitive", R"({"s":["a"]})", R"({"s":"A"})", false},
    {"string_against_number", R"({"s":["1"]})", R"({"s":1})", false},
    {"number_by_value", R"({"n":[300]})", R"({"n":300.0})", true},
    {"number_exponent_form", R"({"n":[3e2]})", R"({"n":300})", true},
    {"number_against_string", R"({"n":[300]})", R"({"n":"300"})", false},
    {"number_different", R"({"n":[300]})", R"({"n":301})", false},
    {"true_literal", R"({"b":[true]})", R"({"b":true})", true},
    {"false_is_not_true", R"({"b":[true]})", R"({"b":false})", false},
    {"true_is_not_the_string", R"({"b":[true]})", R"({"b":"true"})", false},
    {"null_literal", R"({"v":[null]})", R"({"v":null})", true},
    {"null_is_not_the_string", R"({"v":[null]})", R"({"v":"null"})", false},
    {"null_is_not_empty_string", R"({"v":[null]})", R"({"v":""})", false},
    {"empty_string", R"({"v":[""]})", R"({"v":""})", true},
    {"empty_string_is_not_null", R"({"v":[""]})", R"({"v":null})", false},
    {"missing_field", R"({"s":["a"]})", R"({"t":"a"})", false},
    {"any_listed_value", R"({"s":["a","b"]})", R"({"s":"b"})", true},
    {"all_fields_must_match", R"({"s":["a"],"t":["b"]})", R"({"s":"a","t":"c"})", false},
    {"object_is_not_a_value", R"({"s":["a"]})", R"({"s":{"x":"a"}})", false},
    {"nested_path", R"({"d":{"s":["a"]}})", R"({"d":{"s":"a"}})", true},
    {"nested_path_wrong_level", R"({"d":{"s":["a"]}})", R"({"s":"a"})", false},
    {"unicode", R"({"s":["\u00e9\ud83d\ude80"]})", "{\"s\":\"\xC3\xA9\xF0\x9F\x9A\x80\"}", true},
};

const std::vector<MatchCase> kArrayCases = {
    {"event_array_any_element", R"({"r":["x","y"]})", R"({"r":["a","y"]})", true},
    {"event_array_no_element", R"({"r":["x"]})", R"({"r":["a","b"]})", false},
    {"event_empty_array_is_absent", R"({"r":[{"exists":true}]})", R"({"r":[]})", false},
    {"event_empty_array_not_null", R"({"r":[null]})", R"({"r":[]})", false},
    {"event_empty_array_satisfies_exists_false", R"({"r":[{"exists":false}]})", R"({"r":[]})",
     true},
    {"nested_arrays", R"({"r":[3]})", R"({"r":[[1,2],[3]]})", true},
    {"objects_in_array", R"({"e":{"id":[{"exists":true}]}})",
     R"({"e":[{"k":"v"},{"id":"x"},{"k2":"v2"}]})", true},
    {"array_consistency_same_element", R"({"e":{"first":["Anna"],"last":["Smith"]}})",
     R"({"e":[{"first":"John","last":"Doe"},{"first":"Anna","last":"Smith"}]})", true},
    {"array_consistency_rejects_mixed_elements", R"({"e":{"first":["Anna"],"last":["Jones"]}})",
     R"({"e":[{"first":"Anna","last":"Smith"},{"first":"Peter","last":"Jones"}]})", false},
    {"array_consistency_through_nested_arrays", R"({"e":{"first":["Anna"],"last":["Jones"]}})",
     R"({"e":[[{"first":"Anna","last":"Smith"}],[{"first":"Peter","last":"Jones"}]]})", false},
    {"array_consistency_finds_the_right_element", R"({"e":{"a":[1],"b":[2]}})",
     R"({"e":[{"a":1,"b":1},{"a":2,"b":2},{"a":1,"b":2}]})", true},
    {"different_arrays_are_independent", R"({"x":{"a":[1]},"y":{"b":[2]}})",
     R"({"x":[{"a":0},{"a":1}],"y":[{"b":2},{"b":3}]})", true},
    {"field_outside_array_is_consistent_with_any_element", R"({"top":[1],"e":{"a":[2]}})",
     R"({"top":1,"e":[{"a":1},{"a":2}]})", true},
};

const std::vector<MatchCase> kDottedCases = {
    {"dotted_event_key_meets_nested_pattern", R"({"d":{"s":{"t":["r"]}}})", R"({"d":{"s.t":"r"}})",
     true},
    {"dotted_pattern_key_meets_nested_event", R"({"d":{"s.t":["r"]}})", R"({"d":{"s":{"t":"r"}}})",
     true},
    {"dotted_event_key_with_deeper_value", R"({"d":{"s":{"t":["r"]}}})",
     R"({"d":{"s.t":{"t":"r"}}})", false},
    {"dotted_pattern_key_deeper_than_event", R"({"d":{"s.t":{"t":["r"]}}})",
     R"({"d":{"s":{"t":"r"}}})", false},
    {"empty_event_key_keeps_its_dot", R"({"":{"x":[1]}})", R"({"":{"x":1}})", false},
    {"empty_pattern_key_adds_no_dot", R"({"":{"x":[1]}})", R"({"x":1})", true},
    {"empty_key_deeper_in_event", R"({"a":{"":{"x":[1]}}})", R"({"a":{"":{"x":1}}})", true},
};

const std::vector<MatchCase> kStringOperatorCases = {
    {"equals_ignore_case", R"({"s":[{"equals-ignore-case":"eC2 instance"}]})",
     R"({"s":"EC2 Instance"})", true},
    {"equals_ignore_case_non_ascii", R"({"s":[{"equals-ignore-case":"\u00c9T\u00c9"}]})",
     "{\"s\":\"\xC3\xA9t\xC3\xA9\"}", true},
    {"equals_ignore_case_different", R"({"s":[{"equals-ignore-case":"abc"}]})", R"({"s":"abd"})",
     false},
    {"equals_ignore_case_empty", R"({"s":[{"equals-ignore-case":""}]})", R"({"s":""})", true},
    {"equals_ignore_case_empty_vs_text", R"({"s":[{"equals-ignore-case":""}]})", R"({"s":"x"})",
     false},
    {"equals_ignore_case_never_numbers", R"({"s":[{"equals-ignore-case":"1"}]})", R"({"s":1})",
     false},
    {"prefix", R"({"t":[{"prefix":"2022-07-13"}]})", R"({"t":"2022-07-13T13:48:01Z"})", true},
    {"prefix_is_case_sensitive", R"({"t":[{"prefix":"Ab"}]})", R"({"t":"abc"})", false},
    {"prefix_longer_than_value", R"({"t":[{"prefix":"abcd"}]})", R"({"t":"abc"})", false},
    {"prefix_empty_matches_any_string", R"({"t":[{"prefix":""}]})", R"({"t":"anything"})", true},
    {"prefix_empty_not_numbers", R"({"t":[{"prefix":""}]})", R"({"t":5})", false},
    {"prefix_never_numbers", R"({"t":[{"prefix":"1"}]})", R"({"t":123})", false},
    {"prefix_ignore_case", R"({"t":[{"prefix":{"equals-ignore-case":"EventB"}}]})",
     R"({"t":"eventbridge"})", true},
    {"prefix_ignore_case_miss", R"({"t":[{"prefix":{"equals-ignore-case":"EventB"}}]})",
     R"({"t":"event-b"})", false},
    {"suffix", R"({"f":[{"suffix":".png"}]})", R"({"f":"image.png"})", true},
    {"suffix_is_case_sensitive", R"({"f":[{"suffix":".PNG"}]})", R"({"f":"image.png"})", false},
    {"suffix_empty_matches_any_string", R"({"f":[{"suffix":""}]})", R"({"f":""})", true},
    {"suffix_ignore_case", R"({"f":[{"suffix":{"equals-ignore-case":".png"}}]})",
     R"({"f":"IMAGE.PNG"})", true},
    {"suffix_ignore_case_miss", R"({"f":[{"suffix":{"equals-ignore-case":".png"}}]})",
     R"({"f":"image.jpg"})", false},
    {"wildcard_middle", R"({"f":[{"wildcard":"/Users/*/doc.txt"}]})",
     R"({"f":"/Users/me/a/b/doc.txt"})", true},
    {"wildcard_middle_miss", R"({"f":[{"wildcard":"/Users/*/doc.txt"}]})",
     R"({"f":"/Users/me/notdoc.txt"})", false},
    {"wildcard_star_matches_nothing", R"({"f":[{"wildcard":"a*b"}]})", R"({"f":"ab"})", true},
    {"wildcard_repeating_text", R"({"f":[{"wildcard":"*ab*ab"}]})", R"({"f":"abab"})", true},
    {"wildcard_no_overlap_of_ends", R"({"f":[{"wildcard":"ab*ba"}]})", R"({"f":"aba"})", false},
    {"wildcard_escaped_star_is_literal", R"({"f":[{"wildcard":"a\\*b"}]})", R"({"f":"a*b"})", true},
    {"wildcard_escaped_star_not_a_wildcard", R"({"f":[{"wildcard":"a\\*b"}]})", R"({"f":"axb"})",
     false},
    {"wildcard_escaped_backslash", R"({"f":[{"wildcard":"a\\\\*"}]})", R"({"f":"a\\bc"})", true},
    {"wildcard_empty_matches_only_empty", R"({"f":[{"wildcard":""}]})", R"({"f":"x"})", false},
    {"wildcard_empty_matches_empty", R"({"f":[{"wildcard":""}]})", R"({"f":""})", true},
    {"wildcard_never_numbers", R"({"f":[{"wildcard":"*"}]})", R"({"f":12})", false},
    {"wildcard_star_matches_any_string", R"({"f":[{"wildcard":"*"}]})", R"({"f":""})", true},
    {"exactly_is_exact", R"({"s":[{"exactly":"10.0.0.1"}]})", R"({"s":"10.0.0.1"})", true},
};

const std::vector<MatchCase> kAnythingButCases = {
    {"string", R"({"s":[{"anything-but":"init"}]})", R"({"s":"run"})", true},
    {"string_excluded", R"({"s":[{"anything-but":"init"}]})", R"({"s":"init"})", false},
    {"string_matches_numbers", R"({"s":[{"anything-but":"1"}]})", R"({"s":1})", true},
    {"string_matches_null", R"({"s":[{"anything-but":"init"}]})", R"({"s":null})", true},
    {"string_matches_booleans", R"({"s":[{"anything-but":"true"}]})", R"({"s":true})", true},
    {"missing_field_never_matches", R"({"s":[{"anything-but":"init"}]})", R"({"t":"x"})", false},
    {"empty_event_array_never_matches", R"({"s":[{"anything-but":"init"}]})", R"({"s":[]})", false},
    {"event_array_one_element_not_excluded", R"({"s":[{"anything-but":"a"}]})",
     R"({"s":["a","b"]})", true},
    {"event_array_all_excluded", R"({"s":[{"anything-but":["a","b"]}]})", R"({"s":["a","b"]})",
     false},
    {"number", R"({"n":[{"anything-but":123}]})", R"({"n":789})", true},
    {"number_excluded_by_value", R"({"n":[{"anything-but":[100,200]}]})", R"({"n":100.0})", false},
    {"number_list_matches_strings", R"({"n":[{"anything-but":[100]}]})", R"({"n":"100"})", true},
    {"number_zero", R"({"n":[{"anything-but":0}]})", R"({"n":0})", false},
    {"prefix", R"({"s":[{"anything-but":{"prefix":"init"}}]})", R"({"s":"post-init"})", true},
    {"prefix_excluded", R"({"s":[{"anything-but":{"prefix":"init"}}]})", R"({"s":"init-1"})",
     false},
    {"prefix_list_excluded", R"({"s":[{"anything-but":{"prefix":["a","post"]}}]})",
     R"({"s":"post-init"})", false},
    {"prefix_matches_numbers_and_null", R"({"s":[{"anything-but":{"prefix":"1"}}]})",
     R"({"s":[12,null]})", true},
    {"prefix_empty_list_excludes_nothing", R"({"s":[{"anything-but":{"prefix":[]}}]})",
     R"({"s":"x"})", true},
    {"suffix", R"({"f":[{"anything-but":{"suffix":".txt"}}]})", R"({"f":"a.txt.bak"})", true},
    {"suffix_excluded", R"({"f":[{"anything-but":{"suffix":[".txt",".jpg"]}}]})",
     R"({"f":"a.jpg"})", false},
    {"ignore_case", R"({"s":[{"anything-but":{"equals-ignore-case":"init"}}]})",
     R"({"s":"pending"})", true},
    {"ignore_case_excluded",
     R"({"s":[{"anything-but":{"equals-ignore-case":["init","stopped"]}}]})", R"({"s":"Stopped"})",
     false},
    {"ignore_case_matches_null", R"({"s":[{"anything-but":{"equals-ignore-case":"init"}}]})",
     R"({"s":null})", true},
    {"wildcard", R"({"p":[{"anything-but":{"wildcard":"*/lib/*"}}]})", R"({"p":"/usr/bin/x"})",
     true},
    {"wildcard_excluded", R"({"p":[{"anything-but":{"wildcard":["*/init/*","*/lib/*"]}}]})",
     R"({"p":"/usr/lib/x"})", false},
    {"wildcard_matches_numbers", R"({"p":[{"anything-but":{"wildcard":"*"}}]})", R"({"p":1})",
     true},
    {"wildcard_empty_excludes_only_empty", R"({"p":[{"anything-but":{"wildcard":""}}]})",
     R"({"p":""})", false},
};

const std::vector<MatchCase> kNumericCases = {
    {"greater", R"({"n":[{"numeric":[">",100]}]})", R"({"n":101.0})", true},
    {"greater_boundary", R"({"n":[{"numeric":[">",100]}]})", R"({"n":100})", false},
    {"greater_or_equal_boundary", R"({"n":[{"numeric":[">=",100]}]})", R"({"n":100})", true},
    {"less", R"({"n":[{"numeric":["<",10]}]})", R"({"n":-3})", true},
    {"less_boundary", R"({"n":[{"numeric":["<",10]}]})", R"({"n":10})", false},
    {"less_or_equal_boundary", R"({"n":[{"numeric":["<=",10]}]})", R"({"n":10})", true},
    {"equals", R"({"n":[{"numeric":["=",301.8]}]})", R"({"n":3.018e2})", true},
    {"equals_miss", R"({"n":[{"numeric":["=",301.8]}]})", R"({"n":301.80001})", false},
    {"range_inside", R"({"n":[{"numeric":[">",0,"<=",5]}]})", R"({"n":5})", true},
    {"range_below", R"({"n":[{"numeric":[">",0,"<=",5]}]})", R"({"n":0})", false},
    {"range_above", R"({"n":[{"numeric":[">=",0,"<",5]}]})", R"({"n":5})", false},
    {"never_strings", R"({"n":[{"numeric":[">",100]}]})", R"({"n":"300"})", false},
    {"never_null", R"({"n":[{"numeric":[">",100]}]})", R"({"n":null})", false},
    {"event_value_beyond_aws_range", R"({"n":[{"numeric":[">",100]}]})", R"({"n":6e9})", false},
    {"event_value_at_aws_limit", R"({"n":[{"numeric":[">",100]}]})", R"({"n":5e9})", true},
    {"any_array_element", R"({"n":[{"numeric":["<",0]}]})", R"({"n":[5,-1]})", true},
};

const std::vector<MatchCase> kCidrCases = {
    {"ipv4_inside", R"({"ip":[{"cidr":"10.0.0.0/24"}]})", R"({"ip":"10.0.0.255"})", true},
    {"ipv4_outside", R"({"ip":[{"cidr":"10.0.0.0/24"}]})", R"({"ip":"10.0.1.0"})", false},
    {"ipv4_invalid_octet", R"({"ip":[{"cidr":"10.0.0.0/24"}]})", R"({"ip":"10.0.0.256"})", false},
    {"ipv4_not_a_string", R"({"ip":[{"cidr":"10.0.0.0/24"}]})", R"({"ip":123})", false},
    {"ipv4_low_end_is_as_written", R"({"ip":[{"cidr":"10.0.0.5/24"}]})", R"({"ip":"10.0.0.1"})",
     false},
    {"ipv4_low_end_itself", R"({"ip":[{"cidr":"10.0.0.5/24"}]})", R"({"ip":"10.0.0.5"})", true},
    {"ipv6_inside", R"({"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]})",
     R"({"ip":"2001:0db8:1234:1a00:0000:0000:0000:0000"})", true},
    {"ipv6_compressed_inside", R"({"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]})",
     R"({"ip":"2001:db8:1234:1a00:ffff::1"})", true},
    {"ipv6_outside", R"({"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]})",
     R"({"ip":"2001:0db8:123f:1a01:0000:0000:0000:0000"})", false},
    {"ipv4_range_never_ipv6", R"({"ip":[{"cidr":"0.0.0.0/0"}]})", R"({"ip":"::1"})", false},
    {"ipv6_range_never_ipv4", R"({"ip":[{"cidr":"::/0"}]})", R"({"ip":"1.2.3.4"})", false},
    {"ipv4_mapped_ipv6_is_ipv4", R"({"ip":[{"cidr":"10.0.0.0/8"}]})", R"({"ip":"::ffff:a00:1"})",
     true},
};

const std::vector<MatchCase> kExistsCases = {
    {"exists_true_present", R"({"k":[{"exists":true}]})", R"({"k":"v"})", true},
    {"exists_true_null_counts", R"({"k":[{"exists":true}]})", R"({"k":null})", true},
    {"exists_true_missing", R"({"k":[{"exists":true}]})", R"({"x":"v"})", false},
    {"exists_true_object_is_not_a_leaf", R"({"k":[{"exists":true}]})", R"({"k":{"c":1}})", false},
    {"exists_true_empty_object", R"({"k":[{"exists":true}]})", R"({"k":{}})", false},
    {"exists_false_missing", R"({"k":[{"exists":false}]})", R"({"x":"v"})", true},
    {"exists_false_present", R"({"k":[{"exists":false}]})", R"({"k":"v"})", false},
    {"exists_false_object_is_not_a_leaf", R"({"k":[{"exists":false}]})", R"({"k":{"c":1}})", true},
    {"exists_false_or_value", R"({"k":[{"anything-but":["r"]},{"exists":false}]})", R"({"k":"s"})",
     true},
    {"exists_false_or_value_excluded", R"({"k":[{"anything-but":["r"]},{"exists":false}]})",
     R"({"k":"r"})", false},
    {"exists_false_checked_within_the_chosen_element", R"({"e":{"a":[1],"b":[{"exists":false}]}})",
     R"({"e":[{"a":1},{"b":2}]})", true},
    {"exists_false_sees_earlier_fields_only", R"({"e":{"a":[{"exists":false}],"b":[2]}})",
     R"({"e":[{"a":1},{"b":2}]})", false},
    {"exists_false_same_element_fails", R"({"e":{"a":[1],"b":[{"exists":false}]}})",
     R"({"e":[{"a":1,"b":2}]})", false},
};

const std::vector<MatchCase> kAlternativeCases = {
    {"or_first_branch", R"({"$or":[{"a":[1]},{"b":[2]}]})", R"({"a":1})", true},
    {"or_second_branch", R"({"$or":[{"a":[1]},{"b":[2]}]})", R"({"b":2})", true},
    {"or_no_branch", R"({"$or":[{"a":[1]},{"b":[2]}]})", R"({"a":2,"b":1})", false},
    {"or_with_common_field", R"({"s":["x"],"$or":[{"a":[1]},{"b":[2]}]})", R"({"s":"y","b":2})",
     false},
    {"several_matchers_any_of", R"({"k":[{"exists":true},{"prefix":"no"},{"suffix":"no"}]})",
     R"({"k":"yes"})", true},
    {"duplicate_key_uses_last",
     R"({"d":{"l":[{"prefix":"us-"}],"l":[{"anything-but":"us-east"}]}})",
     R"({"d":{"l":"eu-central-1"}})", true},
};

INSTANTIATE_TEST_SUITE_P(Exact, ReferenceMatch, testing::ValuesIn(kExactCases), rowName<MatchCase>);
INSTANTIATE_TEST_SUITE_P(Arrays, ReferenceMatch, testing::ValuesIn(kArrayCases),
                         rowName<MatchCase>);
INSTANTIATE_TEST_SUITE_P(DottedKeys, ReferenceMatch, testing::ValuesIn(kDottedCases),
                         rowName<MatchCase>);
INSTANTIATE_TEST_SUITE_P(StringOperators, ReferenceMatch, testing::ValuesIn(kStringOperatorCases),
                         rowName<MatchCase>);
INSTANTIATE_TEST_SUITE_P(AnythingBut, ReferenceMatch, testing::ValuesIn(kAnythingButCases),
                         rowName<MatchCase>);
INSTANTIATE_TEST_SUITE_P(Numeric, ReferenceMatch, testing::ValuesIn(kNumericCases),
                         rowName<MatchCase>);
INSTANTIATE_TEST_SUITE_P(Cidr, ReferenceMatch, testing::ValuesIn(kCidrCases), rowName<MatchCase>);
INSTANTIATE_TEST_SUITE_P(Exists, ReferenceMatch, testing::ValuesIn(kExistsCases),
                         rowName<MatchCase>);
INSTANTIATE_TEST_SUITE_P(Alternatives, ReferenceMatch, testing::ValuesIn(kAlternativeCases),
                         rowName<MatchCase>);

TEST(ReferenceMatchEvent, NonObjectsMatchNothing) {
    const Result<EventPattern> pattern = parseEventPattern(R"({"a":[{"exists":false}]})");
    ASSERT_TRUE(pattern.ok());
    EXPECT_TRUE(referenceMatches(*pattern, nlohmann::json::object()));
    EXPECT_FALSE(referenceMatches(*pattern, nlohmann::json::array()));
    EXPECT_FALSE(referenceMatches(*pattern, nlohmann::json("x")));
}

TEST(ReferenceMatchEvent, DeepEventsAreFlattenedWithoutRecursion) {
    nlohmann::json event = nlohmann::json::object();
    nlohmann::json *node = &event;
    for (int i = 0; i < 2000; ++i) {
        node = &((*node)["a"] = nlohmann::json::object());
    }
    (*node)["b"] = 1;
    EXPECT_TRUE(referenceMatches(
        EventPattern{{Conjunction{{FieldCondition{[] {
                                                      std::string p;
                                                      for (int i = 0; i < 2000; ++i) {
                                                          p += "a.";
                                                      }
                                                      return p + "b";
                                                  }(),
                                                  {ValueMatcher{Op::Exists, {}, {}, {}, true}}}}}}},
        event));
}

// ---------------------------------------------------------------- value primitives

TEST(AwsValueSemantics, FoldCaseCoversCommonScripts) {
    EXPECT_EQ(aws::foldCase("ABC xyz-09"), "abc xyz-09");
    EXPECT_EQ(aws::foldCase("\xC3\x89T\xC3\x89"), "\xC3\xA9t\xC3\xA9"); // ÉTÉ
    EXPECT_EQ(aws::foldCase("\xCE\xA3\xCE\x91"), "\xCF\x83\xCE\xB1");   // ΣΑ
    EXPECT_EQ(aws::foldCase("\xD0\x96"), "\xD0\xB6");                   // Ж
    EXPECT_EQ(aws::foldCase("\xC3\x97"), "\xC3\x97");                   // × stays
    EXPECT_EQ(aws::foldCase("\xFF"
                            "A"),
              "\xFF"
              "a"); // bad UTF-8 kept
}

struct WildcardCase {
    const char *name;
    std::string pattern;
    std::string value;
    bool matches;
};

std::ostream &operator<<(std::ostream &out, const WildcardCase &c) {
    return out << c.name;
}

class WildcardMatch : public testing::TestWithParam<WildcardCase> {};

TEST_P(WildcardMatch, FollowsStarAndEscapeRules) {
    const WildcardCase &c = GetParam();
    EXPECT_EQ(aws::wildcardMatches(c.pattern, c.value), c.matches);
}

INSTANTIATE_TEST_SUITE_P(
    Patterns, WildcardMatch,
    testing::Values(WildcardCase{"literal", "abc", "abc", true},
                    WildcardCase{"literal_miss", "abc", "abd", false},
                    WildcardCase{"star_only", "*", "", true},
                    WildcardCase{"leading_star", "*.png", "a.png", true},
                    WildcardCase{"trailing_star", "arn:*", "arn:", true},
                    WildcardCase{"two_stars", "a*b*c", "aXbYc", true},
                    WildcardCase{"two_stars_order", "a*b*c", "acb", false},
                    WildcardCase{"greedy_trap", "*aab", "aaab", true},
                    WildcardCase{"ends_do_not_overlap", "aa*aa", "aaa", false},
                    WildcardCase{"escaped_star", "\\*", "*", true},
                    WildcardCase{"escaped_star_is_not_wild", "\\*", "x", false},
                    WildcardCase{"escaped_backslash_then_star", "\\\\*", "\\abc", true},
                    WildcardCase{"multibyte_literal", "\xC3\xA9*", "\xC3\xA9t\xC3\xA9", true}),
    rowName<WildcardCase>);

TEST(AwsValueSemantics, WildcardSyntaxErrorsCountTheOpeningQuote) {
    EXPECT_EQ(aws::wildcardSyntaxError("a*b\\*c\\\\"), std::nullopt);
    EXPECT_EQ(aws::wildcardSyntaxError("ab**"), "Consecutive wildcard characters at pos 3");
    EXPECT_EQ(aws::wildcardSyntaxError("\\a"), "Invalid escape character at pos 1");
    EXPECT_EQ(aws::wildcardSyntaxError("\xC3\xA9\\"), "Invalid escape character at pos 3");
}

struct IpCase {
    const char *name;
    std::string text;
    bool valid;
};

std::ostream &operator<<(std::ostream &out, const IpCase &c) {
    return out << c.name;
}

class IpAddressParse : public testing::TestWithParam<IpCase> {};

TEST_P(IpAddressParse, AcceptsWhatAwsAccepts) {
    EXPECT_EQ(aws::parseIpAddress(GetParam().text).has_value(), GetParam().valid);
}

INSTANTIATE_TEST_SUITE_P(
    Literals, IpAddressParse,
    testing::Values(IpCase{"ipv4", "192.168.0.1", true}, IpCase{"ipv4_zeros", "0.0.0.0", true},
                    IpCase{"ipv4_octet_too_big", "1.2.3.256", false},
                    IpCase{"ipv4_leading_zero", "01.2.3.4", false},
                    IpCase{"ipv4_three_parts", "1.2.3", false},
                    IpCase{"ipv4_trailing_dot", "1.2.3.4.", false},
                    IpCase{"ipv6_full", "2001:0db8:0000:0000:0000:0000:0000:0001", true},
                    IpCase{"ipv6_compressed", "2001:db8::1", true},
                    IpCase{"ipv6_all_zero", "::", true}, IpCase{"ipv6_loopback", "::1", true},
                    IpCase{"ipv6_trailing_gap", "1::", true},
                    IpCase{"ipv6_two_gaps", "1::2::3", false},
                    IpCase{"ipv6_gap_with_eight_groups", "1:2:3:4:5:6:7::8", false},
                    IpCase{"ipv6_nine_groups", "1:2:3:4:5:6:7:8:9", false},
                    IpCase{"ipv6_group_too_big", "12345::", false},
                    IpCase{"ipv6_single_leading_colon", ":1::", false},
                    IpCase{"ipv6_single_trailing_colon", "1::2:", false},
                    IpCase{"ipv6_dotted_tail_not_supported", "::ffff:1.2.3.4", false},
                    IpCase{"ipv6_zone_not_supported", "fe80::1%eth0", false},
                    IpCase{"hostname", "localhost", false}, IpCase{"empty", "", false}),
    rowName<IpCase>);

TEST(AwsValueSemantics, Ipv4MappedIpv6IsIpv4) {
    const std::optional<aws::IpAddress> mapped = aws::parseIpAddress("::ffff:0a00:0001");
    ASSERT_TRUE(mapped.has_value());
    EXPECT_FALSE(mapped->v6);
    EXPECT_EQ(mapped, aws::parseIpAddress("10.0.0.1"));
}

TEST(AwsValueSemantics, CidrRangesSetHostBitsOnTheHighEnd) {
    const Result<CidrRange> range = aws::parseCidr("192.168.1.77/20");
    ASSERT_TRUE(range.ok());
    EXPECT_TRUE(aws::cidrContains(*range, *aws::parseIpAddress("192.168.15.255")));
    EXPECT_FALSE(aws::cidrContains(*range, *aws::parseIpAddress("192.168.16.0")));
    EXPECT_FALSE(aws::cidrContains(*range, *aws::parseIpAddress("192.168.1.76")));
    const Result<CidrRange> v6 = aws::parseCidr("fe80::/10");
    ASSERT_TRUE(v6.ok());
    EXPECT_TRUE(aws::cidrContains(*v6, *aws::parseIpAddress("febf:ffff::1")));
    EXPECT_FALSE(aws::cidrContains(*v6, *aws::parseIpAddress("fec0::")));
    EXPECT_EQ(aws::parseCidr("+8/8").error().message, "Nonstandard IP address: +8");
    EXPECT_EQ(aws::parseCidr("1.2.3.4/+8").ok(), true); // Java's Integer.parseInt takes a sign
    EXPECT_EQ(aws::parseCidr("1.2.3.4/99999999999").error().message,
              "Malformed CIDR, mask bits must be an integer");
}

} // namespace
} // namespace sg::model
