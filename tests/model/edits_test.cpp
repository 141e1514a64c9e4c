// Canvas edits and project settings: every intent is one command whose inverse restores the
// project exactly, that leaves every reference resolved, and whose refusals say why and what to do
// instead.

#include "arch/edits.h"
#include "arch/limits.h"
#include "arch/lint.h"
#include "io/projectfile.h"
#include "io/projectjson.h"
#include "pattern/patternparser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <string>

namespace {

using namespace sg::model;
using sg::Result;

Project orders() {
    Result<Project> loaded =
        loadProject(std::string(SG_TEST_DATA_DIR) + "/app/orders.stormglass.json");
    EXPECT_TRUE(loaded.ok()) << (loaded ? "" : loaded.error().message);
    return loaded ? std::move(loaded).value() : Project{};
}

Bus bus(const std::string &id, Point at = {}) {
    Bus b;
    b.id = {id};
    b.name = id;
    b.position = at;
    return b;
}

Consumer function(const std::string &id, Point at = {}) {
    Consumer c;
    c.id = {id};
    c.kind = ElementKind::Function;
    c.name = id;
    c.position = at;
    return c;
}

Queue queue(const std::string &id) {
    Queue q;
    q.id = {id};
    q.name = id;
    return q;
}

void put(Project &project, Element element) {
    Result<Applied> applied = project.apply(Command{AddElement{std::move(element)}, "Add"});
    ASSERT_TRUE(applied.ok()) << applied.error().message;
}

// Applies `command` to `project` (which keeps the edit), checking that every reference still
// resolves and that the inverse restores the project exactly.
void applyChecked(Project &project, const Result<Command> &command) {
    ASSERT_TRUE(command.ok()) << command.error().message;
    const Project before = project;
    Result<Applied> applied = project.apply(*command);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    Result<bool> references = project.checkReferences();
    EXPECT_TRUE(references.ok()) << (references ? "" : references.error().message);
    Project undone = project;
    Result<Applied> inverse = undone.apply(applied->inverse);
    ASSERT_TRUE(inverse.ok()) << inverse.error().message;
    EXPECT_TRUE(undone == before) << "the inverse of \"" << command->label
                                  << "\" does not restore the project";
}

void expectRefused(const Result<Command> &command, std::initializer_list<std::string> words) {
    ASSERT_FALSE(command.ok()) << "expected a refusal, got \"" << command->label << "\"";
    for (const std::string &word : words) {
        EXPECT_NE(command.error().message.find(word), std::string::npos)
            << "\"" << command.error().message << "\" does not say \"" << word << "\"";
    }
}

// The one element a command added last (with AddElement), looked up in the project.
template <typename T> const T &lastAdded(const Project &project) {
    for (auto it = project.elements().rbegin(); it != project.elements().rend(); ++it) {
        if (const T *value = std::get_if<T>(&*it)) {
            return *value;
        }
    }
    static const T none{};
    ADD_FAILURE() << "no such element";
    return none;
}

bool hasLintError(const Project &project, const ElementId &id) {
    const std::vector<Finding> findings = lintProject(project);
    return std::any_of(findings.begin(), findings.end(), [&](const Finding &f) {
        return f.severity == Severity::Error && f.element == id;
    });
}

// --- Adding ----------------------------------------------------------------------------------

TEST(EditsAdd, EveryKindButARuleCanBeAddedToAnEmptyProject) {
    for (std::size_t i = 0; i < kElementKindCount; ++i) {
        const auto kind = static_cast<ElementKind>(i);
        SCOPED_TRACE(std::string(elementKindName(kind)));
        Project project;
        Result<Command> command = addNewElement(project, kind, {40, 60});
        if (kind == ElementKind::Rule) {
            expectRefused(command, {"Add an event bus first: a rule belongs to a bus"});
            continue;
        }
        applyChecked(project, command);
        const Element &added = project.elements().back();
        EXPECT_EQ(elementKind(added), kind);
        EXPECT_EQ(elementPosition(added), (Point{40, 60}));
        EXPECT_FALSE(elementName(added).empty());
    }
}

TEST(EditsAdd, NewElementsGetNumberedNamesFreshIdsAndAKindLabel) {
    Project project;
    Result<Command> first = addNewElement(project, ElementKind::Function, {0, 0});
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->label, "Add function");
    applyChecked(project, first);
    applyChecked(project, addNewElement(project, ElementKind::Function, {0, 100}));
    // Names that become AWS resource names take the form AWS accepts (no spaces).
    EXPECT_EQ(project.get<Consumer>({"function-1"})->name, "function-1");
    EXPECT_EQ(project.get<Consumer>({"function-2"})->name, "function-2");

    applyChecked(project, addNewElement(project, ElementKind::StateMachine, {0, 200}));
    EXPECT_EQ(project.get<Consumer>({"state-machine-1"})->kind, ElementKind::StateMachine);

    // Buses get EventBridge names (no spaces), unique among buses.
    applyChecked(project, addNewElement(project, ElementKind::Bus, {300, 0}));
    applyChecked(project, addNewElement(project, ElementKind::Bus, {300, 200}));
    EXPECT_EQ(project.get<Bus>({"bus-1"})->name, "bus-1");
    EXPECT_EQ(project.get<Bus>({"bus-2"})->name, "bus-2");
    Result<Command> rule = addNewElement(project, ElementKind::Rule, {600, 0});
    ASSERT_TRUE(rule.ok());
    EXPECT_EQ(rule->label, "Add rule");
    applyChecked(project, rule);
    EXPECT_EQ(project.get<Rule>({"rule-1"})->name, "rule-1");
    applyChecked(project, addNewElement(project, ElementKind::Producer, {0, 400}));
    EXPECT_EQ(project.get<Producer>({"producer-1"})->name, "Producer 1"); // a person's label
}

