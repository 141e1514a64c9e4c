// The compiled bus matcher: AWS conformance, agreement with the reference evaluator on random
// patterns and events, and the behaviour of a bus whose rules come and go.

#include "conformancecases.h"

#include "pattern/matcher.h"
#include "pattern/patternparser.h"
#include "pattern/referencematcher.h"

#include <gtest/gtest.h>

#include <random>

using namespace sg;
using namespace sg::model;

namespace {

EventPattern parse(std::string_view text) {
    auto parsed = parseEventPattern(text);
    EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
    return parsed.ok() ? *parsed : EventPattern{};
}

// Rules matching raw text, checked against the in-memory path as well.
std::vector<RuleId> matchBoth(const Matcher &m, std::string_view event) {
    std::vector<RuleId> raw;
    std::vector<RuleId> doc;
    m.match(event, raw);
    m.match(nlohmann::json::parse(event), doc);
    EXPECT_EQ(raw, doc) << "raw text and parsed event disagree on " << event;
    return raw;
}

} // namespace

TEST(MatcherConformance, RawTextAgreesWithAws) {
    auto cases = test::loadPatternCases();
    if (!cases) {
        GTEST_SKIP() << "no conformance data in " << test::conformanceDir();
    }
    const auto failures = test::patternConformanceFailures(
        *cases, [](const EventPattern &p, const nlohmann::json &e) {
            Matcher m;
            m.add(7, p);
            return m.matches(e.dump());
        });
    EXPECT_TRUE(failures.empty()) << ::testing::PrintToString(failures);
}

TEST(MatcherConformance, ParsedEventAgreesWithAws) {
    auto cases = test::loadPatternCases();
    if (!cases) {
        GTEST_SKIP() << "no conformance data in " << test::conformanceDir();
    }
    const auto failures = test::patternConformanceFailures(
        *cases, [](const EventPattern &p, const nlohmann::json &e) {
            Matcher m;
            m.add(7, p);
            std::vector<RuleId> out;
            m.match(e, out);
            return !out.empty();
        });
    EXPECT_TRUE(failures.empty()) << ::testing::PrintToString(failures);
}

TEST(MatcherConformance, OneBusHoldingEveryCaseMatchesLikeEachAlone) {
    auto cases = test::loadPatternCases();
    if (!cases) {
        GTEST_SKIP() << "no conformance data in " << test::conformanceDir();
    }
    Matcher bus;
    std::vector<EventPattern> patterns;
    for (const auto &c : *cases) {
        if (auto p = parseEventPattern(c.patternText)) {
            bus.add(static_cast<RuleId>(patterns.size()), *p);
            patterns.push_back(*p);
        }
    }
    for (const auto &c : *cases) {
        std::vector<RuleId> expected;
        for (RuleId id = 0; id < patterns.size(); ++id) {
            if (referenceMatches(patterns[id], c.event)) {
                expected.push_back(id);
            }
        }
        std::vector<RuleId> got;
        bus.match(c.event.dump(), got);
        EXPECT_EQ(got, expected) << c.id;
    }
}

TEST(Matcher, ReturnsSortedIdsOfEveryMatchingRuleOnce) {
    Matcher m;
    m.add(30, parse(R"({"source":["shop"]})"));
    m.add(10, parse(R"({"detail":{"total":[{"numeric":[">",100]}]}})"));
    m.add(20, parse(R"({"$or":[{"source":["shop"]},{"detail-type":["OrderPlaced"]}]})"));
    m.add(40, parse(R"({"source":["bank"]})"));
    EXPECT_EQ(
        matchBoth(m, R"({"source":"shop","detail-type":"OrderPlaced","detail":{"total":250}})"),
        (std::vector<RuleId>{10, 20, 30}));
}

