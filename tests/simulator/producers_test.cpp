// Producers: the arrival processes' exact times, the statistics of the random ones over a fixed
// seed, generated events (envelope, samples in turn, field variations), and the PutEvents checks.

#include "arch/entrysize.h"
#include "producers.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace sg::sim {
namespace {

using namespace sg::sim::literals;

std::vector<Arrival> take(ArrivalProcess &process, std::size_t n) {
    std::vector<Arrival> out;
    while (out.size() < n) {
        const auto arrival = process.next();
        if (!arrival) {
            break;
        }
        out.push_back(*arrival);
    }
    return out;
}

std::vector<Arrival> until(ArrivalProcess &process, SimTime end) {
    std::vector<Arrival> out;
    while (true) {
        const auto arrival = process.next();
        if (!arrival || arrival->at >= end) {
            return out;
        }
        out.push_back(*arrival);
    }
}

model::RateModel constant(double perSecond) {
    model::RateModel rate;
    rate.kind = model::RateKind::Constant;
    rate.perSecond = perSecond;
    return rate;
}

model::RateModel poisson(double perSecond) {
    model::RateModel rate;
    rate.kind = model::RateKind::Poisson;
    rate.perSecond = perSecond;
    return rate;
}

RandomStream stream(std::uint64_t seed = 42) {
    return RandomStream(seed, "producer:test");
}

// ---------------------------------------------------------------- arrivals

TEST(ArrivalProcess, ConstantTwoPerSecondPutsOneEventEveryHalfSecond) {
    ArrivalProcess process(constant(2), stream());
    EXPECT_EQ(take(process, 4),
              (std::vector<Arrival>{{500_ms, 1}, {1_s, 1}, {1500_ms, 1}, {2_s, 1}}));
}

TEST(ArrivalProcess, ConstantRateDoesNotDriftOverAnHour) {
    // 3 per second is not a whole number of microseconds apart; times come from the count.
    ArrivalProcess process(constant(3), stream());
    const auto arrivals = until(process, 1_h + 1_us);
    ASSERT_EQ(arrivals.size(), 10800U);
    EXPECT_EQ(arrivals[0].at, SimTime::microseconds(333333));
    EXPECT_EQ(arrivals[2].at, 1_s);
    EXPECT_EQ(arrivals.back().at, 1_h);
}

TEST(ArrivalProcess, ARateOfZeroPutsNothing) {
    ArrivalProcess constantZero(constant(0), stream());
    EXPECT_FALSE(constantZero.next().has_value());
    ArrivalProcess poissonZero(poisson(0), stream());
    EXPECT_FALSE(poissonZero.next().has_value());
}

TEST(ArrivalProcess, BurstPutsFiveEventsEveryTenSeconds) {
    model::RateModel rate;
    rate.kind = model::RateKind::Burst;
    rate.burstSize = 5;
    rate.burstEverySeconds = 10;
    ArrivalProcess process(rate, stream());
    EXPECT_EQ(until(process, 35_s), (std::vector<Arrival>{{10_s, 5}, {20_s, 5}, {30_s, 5}}));
}

TEST(ArrivalProcess, ScriptedPutsComeAtTheirTimesInTimeOrderAndThenEnd) {
    model::RateModel rate;
    rate.kind = model::RateKind::Scripted;
    rate.script = {{30, 2}, {1.5, 1}, {30, 7}, {10, 0}, {60, 3}};
    ArrivalProcess process(rate, stream());
    EXPECT_EQ(take(process, 10),
              (std::vector<Arrival>{{1500_ms, 1}, {30_s, 2}, {30_s, 7}, {60_s, 3}}));
    EXPECT_FALSE(process.next().has_value());
}

TEST(ArrivalProcess, PoissonMeanGapIsOneOverTheRateForAFixedSeed) {
    ArrivalProcess process(poisson(5), stream());
    const auto arrivals = take(process, 10000);
    ASSERT_EQ(arrivals.size(), 10000U);
    // Mean gap 0.2 s, standard error 0.2 / sqrt(10000) = 0.002 s: 0.01 s is five standard errors.
    const double meanGap = arrivals.back().at.toSeconds() / 10000.0;
    EXPECT_NEAR(meanGap, 0.2, 0.01);
    for (std::size_t i = 1; i < arrivals.size(); ++i) {
        ASSERT_LE(arrivals[i - 1].at, arrivals[i].at);
    }
}

TEST(ArrivalProcess, PoissonIsExactlyReproducibleForTheSameStreamAndDiffersForAnother) {
    ArrivalProcess first(poisson(5), stream(7));
    ArrivalProcess second(poisson(5), stream(7));
    ArrivalProcess other(poisson(5), stream(8));
    const auto a = take(first, 1000);
    EXPECT_EQ(a, take(second, 1000));
    EXPECT_NE(a, take(other, 1000));
}

TEST(ArrivalProcess, DailyCurvePutsNothingInHoursWhoseFactorIsZero) {
    model::RateModel rate;
    rate.kind = model::RateKind::Daily;
    rate.perSecond = 2;
    rate.hourly.assign(24, 0.0);
    rate.hourly[9] = 1.0;   // 09:00-10:00 at 2/s
    rate.hourly[10] = 0.25; // 10:00-11:00 at 0.5/s
    rate.hourly[22] = 0.5;  // 22:00-23:00 at 1/s
    ArrivalProcess process(rate, stream());
    const auto arrivals = until(process, 48_h);
    std::vector<std::size_t> perHour(48, 0);
    for (const Arrival &arrival : arrivals) {
        ++perHour[static_cast<std::size_t>(arrival.at.micros() / SimTime::kMicrosPerHour)];
    }
    for (std::size_t hour = 0; hour < 48; ++hour) {
        const std::size_t ofDay = hour % 24;
        if (ofDay != 9 && ofDay != 10 && ofDay != 22) {
            EXPECT_EQ(perHour[hour], 0U) << "hour " << hour;
        }
    }
    // Expected 7200, 1800 and 3600 per hour; each within 5 standard deviations (sqrt of mean).
    EXPECT_NEAR(static_cast<double>(perHour[9]), 7200, 5 * 85);
    EXPECT_NEAR(static_cast<double>(perHour[10]), 1800, 5 * 43);
    EXPECT_NEAR(static_cast<double>(perHour[22]), 3600, 5 * 60);
    EXPECT_NEAR(static_cast<double>(perHour[33]), 7200, 5 * 85);
}

TEST(ArrivalProcess, DailyCurveWithoutAnyPositiveHourPutsNothing) {
    model::RateModel rate;
    rate.kind = model::RateKind::Daily;
    rate.perSecond = 10;
    rate.hourly.assign(24, 0.0);
    ArrivalProcess process(rate, stream());
    EXPECT_FALSE(process.next().has_value());
}

// ---------------------------------------------------------------- time and ids

TEST(IsoTime, SimulatedTimeZeroIsNewYear2026AndSecondsAreTruncated) {
    const GeneratorSettings settings;
    EXPECT_EQ(isoTime(SimTime::zero(), settings), "2026-01-01T00:00:00Z");
    EXPECT_EQ(isoTime(90_s, settings), "2026-01-01T00:01:30Z");
    EXPECT_EQ(isoTime(90_s + 999_ms, settings), "2026-01-01T00:01:30Z");
    EXPECT_EQ(isoTime(59 * 24_h + 13_h + 5_s, settings), "2026-03-01T13:00:05Z");
}

TEST(IsoTime, FollowsTheConfiguredStart) {
    GeneratorSettings settings;
    settings.startUnixSeconds = 951782400; // 2000-02-29T00:00:00Z, a leap day
    EXPECT_EQ(isoTime(24_h - 1_s, settings), "2000-02-29T23:59:59Z");
    EXPECT_EQ(isoTime(24_h, settings), "2000-03-01T00:00:00Z");
}

TEST(RandomUuid, HasTheVersion4LayoutAndIsDeterministic) {
    RandomStream a = stream(3);
    RandomStream b = stream(3);
    const std::regex layout(
        "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string uuid = randomUuid(a);
        EXPECT_TRUE(std::regex_match(uuid, layout)) << uuid;
        EXPECT_EQ(uuid, randomUuid(b));
        seen.insert(uuid);
    }
    EXPECT_EQ(seen.size(), 200U);
}

// ---------------------------------------------------------------- event generation

model::EventType orderPlaced() {
    model::EventType type;
    type.id = {"order-placed"};
    type.source = "shop.orders";
    type.detailType = "Order Placed";
    type.samples.push_back(model::Json::parse(
        R"({"version":"0","id":"old","source":"x","detail":{"orderId":"o-1","total":10},"resources":["arn:aws:x"]})"));
    type.samples.push_back(model::Json::parse(R"({"detail":{"orderId":"o-2"}})"));
    return type;
}

model::FieldVariation variation(std::string path, model::VariationKind kind) {
    model::FieldVariation v;
    v.path = std::move(path);
    v.kind = kind;
    return v;
}

TEST(EventGenerator, CompletesTheEnvelopeAndTakesTheSamplesInTurn) {
    auto generator = EventGenerator::create(orderPlaced(), {});
    ASSERT_TRUE(generator.ok()) << generator.error().message;
    RandomStream s = stream();
    const model::Json first = generator->generate(90_s, s);
    const model::Json second = generator->generate(91_s, s);
    const model::Json third = generator->generate(92_s, s);

    std::vector<std::string> keys;
    for (auto it = first.begin(); it != first.end(); ++it) {
        keys.push_back(it.key());
    }
    EXPECT_EQ(keys, (std::vector<std::string>{"version", "id", "detail-type", "source", "account",
                                              "time", "region", "resources", "detail"}));
    EXPECT_EQ(first["version"], "0");
    EXPECT_NE(first["id"], "old");
    EXPECT_EQ(first["id"].get<std::string>().size(), 36U);
    EXPECT_EQ(first["source"], "shop.orders");
    EXPECT_EQ(first["detail-type"], "Order Placed");
    EXPECT_EQ(first["account"], "123456789012");
    EXPECT_EQ(first["region"], "us-east-1");
    EXPECT_EQ(first["time"], "2026-01-01T00:01:30Z");
    EXPECT_EQ(first["resources"], model::Json::parse(R"(["arn:aws:x"])"));
    EXPECT_EQ(first["detail"]["orderId"], "o-1");

    EXPECT_EQ(second["detail"]["orderId"], "o-2");
    EXPECT_EQ(second["resources"], model::Json::array());
    EXPECT_EQ(second["time"], "2026-01-01T00:01:31Z");
    EXPECT_NE(second["id"], first["id"]);
    EXPECT_EQ(third["detail"]["orderId"], "o-1");
}

TEST(EventGenerator, AnEventTypeWithoutSamplesGivesAnEmptyDetail) {
    model::EventType type = orderPlaced();
    type.samples.clear();
    auto generator = EventGenerator::create(type, {});
    ASSERT_TRUE(generator.ok());
    RandomStream s = stream();
    const model::Json event = generator->generate(SimTime::zero(), s);
    EXPECT_EQ(event["detail"], model::Json::object());
    EXPECT_EQ(event["resources"], model::Json::array());
}

TEST(EventGenerator, AppliesEveryKindOfVariationOnDotPathsCreatingMissingObjects) {
    auto choice = variation("detail.customer.tier", model::VariationKind::Choice);
    choice.values = model::Json::parse(R"(["gold","silver"])");
    auto intRange = variation("detail.quantity", model::VariationKind::Range);
    intRange.min = 1;
    intRange.max = 3;
    auto realRange = variation("detail.total", model::VariationKind::Range);
    realRange.min = 0.5;
    realRange.max = 99.5;
    auto sequence = variation("detail.seq", model::VariationKind::Sequence);
    sequence.min = 100;
    sequence.step = 5;
    auto uuid = variation("detail.paymentId", model::VariationKind::Uuid);
    auto time = variation("detail.placedAt", model::VariationKind::Time);

    auto generator =
        EventGenerator::create(orderPlaced(), {choice, intRange, realRange, sequence, uuid, time});
    ASSERT_TRUE(generator.ok()) << generator.error().message;
    RandomStream s = stream();
    std::set<std::string> tiers;
    std::set<std::int64_t> quantities;
    for (int i = 0; i < 100; ++i) {
        const model::Json event = generator->generate(SimTime::seconds(i), s);
        const model::Json &detail = event["detail"];
        tiers.insert(detail["customer"]["tier"].get<std::string>());
        ASSERT_TRUE(detail["quantity"].is_number_integer());
        quantities.insert(detail["quantity"].get<std::int64_t>());
        ASSERT_TRUE(detail["total"].is_number_float());
        EXPECT_GE(detail["total"].get<double>(), 0.5);
        EXPECT_LE(detail["total"].get<double>(), 99.5);
        EXPECT_EQ(detail["seq"], 100 + 5 * i);
        EXPECT_EQ(detail["paymentId"].get<std::string>().size(), 36U);
        EXPECT_EQ(detail["placedAt"], event["time"]);
    }
    EXPECT_EQ(tiers, (std::set<std::string>{"gold", "silver"}));
    EXPECT_EQ(quantities, (std::set<std::int64_t>{1, 2, 3}));
}

TEST(EventGenerator, ReplacesANonObjectOnTheWayToAVariedField) {
    auto uuid = variation("detail.orderId.value", model::VariationKind::Uuid);
    auto generator = EventGenerator::create(orderPlaced(), {uuid});
    ASSERT_TRUE(generator.ok());
    RandomStream s = stream();
    const model::Json event = generator->generate(SimTime::zero(), s);
    EXPECT_TRUE(event["detail"]["orderId"]["value"].is_string());
    EXPECT_EQ(event["detail"]["total"], 10);
}

TEST(EventGenerator, TheSameStreamGivesByteIdenticalEvents) {
    auto choice = variation("detail.tier", model::VariationKind::Choice);
    choice.values = model::Json::parse(R"(["a","b","c"])");
    auto a = EventGenerator::create(orderPlaced(), {choice});
    auto b = EventGenerator::create(orderPlaced(), {choice});
    ASSERT_TRUE(a.ok() && b.ok());
    RandomStream sa = stream(9);
    RandomStream sb = stream(9);
    for (int i = 0; i < 20; ++i) {
        EXPECT_EQ(a->generate(SimTime::seconds(i), sa).dump(),
                  b->generate(SimTime::seconds(i), sb).dump());
    }
}

// next() is generate() without building a document per event: for the same stream it must give
// the same text and the same draws, and the entry size it reports must be the one PutEvents
// measures, whatever the variations are (envelope fields written over, a variation inside
// another's value, a choice between objects, a detail that is not an object) and however long
// earlier events are held.
void expectNextMatchesGenerate(const model::EventType &type,
                               const std::vector<model::FieldVariation> &variations,
                               const std::string &what) {
    auto reference = EventGenerator::create(type, variations);
    auto recycled = EventGenerator::create(type, variations);
    ASSERT_TRUE(reference.ok() && recycled.ok()) << what;
    RandomStream a = stream(3);
    RandomStream b = stream(3);
    std::deque<std::shared_ptr<const model::Json>> held; // some events outlive many others
    for (int i = 0; i < 300; ++i) {
        const SimTime now = SimTime::milliseconds(i * 700);
        const model::Json expected = reference->generate(now, a);
        const GeneratedEvent got = recycled->next(now, b);
        ASSERT_EQ(got.event->dump(), expected.dump()) << what << ", event " << i;
        if (got.entrySize) {
            EXPECT_EQ(*got.entrySize, model::putEventsEntrySize(expected)) << what << ", " << i;
        }
        if (i % 7 == 0) {
            held.push_back(got.event);
        }
        if (held.size() > 5) {
            held.pop_front();
        }
    }
    EXPECT_EQ(a.nextU64(), b.nextU64()) << what << ": the same number of draws";
}

TEST(EventGenerator, NextGivesWhatGenerateGivesForEveryKindOfVariation) {
    auto choice = variation("detail.customer.tier", model::VariationKind::Choice);
    choice.values = model::Json::parse(R"(["gold","silver",3,{"a":[1,2]},null,"with \"quotes\""])");
    auto intRange = variation("detail.quantity", model::VariationKind::Range);
    intRange.min = -3;
    intRange.max = 300000;
    auto realRange = variation("detail.total", model::VariationKind::Range);
    realRange.min = 0.5;
    realRange.max = 99.5;
    auto sequence = variation("detail.seq", model::VariationKind::Sequence);
    sequence.min = 100;
    sequence.step = 5;
    auto realSequence = variation("extra.seq", model::VariationKind::Sequence);
    realSequence.min = 0.25;
    realSequence.step = 0.1;
    auto uuid = variation("detail.paymentId", model::VariationKind::Uuid);
    auto time = variation("detail.placedAt", model::VariationKind::Time);
    auto id = variation("id", model::VariationKind::Uuid);
    auto envelopeTime = variation("time", model::VariationKind::Time);
    expectNextMatchesGenerate(orderPlaced(), {}, "no variations");
    expectNextMatchesGenerate(orderPlaced(),
                              {id, envelopeTime, choice, intRange, realRange, sequence, uuid, time},
                              "every kind");
    expectNextMatchesGenerate(orderPlaced(), {realSequence, choice}, "a new top-level member");
    model::EventType noSamples = orderPlaced();
    noSamples.samples.clear();
    expectNextMatchesGenerate(noSamples, {choice, uuid}, "no samples");
    model::EventType oddSamples = orderPlaced();
    oddSamples.samples.push_back(model::Json::parse(R"([1,2])"));
    oddSamples.samples.push_back(model::Json::parse(R"({"detail":"text"})"));
    expectNextMatchesGenerate(oddSamples, {}, "samples that are not objects, a text detail");
    expectNextMatchesGenerate(oddSamples, {uuid}, "a text detail made an object");

