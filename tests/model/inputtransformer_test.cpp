// Target input transformation (model/transform): JSON paths, the JSON writers, every input
// option, every placeholder context, reserved variables and PutTargets validation.

#include "transform/inputtransformer.h"
#include "transform/jsonpath.h"
#include "transform/jsonwriter.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace sg::model {
namespace {

using Json = nlohmann::ordered_json;
using PathsMap = std::vector<std::pair<std::string, std::string>>;

constexpr const char *kTargetId = "orders-queue";

// An order event with every kind of JSON value under detail.
const char *const kOrderEvent = R"({
  "version": "0",
  "id": "b1c2d3e4-0000-4000-8000-000000000001",
  "detail-type": "Order Placed",
  "source": "shop.orders",
  "account": "123456789012",
  "time": "2025-03-01T10:00:00Z",
  "region": "eu-west-1",
  "resources": ["arn:aws:shop:eu-west-1:123456789012:order/42"],
  "detail": {
    "orderId": "o-42",
    "customer": {"id": "c-7", "tier": "gold"},
    "items": [{"sku": "A1", "qty": 2}, {"sku": "B2", "qty": 1}],
    "tags": ["new", "priority"],
    "total": 99.5,
    "count": 3,
    "paid": true,
    "coupon": null,
    "note": "say \"hi\"",
    "empty": [],
    "nothing": {}
  }
})";

Json orderEvent() {
    return Json::parse(kOrderEvent);
}

// ---------------------------------------------------------------------------------------------
// JsonPath syntax

struct PathSyntaxCase {
    const char *name;
    const char *path;
    bool valid;
    const char *messagePart = ""; // for invalid paths: a part of the reason
};

// Shows the row name instead of a byte dump when a row fails.
void PrintTo(const PathSyntaxCase &row, std::ostream *os) {
    *os << row.name;
}

class JsonPathSyntax : public testing::TestWithParam<PathSyntaxCase> {};

