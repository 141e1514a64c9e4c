// Synthetic models (model/arch/synth): exact sizes down to a single element, determinism per seed,
// models that check and lint clean, a canvas without overlaps, and rules of every kind whose
// patterns match the samples they were made for.

#include "arch/lint.h"
#include "arch/synth.h"
#include "pattern/matcher.h"
#include "pattern/patternparser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace sg::model {
namespace {

Project synth(std::size_t elements, std::size_t stickies = 0, std::uint64_t seed = 1) {
    return synthesizeProject(SynthOptions{elements, stickies, seed});
}

struct Counts {
    std::size_t architecture = 0;
    std::size_t stickies = 0;
    std::size_t contexts = 0;
};

Counts countsOf(const Project &project) {
    Counts counts;
    for (const Element &element : project.elements()) {
        if (std::holds_alternative<Sticky>(element)) {
            ++counts.stickies;
        } else if (std::holds_alternative<BoundedContext>(element)) {
            ++counts.contexts;
        } else {
            ++counts.architecture;
        }
    }
    return counts;
}

std::string describe(const Finding &finding) {
    return std::string(severityName(finding.severity)) + " " + finding.code + ": " +
           finding.message;
}

bool overlap(const Rect &a, const Rect &b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height &&
           b.y < a.y + a.height;
}

bool inside(const Rect &inner, const Rect &outer) {
    return inner.x >= outer.x && inner.y >= outer.y &&
           inner.x + inner.width <= outer.x + outer.width &&
           inner.y + inner.height <= outer.y + outer.height;
}

// Pairs of overlapping rectangles, by a sweep along x (the models are too big for all pairs).
std::vector<std::pair<std::size_t, std::size_t>> overlapping(const std::vector<Rect> &rects) {
    std::vector<std::size_t> order(rects.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return rects[a].x < rects[b].x; });
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const Rect &a = rects[order[i]];
        for (std::size_t j = i + 1; j < order.size() && rects[order[j]].x < a.x + a.width; ++j) {
            if (overlap(a, rects[order[j]])) {
                out.emplace_back(order[i], order[j]);
            }
        }
    }
    return out;
}

TEST(Synth, MakesExactlyTheRequestedNumbersOfElementsAndStickies) {
    struct Size {
        std::size_t elements;
        std::size_t stickies;
    };
    for (const Size size :
         {Size{1, 0}, Size{2, 0}, Size{3, 0}, Size{4, 0}, Size{5, 0}, Size{7, 0}, Size{1, 1},
          Size{2, 39}, Size{5, 41}, Size{30, 0}, Size{44, 3}, Size{45, 0}, Size{300, 0},
          Size{300, 1000}, Size{1000, 1000}, Size{2500, 17}}) {
        const Project project = synth(size.elements, size.stickies);
        const Counts counts = countsOf(project);
        EXPECT_EQ(counts.architecture, size.elements) << size.elements << "/" << size.stickies;
        EXPECT_EQ(counts.stickies, size.stickies) << size.elements << "/" << size.stickies;
        // One context per subsystem of about 30 elements, and enough for about 40 stickies each.
        const auto subsystems = std::max<std::size_t>(
            1, static_cast<std::size_t>(std::llround(static_cast<double>(size.elements) / 30)));
        const std::size_t forStickies = (size.stickies + 39) / 40;
        EXPECT_EQ(counts.contexts, std::max(subsystems, forStickies))
            << size.elements << "/" << size.stickies;
        EXPECT_TRUE(project.checkReferences().ok()) << project.checkReferences().error().message;
    }
}

TEST(Synth, TheSmallestModelsAreABusThenAnEventTypeThenAFlow) {
    const Project one = synth(1);
    ASSERT_EQ(one.all<Bus>().size(), 1U);
    EXPECT_EQ(one.all<BoundedContext>().size(), 1U);

    const Project two = synth(2);
    EXPECT_EQ(two.all<Bus>().size(), 1U);
    EXPECT_EQ(two.all<EventType>().size(), 1U);

    // Five make a whole flow: an event type put by a producer, matched by a rule, to a function.
    const Project five = synth(5);
    ASSERT_EQ(five.all<Rule>().size(), 1U);
    EXPECT_EQ(five.all<Producer>().size(), 1U);
    EXPECT_EQ(five.all<EventType>().size(), 1U);
    const Rule &rule = *five.all<Rule>().front();
    ASSERT_EQ(rule.targets.size(), 1U);
    EXPECT_NE(five.get<Consumer>(rule.targets.front().destination), nullptr);

    for (const Project *project : {&one, &two, &five}) {
        for (const Finding &finding : lintProject(*project)) {
            EXPECT_EQ(finding.severity, Severity::Info) << describe(finding);
        }
    }
}