TEST(EditsAdd, ANewEventTypeHasTheExampleSourceAndASampleThatAgreesWithIt) {
    Project project;
    applyChecked(project, addNewElement(project, ElementKind::EventType, {0, 0}));
    const EventType &type = lastAdded<EventType>(project);
    EXPECT_EQ(type.source, "com.example.app");
    EXPECT_EQ(type.detailType, "EventType1");
    ASSERT_EQ(type.samples.size(), 1U);
    EXPECT_EQ(type.samples[0]["source"], "com.example.app");
    EXPECT_EQ(type.samples[0]["detail-type"], "EventType1");
    const std::vector<Finding> findings = lintProject(project);
    EXPECT_TRUE(findings.empty()) << findings.front().message;
}

TEST(EditsAdd, ANewRuleGoesOnTheNearestBusAndSelectsTheNearestEventType) {
    Project project;
    put(project, bus("west", {0, 0}));
    put(project, bus("east", {1000, 0}));

    // No event type yet: the example source.
    Result<Command> plain = addNewElement(project, ElementKind::Rule, {1000, 150});
    ASSERT_TRUE(plain.ok());
    const Rule &plainRule = std::get<Rule>(std::get<AddElement>(plain->operation).element);
    EXPECT_EQ(plainRule.bus, (ElementId{"east"}));
    EXPECT_EQ(plainRule.pattern, R"({"source":["com.example.app"]})");

    EventType far;
    far.id = {"far"};
    far.source = "com.far";
    far.detailType = "Far";
    far.position = {2000, 2000};
    put(project, far);
    EventType near;
    near.id = {"near"};
    near.source = "com.shop";
    near.detailType = "OrderPlaced";
    near.position = {300, 150};
    put(project, near);
    Result<Command> command = addNewElement(project, ElementKind::Rule, {250, 100});
    applyChecked(project, command);
    const Rule &rule = lastAdded<Rule>(project);
    EXPECT_EQ(rule.bus, (ElementId{"west"}));
    EXPECT_EQ(rule.pattern, R"({"source":["com.shop"],"detail-type":["OrderPlaced"]})");
    EXPECT_TRUE(parseEventPattern(rule.pattern).ok());
    EXPECT_TRUE(rule.targets.empty());
    EXPECT_FALSE(hasLintError(project, rule.id));
}

TEST(EditsAdd, ANewProducerPutsOnTheNearestBusOrOnNoneYet) {
    Project project;
    applyChecked(project, addNewElement(project, ElementKind::Producer, {0, 0}));
    EXPECT_TRUE(lastAdded<Producer>(project).bus.empty());
    put(project, bus("main", {300, 0}));
    applyChecked(project, addNewElement(project, ElementKind::Producer, {0, 200}));
    EXPECT_EQ(lastAdded<Producer>(project).bus, (ElementId{"main"}));
}

TEST(EditsAdd, AnApiDestinationComesWithItsConnectionInOneCommand) {
    Project project;
    Result<Command> command = addNewElement(project, ElementKind::ApiDestination, {0, 0});
    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->label, "Add API destination");
    applyChecked(project, command);
    ASSERT_EQ(project.size(), 2U);
    const ApiDestination &api = lastAdded<ApiDestination>(project);
    const Connection *connection = project.get<Connection>(api.connection);
    ASSERT_NE(connection, nullptr);
    EXPECT_GT(connection->position.y, api.position.y);
    EXPECT_FALSE(api.endpoint.empty());
    EXPECT_FALSE(hasLintError(project, api.id));
}

TEST(EditsAdd, ElementsAndStickiesDroppedInsideABoundedContextJoinIt) {
    Project project;
    applyChecked(project, addNewElement(project, ElementKind::BoundedContext, {0, 0}));
    const BoundedContext &outer = lastAdded<BoundedContext>(project);
    EXPECT_EQ(outer.region, (Rect{0, 0, kNewContextWidth, kNewContextHeight}));
    const ElementId outerId = outer.id;
    applyChecked(project, addNewElement(project, ElementKind::BoundedContext, {1000, 0}));
    const ElementId otherId = lastAdded<BoundedContext>(project).id;

    applyChecked(project, addNewElement(project, ElementKind::Function, {100, 100}));
    EXPECT_EQ(lastAdded<Consumer>(project).context, outerId);
    applyChecked(project, addNewSticky(project, StickyKind::Policy, {100, 100}));
    EXPECT_EQ(lastAdded<Sticky>(project).context, outerId);
    applyChecked(project, addNewSticky(project, StickyKind::Policy, {100, 100}, otherId));
    EXPECT_EQ(lastAdded<Sticky>(project).context, otherId);
    applyChecked(project, addNewElement(project, ElementKind::Queue, {-500, -500}));
    EXPECT_TRUE(lastAdded<Queue>(project).context.empty());

    expectRefused(addNewSticky(project, StickyKind::Policy, {0, 0}, {"function-1"}),
                  {"function-1", "not a bounded context"});
}

TEST(EditsAdd, StickiesGetAPlaceholderTextPerKindAndTheirDefaultSize) {
    Project project;
    Result<Command> command = addNewSticky(project, StickyKind::DomainEvent, {10, 20});
    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->label, "Add domain event sticky");
    applyChecked(project, command);
    EXPECT_EQ(lastAdded<Sticky>(project).text, "Domain event");
    EXPECT_EQ(lastAdded<Sticky>(project).geometry,
              defaultStickyGeometry(StickyKind::DomainEvent, {10, 20}));
    applyChecked(project, addNewSticky(project, StickyKind::ReadModel, {10, 20}));
    EXPECT_EQ(lastAdded<Sticky>(project).text, "Read model");
    applyChecked(project, addNewSticky(project, StickyKind::DomainEvent, {10, 20}));
    EXPECT_EQ(lastAdded<Sticky>(project).id, (ElementId{"domain-event-2"}));
}