TEST_P(JsonPathSyntax, IsAcceptedOrRejectedWithAReason) {
    const auto &c = GetParam();
    const auto parsed = JsonPath::parse(c.path);
    EXPECT_EQ(parsed.ok(), c.valid) << c.path;
    if (!c.valid && !parsed.ok()) {
        EXPECT_NE(parsed.error().message.find(c.messagePart), std::string::npos)
            << parsed.error().message;
        EXPECT_NE(parsed.error().offset, Error::kNoOffset);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Paths, JsonPathSyntax,
    testing::Values(
        PathSyntaxCase{"RootAlone", "$", true},
        PathSyntaxCase{"DotNames", "$.detail.payload", true},
        PathSyntaxCase{"DashesAndUnderscores", "$.detail-type.a_b", true},
        PathSyntaxCase{"ForwardSlashAndColonInNames", "$.detail.a/b.aws:region", true},
        PathSyntaxCase{"ArrayIndex", "$.detail.list[0]", true},
        PathSyntaxCase{"IndexThenName", "$.detail.items[1].sku", true},
        PathSyntaxCase{"NegativeIndex", "$.detail.items[-1]", true},
        PathSyntaxCase{"RootIndex", "$[0]", true},
        PathSyntaxCase{"WildcardName", "$.detail.*", true},
        PathSyntaxCase{"WildcardIndex", "$.detail.items[*].sku", true},
        PathSyntaxCase{"EmptyIsRejected", "", false, "must start with '$'"},
        PathSyntaxCase{"MissingDollarIsRejected", "detail.x", false, "must start with '$'"},
        PathSyntaxCase{"TrailingDotIsRejected", "$.detail.", false, "a name must follow '.'"},
        PathSyntaxCase{"DeepScanIsRejected", "$..id", false, "deep scan"},
        PathSyntaxCase{"BracketNameIsRejected", "$['detail']", false, "use dot notation"},
        PathSyntaxCase{"UnclosedBracketIsRejected", "$.a[0", false, "is not closed"},
        PathSyntaxCase{"NonNumericIndexIsRejected", "$.a[x]", false, "whole number or '*'"},
        PathSyntaxCase{"SliceIsRejected", "$.a[0:2]", false, "whole number or '*'"},
        PathSyntaxCase{"HugeIndexIsRejected", "$.a[99999999999999999999]", false, "too large"},
        PathSyntaxCase{"PartialWildcardIsRejected", "$.a*b", false, "whole path segment"},
        PathSyntaxCase{"SpaceIsRejected", "$.a b", false, "unexpected character"},
        PathSyntaxCase{"TextAfterDollarIsRejected", "$abc", false, "unexpected character 'a'"},
        PathSyntaxCase{"DotBeforeBracketIsRejected", "$.a.[0]", false, "a name must follow"}),
    [](const auto &row) { return std::string(row.param.name); });

TEST(JsonPathSyntaxLimits, PathsLongerThan256CharactersAreRejected) {
    const std::string ok = "$." + std::string(254, 'a');
    const std::string tooLong = "$." + std::string(255, 'a');
    EXPECT_TRUE(JsonPath::parse(ok).ok());
    const auto parsed = JsonPath::parse(tooLong);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.error().message.find("256"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// JsonPath evaluation

struct PathEvalCase {
    const char *name;
    const char *path;
    std::optional<std::string> expected; // compact JSON of the selection; nullopt: nothing
};

// Shows the row name instead of a byte dump when a row fails.
void PrintTo(const PathEvalCase &row, std::ostream *os) {
    *os << row.name;
}

class JsonPathEvaluation : public testing::TestWithParam<PathEvalCase> {};

TEST_P(JsonPathEvaluation, SelectsTheExpectedValue) {
    const auto &c = GetParam();
    const auto path = JsonPath::parse(c.path);
    ASSERT_TRUE(path.ok()) << path.error().message;
    const Json event = orderEvent();
    std::optional<std::string> actual;
    if (path->isDefinite()) {
        if (const Json *value = path->find(event)) {
            actual = value->dump();
        }
    } else {
        std::vector<const Json *> matches;
        path->findAll(event, matches);
        Json list = Json::array();
        for (const Json *m : matches) {
            list.push_back(*m);
        }
        actual = list.dump();
    }
    EXPECT_EQ(actual, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Paths, JsonPathEvaluation,
    testing::Values(
        PathEvalCase{"NestedName", "$.detail.customer.tier", R"("gold")"},
        PathEvalCase{"EnvelopeKeyWithDash", "$.detail-type", R"("Order Placed")"},
        PathEvalCase{"IndexIntoArray", "$.detail.tags[1]", R"("priority")"},
        PathEvalCase{"NegativeIndexCountsFromTheEnd", "$.detail.items[-1].sku", R"("B2")"},
        PathEvalCase{"IndexOutOfRangeSelectsNothing", "$.detail.tags[5]", std::nullopt},
        PathEvalCase{"MissingKeySelectsNothing", "$.detail.absent", std::nullopt},
        PathEvalCase{"NameOnAnArraySelectsNothing", "$.detail.tags.x", std::nullopt},
        PathEvalCase{"IndexOnAnObjectSelectsNothing", "$.detail.customer[0]", std::nullopt},
        PathEvalCase{"NullIsAValue", "$.detail.coupon", "null"},
        PathEvalCase{"WildcardOverArrayElements", "$.detail.items[*].sku", R"(["A1","B2"])"},
        PathEvalCase{"WildcardOverObjectMembers", "$.detail.customer.*", R"(["c-7","gold"])"},
        PathEvalCase{"WildcardMatchingNothingIsEmpty", "$.detail.absent[*]", "[]"}),
    [](const auto &row) { return std::string(row.param.name); });

TEST(JsonPathEvaluationRoot, DollarSelectsTheWholeEvent) {
    const auto path = JsonPath::parse("$");
    ASSERT_TRUE(path.ok());
    const Json event = orderEvent();
    EXPECT_TRUE(path->isRoot());
    EXPECT_EQ(path->find(event), &event);
}

// ---------------------------------------------------------------------------------------------
// JSON writers

TEST(JsonWriter, CompactFormIsIdenticalToNlohmannDump) {
    const Json event = orderEvent();
    std::string out;
    ASSERT_TRUE(appendJson(out, event));
    EXPECT_EQ(out, event.dump());
}

TEST(JsonWriter, EscapesControlCharactersLikeDump) {
    const Json value = std::string("tab\tnl\nquote\"bs\\bell\x07/é");
    std::string out;
    ASSERT_TRUE(appendJson(out, value));
    EXPECT_EQ(out, value.dump());
    EXPECT_EQ(out, R"("tab\tnl\nquote\"bs\\bell\u0007/é")");
}

TEST(JsonWriter, NumbersKeepTheirParsedForm) {
    const Json value = Json::parse(R"([1, -5, 1.0, 99.5, 1e3, 18446744073709551615, 0.1])");
    std::string out;
    ASSERT_TRUE(appendJson(out, value));
    EXPECT_EQ(out, "[1,-5,1.0,99.5,1000.0,18446744073709551615,0.1]");
}

TEST(JsonWriter, InvalidUtf8IsWrittenThroughInsteadOfThrowing) {
    const Json value = std::string("bad\xff");
    std::string out;
    ASSERT_TRUE(appendJson(out, value));
    EXPECT_EQ(out, "\"bad\xff\"");
}

TEST(JsonWriter, PlainFormDropsQuotesEverywhere) {
    const Json value =
        Json::parse(R"({"acc_id":"0a787ecb","list":["A","B"],"n":2,"ok":false,"x":null})");
    std::string out;
    ASSERT_TRUE(appendPlain(out, value));
    EXPECT_EQ(out, "{acc_id:0a787ecb,list:[A,B],n:2,ok:false,x:null}");
}

TEST(JsonWriter, RefusesValuesNestedBeyondTheLimit) {
    Json deep = Json::array();
    for (int i = 0; i < 20; ++i) {
        deep = Json::array({deep});
    }
    std::string out;
    EXPECT_TRUE(appendJson(out, deep, 21));
    out.clear();
    EXPECT_FALSE(appendJson(out, deep, 20));
    out.clear();
    EXPECT_FALSE(appendPlain(out, deep, 20));
}

// ---------------------------------------------------------------------------------------------
// Applying a target input

struct TransformCase {
    const char *name;
    TargetInput input;
    std::string expected; // exact text delivered (or produced, when not delivered)
    bool delivered = true;
    TransformContext context = {};
    const char *event = kOrderEvent;
};

TransformCase transformCase(const char *name, PathsMap map, std::string templ, std::string expected,
                            bool delivered = true, TransformContext context = {}) {
    return TransformCase{name, TargetInput::transformer(std::move(map), std::move(templ)),
                         std::move(expected), delivered, context};
}

const PathsMap kOrderVariables{
    {"orderId", "$.detail.orderId"},
    {"customer", "$.detail.customer"},
    {"tags", "$.detail.tags"},
    {"total", "$.detail.total"},
    {"count", "$.detail.count"},
    {"paid", "$.detail.paid"},
    {"coupon", "$.detail.coupon"},
    {"note", "$.detail.note"},
    {"missing", "$.detail.notThere"},
    {"empty", "$.detail.empty"},
    {"nothing", "$.detail.nothing"},
    {"skus", "$.detail.items[*].sku"},
    {"firstSku", "$.detail.items[0].sku"},
    {"type", "$.detail-type"},
};

const TransformContext kRuleContext{"arn:aws:events:eu-west-1:123456789012:rule/shop/orders",
                                    "orders", "2025-03-01T10:00:01Z"};

// Shows the row name instead of a byte dump when a row fails.
void PrintTo(const TransformCase &row, std::ostream *os) {
    *os << row.name;
}

class TargetInputApply : public testing::TestWithParam<TransformCase> {};

TEST_P(TargetInputApply, DeliversTheExpectedText) {
    const auto &c = GetParam();
    const auto compiled = compileTargetInput(c.input, kTargetId);
    ASSERT_TRUE(compiled.ok()) << compiled.error().message;
    const Json event = Json::parse(c.event);
    const Delivery delivery = compiled->apply(event, c.context);
    EXPECT_EQ(delivery.delivered, c.delivered) << delivery.reason;
    EXPECT_EQ(delivery.text, c.expected);
    EXPECT_EQ(delivery.reason.empty(), c.delivered);

    // The appending form agrees and leaves what was already in the buffer alone.
    std::string buffer = "prefix|";
    std::string reason;
    EXPECT_EQ(compiled->applyTo(event, c.context, buffer, &reason), c.delivered);
    EXPECT_EQ(buffer, "prefix|" + c.expected);
    EXPECT_EQ(reason, delivery.reason);

    // The simulator's check, which skips printing where it can, gives the same answer.
    std::string scratch = "left over";
    EXPECT_EQ(compiled->delivers(event, c.context, scratch), c.delivered);
}

INSTANTIATE_TEST_SUITE_P(
    InputOptions, TargetInputApply,
    testing::Values(
        TransformCase{"WholeEventIsCompactJsonInEventKeyOrder", TargetInput::wholeEvent(),
                      orderEvent().dump()},
        TransformCase{"WholeEventNumbersAreWrittenInTheirParsedForm",
                      TargetInput::wholeEvent(),
                      R"({"detail":{"a":1.0,"b":100,"c":-5,"d":2500.0}})",
                      true,
                      {},
                      R"({"detail": {"a": 1.0, "b": 100, "c": -5, "d": 2.5e3}})"},
        TransformCase{"ConstantInputIsDeliveredVerbatim", TargetInput::constant(R"({ "a" : 1 })"),
                      R"({ "a" : 1 })"},
        TransformCase{"ConstantStringInputIsDeliveredVerbatim", TargetInput::constant(R"("hello")"),
                      R"("hello")"},
        TransformCase{"InputPathSelectsAnObject", TargetInput::path("$.detail.customer"),
                      R"({"id":"c-7","tier":"gold"})"},
        TransformCase{"InputPathSelectsAStringAsQuotedJson",
                      TargetInput::path("$.detail.customer.tier"), R"("gold")"},
        TransformCase{"InputPathSelectsANumber", TargetInput::path("$.detail.total"), "99.5"},
        TransformCase{"InputPathSelectsAnArrayElement", TargetInput::path("$.detail.items[1]"),
                      R"({"sku":"B2","qty":1})"},
        TransformCase{"InputPathDollarIsTheWholeEvent", TargetInput::path("$"),
                      orderEvent().dump()},
        TransformCase{"InputPathWithWildcardDeliversAnArray",
                      TargetInput::path("$.detail.items[*].qty"), "[2,1]"},
        TransformCase{"InputPathMatchingNothingIsNotDelivered",
                      TargetInput::path("$.detail.notThere"), "", false}),
    [](const auto &row) { return std::string(row.param.name); });

INSTANTIATE_TEST_SUITE_P(
    TextTemplates, TargetInputApply,
    testing::Values(
        transformCase("StringsArePrintedWithoutQuotes", kOrderVariables,
                      R"("Order <orderId> of type <type>")",
                      R"("Order o-42 of type Order Placed")"),
        transformCase("PlaceholdersOutsideQuotesArePrintedTheSame", kOrderVariables,
                      "<orderId> is <type>", "o-42 is Order Placed"),
        transformCase("ObjectsArePrintedWithoutQuotes", kOrderVariables, R"("c=<customer>")",
                      R"("c={id:c-7,tier:gold}")"),
        transformCase("ArraysArePrintedWithoutQuotes", kOrderVariables, R"("t=<tags>")",
                      R"("t=[new,priority]")"),
        transformCase("NumbersBooleansAndNullArePrintedAsJson", kOrderVariables,
                      R"("<total> <count> <paid> <coupon>")", R"("99.5 3 true null")"),
        transformCase("StringsAreNotEscaped", kOrderVariables, R"("note: <note>")",
                      R"("note: say "hi"")"),
        transformCase("MissingPathsPrintNothing", kOrderVariables, R"("[<missing>]")", R"("[]")"),
        transformCase("EmptyArrayAndObjectArePrinted", kOrderVariables, "<empty><nothing>", "[]{}"),
        transformCase("WildcardPathsPrintAList", kOrderVariables, "<skus>", "[A1,B2]"),
        transformCase("ArrayIndexPathsWork", kOrderVariables, "<firstSku>", "A1"),
        transformCase("SameVariableTwice", kOrderVariables, "<orderId>/<orderId>", "o-42/o-42"),
        transformCase("MultiLineTemplateIsKeptAsWritten", kOrderVariables,
                      "\"<orderId> line one\"\n  \"<type>\"",
                      "\"o-42 line one\"\n  \"Order Placed\""),
        transformCase("TemplateWithoutQuotesOrPlaceholders", {}, "just text", "just text"),
        transformCase("AngleBracketsThatAreNotPlaceholdersStayText", kOrderVariables,
                      "a < b > c <p/> </p> <orderId>", "a < b > c <p/> </p> o-42", true),
        transformCase("ReservedStringVariables", {},
                      "<aws.events.rule-name> <aws.events.rule-arn> "
                      "<aws.events.event.ingestion-time>",
                      "orders arn:aws:events:eu-west-1:123456789012:rule/shop/orders "
                      "2025-03-01T10:00:01Z",
                      true, kRuleContext),
        transformCase("IngestionTimeFallsBackToTheEventTime", {},
                      "<aws.events.event.ingestion-time>", "2025-03-01T10:00:00Z"),
        transformCase("EventJsonIsRawJsonInATextTemplate", {}, "<aws.events.event.json>",
                      orderEvent().dump())),
    [](const auto &row) { return std::string(row.param.name); });

INSTANTIATE_TEST_SUITE_P(
    JsonTemplates, TargetInputApply,
    testing::Values(
        transformCase("StringValueIsQuoted", kOrderVariables, R"({"id": <orderId>})",
                      R"({"id":"o-42"})"),
        transformCase("QuotedPlaceholderGivesTheSameString", kOrderVariables,
                      R"({"id": "<orderId>"})", R"({"id":"o-42"})"),
        transformCase("NumbersBooleansAndNullStayJson", kOrderVariables,
                      R"({"t": <total>, "n": <count>, "p": <paid>, "c": <coupon>})",
                      R"({"t":99.5,"n":3,"p":true,"c":null})"),
        transformCase("ObjectsAndArraysAreInsertedAsJson", kOrderVariables,
                      R"({"c": <customer>, "t": <tags>})",
                      R"({"c":{"id":"c-7","tier":"gold"},"t":["new","priority"]})"),
        transformCase("StringValueWithQuotesIsEscaped", kOrderVariables, R"({"n": <note>})",
                      R"({"n":"say \"hi\""})"),
        transformCase("MissingPathInAValuePositionIsAnEmptyString", kOrderVariables,
                      R"({"m": <missing>})", R"({"m":""})"),
        transformCase("MissingPathInsideAStringIsEmpty", kOrderVariables, R"({"m": "x<missing>y"})",
                      R"({"m":"xy"})"),
        transformCase("StringInsideAStringIsSpliced", kOrderVariables,
                      R"({"path": "orders/<orderId>/items/<firstSku>"})",
                      R"({"path":"orders/o-42/items/A1"})"),
        transformCase("NumberInsideAStringIsSpliced", kOrderVariables,
                      R"({"s": "total <total>, paid <paid>"})", R"({"s":"total 99.5, paid true"})"),
        transformCase("ObjectInsideAStringIsNotDelivered", kOrderVariables,
                      R"({"c": "<customer>"})", R"({"c":"{"id":"c-7","tier":"gold"}"})", false),
        transformCase("ArrayInsideAStringIsNotDelivered", kOrderVariables, R"({"t": "<tags>"})",
                      R"({"t":"["new","priority"]"})", false),
        transformCase("EmptyArrayInsideAStringHappensToBeValid", kOrderVariables,
                      R"({"e": "<empty>"})", R"({"e":"[]"})"),
        transformCase("UnescapedQuoteInsideAStringIsNotDelivered", kOrderVariables,
                      R"({"n": "<note>"})", R"({"n":"say "hi""})", false),
        transformCase("BlanksOutsideStringsAreDropped", kOrderVariables,
                      "{\n  \"a\" : [ 9, <orderId>, true ],\n  \"b\" : \"  keep  me \"\n}",
                      R"({"a":[9,"o-42",true],"b":"  keep  me "})"),
        transformCase("EscapedQuotesInTheTemplateAreKept", kOrderVariables,
                      R"({"s": "order \"<orderId>\" placed"})", R"({"s":"order \"o-42\" placed"})"),
        transformCase("ArrayTemplate", kOrderVariables, R"( [<orderId>, "x", <count>])",
                      R"(["o-42","x",3])"),
        transformCase("WildcardPathIsAJsonArray", kOrderVariables, R"({"skus": <skus>})",
                      R"({"skus":["A1","B2"]})"),
        transformCase("ReservedStringVariablesAreQuotedAsValues", {},
                      R"({"arn": <aws.events.rule-arn>, "name": "rule <aws.events.rule-name>"})",
                      R"({"arn":"arn:aws:events:eu-west-1:123456789012:rule/shop/orders",)"
                      R"("name":"rule orders"})",
                      true, kRuleContext),
        transformCase("EventViewDropsDetailRenamesDetailTypeAndUsesIngestionTime", {},
                      R"({"e": <aws.events.event>})",
                      R"({"e":{"id":"b1c2d3e4-0000-4000-8000-000000000001",)"
                      R"("account":"123456789012","detailType":"Order Placed",)"
                      R"("time":"2025-03-01T10:00:01Z","source":"shop.orders",)"
                      R"("region":"eu-west-1",)"
                      R"("resources":["arn:aws:shop:eu-west-1:123456789012:order/42"],)"
                      R"("version":"0"}})",
                      true, kRuleContext),
        transformCase("EventJsonIsTheWholeEvent", {}, R"({"e": <aws.events.event.json>})",
                      R"({"e":)" + orderEvent().dump() + "}"),
        transformCase("EventViewInsideAStringIsNotDelivered", {}, R"({"e": "<aws.events.event>"})",
                      R"({"e":"{"id":"b1c2d3e4-0000-4000-8000-000000000001",)"
                      R"("account":"123456789012","detailType":"Order Placed",)"
                      R"("time":"2025-03-01T10:00:00Z","source":"shop.orders",)"
                      R"("region":"eu-west-1",)"
                      R"("resources":["arn:aws:shop:eu-west-1:123456789012:order/42"],)"
                      R"("version":"0"}"})",
                      false),
        transformCase("StringPlaceholderAsKeyHappensToWork", kOrderVariables, R"({<orderId>: 1})",
                      R"({"o-42":1})"),
        transformCase("ObjectPlaceholderAsKeyIsNotDelivered", kOrderVariables, R"({<customer>: 1})",
                      R"({{"id":"c-7","tier":"gold"}:1})", false),
        transformCase("TemplateThatCanNeverBeJsonIsNotDelivered", kOrderVariables,
                      R"({"a": <orderId> "b": 1})", R"({"a":"o-42""b":1})", false)),
    [](const auto &row) { return std::string(row.param.name); });