TEST(Synth, TheSameSeedGivesTheSameProjectAndAnotherSeedAnother) {
    const Project a = synth(300, 200, 7);
    const Project b = synth(300, 200, 7);
    EXPECT_TRUE(a == b);
    const Project c = synth(300, 200, 8);
    EXPECT_FALSE(a == c);
    EXPECT_EQ(countsOf(c).architecture, 300U);
    EXPECT_EQ(countsOf(c).stickies, 200U);
    // The seed 0 is a seed like any other.
    EXPECT_TRUE(synth(40, 10, 0) == synth(40, 10, 0));
}

TEST(Synth, ModelsCheckAndLintWithoutErrorsOrWarnings) {
    struct Size {
        std::size_t elements;
        std::size_t stickies;
        std::uint64_t seed;
    };
    for (const Size size : {Size{30, 0, 1}, Size{30, 40, 2}, Size{300, 100, 1}, Size{300, 0, 99},
                            Size{1000, 1000, 1}, Size{1000, 0, 12345}}) {
        const Project project = synth(size.elements, size.stickies, size.seed);
        const Result<bool> checked = project.checkReferences();
        EXPECT_TRUE(checked.ok()) << checked.error().message;
        for (const Finding &finding : lintProject(project)) {
            // Info findings (a few disabled rules) are part of a realistic model.
            EXPECT_EQ(finding.severity, Severity::Info)
                << size.elements << "/" << size.seed << ": " << describe(finding);
        }
    }
}

TEST(Synth, NothingOverlapsAndEverythingLiesInItsBoundedContext) {
    struct Size {
        std::size_t elements;
        std::size_t stickies;
    };
    for (const Size size : {Size{5, 200}, Size{300, 300}, Size{1000, 1000}, Size{2000, 50}}) {
        const Project project = synth(size.elements, size.stickies);
        std::unordered_map<std::string, Rect> regions;
        std::vector<Rect> regionRects;
        std::vector<Rect> boxes; // architecture boxes and stickies
        for (const Element &element : project.elements()) {
            if (const auto *context = std::get_if<BoundedContext>(&element)) {
                regions.emplace(context->id.value, context->region);
                regionRects.push_back(context->region);
            }
        }
        for (const Element &element : project.elements()) {
            if (std::holds_alternative<BoundedContext>(element)) {
                continue;
            }
            const Rect bounds = elementBounds(element);
            if (!std::holds_alternative<Sticky>(element)) {
                EXPECT_EQ(bounds.width, kElementBoxWidth);
                EXPECT_EQ(bounds.height, kElementBoxHeight);
            }
            boxes.push_back(bounds);
            // Every element names its context, and lies inside the context's region.
            std::string context;
            forEachReference(element, [&](const Reference &reference) {
                if (reference.field == "context") {
                    context = reference.target->value;
                }
            });
            const auto region = regions.find(context);
            ASSERT_NE(region, regions.end()) << elementId(element).value;
            EXPECT_TRUE(inside(bounds, region->second))
                << elementId(element).value << " lies outside " << context;
        }
        for (const auto &[a, b] : overlapping(boxes)) {
            ADD_FAILURE() << size.elements << "/" << size.stickies << ": element " << a
                          << " overlaps element " << b;
        }
        for (const auto &[a, b] : overlapping(regionRects)) {
            ADD_FAILURE() << "region " << a << " overlaps region " << b;
        }
    }
}

TEST(Synth, RulesHaveOneToFiveTargetsOfEveryKindSomeWithADeadLetterQueue) {
    const Project project = synth(300);
    std::set<ElementKind> kinds;
    std::size_t withDeadLetterQueue = 0;
    std::size_t withOwnRetryPolicy = 0;
    ASSERT_FALSE(project.all<Rule>().empty());
    for (const Rule *rule : project.all<Rule>()) {
        EXPECT_GE(rule->targets.size(), 1U) << rule->id.value;
        EXPECT_LE(rule->targets.size(), kMaxTargetsPerRule) << rule->id.value;
        for (const Target &target : rule->targets) {
            const Element *destination = project.find(target.destination);
            ASSERT_NE(destination, nullptr) << rule->id.value;
            kinds.insert(elementKind(*destination));
            if (!target.deadLetterQueue.empty()) {
                ++withDeadLetterQueue;
                EXPECT_NE(project.get<Queue>(target.deadLetterQueue), nullptr);
            }
            withOwnRetryPolicy += target.retryPolicy == RetryPolicy{} ? 0 : 1;
        }
    }
    for (const ElementKind kind : {ElementKind::Function, ElementKind::Queue,
                                   ElementKind::StateMachine, ElementKind::ApiDestination}) {
        EXPECT_TRUE(kinds.contains(kind)) << elementKindName(kind);
    }
    EXPECT_GT(withDeadLetterQueue, 0U);
    EXPECT_GT(withOwnRetryPolicy, 0U);
    // API destinations go through a connection to an external system.
    for (const ApiDestination *api : project.all<ApiDestination>()) {
        EXPECT_NE(project.get<Connection>(api->connection), nullptr) << api->id.value;
        EXPECT_NE(project.get<ExternalSystem>(api->externalSystem), nullptr) << api->id.value;
    }
}