// --- Connecting ------------------------------------------------------------------------------

TEST(EditsConnect, AProducerConnectsToTheBusItPutsOnAndTheEventTypesItEmits) {
    Project project = orders();
    expectRefused(connectElements(project, {"checkout"}, {"orders-bus"}),
                  {"checkout already puts its events on orders-bus"});
    put(project, bus("other-bus"));
    Result<Command> command = connectElements(project, {"checkout"}, {"other-bus"});
    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->label, "Connect checkout to other-bus");
    applyChecked(project, command);
    EXPECT_EQ(project.get<Producer>({"checkout"})->bus, (ElementId{"other-bus"}));

    expectRefused(connectElements(project, {"checkout"}, {"order-placed"}), {"already emits"});
    EventType refunded;
    refunded.id = {"refunded"};
    put(project, refunded);
    applyChecked(project, connectElements(project, {"checkout"}, {"refunded"}));
    EXPECT_EQ(project.get<Producer>({"checkout"})->emits.back().eventType, (ElementId{"refunded"}));
}

TEST(EditsConnect, ABusConnectedToARuleMovesTheRuleThere) {
    Project project = orders();
    put(project, bus("other-bus"));
    applyChecked(project, connectElements(project, {"other-bus"}, {"bill-order"}));
    EXPECT_EQ(project.get<Rule>({"bill-order"})->bus, (ElementId{"other-bus"}));
    expectRefused(connectElements(project, {"other-bus"}, {"bill-order"}), {"already on"});
}

TEST(EditsConnect, ARuleConnectedToADestinationGetsATargetNamedAfterIt) {
    Project project = orders();
    applyChecked(project, connectElements(project, {"bill-order"}, {"audit-fn"}));
    const Rule &rule = *project.get<Rule>({"bill-order"});
    ASSERT_EQ(rule.targets.size(), 2U);
    EXPECT_EQ(rule.targets[1].id, "Refund-audit");
    EXPECT_EQ(rule.targets[1].destination, (ElementId{"audit-fn"}));
    EXPECT_EQ(rule.targets[1].retryPolicy, RetryPolicy{});
    EXPECT_TRUE(rule.targets[1].deadLetterQueue.empty());
    expectRefused(connectElements(project, {"bill-order"}, {"audit-fn"}),
                  {"bill-order already targets audit-fn"});

    // Another destination with the same name gets its own target Id.
    Consumer twin = function("audit-twin");
    twin.name = "Refund audit";
    put(project, twin);
    applyChecked(project, connectElements(project, {"bill-order"}, {"audit-twin"}));
    EXPECT_EQ(project.get<Rule>({"bill-order"})->targets[2].id, "Refund-audit-2");

    // Queues and buses are targets too; the rule's own bus is not.
    applyChecked(project, connectElements(project, {"bill-order"}, {"billing-dlq"}));
    expectRefused(connectElements(project, {"bill-order"}, {"orders-bus"}), {"loop"});
    put(project, bus("other-bus"));
    applyChecked(project, connectElements(project, {"bill-order"}, {"other-bus"}));
    EXPECT_EQ(project.get<Rule>({"bill-order"})->targets.size(), 5U);
}

TEST(EditsConnect, ARuleHasAtMostFiveTargets) {
    Project project = orders();
    for (int i = 0; i < 4; ++i) {
        const std::string id = "fn-" + std::to_string(i);
        put(project, function(id));
        applyChecked(project, connectElements(project, {"bill-order"}, {id}));
    }
    put(project, function("one-too-many"));
    expectRefused(connectElements(project, {"bill-order"}, {"one-too-many"}),
                  {"A rule has at most 5 targets (EventBridge's limit)", "bill-order"});
    EXPECT_FALSE(canConnect(project, {"bill-order"}, {"one-too-many"}));
}

TEST(EditsConnect, ADestinationConnectedToAQueueMakesItTheDeadLetterQueueOfItsTargets) {
    Project project = orders();
    // A queue target of two rules: both targets get the dead-letter queue.
    put(project, queue("audit-q"));
    applyChecked(project, connectElements(project, {"audit-refunds"}, {"audit-q"}));
    applyChecked(project, connectElements(project, {"bill-order"}, {"audit-q"}));
    Result<Command> command = connectElements(project, {"audit-q"}, {"billing-dlq"});
    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->label, "Connect audit-q to billing-dlq");
    applyChecked(project, command);
    for (const char *rule : {"audit-refunds", "bill-order"}) {
        for (const Target &t : project.get<Rule>({rule})->targets) {
            if (t.destination == ElementId{"audit-q"}) {
                EXPECT_EQ(t.deadLetterQueue, (ElementId{"billing-dlq"})) << rule;
            }
        }
    }
    expectRefused(connectElements(project, {"audit-q"}, {"billing-dlq"}), {"already"});

    put(project, queue("lonely"));
    expectRefused(connectElements(project, {"lonely"}, {"billing-dlq"}),
                  {"lonely is not a target of any rule: connect a rule to it first"});
    expectRefused(connectElements(project, {"billing-dlq"}, {"billing-dlq"}),
                  {"cannot be its own dead-letter queue"});
    Queue fifo = queue("fifo-q");
    fifo.fifo = true;
    put(project, fifo);
    expectRefused(connectElements(project, {"audit-q"}, {"fifo-q"}), {"FIFO", "standard"});
}