    auto wholeDetail = variation("detail", model::VariationKind::Choice);
    wholeDetail.values = model::Json::parse(R"([{"x":1},"not an object",{"y":{"z":2}}])");
    auto intoDetail = variation("detail.y.w", model::VariationKind::Uuid);
    expectNextMatchesGenerate(orderPlaced(), {wholeDetail}, "a choice of whole details");
    expectNextMatchesGenerate(orderPlaced(), {wholeDetail, intoDetail},
                              "a variation inside another's value");
    expectNextMatchesGenerate(orderPlaced(), {intoDetail, wholeDetail},
                              "a variation written over by a later one");
    expectNextMatchesGenerate(orderPlaced(), {uuid, uuid, choice, choice}, "the same path twice");
    auto source = variation("source", model::VariationKind::Choice);
    source.values = model::Json::parse(R"(["a.b","c.d.e",7])");
    auto resources = variation("resources", model::VariationKind::Choice);
    resources.values = model::Json::parse(R"([["arn:1"],[],["arn:22","arn:333"]])");
    auto detailType = variation("detail-type", model::VariationKind::Time);
    expectNextMatchesGenerate(orderPlaced(), {source, resources, detailType, uuid},
                              "what PutEvents measures varied");
    auto idInside = variation("id.inner", model::VariationKind::Uuid);
    expectNextMatchesGenerate(orderPlaced(), {idInside}, "a variation inside the envelope's id");
}