TEST(Matcher, RemovingARuleLeavesTheOthersWorking) {
    Matcher m;
    m.add(1, parse(R"({"source":["a"],"detail":{"x":[1]}})"));
    m.add(2, parse(R"({"source":["a"],"detail":{"x":[1]}})")); // shares every state with rule 1
    m.add(3, parse(R"({"source":["a"]})"));
    const std::string event = R"({"source":"a","detail":{"x":1}})";
    EXPECT_EQ(matchBoth(m, event), (std::vector<RuleId>{1, 2, 3}));
    EXPECT_TRUE(m.remove(1));
    EXPECT_FALSE(m.remove(1));
    EXPECT_EQ(matchBoth(m, event), (std::vector<RuleId>{2, 3}));
    EXPECT_TRUE(m.remove(2));
    EXPECT_EQ(matchBoth(m, event), (std::vector<RuleId>{3}));
    m.add(1, parse(R"({"detail":{"x":[{"numeric":["<",5]}]}})"));
    EXPECT_EQ(matchBoth(m, event), (std::vector<RuleId>{1, 3}));
    EXPECT_EQ(m.ruleCount(), 2u);
}

TEST(Matcher, AddingWithAnExistingIdReplacesTheRule) {
    Matcher m;
    m.add(5, parse(R"({"source":["a"]})"));
    m.add(5, parse(R"({"source":["b"]})"));
    EXPECT_TRUE(matchBoth(m, R"({"source":"a"})").empty());
    EXPECT_EQ(matchBoth(m, R"({"source":"b"})"), (std::vector<RuleId>{5}));
    EXPECT_EQ(m.ruleCount(), 1u);
}

TEST(Matcher, FieldsInsideOneArrayMustComeFromTheSameElement) {
    Matcher m;
    m.add(1, parse(R"({"detail":{"items":{"sku":["A"],"qty":[2]}}})"));
    EXPECT_EQ(matchBoth(m, R"({"detail":{"items":[{"sku":"A","qty":2}]}})"),
              (std::vector<RuleId>{1}));
    EXPECT_TRUE(
        matchBoth(m, R"({"detail":{"items":[{"sku":"A","qty":1},{"sku":"B","qty":2}]}})").empty());
    EXPECT_EQ(matchBoth(m, R"({"detail":{"items":[{"sku":"B","qty":1},{"sku":"A","qty":2}]}})"),
              (std::vector<RuleId>{1}));
}

TEST(Matcher, ValuesOfDifferentArraysCombineFreely) {
    Matcher m;
    m.add(1, parse(R"({"a":["x"],"b":["y"]})"));
    EXPECT_EQ(matchBoth(m, R"({"a":["q","x"],"b":["y","z"]})"), (std::vector<RuleId>{1}));
}

TEST(Matcher, NumbersCompareByValueWhateverTheirSpelling) {
    Matcher m;
    m.add(1, parse(R"({"n":[300]})"));
    m.add(2, parse(R"({"n":[{"numeric":[">=",299.5,"<",300.5]}]})"));
    for (const char *event :
         {R"({"n":300})", R"({"n":300.0})", R"({"n":3e2})", R"({"n":3.000E+2})"}) {
        EXPECT_EQ(matchBoth(m, event), (std::vector<RuleId>{1, 2})) << event;
    }
    EXPECT_TRUE(matchBoth(m, R"({"n":"300"})").empty());
    EXPECT_EQ(matchBoth(m, R"({"n":300.25})"), (std::vector<RuleId>{2}));
}

TEST(Matcher, LongNumbersAreComparedExactly) {
    Matcher m;
    m.add(1, parse(R"({"g":[37.807807921694092]})"));
    m.add(2, parse(R"({"g":[{"numeric":[">",-122.41600944012424]}]})"));
    EXPECT_EQ(matchBoth(m, R"({"g":37.807807921694092})"), (std::vector<RuleId>{1, 2}));
    EXPECT_EQ(matchBoth(m, R"({"g":37.80780792169409})"), (std::vector<RuleId>{1, 2}));
    EXPECT_EQ(matchBoth(m, R"({"g":37.807807921694})"), (std::vector<RuleId>{2}));
    EXPECT_TRUE(matchBoth(m, R"({"g":-122.41600944012424})").empty());
    EXPECT_EQ(matchBoth(m, R"({"g":-122.41600944012423})"), (std::vector<RuleId>{2}));
}