TEST(TargetInputApplyEventView, KeepsOtherEnvelopeKeysAfterTheKnownOnes) {
    const auto compiled =
        compileTargetInput(TargetInput::transformer({}, "<aws.events.event>"), kTargetId);
    ASSERT_TRUE(compiled.ok());
    const Json event = Json::parse(
        R"({"replay-name":"r1","version":"0","detail":{"x":1},"id":"e1","detail-type":"T"})");
    const Delivery delivery = compiled->apply(event);
    EXPECT_TRUE(delivery.delivered);
    EXPECT_EQ(delivery.text, R"({"id":"e1","detailType":"T","version":"0","replay-name":"r1"})");
}

TEST(TargetInputApplyRobustness, NonObjectEventsNeverCrash) {
    const auto compiled = compileTargetInput(
        TargetInput::transformer({{"a", "$.detail.a"}, {"w", "$.*[*]"}},
                                 R"({"a": <a>, "w": <w>, "e": <aws.events.event>, )"
                                 R"("j": <aws.events.event.json>, "t": "<a><w>"})"),
        kTargetId);
    ASSERT_TRUE(compiled.ok());
    for (const char *text : {"null", "[]", "[1,[2]]", "\"s\"", "42", "{}"}) {
        const Delivery delivery = compiled->apply(Json::parse(text));
        EXPECT_TRUE(delivery.delivered) << text << " -> " << delivery.reason;
    }
}