// Lambda, not EventBridge, gives up on a function's failed events, so a function dragged to a
// queue sends them there: its on-failure destination.
TEST(EditsConnect, AFunctionConnectedToAQueueMakesItItsOnFailureDestination) {
    Project project = orders();
    Result<Command> command = connectElements(project, {"audit-fn"}, {"billing-dlq"});
    ASSERT_TRUE(command.ok());
    applyChecked(project, command);
    EXPECT_EQ(project.get<Consumer>({"audit-fn"})->asyncInvocation.onFailure,
              (ElementId{"billing-dlq"}));
    EXPECT_TRUE(project.get<Rule>({"audit-refunds"})->targets[0].deadLetterQueue.empty());
    expectRefused(connectElements(project, {"audit-fn"}, {"billing-dlq"}),
                  {"already the on-failure destination"});
    Queue fifo = queue("fifo-q");
    fifo.fifo = true;
    put(project, fifo);
    expectRefused(connectElements(project, {"audit-fn"}, {"fifo-q"}), {"FIFO", "standard"});
    EXPECT_FALSE(canConnect(project, {"audit-fn"}, {"fifo-q"}));
}

TEST(EditsConnect, ABusConnectedToAnotherBusGetsARuleForwardingEverything) {
    Project project = orders();
    Bus partner = bus("partner-bus", {300, 400});
    partner.name = "partner";
    put(project, partner);
    Result<Command> command = connectElements(project, {"orders-bus"}, {"partner-bus"});
    ASSERT_TRUE(command.ok());
    ASSERT_TRUE(std::holds_alternative<AddElement>(command->operation));
    applyChecked(project, command);
    const Rule &rule = lastAdded<Rule>(project);
    EXPECT_EQ(rule.name, "Forward to partner");
    EXPECT_EQ(rule.bus, (ElementId{"orders-bus"}));
    ASSERT_EQ(rule.targets.size(), 1U);
    EXPECT_EQ(rule.targets[0].destination, (ElementId{"partner-bus"}));
    Result<EventPattern> pattern = parseEventPattern(rule.pattern);
    EXPECT_TRUE(pattern.ok()) << (pattern ? "" : pattern.error().message);
    EXPECT_FALSE(hasLintError(project, rule.id));
    expectRefused(connectElements(project, {"orders-bus"}, {"partner-bus"}), {"already forwards"});
}

TEST(EditsConnect, AConsumerConnectedToAnEventTypeEmitsItAsAFollowUp) {
    Project project = orders();
    put(project, bus("first-bus"));
    applyChecked(project, connectElements(project, {"billing-fn"}, {"order-placed"}));
    const Consumer &billing = *project.get<Consumer>({"billing-fn"});
    ASSERT_EQ(billing.behavior.followUps.size(), 1U);
    // checkout puts order-placed on orders-bus, so the follow-up goes there too.
    EXPECT_EQ(billing.behavior.followUps[0], (FollowUp{{"order-placed"}, {"orders-bus"}, 1.0}));
    expectRefused(connectElements(project, {"billing-fn"}, {"order-placed"}), {"already emits"});

    Project bare;
    put(bare, function("fn"));
    EventType type;
    type.id = {"happened"};
    put(bare, type);
    expectRefused(connectElements(bare, {"fn"}, {"happened"}), {"Add an event bus first"});
    put(bare, bus("b"));
    applyChecked(bare, connectElements(bare, {"fn"}, {"happened"}));
    EXPECT_EQ(bare.get<Consumer>({"fn"})->behavior.followUps[0].bus, (ElementId{"b"}));
}

TEST(EditsConnect, CallersConnectedToCallableElementsDependOnThem) {
    Project project = orders();
    ExternalSystem bank;
    bank.id = {"bank"};
    put(project, bank);
    applyChecked(project, connectElements(project, {"billing-fn"}, {"bank"}));
    applyChecked(project, connectElements(project, {"billing-fn"}, {"audit-fn"}));
    EXPECT_EQ(project.get<Consumer>({"billing-fn"})->behavior.dependsOn,
              (std::vector<ElementId>{{"bank"}, {"audit-fn"}}));
    expectRefused(connectElements(project, {"billing-fn"}, {"bank"}),
                  {"billing-fn already calls bank"});
    expectRefused(connectElements(project, {"billing-fn"}, {"billing-fn"}), {"itself"});
}

TEST(EditsConnect, QueuesApiDestinationsAndStickiesConnectToWhatTheyUse) {
    Project project = orders();
    applyChecked(project, connectElements(project, {"billing-dlq"}, {"audit-fn"}));
    EXPECT_EQ(project.get<Queue>({"billing-dlq"})->readBy, (ElementId{"audit-fn"}));
    expectRefused(connectElements(project, {"billing-dlq"}, {"audit-fn"}), {"already read by"});

    applyChecked(project, addNewElement(project, ElementKind::ApiDestination, {0, 800}));
    const ElementId api = lastAdded<ApiDestination>(project).id;
    Connection other;
    other.id = {"other-connection"};
    put(project, other);
    applyChecked(project, connectElements(project, api, {"other-connection"}));
    EXPECT_EQ(project.get<ApiDestination>(api)->connection, (ElementId{"other-connection"}));

    applyChecked(project, connectElements(project, {"sticky-order-placed"}, {"billing-fn"}));
    EXPECT_EQ(project.get<Sticky>({"sticky-order-placed"})->linked, (ElementId{"billing-fn"}));
    expectRefused(connectElements(project, {"sticky-order-placed"}, {"ordering"}),
                  {"a sticky connects to the architecture element it became"});
}

TEST(EditsConnect, AnythingElseIsRefusedSayingWhatTheKindConnectsTo) {
    const Project project = orders();
    expectRefused(connectElements(project, {"checkout"}, {"billing-fn"}),
                  {"Cannot connect checkout to billing-fn",
                   "a producer connects to an event bus (it puts events on it)"});
    expectRefused(connectElements(project, {"order-placed"}, {"billing-fn"}),
                  {"an event type connects to nothing"});
    expectRefused(connectElements(project, {"bill-order"}, {"order-placed"}),
                  {"a rule connects to its targets"});
    expectRefused(connectElements(project, {"billing-dlq"}, {"orders-bus"}),
                  {"a queue connects to the function or state machine that reads it"});
    expectRefused(connectElements(project, {"nowhere"}, {"billing-fn"}),
                  {"no element \"nowhere\""});
    EXPECT_FALSE(canConnect(project, {"checkout"}, {"billing-fn"}));
    EXPECT_TRUE(canConnect(project, {"bill-order"}, {"audit-fn"}));
}