TEST(EventGenerator, RefusesBadVariationsNamingTheField) {
    auto check = [](model::FieldVariation v, const std::string &field) {
        auto generator = EventGenerator::create(
            orderPlaced(), {variation("detail.ok", model::VariationKind::Uuid), v});
        ASSERT_FALSE(generator.ok()) << field;
        EXPECT_EQ(generator.error().field, field);
        EXPECT_NE(generator.error().message.find(field), std::string::npos);
    };
    check(variation("", model::VariationKind::Uuid), "variations[1].path");
    check(variation("detail..x", model::VariationKind::Uuid), "variations[1].path");
    check(variation(".detail", model::VariationKind::Uuid), "variations[1].path");
    check(variation("detail.x", model::VariationKind::Choice), "variations[1].values");
    auto range = variation("detail.x", model::VariationKind::Range);
    range.min = 5;
    range.max = 4;
    check(range, "variations[1].min");
    auto sequence = variation("detail.x", model::VariationKind::Sequence);
    sequence.step = 0;
    check(sequence, "variations[1].step");
}

TEST(CompleteEnvelope, FillsOnlyWhatAHandWrittenEventLacks) {
    RandomStream s = stream();
    const model::Json event = completeEnvelope(
        model::Json::parse(R"({"source":"shop","detail-type":"Order Placed","detail":{"a":1},
                               "region":"eu-west-1","extra":true})"),
        90_s, s);
    std::vector<std::string> keys;
    for (auto it = event.begin(); it != event.end(); ++it) {
        keys.push_back(it.key());
    }
    EXPECT_EQ(keys, (std::vector<std::string>{"version", "id", "detail-type", "source", "account",
                                              "time", "region", "resources", "detail", "extra"}));
    EXPECT_EQ(event["version"], "0");
    EXPECT_EQ(event["id"].get<std::string>().size(), 36U);
    EXPECT_EQ(event["time"], "2026-01-01T00:01:30Z");
    EXPECT_EQ(event["account"], "123456789012");
    EXPECT_EQ(event["region"], "eu-west-1");
    EXPECT_EQ(event["resources"], model::Json::array());
    EXPECT_EQ(event["detail"], model::Json::parse(R"({"a":1})"));
}