TEST(TargetInputApplyRobustness, DeeplyNestedEventsAreNotDeliveredInsteadOfOverflowing) {
    Json deep = Json::object();
    for (int i = 0; i < 5000; ++i) {
        Json wrapper = Json::object();
        wrapper["d"] = std::move(deep);
        deep = std::move(wrapper);
    }
    Json event = Json::object();
    event["detail"] = std::move(deep);

    for (const TargetInput &input : {TargetInput::wholeEvent(), TargetInput::path("$.detail"),
                                     TargetInput::transformer({{"d", "$.detail"}}, R"({"d": <d>})"),
                                     TargetInput::transformer({{"d", "$.detail"}}, "<d>"),
                                     TargetInput::transformer({}, "<aws.events.event.json>")}) {
        const auto compiled = compileTargetInput(input, kTargetId);
        ASSERT_TRUE(compiled.ok());
        const Delivery delivery = compiled->apply(event);
        EXPECT_FALSE(delivery.delivered);
        EXPECT_NE(delivery.reason.find("deeper than 1000 levels"), std::string::npos)
            << delivery.reason;
        EXPECT_TRUE(delivery.text.empty());
        std::string scratch;
        EXPECT_FALSE(compiled->delivers(event, {}, scratch));
    }
}

// The simulator asks only whether an input is delivered; at exactly the depth limit and one
// past it, in every position a value can be printed, it gets applyTo()'s answer.
TEST(TargetInputApplyRobustness, TheDeliveredCheckAgreesWithApplyingAtTheDepthLimit) {
    const auto nested = [](int levels, bool arrays) {
        Json value = 1;
        for (int i = 0; i < levels; ++i) {
            Json wrapper = arrays ? Json::array() : Json::object();
            if (wrapper.is_array()) {
                wrapper.push_back(std::move(value));
            } else {
                wrapper["d"] = std::move(value);
            }
            value = std::move(wrapper);
        }
        return value;
    };
    const std::vector<TargetInput> inputs = {
        TargetInput::wholeEvent(),
        TargetInput::path("$.detail.v"),
        TargetInput::path("$.detail.list[*]"),
        TargetInput::transformer({{"v", "$.detail.v"}}, R"({"v": <v>})"),
        TargetInput::transformer({{"v", "$.detail.v"}}, "value <v>"),
        TargetInput::transformer({{"all", "$.detail.list[*]"}}, R"({"all": <all>})"),
        TargetInput::transformer({{"all", "$.detail.list[*]"}}, "all <all>"),
        TargetInput::transformer({{"v", "$.detail.v"}}, R"({"v": "<v>"})"),
        TargetInput::transformer({{"v", "$.detail.v"}}, R"({<v>: 1})"),
        TargetInput::transformer({}, R"({"e": <aws.events.event.json>})"),
        TargetInput::transformer({{"v", "$.detail.v"}}, R"({"v": <v> "w": 1})"),
        TargetInput::transformer({{"n", "$.detail.name"}}, R"({"n": "<n>"})"),
    };
    for (const int levels : {996, 997, 998, 999, 1000, 1001}) {
        for (const bool arrays : {false, true}) {
            Json event = Json::parse(R"({"source":"s","detail":{"name":"say \"hi\""}})");
            event["detail"]["v"] = nested(levels, arrays);
            event["detail"]["list"] = Json::array({nested(levels - 1, arrays), 2});
            for (std::size_t i = 0; i < inputs.size(); ++i) {
                const auto compiled = compileTargetInput(inputs[i], kTargetId);
                ASSERT_TRUE(compiled.ok()) << compiled.error().message;
                std::string text;
                const bool applied = compiled->applyTo(event, {}, text);
                std::string scratch;
                EXPECT_EQ(compiled->delivers(event, {}, scratch), applied)
                    << "levels " << levels << (arrays ? " of arrays" : " of objects") << ", input "
                    << i;
            }
        }
    }
}