TEST(Matcher, DottedEventKeysMeetNestedPatterns) {
    Matcher m;
    m.add(1, parse(R"({"detail":{"state":{"status":["running"]}}})"));
    EXPECT_EQ(matchBoth(m, R"({"detail":{"state.status":"running"}})"), (std::vector<RuleId>{1}));
    EXPECT_EQ(matchBoth(m, R"({"detail.state":{"status":"running"}})"), (std::vector<RuleId>{1}));
}

TEST(Matcher, ExistsFalseMatchesOnlyWhenTheFieldIsAbsent) {
    Matcher m;
    m.add(1, parse(R"({"detail":{"error":[{"exists":false}]}})"));
    m.add(2, parse(R"({"source":["a"],"detail":{"error":[{"exists":false}]}})"));
    EXPECT_EQ(matchBoth(m, R"({"source":"a","detail":{}})"), (std::vector<RuleId>{1, 2}));
    EXPECT_TRUE(matchBoth(m, R"({"source":"a","detail":{"error":null}})").empty());
    EXPECT_EQ(matchBoth(m, R"({"source":"a","detail":{"error":[]}})"), (std::vector<RuleId>{1, 2}));
}

TEST(Matcher, SkipsFieldsNoRuleMentionsWithoutReadingThem) {
    Matcher m;
    m.add(1, parse(R"({"source":["a"]})"));
    // The skipped value holds escapes, brackets inside strings and deep nesting.
    const std::string event = R"({"junk":{"s":"a \" ] } [ { \\","n":[[[[{"x":"]"}]]]],"e":"\\\""},)"
                              R"("source":"a"})";
    EXPECT_EQ(matchBoth(m, event), (std::vector<RuleId>{1}));
}

TEST(Matcher, TextThatIsNotAJsonObjectMatchesNothing) {
    Matcher m;
    m.add(1, parse(R"({"source":[{"exists":false}]})"));
    std::vector<RuleId> out{99};
    for (const char *text : {"", "[]", "\"x\"", "{", R"({"source":)", "{\"a\":\"unterminated"}) {
        m.match(std::string_view(text), out);
        EXPECT_TRUE(out.empty()) << text;
    }
}

// Concatenation by appending (GCC 12 warns falsely about `"literal" + std::string`).
template <typename... Parts> std::string cat(const Parts &...parts) {
    std::string out;
    (out.append(std::string_view(parts)), ...);
    return out;
}

// Random patterns and events from a small vocabulary, so that they often meet: the matcher must
// agree with the reference evaluator on every pair.
class RandomCorpus {
public:
    explicit RandomCorpus(unsigned seed) : m_rng(seed) {}

    std::string pattern() {
        std::string text = "{";
        const int fields = 1 + pick(3);
        for (int i = 0; i < fields; ++i) {
            if (i) {
                text += ",";
            }
            if (pick(8) == 0) {
                text += R"("$or":[)";
                text += object();
                text += ',';
                text += object();
                text += ']';
                continue;
            }
            text += '"';
            text += kPaths[pick(std::size(kPaths))];
            text += "\":";
            text += leaf();
        }
        return text + "}";
    }

    std::string event() { return eventObject(0); }

private:
    inline static const std::string kPaths[] = {"a", "b", "c", "arr", "o"};
    inline static const std::string kStrings[] = {"\"x\"", "\"xy\"",       "\"Xy\"", "\"yx\"",
                                                  "\"\"",  "\"10.0.0.5\"", "\"a*b\""};
    inline static const std::string kNumbers[] = {"0", "1", "1.0", "-2.5", "300", "3e2"};