TEST(CompleteEnvelope, KeepsAWrittenIdWithoutDrawingAndNeverInventsASource) {
    RandomStream s = stream();
    const RandomStream before = s;
    const model::Json event = completeEnvelope(
        model::Json::parse(R"({"id":"fixed","time":"2020-01-01T00:00:00Z"})"), 5_s, s);
    EXPECT_EQ(event["id"], "fixed");
    EXPECT_EQ(event["time"], "2020-01-01T00:00:00Z");
    EXPECT_FALSE(event.contains("source"));
    EXPECT_FALSE(event.contains("detail-type"));
    EXPECT_EQ(s.engineState(), before.engineState());
    EXPECT_EQ(completeEnvelope(model::Json::array(), 5_s, s), model::Json::array());
}

// ---------------------------------------------------------------- PutEvents

TEST(PutEventsEntrySize, CountsSourceDetailTypeDetailResourcesAndFourteenForTime) {
    const model::Json event = model::Json::parse(
        R"({"version":"0","id":"x","source":"a.b","detail-type":"Order Placed","time":"t",
            "region":"us-east-1","resources":["arn:1","arn:22"],"detail":{"x":1}})");
    // 3 + 12 + 14 + len({"x":1}) 7 + 5 + 6
    EXPECT_EQ(model::putEventsEntrySize(event), 47U);
}