// --- Deleting --------------------------------------------------------------------------------

TEST(EditsDelete, DeletingAFunctionRemovesTheTargetsDeliveringToIt) {
    Project project = orders();
    Result<Command> command = deleteElements(project, {{"billing-fn"}});
    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->label, "Delete function billing-fn");
    applyChecked(project, command);
    EXPECT_FALSE(project.contains({"billing-fn"}));
    EXPECT_TRUE(project.get<Rule>({"bill-order"})->targets.empty());
}

TEST(EditsDelete, DeletingAQueueClearsItFromTheTargetsUsingItAsDeadLetterQueue) {
    Project project = orders();
    applyChecked(project, deleteElements(project, {{"billing-dlq"}}));
    const Rule &rule = *project.get<Rule>({"bill-order"});
    ASSERT_EQ(rule.targets.size(), 1U);
    EXPECT_TRUE(rule.targets[0].deadLetterQueue.empty());
}

TEST(EditsDelete, ABusWithRulesOnItIsRefusedNamingTheRuleAndField) {
    const Project project = orders();
    expectRefused(deleteElements(project, {{"orders-bus"}}),
                  {"Cannot delete orders-bus: rule bill-order (bus)", "1 other element",
                   "still refer to it", "delete them too or change them first"});
    expectRefused(deleteElements(project, {{"orders-bus"}, {"audit-refunds"}}),
                  {"Cannot delete orders-bus: rule bill-order (bus) still refers to it; delete it "
                   "too or change it first"});
}

TEST(EditsDelete, ABusGoesWithItsRulesAndItsProducersAreLeftWithoutABus) {
    Project project = orders();
    Result<Command> command =
        deleteElements(project, {{"orders-bus"}, {"bill-order"}, {"audit-refunds"}});
    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->label, "Delete 3 elements");
    applyChecked(project, command);
    EXPECT_TRUE(project.get<Producer>({"checkout"})->bus.empty());
    EXPECT_EQ(project.all<Rule>().size(), 0U);
}

TEST(EditsDelete, DeletingAnEventTypeUnlinksStickiesAndDropsEmissionsAndFollowUps) {
    Project project = orders();
    applyChecked(project, connectElements(project, {"billing-fn"}, {"order-placed"}));
    applyChecked(project, deleteElements(project, {{"order-placed"}}));
    EXPECT_TRUE(project.get<Sticky>({"sticky-order-placed"})->linked.empty());
    EXPECT_TRUE(project.get<Producer>({"checkout"})->emits.empty());
    EXPECT_TRUE(project.get<Consumer>({"billing-fn"})->behavior.followUps.empty());
}

TEST(EditsDelete, CallsReadersAndContextsAreCutButAConnectionInUseIsRefused) {
    Project project = orders();
    applyChecked(project, connectElements(project, {"billing-fn"}, {"audit-fn"}));
    applyChecked(project, connectElements(project, {"billing-dlq"}, {"audit-fn"}));
    applyChecked(project, deleteElements(project, {{"audit-fn"}}));
    EXPECT_TRUE(project.get<Consumer>({"billing-fn"})->behavior.dependsOn.empty());
    EXPECT_TRUE(project.get<Queue>({"billing-dlq"})->readBy.empty());
    EXPECT_TRUE(project.get<Rule>({"audit-refunds"})->targets.empty());

    // Elements of a deleted bounded context stay, outside any context.
    applyChecked(project, deleteElements(project, {{"ordering"}}));
    EXPECT_TRUE(project.get<Bus>({"orders-bus"})->context.empty());

    applyChecked(project, addNewElement(project, ElementKind::ApiDestination, {0, 800}));
    const ApiDestination &api = lastAdded<ApiDestination>(project);
    expectRefused(deleteElements(project, {api.connection}),
                  {"API destination " + api.id.value + " (connection) still refers to it"});
    applyChecked(project, deleteElements(project, {api.connection, api.id}));
}

TEST(EditsDelete, ElementsCallingEachOtherAreDeletedTogether) {
    Project project = orders();
    put(project, function("ping"));
    put(project, function("pong"));
    applyChecked(project, connectElements(project, {"ping"}, {"pong"}));
    applyChecked(project, connectElements(project, {"pong"}, {"ping"}));
    // A self-reference cannot be added, only made by a change.
    Consumer narcissus = function("narcissus");
    put(project, narcissus);
    narcissus.behavior.dependsOn.push_back({"narcissus"});
    ASSERT_TRUE(project.apply(Command{ReplaceElement{narcissus}, "Call itself"}).ok());
    applyChecked(project, deleteElements(project, {{"ping"}, {"pong"}, {"narcissus"}}));
    EXPECT_FALSE(project.contains({"ping"}));
    EXPECT_FALSE(project.contains({"pong"}));
    EXPECT_FALSE(project.contains({"narcissus"}));
}

TEST(EditsDelete, EverythingCanBeDeletedAtOnce) {
    Project project = orders();
    std::vector<ElementId> all;
    for (const Element &element : project.elements()) {
        all.push_back(elementId(element));
    }
    applyChecked(project, deleteElements(project, all));
    EXPECT_EQ(project.size(), 0U);
}