TEST(TargetInputApplyReasons, NotDeliveredReasonsNameTheTarget) {
    const auto compiled = compileTargetInput(
        TargetInput::transformer({{"c", "$.detail.customer"}}, R"({"c": "<c>"})"), kTargetId);
    ASSERT_TRUE(compiled.ok());
    const Delivery delivery = compiled->apply(orderEvent());
    EXPECT_FALSE(delivery.delivered);
    EXPECT_EQ(delivery.reason,
              "Not delivered to target orders-queue: the transformed input is not valid JSON.");
}

// ---------------------------------------------------------------------------------------------
// PutTargets validation

struct ConfigErrorCase {
    const char *name;
    TargetInput input;
    std::string message;
    std::string field;
};

PathsMap manyVariables(std::size_t count) {
    PathsMap map;
    for (std::size_t i = 0; i < count; ++i) {
        map.emplace_back("v" + std::to_string(i), "$.detail.v" + std::to_string(i));
    }
    return map;
}

TargetInput bothPathAndTransformer() {
    TargetInput input = TargetInput::transformer({{"a", "$.a"}}, "<a>");
    input.inputPath = "$.detail";
    return input;
}

TargetInput bothConstantAndPath() {
    TargetInput input = TargetInput::constant("{}");
    input.inputPath = "$.detail";
    return input;
}