TEST(PutEventsEntrySize, CountsUtf8BytesAndNothingForAbsentFields) {
    const model::Json event = model::Json::parse(R"({"source":"caf\u00e9","detail-type":"d"})");
    EXPECT_EQ(model::putEventsEntrySize(event), 6U); // "café" is 5 bytes
}

TEST(CheckPutEvents, ZeroOrMoreThanTenEntriesFailTheWholeCall) {
    const std::vector<model::Json> none;
    EXPECT_FALSE(checkPutEvents(none).ok());
    const std::vector<model::Json> eleven(11, model::Json::parse(R"({"source":"a"})"));
    const auto tooMany = checkPutEvents(eleven);
    ASSERT_FALSE(tooMany.ok());
    EXPECT_NE(tooMany.error().message.find("less than or equal to 10"), std::string::npos);
    const std::vector<model::Json> ten(10, model::Json::parse(R"({"source":"a"})"));
    const auto ok = checkPutEvents(ten);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->size(), 10U);
}

TEST(CheckPutEvents, AnOversizeEntryFailsAloneAndTheOthersSucceed) {
    const std::vector<model::Json> entries{
        model::Json::parse(R"({"source":"a","detail-type":"b","detail":{}})"),
        model::Json::parse(R"({"source":"a","detail-type":"b","detail":{"pad":"0123456789"}})"),
        model::Json::parse(R"({"source":"a","detail-type":"b","detail":[1]})"),
    };
    PutEventsSettings settings;
    settings.entrySizeLimit = 20; // the first is 4 bytes, the second 22
    const auto results = checkPutEvents(entries, settings);
    ASSERT_TRUE(results.ok());
    ASSERT_EQ(results->size(), 3U);
    EXPECT_EQ((*results)[0], PutEntryResult{});
    EXPECT_FALSE((*results)[1].ok);
    EXPECT_EQ((*results)[1].errorCode, kEntryTooLargeCode);
    EXPECT_EQ((*results)[1].errorMessage, "Entry size 22 bytes exceeds the limit of 20 bytes.");
    EXPECT_EQ((*results)[2].errorCode, "MalformedDetail");
}

TEST(CheckPutEvents, AnEntryExactlyAtTheLimitIsAccepted) {
    const std::vector<model::Json> entries{
        model::Json::parse(R"({"source":"a","detail-type":"b","detail":{"pad":"0123456789"}})")};
    PutEventsSettings settings;
    settings.entrySizeLimit = 22;
    const auto results = checkPutEvents(entries, settings);
    ASSERT_TRUE(results.ok());
    EXPECT_TRUE((*results)[0].ok);
}

TEST(PutEventsBatches, SplitsIntoCallsOfAtMostTen) {
    EXPECT_EQ(putEventsBatches(0), std::vector<std::size_t>{});
    EXPECT_EQ(putEventsBatches(7), std::vector<std::size_t>{7});
    EXPECT_EQ(putEventsBatches(10), std::vector<std::size_t>{10});
    EXPECT_EQ(putEventsBatches(23), (std::vector<std::size_t>{10, 10, 3}));
}

} // namespace
} // namespace sg::sim