TEST(EditsDelete, UnknownIdsAndEmptySelectionsAreRefused) {
    const Project project = orders();
    expectRefused(deleteElements(project, {{"ghost"}}), {"ghost", "no such element"});
    expectRefused(deleteElements(project, {}), {"Nothing to delete"});
}

// --- Clipboard -------------------------------------------------------------------------------

TEST(EditsClipboard, CopyWritesAStormglassJsonDocumentOfTheSelectionOnly) {
    const Project project = orders();
    const std::string text = copyElements(project, {{"bill-order"}, {"billing-fn"}, {"ghost"}});
    const Json document = Json::parse(text);
    EXPECT_EQ(document["formatVersion"], kProjectJsonFormatVersion);
    ASSERT_EQ(document["elements"].size(), 2U);
    // Model order, whatever the selection's order.
    EXPECT_EQ(document["elements"][0]["id"], "billing-fn");
    EXPECT_EQ(document["elements"][1]["id"], "bill-order");
}

TEST(EditsClipboard, ARulePastedIntoAnotherProjectKeepsItsTargetsAndTakesTheNearestBus) {
    const Project source = orders();
    const std::string text = copyElements(source, {{"bill-order"}, {"billing-fn"}});

    Project target;
    put(target, bus("far-bus", {5000, 5000}));
    put(target, bus("main-bus", {400, 0}));
    Result<Command> command = pasteElements(target, text, {0, 0});
    ASSERT_TRUE(command.ok()) << command.error().message;
    EXPECT_EQ(command->label, "Paste 2 elements");
    applyChecked(target, command);
    const Rule &rule = *target.get<Rule>({"bill-order"});
    EXPECT_EQ(rule.bus, (ElementId{"main-bus"}));
    ASSERT_EQ(rule.targets.size(), 1U);
    EXPECT_EQ(rule.targets[0].id, "billing");
    EXPECT_EQ(rule.targets[0].destination, (ElementId{"billing-fn"}));
    // The dead-letter queue was not copied and is not in this project.
    EXPECT_TRUE(rule.targets[0].deadLetterQueue.empty());
    EXPECT_EQ(rule.pattern, source.get<Rule>({"bill-order"})->pattern);
    EXPECT_EQ(rule.position, source.get<Rule>({"bill-order"})->position);
    // The context was not copied either.
    EXPECT_TRUE(target.get<Consumer>({"billing-fn"})->context.empty());

    // A rule whose destination stays behind loses that target.
    Project other;
    put(other, bus("main-bus"));
    applyChecked(other, pasteElements(other, copyElements(source, {{"bill-order"}}), {0, 0}));
    EXPECT_TRUE(other.get<Rule>({"bill-order"})->targets.empty());
}

TEST(EditsClipboard, ARuleCannotBePastedWhereThereIsNoBus) {
    const Project source = orders();
    Project empty;
    expectRefused(pasteElements(empty, copyElements(source, {{"bill-order"}}), {0, 0}),
                  {"Cannot paste rule bill-order", "add an event bus first"});
    // With its bus it can.
    applyChecked(empty, pasteElements(empty, copyElements(source, {{"bill-order"}, {"orders-bus"}}),
                                      {0, 0}));
    EXPECT_EQ(empty.get<Rule>({"bill-order"})->bus, (ElementId{"orders-bus"}));
}

TEST(EditsClipboard, CollidingIdsGetFreshOnesAndReferencesAmongThePastedFollowThem) {
    Project project = orders();
    const std::string text = copyElements(project, {{"bill-order"}, {"billing-fn"}});
    Result<Command> command = pasteElements(project, text, {10, 20});
    applyChecked(project, command);
    const Rule *copy = project.get<Rule>({"bill-order-2"});
    ASSERT_NE(copy, nullptr);
    ASSERT_NE(project.get<Consumer>({"billing-fn-2"}), nullptr);
    EXPECT_EQ(copy->targets[0].destination, (ElementId{"billing-fn-2"}));
    // References to elements that were not copied but exist here are kept.
    EXPECT_EQ(copy->bus, (ElementId{"orders-bus"}));
    EXPECT_EQ(copy->targets[0].deadLetterQueue, (ElementId{"billing-dlq"}));
    EXPECT_EQ(copy->context, (ElementId{"ordering"}));
    EXPECT_EQ(copy->position, (Point{460, 60}));
    EXPECT_EQ(project.get<Consumer>({"billing-fn-2"})->position, (Point{610, 60}));
    // The originals are untouched.
    EXPECT_EQ(project.get<Rule>({"bill-order"})->targets[0].destination, (ElementId{"billing-fn"}));
}

TEST(EditsClipboard, FreshIdsAvoidTheIdsOfOtherPastedElements) {
    Project project;
    put(project, function("a"));
    const std::string text = R"([{"kind":"function","id":"a","name":"A"},
                                 {"kind":"function","id":"a-2","name":"A2","behavior":{"dependsOn":["a"]}}])";
    applyChecked(project, pasteElements(project, text, {0, 0}));
    ASSERT_NE(project.get<Consumer>({"a-3"}), nullptr);
    EXPECT_EQ(project.get<Consumer>({"a-3"})->name, "A");
    EXPECT_EQ(project.get<Consumer>({"a-2"})->behavior.dependsOn,
              (std::vector<ElementId>{{"a-3"}}));
}

TEST(EditsClipboard, ElementsCallingEachOtherArePastedAsOneCommand) {
    Project project;
    put(project, function("ping"));
    put(project, function("pong"));
    applyChecked(project, connectElements(project, {"ping"}, {"pong"}));
    applyChecked(project, connectElements(project, {"pong"}, {"ping"}));
    Result<Command> command = duplicateElements(project, {{"ping"}, {"pong"}}, {0, 100});
    ASSERT_TRUE(command.ok()) << command.error().message;
    EXPECT_EQ(command->label, "Duplicate 2 elements");
    applyChecked(project, command);
    EXPECT_EQ(project.get<Consumer>({"ping-2"})->behavior.dependsOn,
              (std::vector<ElementId>{{"pong-2"}}));
    EXPECT_EQ(project.get<Consumer>({"pong-2"})->behavior.dependsOn,
              (std::vector<ElementId>{{"ping-2"}}));
    // Pasted after the project's elements, in the clipboard's order.
    EXPECT_EQ(elementId(project.elements()[2]), (ElementId{"ping-2"}));
    EXPECT_EQ(elementId(project.elements()[3]), (ElementId{"pong-2"}));
}