// Shows the row name instead of a byte dump when a row fails.
void PrintTo(const ConfigErrorCase &row, std::ostream *os) {
    *os << row.name;
}

class TargetInputValidation : public testing::TestWithParam<ConfigErrorCase> {};

TEST_P(TargetInputValidation, RejectsTheConfigurationWithTheExactMessage) {
    const auto &c = GetParam();
    const auto compiled = compileTargetInput(c.input, kTargetId);
    ASSERT_FALSE(compiled.ok());
    EXPECT_EQ(compiled.error().message, c.message);
    EXPECT_EQ(compiled.error().field, c.field);
}

INSTANTIATE_TEST_SUITE_P(
    PutTargets, TargetInputValidation,
    testing::Values(
        ConfigErrorCase{"InputPathAndInputTransformerTogether", bothPathAndTransformer(),
                        "Only one of Input, InputPath, or InputTransformer must be provided for "
                        "target orders-queue.",
                        ""},
        ConfigErrorCase{"InputAndInputPathTogether", bothConstantAndPath(),
                        "Only one of Input, InputPath, or InputTransformer must be provided for "
                        "target orders-queue.",
                        ""},
        ConfigErrorCase{"UndefinedPlaceholder",
                        TargetInput::transformer({{"a", "$.a"}}, R"("<a> and <notdefinedkey>")"),
                        "InputTemplate for target orders-queue contains invalid placeholder "
                        "notdefinedkey.",
                        "InputTransformer.InputTemplate"},
        ConfigErrorCase{"FirstUndefinedPlaceholderIsReported",
                        TargetInput::transformer({}, R"({"x": <second>, "y": "<first>"})"),
                        "InputTemplate for target orders-queue contains invalid placeholder "
                        "second.",
                        "InputTransformer.InputTemplate"},
        ConfigErrorCase{"UnknownReservedLookingPlaceholder",
                        TargetInput::transformer({}, "<aws.events.rule-id>"),
                        "InputTemplate for target orders-queue contains invalid placeholder "
                        "aws.events.rule-id.",
                        "InputTransformer.InputTemplate"},
        ConfigErrorCase{"HtmlTagsLookLikePlaceholders", TargetInput::transformer({}, "<b>bold</b>"),
                        "InputTemplate for target orders-queue contains invalid placeholder b.",
                        "InputTransformer.InputTemplate"},
        ConfigErrorCase{"ConstantInputThatIsNotJson", TargetInput::constant("not json"),
                        "Input for target orders-queue is not a valid JSON text.", "Input"},
        ConfigErrorCase{"EmptyConstantInput", TargetInput::constant(""),
                        "Input for target orders-queue is not a valid JSON text.", "Input"},
        ConfigErrorCase{"ConstantInputOver8192Characters",
                        TargetInput::constant("\"" + std::string(8191, 'x') + "\""),
                        "Input for target orders-queue must be at most 8192 characters long; it "
                        "has 8193.",
                        "Input"},
        ConfigErrorCase{"InputPathWithoutDollar", TargetInput::path("detail"),
                        "InputPath for target orders-queue is not a valid JSON path: a JSON path "
                        "must start with '$'.",
                        "InputPath"},
        ConfigErrorCase{"InputPathWithBracketNotation", TargetInput::path("$['detail']"),
                        "InputPath for target orders-queue is not a valid JSON path: bracket "
                        "notation for names at position 1 is not supported; use dot notation "
                        "($.a.b).",
                        "InputPath"},
        ConfigErrorCase{"MoreThan100Variables",
                        TargetInput::transformer(manyVariables(101), "\"x\""),
                        "InputPathsMap for target orders-queue has 101 entries; at most 100 are "
                        "allowed.",
                        "InputTransformer.InputPathsMap"},
        ConfigErrorCase{"KeyWithADot", TargetInput::transformer({{"a.b", "$.a"}}, "\"x\""),
                        "InputPathsMap key \"a.b\" for target orders-queue is not valid: a key "
                        "is 1 to 256 characters from A-Z, a-z, 0-9, '_' and '-'.",
                        "InputTransformer.InputPathsMap.a.b"},
        ConfigErrorCase{"EmptyKey", TargetInput::transformer({{"", "$.a"}}, "\"x\""),
                        "InputPathsMap key \"\" for target orders-queue is not valid: a key is 1 "
                        "to 256 characters from A-Z, a-z, 0-9, '_' and '-'.",
                        "InputTransformer.InputPathsMap."},
        ConfigErrorCase{"KeyLongerThan256",
                        TargetInput::transformer({{std::string(257, 'k'), "$.a"}}, "\"x\""),
                        "InputPathsMap key \"" + std::string(257, 'k') +
                            "\" for target orders-queue is not valid: a key is 1 to 256 "
                            "characters from A-Z, a-z, 0-9, '_' and '-'.",
                        "InputTransformer.InputPathsMap." + std::string(257, 'k')},
        ConfigErrorCase{"KeyStartingWithAWS",
                        TargetInput::transformer({{"AWSRegion", "$.region"}}, "\"x\""),
                        "InputPathsMap key \"AWSRegion\" for target orders-queue is not valid: "
                        "keys must not start with \"AWS\".",
                        "InputTransformer.InputPathsMap.AWSRegion"},
        ConfigErrorCase{"DuplicateKey",
                        TargetInput::transformer({{"a", "$.a"}, {"a", "$.b"}}, "\"x\""),
                        "InputPathsMap for target orders-queue defines key \"a\" more than once.",
                        "InputTransformer.InputPathsMap.a"},
        ConfigErrorCase{"InvalidPathInTheMap", TargetInput::transformer({{"a", "$..a"}}, "<a>"),
                        "InputPathsMap value for key \"a\" for target orders-queue is not a "
                        "valid JSON path: deep scan ('..') at position 1 is not supported.",
                        "InputTransformer.InputPathsMap.a"},
        ConfigErrorCase{"EmptyTemplate", TargetInput::transformer({}, ""),
                        "InputTemplate for target orders-queue must not be empty.",
                        "InputTransformer.InputTemplate"},
        ConfigErrorCase{"TemplateOver8192Characters",
                        TargetInput::transformer({}, std::string(8193, 'x')),
                        "InputTemplate for target orders-queue must be at most 8192 characters "
                        "long; it has 8193.",
                        "InputTransformer.InputTemplate"}),
    [](const auto &row) { return std::string(row.param.name); });