    int pick(std::size_t n) { return static_cast<int>(m_rng() % n); }

    std::string object() {
        std::string text = "{\"";
        text += kPaths[pick(std::size(kPaths))];
        text += "\":";
        text += leaf();
        return text + "}";
    }

    std::string scalar() {
        switch (pick(5)) {
        case 0:
        case 1:
            return kStrings[pick(std::size(kStrings))];
        case 2:
        case 3:
            return kNumbers[pick(std::size(kNumbers))];
        default:
            return pick(2) ? "null" : (pick(2) ? "true" : "false");
        }
    }

    std::string stringValue() { return kStrings[pick(std::size(kStrings))]; }

    std::string alternative() {
        switch (pick(14)) {
        case 0:
            return cat(R"({"prefix":)", stringValue(), "}");
        case 1:
            return cat(R"({"suffix":)", stringValue(), "}");
        case 2:
            return cat(R"({"equals-ignore-case":)", stringValue(), "}");
        case 3:
            return R"({"wildcard":"*y*"})";
        case 4:
            return cat(R"({"anything-but":[)", stringValue(), "]}");
        case 5:
            return cat(R"({"anything-but":)", kNumbers[pick(std::size(kNumbers))], "}");
        case 6:
            return R"({"anything-but":{"prefix":"x"}})";
        case 7:
            return R"({"numeric":[">",0,"<=",300]})";
        case 8:
            return R"({"numeric":["=",1]})";
        case 9:
            return cat(R"({"exists":)", pick(2) ? "true" : "false", "}");
        case 10:
            return R"({"cidr":"10.0.0.0/24"})";
        default:
            return scalar();
        }
    }

    std::string leaf() {
        if (pick(5) == 0) {
            // Nested object.
            return cat("{\"", kPaths[pick(std::size(kPaths))], "\":", leafArray(), "}");
        }
        return leafArray();
    }

    std::string leafArray() {
        std::string text = "[";
        const int n = 1 + pick(2);
        for (int i = 0; i < n; ++i) {
            if (i) {
                text += ',';
            }
            text += alternative();
        }
        return text + "]";
    }

    std::string eventValue(int depth) {
        const int kind = pick(depth < 2 ? 8 : 5);
        if (kind < 5) {
            return scalar();
        }
        if (kind == 5 || kind == 6) {
            std::string text = "[";
            const int n = pick(3);
            for (int i = 0; i < n; ++i) {
                if (i) {
                    text += ',';
                }
                text += eventValue(depth + 1);
            }
            return text + "]";
        }
        return eventObject(depth + 1);
    }

    // Keys are distinct: with duplicate keys a parsed document keeps only one of the values.
    std::string eventObject(int depth) {
        std::string text = "{";
        const int n = pick(4) + (depth == 0 ? 1 : 0);
        const int first = pick(std::size(kPaths));
        for (int i = 0; i < n; ++i) {
            if (i) {
                text += ',';
            }
            text += '"';
            text += kPaths[static_cast<std::size_t>(first + i) % std::size(kPaths)];
            text += "\":";
            text += eventValue(depth);
        }
        return text + "}";
    }

    std::mt19937 m_rng;
};