TEST(Synth, EveryPatternParsesAndMatchesASampleOfItsSubsystem) {
    const Project project = synth(1000, 0, 3);
    std::map<std::string, std::vector<const Json *>> samplesByContext;
    for (const EventType *type : project.all<EventType>()) {
        EXPECT_FALSE(type->source.empty());
        EXPECT_FALSE(type->detailType.empty());
        ASSERT_EQ(type->samples.size(), 1U) << type->id.value;
        EXPECT_EQ(type->samples.front()["source"], type->source);
        EXPECT_EQ(type->samples.front()["detail-type"], type->detailType);
        samplesByContext[type->context.value].push_back(&type->samples.front());
    }
    std::set<std::string> styles;
    for (const Rule *rule : project.all<Rule>()) {
        const Result<EventPattern> pattern = parseEventPattern(rule->pattern);
        ASSERT_TRUE(pattern.ok()) << rule->id.value << ": " << pattern.error().message;
        Matcher matcher;
        matcher.add(0, *pattern);
        std::vector<RuleId> out;
        bool matched = false;
        for (const Json *sample : samplesByContext[rule->context.value]) {
            matcher.match(*sample, out);
            matched = matched || !out.empty();
        }
        EXPECT_TRUE(matched) << rule->id.value << ": " << rule->pattern;
        for (const char *style :
             {"\"prefix\"", "\"numeric\"", "\"anything-but\"", "\"exists\"", "\"wildcard\"",
              "\"$or\"", "\"suffix\"", "\"cidr\"", "\"equals-ignore-case\""}) {
            if (rule->pattern.find(style) != std::string::npos) {
                styles.insert(style);
            }
        }
    }
    EXPECT_EQ(styles.size(), 9U);
    for (const Finding &finding : lintProject(project)) {
        EXPECT_NE(finding.code, "rule-matches-no-sample") << finding.message;
    }
}

TEST(Synth, SomeSubsystemsForwardToTheNextBus) {
    const Project project = synth(1000);
    std::size_t forwarding = 0;
    for (const Rule *rule : project.all<Rule>()) {
        for (const Target &target : rule->targets) {
            if (const Bus *bus = project.get<Bus>(target.destination)) {
                EXPECT_NE(bus->id, rule->bus);
                ++forwarding;
            }
        }
    }
    EXPECT_GT(forwarding, 0U);
}

TEST(Synth, StickiesAreAWorkshopMixSomeLinkedToWhatTheyBecame) {
    const Project project = synth(600, 1000);
    std::map<StickyKind, std::size_t> kinds;
    std::size_t linkedEvents = 0;
    std::size_t linkedPolicies = 0;
    for (const Sticky *sticky : project.all<Sticky>()) {
        ++kinds[sticky->kind];
        EXPECT_FALSE(sticky->text.empty());
        EXPECT_EQ(sticky->geometry,
                  defaultStickyGeometry(sticky->kind, {sticky->geometry.x, sticky->geometry.y}));
        if (sticky->linked.empty()) {
            continue;
        }
        const Element *linked = project.find(sticky->linked);
        ASSERT_NE(linked, nullptr);
        if (sticky->kind == StickyKind::DomainEvent) {
            EXPECT_TRUE(std::holds_alternative<EventType>(*linked)) << sticky->id.value;
            ++linkedEvents;
        } else if (sticky->kind == StickyKind::Policy) {
            EXPECT_TRUE(std::holds_alternative<Rule>(*linked)) << sticky->id.value;
            ++linkedPolicies;
        }
    }
    for (const StickyKind kind : {StickyKind::DomainEvent, StickyKind::Command, StickyKind::Policy,
                                  StickyKind::ReadModel, StickyKind::ExternalSystem,
                                  StickyKind::Actor, StickyKind::Aggregate, StickyKind::Hotspot}) {
        EXPECT_GT(kinds[kind], 0U) << stickyKindName(kind);
        if (kind != StickyKind::DomainEvent) {
            EXPECT_GT(kinds[StickyKind::DomainEvent], kinds[kind]) << stickyKindName(kind);
        }
    }
    EXPECT_GT(linkedEvents, 0U);
    EXPECT_GT(linkedPolicies, 0U);
}

TEST(Synth, ALargeModelIsBuiltWhole) {
    const Project project = synth(20000, 20000, 5);
    const Counts counts = countsOf(project);
    EXPECT_EQ(counts.architecture, 20000U);
    EXPECT_EQ(counts.stickies, 20000U);
    EXPECT_EQ(counts.contexts, 667U);
    EXPECT_TRUE(project.checkReferences().ok());
}

TEST(Synth, NothingAskedForGivesAnEmptyProject) {
    const Project project = synth(0, 0);
    EXPECT_EQ(project.size(), 0U);
    const Project board = synth(0, 100);
    EXPECT_EQ(countsOf(board).stickies, 100U);
    EXPECT_EQ(countsOf(board).architecture, 0U);
    EXPECT_EQ(countsOf(board).contexts, 3U);
}

} // namespace
} // namespace sg::model