TEST(TargetInputValidationDetails, UndefinedPlaceholderErrorPointsAtIt) {
    const auto compiled = compileTargetInput(TargetInput::transformer({}, "ab <nope>"), "t");
    ASSERT_FALSE(compiled.ok());
    EXPECT_EQ(compiled.error().offset, 3U);
}

TEST(TargetInputValidationDetails, PathErrorPointsIntoThePath) {
    const auto compiled = compileTargetInput(TargetInput::path("$.a b"), "t");
    ASSERT_FALSE(compiled.ok());
    EXPECT_EQ(compiled.error().offset, 3U);
}

TEST(TargetInputValidationDetails, ExactlyOneHundredVariablesAreAccepted) {
    EXPECT_TRUE(
        compileTargetInput(TargetInput::transformer(manyVariables(100), "\"x\""), "t").ok());
}

TEST(TargetInputValidationDetails, UnusedVariablesAreStillValidated) {
    EXPECT_FALSE(compileTargetInput(TargetInput::transformer({{"a", "nope"}}, "\"x\""), "t").ok());
}

TEST(TargetInputValidationDetails, TheTargetIdIsTakenFromTheCaller) {
    const auto compiled = compileTargetInput(TargetInput::transformer({}, "<x>"), "Target-1.a_b");
    ASSERT_FALSE(compiled.ok());
    EXPECT_EQ(compiled.error().message,
              "InputTemplate for target Target-1.a_b contains invalid placeholder x.");
}

TEST(TargetInputKinds, KindFollowsTheOptionInUse) {
    EXPECT_EQ(TargetInput::wholeEvent().kind(), TargetInputKind::WholeEvent);
    EXPECT_EQ(TargetInput::constant("{}").kind(), TargetInputKind::Constant);
    EXPECT_EQ(TargetInput::path("$").kind(), TargetInputKind::InputPath);
    EXPECT_EQ(TargetInput::transformer({}, "x").kind(), TargetInputKind::InputTransformer);

    const auto compiled = compileTargetInput(TargetInput::transformer({}, " {\"a\":1}"), "t");
    ASSERT_TRUE(compiled.ok());
    EXPECT_EQ(compiled->kind(), TargetInputKind::InputTransformer);
    EXPECT_EQ(compiled->templateKind(), TemplateKind::Json);
    EXPECT_EQ(compiled->targetId(), "t");
    const auto text = compileTargetInput(TargetInput::transformer({}, "\"{a}\""), "t");
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(text->templateKind(), TemplateKind::Text);
}