TEST(MatcherDifferential, AgreesWithTheReferenceEvaluatorOnRandomRulesAndEvents) {
    RandomCorpus corpus(20261123);
    int compared = 0;
    int matched = 0;
    for (int round = 0; round < 40; ++round) {
        Matcher bus;
        std::vector<std::pair<std::string, EventPattern>> rules;
        while (rules.size() < 25) {
            const std::string text = corpus.pattern();
            auto parsed = parseEventPattern(text);
            if (!parsed) {
                continue; // e.g. duplicate keys in an $or branch: not what this test is about
            }
            bus.add(static_cast<RuleId>(rules.size()), *parsed);
            rules.emplace_back(text, *parsed);
        }
        for (int e = 0; e < 50; ++e) {
            const std::string text = corpus.event();
            const nlohmann::json event = nlohmann::json::parse(text);
            std::vector<RuleId> expected;
            for (RuleId id = 0; id < rules.size(); ++id) {
                if (referenceMatches(rules[id].second, event)) {
                    expected.push_back(id);
                }
            }
            std::vector<RuleId> got;
            bus.match(text, got);
            ++compared;
            matched += static_cast<int>(got.size());
            if (got != expected) {
                std::string detail;
                for (RuleId id = 0; id < rules.size(); ++id) {
                    const bool a = std::find(got.begin(), got.end(), id) != got.end();
                    const bool b =
                        std::find(expected.begin(), expected.end(), id) != expected.end();
                    if (a != b) {
                        detail += cat("\n  rule ", rules[id].first, ": matcher ",
                                      a ? "matched" : "did not match");
                    }
                }
                ADD_FAILURE() << "event " << text << detail;
                return;
            }
        }
    }
    EXPECT_EQ(compared, 2000);
    EXPECT_GT(matched, 200) << "the corpus should produce plenty of matches";
}

struct EdgeCase {
    const char *name;
    const char *pattern;
    const char *event;
    bool match;
};

class MatcherEdgeCases : public ::testing::TestWithParam<EdgeCase> {};

TEST_P(MatcherEdgeCases, MatchesLikeAws) {
    const EdgeCase &c = GetParam();
    Matcher m;
    m.add(1, parse(c.pattern));
    EXPECT_EQ(!matchBoth(m, c.event).empty(), c.match) << c.pattern << " on " << c.event;
    EXPECT_EQ(referenceMatches(parse(c.pattern), nlohmann::json::parse(c.event)), c.match)
        << "the reference evaluator disagrees with this row";
}

INSTANTIATE_TEST_SUITE_P(
    Rows, MatcherEdgeCases,
    ::testing::Values(
        EdgeCase{"exists_false_is_checked_within_the_chosen_element",
                 R"({"e":{"a":[1],"b":[{"exists":false}]}})", R"({"e":[{"a":1},{"b":2}]})", true},
        EdgeCase{"exists_false_sees_only_fields_that_sort_before_it",
                 R"({"e":{"a":[{"exists":false}],"b":[2]}})", R"({"e":[{"a":1},{"b":2}]})", false},
        EdgeCase{"exists_false_fails_in_the_same_element",
                 R"({"e":{"a":[1],"b":[{"exists":false}]}})", R"({"e":[{"a":1,"b":2}]})", false},
        EdgeCase{"ignore_case_folds_latin_letters_beyond_ascii",
                 R"({"city":[{"equals-ignore-case":"ZÜRICH"}]})", R"({"city":"zürich"})", true},
        EdgeCase{"ignore_case_folds_cyrillic", R"({"w":[{"prefix":{"equals-ignore-case":"МОС"}}]})",
                 R"({"w":"москва"})", true},
        EdgeCase{"numeric_ignores_numbers_beyond_five_billion", R"({"n":[{"numeric":[">",0]}]})",
                 R"({"n":6e9})", false},
        EdgeCase{"numeric_accepts_five_billion", R"({"n":[{"numeric":[">",0]}]})", R"({"n":5e9})",
                 true},
        EdgeCase{"ipv4_mapped_ipv6_is_an_ipv4_address", R"({"ip":[{"cidr":"10.0.0.0/24"}]})",
                 R"({"ip":"::ffff:a00:5"})", true},
        EdgeCase{"ipv4_with_leading_zeros_is_not_an_address", R"({"ip":[{"cidr":"10.0.0.0/24"}]})",
                 R"({"ip":"10.0.0.05"})", false}),
    [](const ::testing::TestParamInfo<EdgeCase> &row) { return std::string(row.param.name); });
