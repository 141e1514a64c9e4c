// Automatic layout (model/arch/layout, Graphviz dot): no overlaps and flow from left to right on
// the bundled examples and synthetic models, byte-identical results, the grid and the origin, a
// selection arranged in place, and the command that undoes it in one step.

#include "arch/layout.h"
#include "arch/synth.h"
#include "io/projectjson.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sg::model {
namespace {

using Positions = std::vector<std::pair<ElementId, Point>>;

bool isArchitecture(const Element &element) {
    return !std::holds_alternative<Sticky>(element) &&
           !std::holds_alternative<BoundedContext>(element);
}

std::vector<std::filesystem::path> bundledExamples() {
    const std::filesystem::path dir =
        std::filesystem::path(SG_TEST_DATA_DIR) / ".." / ".." / "resources" / "examples";
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(dir)) {
        for (const auto &entry : std::filesystem::directory_iterator(dir)) {
            if (entry.path().filename().string().ends_with(".stormglass.json")) {
                files.push_back(entry.path());
            }
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

Project readProject(const std::filesystem::path &file) {
    std::ifstream in(file, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    Result<Project> project = readProjectJson(text);
    EXPECT_TRUE(project.ok()) << file << ": " << (project.ok() ? "" : project.error().message);
    return project.ok() ? std::move(project.value()) : Project{};
}

Project synth(std::size_t elements, std::size_t stickies = 0) {
    return synthesizeProject(SynthOptions{elements, stickies, 1});
}

// The project with the layout applied, through the command the editor uses.
Project arranged(const Project &project, const LayoutOptions &options = {}) {
    Project copy = project;
    const Result<Applied> applied = copy.apply(layoutCommand(copy, options));
    EXPECT_TRUE(applied.ok()) << (applied.ok() ? "" : applied.error().message);
    return copy;
}

bool overlap(const Rect &a, const Rect &b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height &&
           b.y < a.y + a.height;
}

// Pairs of architecture boxes that overlap, named, at most a few (a sweep over x keeps the
// check fast on thousands of boxes).
std::vector<std::string> overlaps(const Project &project) {
    std::vector<std::pair<Rect, const ElementId *>> boxes;
    for (const Element &element : project.elements()) {
        if (isArchitecture(element)) {
            boxes.emplace_back(elementBounds(element), &elementId(element));
        }
    }
    std::sort(boxes.begin(), boxes.end(),
              [](const auto &a, const auto &b) { return a.first.x < b.first.x; });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < boxes.size() && out.size() < 5; ++i) {
        for (std::size_t j = i + 1;
             j < boxes.size() && boxes[j].first.x < boxes[i].first.x + boxes[i].first.width; ++j) {
            if (overlap(boxes[i].first, boxes[j].first)) {
                out.push_back(boxes[i].second->value + " and " + boxes[j].second->value);
            }
        }
    }
    return out;
}

// The flow edges events take (producer to bus, bus to rule, rule to target, target to its
// dead-letter queue) whose head does not start at least one box width right of their tail.
// None of these is a back edge unless the model loops (a rule forwarding to a bus upstream).
std::vector<std::string> backwardFlowEdges(const Project &project) {
    std::vector<std::string> out;
    const auto check = [&](const ElementId &from, const ElementId &to) {
        const Element *a = project.find(from);
        const Element *b = project.find(to);
        if (a && b && elementPosition(*b).x < elementPosition(*a).x + kElementBoxWidth) {
            out.push_back(from.value + " -> " + to.value);
        }
    };
    for (const Element &element : project.elements()) {
        if (const auto *producer = std::get_if<Producer>(&element)) {
            check(producer->id, producer->bus);
        } else if (const auto *rule = std::get_if<Rule>(&element)) {
            check(rule->bus, rule->id);
            for (const Target &target : rule->targets) {
                check(rule->id, target.destination);
                if (!target.deadLetterQueue.empty()) {
                    check(target.destination, target.deadLetterQueue);
                }
            }
        }
    }
    return out;
}

// Rules that forward to a bus that routes, directly or not, back to their own bus: the only
// flow edges dot has to reverse.
std::unordered_set<std::string> loopingRules(const Project &project) {
    std::unordered_map<std::string, std::vector<std::string>> next; // bus -> buses it forwards to
    for (const Rule *rule : project.all<Rule>()) {
        for (const Target &target : rule->targets) {
            if (const Element *to = project.find(target.destination);
                to && std::holds_alternative<Bus>(*to)) {
                next[rule->bus.value].push_back(target.destination.value);
            }
        }
    }
    const auto reaches = [&](const std::string &from, const std::string &to) {
        std::vector<std::string> stack{from};
        std::unordered_set<std::string> seen;
        while (!stack.empty()) {
            const std::string bus = stack.back();
            stack.pop_back();
            if (bus == to) {
                return true;
            }
            if (seen.insert(bus).second) {
                for (const std::string &n : next[bus]) {
                    stack.push_back(n);
                }
            }
        }
        return false;
    };
    std::unordered_set<std::string> out;
    for (const Rule *rule : project.all<Rule>()) {
        for (const Target &target : rule->targets) {
            if (next.contains(rule->bus.value) && project.find(target.destination) &&
                std::holds_alternative<Bus>(*project.find(target.destination)) &&
                reaches(target.destination.value, rule->bus.value)) {
                out.insert(rule->id.value);
            }
        }
    }
    return out;
}

// Backward flow edges not explained by a loop in the model.
std::vector<std::string> unexpectedBackwardEdges(const Project &project) {
    const std::unordered_set<std::string> loops = loopingRules(project);
    std::vector<std::string> out;
    for (const std::string &edge : backwardFlowEdges(project)) {
        const std::string from = edge.substr(0, edge.find(' '));
        const std::string to = edge.substr(edge.rfind(' ') + 1);
        if (!loops.contains(from) && !loops.contains(to)) {
            out.push_back(edge);
        }
    }
    return out;
}

std::string joined(const std::vector<std::string> &lines) {
    std::string out;
    for (const std::string &line : lines) {
        out += line + "\n";
    }
    return out;
}

// --- Whole models -----------------------------------------------------------------------------

TEST(Layout, BundledExamplesDoNotOverlapAndFlowFromLeftToRight) {
    const std::vector<std::filesystem::path> files = bundledExamples();
    ASSERT_GE(files.size(), 3U);
    for (const std::filesystem::path &file : files) {
        const Project project = arranged(readProject(file));
        EXPECT_TRUE(overlaps(project).empty()) << file << "\n" << joined(overlaps(project));
        EXPECT_TRUE(backwardFlowEdges(project).empty()) << file << "\n"
                                                        << joined(backwardFlowEdges(project));
    }
}

// What a workshop sees when it opens an example is the file's own positions, not a fresh layout:
// they are kept arranged (the layout of the file is already the layout of the model).
TEST(Layout, BundledExamplesAreShippedArrangedWithoutOverlaps) {
    for (const std::filesystem::path &file : bundledExamples()) {
        const Project shipped = readProject(file);
        EXPECT_TRUE(overlaps(shipped).empty()) << file << "\n" << joined(overlaps(shipped));
        const Project again = arranged(shipped);
        for (const Element &element : shipped.elements()) {
            const Element *moved = again.find(elementId(element));
            ASSERT_NE(moved, nullptr);
            EXPECT_EQ(elementPosition(element), elementPosition(*moved))
                << file << ": " << elementId(element).value
                << " is not where Arrange All puts it";
        }
    }
}

TEST(Layout, SyntheticModelsDoNotOverlapAndFlowFromLeftToRight) {
    for (const std::size_t size : {std::size_t{100}, std::size_t{1000}}) {
        const Project project = arranged(synth(size, size / 2));
        EXPECT_TRUE(overlaps(project).empty()) << size << "\n" << joined(overlaps(project));
        EXPECT_TRUE(unexpectedBackwardEdges(project).empty())
            << size << "\n"
            << joined(unexpectedBackwardEdges(project));
    }
}

TEST(Layout, TheSameProjectAlwaysGivesTheSamePositions) {
    const Project project = synth(300);
    const Positions first = computeLayout(project);
    const Positions second = computeLayout(project);
    ASSERT_EQ(first.size(), 300U);
    EXPECT_EQ(first, second);
    // Where the elements are now does not matter beyond the top-left corner.
    const Project moved = arranged(project);
    Positions again = computeLayout(moved);
    EXPECT_EQ(first, again);
}

TEST(Layout, EveryArchitectureElementMovesInModelOrderAndTheBoardStays) {
    const Project project = readProject(bundledExamples().front());
    const Positions positions = computeLayout(project);
    std::vector<ElementId> expected;
    for (const Element &element : project.elements()) {
        if (isArchitecture(element)) {
            expected.push_back(elementId(element));
        }
    }
    std::vector<ElementId> ids;
    for (const auto &[id, at] : positions) {
        ids.push_back(id);
    }
    EXPECT_EQ(ids, expected);
}

TEST(Layout, PositionsSitOnTheGridFromTheOriginOrWhereTheArchitectureStarts) {
    const Project project = synth(120, 40);
    LayoutOptions options;
    options.origin = Point{500, -300};
    const Positions positions = computeLayout(project, options);
    double left = 1e300;
    double top = 1e300;
    for (const auto &[id, at] : positions) {
        EXPECT_EQ(std::fmod(at.x - 500, 20.0), 0.0) << id.value;
        EXPECT_EQ(std::fmod(at.y + 300, 20.0), 0.0) << id.value;
        left = std::min(left, at.x);
        top = std::min(top, at.y);
    }
    EXPECT_EQ(left, 500);
    EXPECT_EQ(top, -300);

    // Without an origin the architecture's top-left corner stays (snapped to the grid).
    Project shifted = arranged(project, options);
    const Positions inPlace = computeLayout(shifted);
    EXPECT_EQ(inPlace, positions);
}

TEST(Layout, WiderGapsSpreadColumnsAndRows) {
    const Project project = readProject(bundledExamples().front());
    LayoutOptions wide;
    wide.columnGap = 400;
    wide.rowGap = 200;
    const Project narrow = arranged(project);
    const Project spread = arranged(project, wide);
    EXPECT_TRUE(overlaps(spread).empty());
    const auto extent = [](const Project &p) {
        double right = 0;
        double bottom = 0;
        for (const Element &element : p.elements()) {
            if (isArchitecture(element)) {
                right = std::max(right, elementPosition(element).x);
                bottom = std::max(bottom, elementPosition(element).y);
            }
        }
        return Point{right, bottom};
    };
    EXPECT_GT(extent(spread).x, extent(narrow).x);
    EXPECT_GT(extent(spread).y, extent(narrow).y);
}

TEST(Layout, EventTypesSitBeforeTheirProducers) {
    for (const std::filesystem::path &file : bundledExamples()) {
        const Project project = arranged(readProject(file));
        for (const Producer *producer : project.all<Producer>()) {
            for (const Emission &emission : producer->emits) {
                const Element *type = project.find(emission.eventType);
                ASSERT_NE(type, nullptr);
                EXPECT_LE(elementPosition(*type).x + kElementBoxWidth, producer->position.x)
                    << file << ": " << emission.eventType.value << " -> " << producer->id.value;
            }
        }
    }
}

// A consumer's follow-up event goes back to a bus upstream; ranking by it would drag the bus
// (and everything after it) to the right of the consumer.
TEST(Layout, FollowUpsOnABusUpstreamDoNotPullTheBusRight) {
    Project project;
    const auto add = [&project](Element element) {
        ASSERT_TRUE(project.appendUnchecked(std::move(element)).ok());
    };
    EventType placed;
    placed.id = ElementId{"order-placed"};
    add(placed);
    EventType billed;
    billed.id = ElementId{"order-billed"};
    add(billed);
    Producer shop;
    shop.id = ElementId{"shop"};
    shop.bus = ElementId{"orders"};
    shop.emits.push_back(Emission{placed.id, {}, {}});
    add(shop);
    Bus orders;
    orders.id = ElementId{"orders"};
    orders.name = "orders";
    add(orders);
    Consumer billing;
    billing.id = ElementId{"billing"};
    billing.behavior.followUps.push_back(FollowUp{billed.id, orders.id, 1});
    add(billing);
    Rule rule;
    rule.id = ElementId{"bill"};
    rule.bus = orders.id;
    rule.pattern = R"({"source":["shop"]})";
    Target target;
    target.id = "billing";
    target.destination = billing.id;
    rule.targets.push_back(target);
    add(rule);

    const Project out = arranged(project);
    const auto x = [&out](const char *id) {
        return elementPosition(*out.find(ElementId{id})).x;
    };
    EXPECT_LT(x("shop"), x("orders"));
    EXPECT_LT(x("orders"), x("bill"));
    EXPECT_LT(x("bill"), x("billing"));
    // A type only a follow-up puts sits before the bus it goes on, like the produced ones.
    EXPECT_LT(x("order-billed"), x("orders"));
    EXPECT_TRUE(overlaps(out).empty()) << joined(overlaps(out));
}

TEST(Layout, StickiesAndBoundedContextsStayWhereTheyAre) {
    const Project project = synth(200, 100);
    const Project out = arranged(project);
    ASSERT_EQ(out.size(), project.size());
    for (std::size_t i = 0; i < project.size(); ++i) {
        if (!isArchitecture(project.elements()[i])) {
            EXPECT_EQ(out.elements()[i], project.elements()[i]);
        }
    }
}

TEST(Layout, AnEmptyProjectOrABoardAloneGivesNothingToMove) {
    EXPECT_TRUE(computeLayout(Project{}).empty());
    Project board;
    Sticky sticky;
    sticky.id = ElementId{"note"};
    sticky.geometry = defaultStickyGeometry(StickyKind::DomainEvent, {10, 10});
    ASSERT_TRUE(board.appendUnchecked(sticky).ok());
    EXPECT_TRUE(computeLayout(board).empty());
    layoutArchitecture(board); // nothing to do, nothing to fail
    EXPECT_EQ(elementPosition(board.elements().front()), (Point{10, 10}));
}

// --- A selection ------------------------------------------------------------------------------

TEST(Layout, ASelectionIsArrangedAmongItselfInPlaceAndNothingElseMoves) {
    const Project project = arranged(readProject(bundledExamples().front()));
    // Every other architecture element, a sticky and an id that does not exist.
    std::vector<ElementId> selection;
    std::unordered_set<std::string> selected;
    bool take = true;
    for (const Element &element : project.elements()) {
        if (isArchitecture(element) && take) {
            selection.push_back(elementId(element));
            selected.insert(elementId(element).value);
        }
        take = !take;
    }
    selection.push_back(ElementId{"no-such-element"});
    ASSERT_GE(selected.size(), 3U);

    // Scatter the selection so that arranging it has something to do.
    Project scattered = project;
    Positions scatter;
    double offset = 0;
    for (const ElementId &id : selection) {
        if (selected.contains(id.value)) {
            scatter.emplace_back(id, Point{1000 + offset, 2000 - offset});
            offset += 40;
        }
    }
    ASSERT_TRUE(scattered.apply(Command{MoveElements{scatter}, "scatter"}).ok());

    const Command command = layoutCommand(scattered, {}, &selection);
    const Positions &positions = std::get<MoveElements>(command.operation).positions;
    EXPECT_EQ(command.label, "Arrange " + std::to_string(selected.size()) + " elements");
    ASSERT_EQ(positions.size(), selected.size());
    double left = 1e300;
    double top = 1e300;
    for (const auto &[id, at] : positions) {
        EXPECT_TRUE(selected.contains(id.value)) << id.value;
        left = std::min(left, at.x);
        top = std::min(top, at.y);
    }
    // The selection's top-left corner stays: (1000, 2000 - 40 * (n - 1)).
    EXPECT_EQ(left, 1000);
    EXPECT_EQ(top, 2000 - 40 * static_cast<double>(selected.size() - 1));

    Project out = scattered;
    ASSERT_TRUE(out.apply(command).ok());
    for (std::size_t i = 0; i < out.size(); ++i) {
        const Element &element = out.elements()[i];
        if (!selected.contains(elementId(element).value)) {
            EXPECT_EQ(element, scattered.elements()[i]) << elementId(element).value;
        }
    }
    // The arranged selection does not overlap itself.
    Project selectionOnly;
    for (const Element &element : out.elements()) {
        if (selected.contains(elementId(element).value)) {
            ASSERT_TRUE(selectionOnly.appendUnchecked(element).ok());
        }
    }
    EXPECT_TRUE(overlaps(selectionOnly).empty()) << joined(overlaps(selectionOnly));
}

TEST(Layout, ASelectionWithoutArchitectureGivesNothingToMove) {
    const Project project = synth(50, 20);
    std::vector<ElementId> stickies;
    for (const Sticky *sticky : project.all<Sticky>()) {
        stickies.push_back(sticky->id);
    }
    EXPECT_TRUE(computeLayout(project, {}, &stickies).empty());
    const std::vector<ElementId> none;
    EXPECT_TRUE(computeLayout(project, {}, &none).empty());
}

// --- Undo -------------------------------------------------------------------------------------

TEST(Layout, ArrangingIsOneCommandThatUndoesExactly) {
    const Project project = readProject(bundledExamples().back());
    const Command command = layoutCommand(project);
    EXPECT_EQ(command.label, "Arrange automatically");
    Project out = project;
    const Result<Applied> applied = out.apply(command);
    ASSERT_TRUE(applied.ok());
    ASSERT_TRUE(out.apply(applied.value().inverse).ok());
    EXPECT_EQ(out, project);
}

// --- Shapes that need care ------------------------------------------------------------------

// A rule forwarding to a bus upstream closes a loop: one edge has to point back, the others
// still flow left to right.
TEST(Layout, ALoopThroughTwoBusesBreaksAtTheEdgeThatGoesBack) {
    Project project;
    const auto add = [&project](Element element) {
        ASSERT_TRUE(project.appendUnchecked(std::move(element)).ok());
    };
    for (const char *id : {"orders", "billing"}) {
        Bus bus;
        bus.id = ElementId{id};
        bus.name = id;
        add(bus);
    }
    Producer shop;
    shop.id = ElementId{"shop"};
    shop.bus = ElementId{"orders"};
    add(shop);
    const auto forward = [&add](const char *id, const char *from, const char *to) {
        Rule rule;
        rule.id = ElementId{id};
        rule.bus = ElementId{from};
        rule.pattern = R"({"source":["shop"]})";
        Target target;
        target.id = "next";
        target.destination = ElementId{to};
        rule.targets.push_back(target);
        add(rule);
    };
    forward("to-billing", "orders", "billing");
    forward("back-to-orders", "billing", "orders");

    const Project out = arranged(project);
    EXPECT_TRUE(overlaps(out).empty()) << joined(overlaps(out));
    EXPECT_EQ(backwardFlowEdges(out), (std::vector<std::string>{"back-to-orders -> orders"}));
}

// Elements nothing connects would each be a part of their own: they share a grid below the rest.
TEST(Layout, UnconnectedElementsShareAGridBelowTheRest) {
    Project project = readProject(bundledExamples().front());
    for (int i = 0; i < 10; ++i) {
        ExternalSystem loose;
        loose.id = ElementId{"loose-" + std::to_string(i)};
        ASSERT_TRUE(project.appendUnchecked(loose).ok());
    }
    const Project out = arranged(project);
    EXPECT_TRUE(overlaps(out).empty()) << joined(overlaps(out));
    double connectedBottom = 0;
    double looseTop = 1e300;
    std::set<double> looseColumns;
    for (const Element &element : out.elements()) {
        if (!isArchitecture(element)) {
            continue;
        }
        const Point at = elementPosition(element);
        if (elementId(element).value.starts_with("loose-")) {
            looseTop = std::min(looseTop, at.y);
            looseColumns.insert(at.x);
        } else {
            connectedBottom = std::max(connectedBottom, at.y + kElementBoxHeight);
        }
    }
    EXPECT_GT(looseTop, connectedBottom);
    EXPECT_EQ(looseColumns.size(), 4U); // ten in rows of four
}

// One external system every consumer depends on and one function reading every queue tie
// thousands of elements into one connected part, which dot alone would take half a minute on.
// It is split by bounded context or, without contexts, along the flow.
TEST(Layout, AHugeConnectedModelIsSplitAndStaysFast) {
    for (const bool contexts : {true, false}) {
        const Project synthetic = synth(2500);
        Project project;
        for (Element element : synthetic.elements()) {
            if (auto *consumer = std::get_if<Consumer>(&element)) {
                consumer->behavior.dependsOn.push_back(ElementId{"hub"});
            }
            if (auto *queue = std::get_if<Queue>(&element); queue && queue->readBy.empty()) {
                queue->readBy = ElementId{"archiver"};
            }
            if (!contexts) {
                std::visit(
                    [](auto &e) {
                        if constexpr (requires { e.context; }) {
                            e.context = ElementId{};
                        }
                    },
                    element);
            }
            ASSERT_TRUE(project.appendUnchecked(std::move(element)).ok());
        }
        ExternalSystem hub;
        hub.id = ElementId{"hub"};
        ASSERT_TRUE(project.appendUnchecked(hub).ok());
        Consumer archiver;
        archiver.id = ElementId{"archiver"};
        ASSERT_TRUE(project.appendUnchecked(archiver).ok());

        const auto start = std::chrono::steady_clock::now();
        const Project out = arranged(project);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        RecordProperty(contexts ? "secondsWithContexts" : "secondsWithoutContexts",
                       std::to_string(seconds));
        EXPECT_LT(seconds, 10.0); // about 0.5 s in release builds; sanitizers are much slower
        EXPECT_TRUE(overlaps(out).empty()) << joined(overlaps(out));
    }
}

// --- Speed ------------------------------------------------------------------------------------

// Arranging all of a large model stays interactive (the editor does it on the GUI thread).
TEST(Layout, AThousandElementsAreArrangedQuickly) {
    const Project project = synth(1000, 0);
    const auto start = std::chrono::steady_clock::now();
    const Positions positions = computeLayout(project);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(positions.size(), 1000U);
    RecordProperty("seconds", std::to_string(seconds));
    EXPECT_LT(seconds, 5.0); // about 0.02 s in release builds; sanitizers are much slower
}

} // namespace
} // namespace sg::model