// ---------------------------------------------------------------------------------------------
// Editor warnings

struct WarningCase {
    const char *name;
    std::string templ;
    std::string warningPart; // empty: no warning expected
};

// Shows the row name instead of a byte dump when a row fails.
void PrintTo(const WarningCase &row, std::ostream *os) {
    *os << row.name;
}

class TargetInputWarnings : public testing::TestWithParam<WarningCase> {};

TEST_P(TargetInputWarnings, AreReportedForDoubtfulTemplates) {
    const auto &c = GetParam();
    const auto compiled =
        compileTargetInput(TargetInput::transformer({{"a", "$.detail.a"}}, c.templ), kTargetId);
    ASSERT_TRUE(compiled.ok()) << compiled.error().message;
    if (c.warningPart.empty()) {
        EXPECT_TRUE(compiled->warnings().empty());
    } else {
        ASSERT_EQ(compiled->warnings().size(), 1U);
        EXPECT_NE(compiled->warnings()[0].find(c.warningPart), std::string::npos)
            << compiled->warnings()[0];
    }
}

INSTANTIATE_TEST_SUITE_P(
    Templates, TargetInputWarnings,
    testing::Values(WarningCase{"NoneForAPlainJsonTemplate", R"({"a": <a>, "b": "x<a>"})", ""},
                    WarningCase{"NoneForATextTemplate", R"("<a> <aws.events.rule-name>")", ""},
                    WarningCase{"PlaceholderAsObjectKey", R"({<a>: 1})", "used as an object key"},
                    WarningCase{"EventInsideAString", R"({"e": "<aws.events.event>"})",
                                "supports it only as a JSON value"},
                    WarningCase{"EventJsonInATextTemplate", "<aws.events.event.json>",
                                "supports it only as a JSON value"},
                    WarningCase{"BrokenJsonTemplate", R"({"a": <a>)",
                                "not valid JSON whatever the values"}),
    [](const auto &row) { return std::string(row.param.name); });

// ---------------------------------------------------------------------------------------------
// Batch and conformance lines

TEST(TargetInputFromJson, ReadsAnInputPath) {
    const auto input = targetInputFromJson(Json::parse(R"({"input_path": "$.detail"})"));
    ASSERT_TRUE(input.ok());
    EXPECT_EQ(input->kind(), TargetInputKind::InputPath);
    EXPECT_EQ(input->inputPath, "$.detail");
}

TEST(TargetInputFromJson, NullMeansAbsent) {
    const auto input = targetInputFromJson(
        Json::parse(R"({"input_path": null, "input_paths_map": null, "input_template": null})"));
    ASSERT_TRUE(input.ok());
    EXPECT_EQ(input->kind(), TargetInputKind::WholeEvent);
}

TEST(TargetInputFromJson, ReadsATransformerKeepingMapOrder) {
    const auto input = targetInputFromJson(Json::parse(
        R"({"input_paths_map": {"z": "$.z", "a": "$.a"}, "input_template": "<z><a>"})"));
    ASSERT_TRUE(input.ok());
    ASSERT_TRUE(input->inputTransformer.has_value());
    const PathsMap expected{{"z", "$.z"}, {"a", "$.a"}};
    EXPECT_EQ(input->inputTransformer->inputPathsMap, expected);
    EXPECT_EQ(input->inputTransformer->inputTemplate, "<z><a>");
}

TEST(TargetInputFromJson, KeepsConflictingOptionsForCompileToReject) {
    const auto input = targetInputFromJson(
        Json::parse(R"({"input_path": "$.detail", "input_paths_map": {}, "input_template": "x"})"));
    ASSERT_TRUE(input.ok());
    EXPECT_FALSE(compileTargetInput(*input, "t").ok());
}

TEST(TargetInputFromJson, ConstantInputMayBeTextOrAJsonValue) {
    const auto text = targetInputFromJson(Json::parse(R"({"input": "{\"a\": 1}"})"));
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(text->input, R"({"a": 1})");
    const auto value = targetInputFromJson(Json::parse(R"({"input": {"a": 1}})"));
    ASSERT_TRUE(value.ok());
    EXPECT_EQ(value->input, R"({"a":1})");
}

TEST(TargetInputFromJson, RejectsWrongTypes) {
    EXPECT_FALSE(targetInputFromJson(Json::parse("[]")).ok());
    EXPECT_FALSE(targetInputFromJson(Json::parse(R"({"input_path": 1})")).ok());
    EXPECT_FALSE(targetInputFromJson(Json::parse(R"({"input_paths_map": []})")).ok());
    EXPECT_FALSE(targetInputFromJson(Json::parse(R"({"input_paths_map": {"a": 1}})")).ok());
    EXPECT_FALSE(targetInputFromJson(Json::parse(R"({"input_template": {}})")).ok());
}

TEST(TransformEventOnce, CompilesAndApplies) {
    const auto delivery = transformEvent(TargetInput::path("$.detail.orderId"), "t", orderEvent());
    ASSERT_TRUE(delivery.ok());
    EXPECT_TRUE(delivery->delivered);
    EXPECT_EQ(delivery->text, R"("o-42")");
    EXPECT_FALSE(transformEvent(TargetInput::path("x"), "t", orderEvent()).ok());
}

} // namespace
} // namespace sg::model