TEST(EditsClipboard, DuplicateIsCopyThenPaste) {
    Project project = orders();
    Result<Command> command = duplicateElements(project, {{"billing-fn"}}, {0, 120});
    ASSERT_TRUE(command.ok());
    EXPECT_EQ(command->label, "Duplicate function billing-fn");
    applyChecked(project, command);
    EXPECT_EQ(project.get<Consumer>({"billing-fn-2"})->position, (Point{600, 160}));
    expectRefused(duplicateElements(project, {{"ghost"}}, {0, 0}), {"Nothing to duplicate"});
}

TEST(EditsClipboard, AWholeProjectFilePastedIntoAnEmptyProjectGivesTheSameElements) {
    const Project source = orders();
    Project empty;
    applyChecked(empty, pasteElements(empty, writeProjectJson(source), {0, 0}));
    EXPECT_TRUE(empty.elements() == source.elements());
}

TEST(EditsClipboard, ASingleElementObjectCanBePasted) {
    Project project = orders();
    const std::string text = elementToJson(*project.find({"billing-dlq"})).dump();
    Result<Command> command = pasteElements(project, text, {0, 100});
    ASSERT_TRUE(command.ok()) << command.error().message;
    EXPECT_EQ(command->label, "Paste queue billing-dlq-2");
    applyChecked(project, command);
}

TEST(EditsClipboard, TextThatIsNotElementsIsRefusedNamingTheProblemAndWhere) {
    const Project project = orders();
    Result<Command> words = pasteElements(project, "hello world", {0, 0});
    expectRefused(words, {"Cannot paste", "line 1, column 1"});
    EXPECT_EQ(words.error().line, 1);

    Result<Command> truncated =
        pasteElements(project, "{\n  \"formatVersion\": 1,\n  \"elements\": [\n", {0, 0});
    expectRefused(truncated, {"Cannot paste", "line 4"});

    expectRefused(pasteElements(project, R"({"name": "not elements"})", {0, 0}),
                  {"no Stormglass elements"});
    expectRefused(pasteElements(project, "   \n", {0, 0}), {"the clipboard is empty"});
    expectRefused(pasteElements(project, R"({"formatVersion": 99, "elements": []})", {0, 0}),
                  {"newer Stormglass"});
    expectRefused(pasteElements(project, R"({"formatVersion": 1, "elements": []})", {0, 0}),
                  {"holds no elements"});

    // A bad element is named with its line.
    Result<Command> bad = pasteElements(
        project,
        "{\n\"formatVersion\": 1,\n\"elements\": [\n{\"kind\": \"gizmo\", \"id\": \"x\"}\n]}",
        {0, 0});
    expectRefused(bad, {"Cannot paste", "line 4"});
    EXPECT_EQ(bad.error().line, 4);

    expectRefused(
        pasteElements(project, R"([{"kind":"queue","id":"q"},{"kind":"queue","id":"q"}])", {0, 0}),
        {"two of the pasted elements have the id \"q\""});
}

// --- Arranging -------------------------------------------------------------------------------

Project arrangement() {
    Project project;
    put(project, function("a", {0, 0}));
    put(project, function("b", {100, 50}));
    Sticky note;
    note.id = {"note"};
    note.geometry = {300, 200, 160, 160};
    put(project, note);
    return project;
}

Point at(const Project &project, const std::string &id) {
    return elementPosition(*project.find({id}));
}

TEST(EditsArrange, AlignmentsUseTheBoxesOfTheSelection) {
    const std::vector<ElementId> ids{{"a"}, {"b"}, {"note"}, {"ghost"}};
    // The selection spans x 0..460 and y 0..360.
    struct Case {
        Alignment alignment;
        std::string label;
        Point a, b, note;
    };
    const std::vector<Case> cases{
        {Alignment::Left, "Align left", {0, 0}, {0, 50}, {0, 200}},
        {Alignment::HorizontalCenter, "Align horizontal centers", {130, 0}, {130, 50}, {150, 200}},
        {Alignment::Right, "Align right", {260, 0}, {260, 50}, {300, 200}},
        {Alignment::Top, "Align top", {0, 0}, {100, 0}, {300, 0}},
        {Alignment::VerticalCenter, "Align vertical centers", {0, 140}, {100, 140}, {300, 100}},
        {Alignment::Bottom, "Align bottom", {0, 280}, {100, 280}, {300, 200}},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.label);
        Project project = arrangement();
        const Command command = alignElements(project, ids, c.alignment);
        EXPECT_EQ(command.label, c.label);
        applyChecked(project, command);
        EXPECT_EQ(at(project, "a"), c.a);
        EXPECT_EQ(at(project, "b"), c.b);
        EXPECT_EQ(at(project, "note"), c.note);
    }
    // Elements already in place are left out of the move.
    const Command left = alignElements(arrangement(), ids, Alignment::Left);
    EXPECT_EQ(std::get<MoveElements>(left.operation).positions.size(), 2U);
}

TEST(EditsArrange, DistributionMakesEqualGapsAndKeepsTheEnds) {
    Project project;
    put(project, function("first", {0, 0}));
    put(project, function("last", {1000, 400}));
    put(project, function("middle", {250, 10}));
    Sticky note;
    note.id = {"note"};
    note.geometry = {300, 100, 160, 160};
    put(project, note);
    const std::vector<ElementId> ids{{"last"}, {"note"}, {"middle"}, {"first"}};

    Project across = project;
    const Command horizontal = distributeElements(across, ids, Orientation::Horizontal);
    EXPECT_EQ(horizontal.label, "Distribute horizontally");
    applyChecked(across, horizontal);
    // Span 0..1200 holds 200 + 200 + 160 + 200 = 760: three gaps of 440/3.
    const double gap = 440.0 / 3;
    EXPECT_EQ(at(across, "first"), (Point{0, 0}));
    EXPECT_DOUBLE_EQ(at(across, "middle").x, 200 + gap);
    EXPECT_DOUBLE_EQ(at(across, "note").x, 400 + 2 * gap);
    EXPECT_EQ(at(across, "last"), (Point{1000, 400}));
    EXPECT_EQ(at(across, "middle").y, 10);

    Project down = project;
    applyChecked(down, distributeElements(down, ids, Orientation::Vertical));
    // Span 0..480 holds 80 + 80 + 160 + 80 = 400: three gaps of 80/3; middle (y 10) comes
    // before note (y 100).
    const double step = 80.0 / 3;
    EXPECT_DOUBLE_EQ(at(down, "middle").y, 80 + step);
    EXPECT_DOUBLE_EQ(at(down, "note").y, 160 + 2 * step);
    EXPECT_EQ(at(down, "last"), (Point{1000, 400}));

    EXPECT_TRUE(
        std::get<MoveElements>(
            distributeElements(project, {{"first"}, {"last"}}, Orientation::Vertical).operation)
            .positions.empty());
}

TEST(EditsArrange, ThreeEvenlySpacedBoxesStayPut) {
    Project project;
    put(project, function("a", {0, 0}));
    put(project, function("b", {300, 0}));
    put(project, function("c", {600, 0}));
    const Command command =
        distributeElements(project, {{"a"}, {"b"}, {"c"}}, Orientation::Horizontal);
    EXPECT_TRUE(std::get<MoveElements>(command.operation).positions.empty());
}

} // namespace

TEST(EditsResize, StickiesAndContextsResizeWithinTheirSmallestSize) {
    Project project;
    applyChecked(project, addNewSticky(project, StickyKind::Policy, {0, 0}));
    const ElementId sticky = lastAdded<Sticky>(project).id;
    Result<Command> bigger = resizeElement(project, sticky, {0, 0, 240, 200});
    ASSERT_TRUE(bigger.ok());
    EXPECT_NE(bigger->label.find("Resize"), std::string::npos);
    applyChecked(project, bigger);
    EXPECT_EQ(project.get<Sticky>(sticky)->geometry, (Rect{0, 0, 240, 200}));
    applyChecked(project, resizeElement(project, sticky, {0, 0, 10, -5}));
    EXPECT_EQ(project.get<Sticky>(sticky)->geometry, (Rect{0, 0, kMinStickySize, kMinStickySize}));

    applyChecked(project, addNewElement(project, ElementKind::BoundedContext, {500, 0}));
    const ElementId context = lastAdded<BoundedContext>(project).id;
    applyChecked(project, resizeElement(project, context, {500, 0, 50, 50}));
    EXPECT_EQ(project.get<BoundedContext>(context)->region,
              (Rect{500, 0, kMinRegionWidth, kMinRegionHeight}));
}

TEST(EditsResize, ArchitectureElementsKeepTheirBox) {
    Project project;
    applyChecked(project, addNewElement(project, ElementKind::Bus, {0, 0}));
    const Result<Command> refused =
        resizeElement(project, lastAdded<Bus>(project).id, {0, 0, 400, 400});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("fixed size"), std::string::npos);
}

// The account's invocation quota is the project's, not an element's: one command that keeps the
// name and description, within the range lint accepts, so that what the GUI sets `validate` takes.
TEST(EditsProjectSettings, TheAccountInvocationQuotaIsSetWithinItsRange) {
    Project project = orders();
    const std::string name = project.name();
    const std::string description = project.description();
    Result<Command> set = setAccountInvocationQuota(project, 5000);
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set->label, "Set account invocation quota to 5000 per second");
    applyChecked(project, set);
    EXPECT_EQ(project.accountInvocationQuotaPerSecond(), 5000);
    EXPECT_EQ(project.name(), name);
    EXPECT_EQ(project.description(), description);

    for (const std::int64_t edge :
         {std::int64_t{0}, std::int64_t{1}, std::int64_t{kMaxAccountInvocationQuotaPerSecond}}) {
        Project copy = project;
        applyChecked(copy, setAccountInvocationQuota(copy, edge));
        EXPECT_EQ(copy.accountInvocationQuotaPerSecond(), edge);
        const std::vector<Finding> findings = lintProject(copy);
        EXPECT_TRUE(std::none_of(findings.begin(), findings.end(), [](const Finding &f) {
            return f.code == "account-quota-out-of-range";
        }));
    }
    EXPECT_EQ(setAccountInvocationQuota(project, 0)->label, "Remove account invocation quota");
}

TEST(EditsProjectSettings, AnAccountInvocationQuotaOutOfRangeIsRefusedByName) {
    const Project project = orders();
    expectRefused(setAccountInvocationQuota(project, -1),
                  {"Account invocation quota",
                   "from 0 (no quota) to 1000000 invocations per second", "-1 is out of range"});
    expectRefused(setAccountInvocationQuota(project, kMaxAccountInvocationQuotaPerSecond + 1),
                  {"Account invocation quota", "1000001 is out of range"});
    // Far beyond an int: refused as typed, not wrapped into the range.
    expectRefused(setAccountInvocationQuota(project, 5'000'000'000),
                  {"5000000000 is out of range"});
}
