// The command API: every edit is all-or-nothing, names what it refused, and its inverse restores
// the project exactly (what undo relies on).

#include "arch/project.h"
#include "arch/promote.h"

#include <gtest/gtest.h>

namespace {

using namespace sg::model;

Bus bus(const std::string &id, const std::string &name = "orders") {
    Bus b;
    b.id = {id};
    b.name = name;
    return b;
}

Consumer function(const std::string &id) {
    Consumer c;
    c.id = {id};
    c.kind = ElementKind::Function;
    c.name = id;
    return c;
}

Rule rule(const std::string &id, const std::string &busId, const std::string &destination) {
    Rule r;
    r.id = {id};
    r.name = id;
    r.bus = {busId};
    r.pattern = R"({"source":["shop"]})";
    Target t;
    t.id = "t1";
    t.destination = {destination};
    r.targets.push_back(t);
    return r;
}

Sticky sticky(const std::string &id, StickyKind kind, const std::string &text, double x,
              double y = 0) {
    Sticky s;
    s.id = {id};
    s.kind = kind;
    s.text = text;
    s.geometry = defaultStickyGeometry(kind, {x, y});
    return s;
}

Command add(Element e) { return Command{AddElement{std::move(e)}, "Add"}; }

Project shop() {
    Project p;
    p.setInfo("Shop", "");
    EXPECT_TRUE(p.apply(add(bus("orders-bus"))).ok());
    EXPECT_TRUE(p.apply(add(function("billing"))).ok());
    EXPECT_TRUE(p.apply(add(rule("bill-orders", "orders-bus", "billing"))).ok());
    return p;
}

class Recorder : public ProjectObserver {
public:
    void projectChanged(const ChangeSet &changes) override { calls.push_back(changes); }
    std::vector<ChangeSet> calls;
};

TEST(ProjectCommands, AddRemoveAndTheirInversesRestoreTheProjectExactly) {
    Project p = shop();
    const Project before = p;
    auto applied = p.apply(add(function("shipping")));
    ASSERT_TRUE(applied.ok());
    EXPECT_EQ(p.size(), 4u);
    ASSERT_TRUE(p.apply(applied->inverse).ok());
    EXPECT_EQ(p, before);

    // Removing the first element and undoing puts it back at the same place in model order.
    Project q = shop();
    ASSERT_TRUE(q.apply(Command{RemoveElement{{"bill-orders"}}, "Remove"}).ok());
    auto removedBus = q.apply(Command{RemoveElement{{"orders-bus"}}, "Remove"});
    ASSERT_TRUE(removedBus.ok());
    EXPECT_EQ(q.indexOf({"billing"}), 0u);
    ASSERT_TRUE(q.apply(removedBus->inverse).ok());
    EXPECT_EQ(q.indexOf({"orders-bus"}), 0u);
    EXPECT_EQ(q.indexOf({"billing"}), 1u);
}

TEST(ProjectCommands, RemovingAnElementStillInUseIsRefusedNamingTheUser) {
    Project p = shop();
    auto refused = p.apply(Command{RemoveElement{{"billing"}}, "Remove"});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message,
              "cannot remove function \"billing\": it is used by rule \"bill-orders\" "
              "(targets[0].destination)");
    EXPECT_TRUE(p.contains({"billing"}));
}

TEST(ProjectCommands, AddRefusesDuplicateIdsBadIdsAndDanglingOrMistypedReferences) {
    Project p = shop();
    auto duplicate = p.apply(add(function("billing")));
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.error().message, "cannot add function \"billing\": the id is already used");

    auto badId = p.apply(add(function("has space")));
    ASSERT_FALSE(badId.ok());
    EXPECT_NE(badId.error().message.find("invalid element id \"has space\""), std::string::npos);

    auto dangling = p.apply(add(rule("r2", "no-such-bus", "billing")));
    ASSERT_FALSE(dangling.ok());
    EXPECT_EQ(dangling.error().message,
              "rule \"r2\": bus refers to \"no-such-bus\", which does not exist");
    EXPECT_EQ(dangling.error().field, "bus");

    auto mistyped = p.apply(add(rule("r3", "billing", "billing")));
    ASSERT_FALSE(mistyped.ok());
    EXPECT_EQ(mistyped.error().message,
              "rule \"r3\": bus refers to function \"billing\", but must refer to a bus");
    EXPECT_EQ(p.size(), 3u);
}

TEST(ProjectCommands, TargetIdsMustBeUniqueWithinARule) {
    Project p = shop();
    Rule r = *p.get<Rule>({"bill-orders"});
    r.targets.push_back(r.targets.front());
    auto refused = p.apply(Command{ReplaceElement{r}, "Edit"});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message, "rule \"bill-orders\": target id \"t1\" is used twice");
    EXPECT_EQ(p.get<Rule>({"bill-orders"})->targets.size(), 1u);
}

TEST(ProjectCommands, ReplaceKeepsTheKindAndItsInverseRestoresTheOldValue) {
    Project p = shop();
    const Project before = p;
    Rule r = *p.get<Rule>({"bill-orders"});
    r.enabled = false;
    r.pattern = R"({"source":["billing"]})";
    auto applied = p.apply(Command{ReplaceElement{r}, "Edit rule"});
    ASSERT_TRUE(applied.ok());
    EXPECT_FALSE(p.get<Rule>({"bill-orders"})->enabled);
    ASSERT_TRUE(p.apply(applied->inverse).ok());
    EXPECT_EQ(p, before);

    Bus impostor = bus("billing");
    auto refused = p.apply(Command{ReplaceElement{impostor}, "Edit"});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message, "cannot change function \"billing\" into a bus");
}

TEST(ProjectCommands, AMoveOfSeveralElementsIsOneUndoableCommand) {
    Project p = shop();
    const Project before = p;
    auto moved = p.apply(
        Command{MoveElements{{{{"orders-bus"}, {10, 20}}, {{"billing"}, {300, 40}}}}, "Move"});
    ASSERT_TRUE(moved.ok());
    EXPECT_EQ(p.get<Bus>({"orders-bus"})->position, (Point{10, 20}));
    EXPECT_EQ(p.get<Consumer>({"billing"})->position, (Point{300, 40}));
    EXPECT_EQ(moved->changes.changed.size(), 2u);
    ASSERT_TRUE(p.apply(moved->inverse).ok());
    EXPECT_EQ(p, before);
}

TEST(ProjectCommands, AFailingBatchLeavesTheProjectAsItWas) {
    Project p = shop();
    const Project before = p;
    Batch batch;
    batch.commands.push_back(add(function("shipping")));
    batch.commands.push_back(Command{RemoveElement{{"bill-orders"}}, ""});
    batch.commands.push_back(add(function("shipping"))); // duplicate: fails
    auto refused = p.apply(Command{batch, "Batch"});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(p, before);
}

TEST(ProjectCommands, ABatchIsUndoneInReverseOrder) {
    Project p = shop();
    const Project before = p;
    Batch batch;
    batch.commands.push_back(Command{RemoveElement{{"bill-orders"}}, ""});
    batch.commands.push_back(Command{RemoveElement{{"billing"}}, ""});
    auto applied = p.apply(Command{batch, "Delete selection"});
    ASSERT_TRUE(applied.ok());
    EXPECT_EQ(p.size(), 1u);
    EXPECT_EQ(applied->inverse.label, "Delete selection");
    ASSERT_TRUE(p.apply(applied->inverse).ok());
    EXPECT_EQ(p, before);
}

TEST(ProjectCommands, ObserversHearOnceperCommandAndCopiesDoNotInheritThem) {
    Project p = shop();
    Recorder recorder;
    p.addObserver(&recorder);
    Batch batch;
    batch.commands.push_back(add(function("a")));
    batch.commands.push_back(add(function("b")));
    ASSERT_TRUE(p.apply(Command{batch, "Add two"}).ok());
    ASSERT_EQ(recorder.calls.size(), 1u);
    EXPECT_EQ(recorder.calls[0].added, (std::vector<ElementId>{{"a"}, {"b"}}));

    Project copy = p;
    ASSERT_TRUE(copy.apply(add(function("c"))).ok());
    EXPECT_EQ(recorder.calls.size(), 1u);
    ASSERT_FALSE(p.apply(add(function("a"))).ok());
    EXPECT_EQ(recorder.calls.size(), 1u); // refused commands change nothing and say nothing
    p.removeObserver(&recorder);
    ASSERT_TRUE(p.apply(add(function("d"))).ok());
    EXPECT_EQ(recorder.calls.size(), 1u);
}

TEST(ProjectCommands, UniqueIdsAreSluggedAndNumbered) {
    Project p = shop();
    EXPECT_EQ(p.uniqueId("billing").value, "billing-2");
    EXPECT_EQ(p.uniqueId("Order placed!").value, "Order-placed");
    EXPECT_EQ(p.uniqueId("???").value, "element");
    EXPECT_TRUE(isValidElementId(p.uniqueId(std::string(300, 'x')).value));
}

TEST(Promote, ADomainEventStickyBecomesALinkedEventTypeInOneUndoableCommand) {
    Project p;
    BoundedContext sales;
    sales.id = {"sales"};
    sales.name = "Sales";
    ASSERT_TRUE(p.apply(add(sales)).ok());
    Sticky s = sticky("s1", StickyKind::DomainEvent, "Order\nplaced", 100);
    s.context = {"sales"};
    ASSERT_TRUE(p.apply(add(s)).ok());
    const Project before = p;

    auto command = promoteDomainEvent(p, {"s1"});
    ASSERT_TRUE(command.ok());
    auto applied = p.apply(*command);
    ASSERT_TRUE(applied.ok());
    const ElementId linked = p.get<Sticky>({"s1"})->linked;
    const EventType *type = p.get<EventType>(linked);
    ASSERT_NE(type, nullptr);
    EXPECT_EQ(type->detailType, "OrderPlaced");
    EXPECT_EQ(type->source, "com.example.sales");
    EXPECT_EQ(type->name, "Order placed");
    EXPECT_EQ(type->context.value, "sales");

    auto again = promoteDomainEvent(p, {"s1"});
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.error().message.find("already linked"), std::string::npos);
    ASSERT_TRUE(p.apply(applied->inverse).ok());
    EXPECT_EQ(p, before);
}

TEST(Promote, APolicyBetweenAnEventAndACommandBecomesARuleWithATarget) {
    Project p;
    ASSERT_TRUE(p.apply(add(sticky("e", StickyKind::DomainEvent, "Payment failed", 0))).ok());
    ASSERT_TRUE(p.apply(add(sticky("p", StickyKind::Policy, "Whenever payment fails", 200))).ok());
    ASSERT_TRUE(p.apply(add(sticky("c", StickyKind::Command, "Notify customer", 400))).ok());
    // A command on another row is not the one the policy leads to.
    ASSERT_TRUE(p.apply(add(sticky("far", StickyKind::Command, "Other", 300, 900))).ok());

    auto command = promotePolicy(p, {"p"});
    ASSERT_TRUE(command.ok()) << command.error().message;
    ASSERT_TRUE(p.apply(*command).ok());

    const Rule *r = p.get<Rule>(p.get<Sticky>({"p"})->linked);
    ASSERT_NE(r, nullptr);
    const EventType *type = p.get<EventType>(p.get<Sticky>({"e"})->linked);
    ASSERT_NE(type, nullptr);
    const Bus *b = p.get<Bus>(r->bus);
    ASSERT_NE(b, nullptr);
    EXPECT_TRUE(b->isDefault());
    EXPECT_EQ(r->pattern, R"({"source":["com.example.app"],"detail-type":["PaymentFailed"]})");
    ASSERT_EQ(r->targets.size(), 1u);
    EXPECT_EQ(r->targets[0].destination, p.get<Sticky>({"c"})->linked);
    EXPECT_EQ(p.get<Consumer>(r->targets[0].destination)->name, "NotifyCustomer");
    EXPECT_TRUE(p.get<Sticky>({"far"})->linked.empty());
    EXPECT_TRUE(p.checkReferences().ok());
}

TEST(Promote, APolicyWithoutAnEventToItsLeftSaysWhatIsMissing) {
    Project p;
    ASSERT_TRUE(p.apply(add(sticky("p", StickyKind::Policy, "When", 200))).ok());
    ASSERT_TRUE(p.apply(add(sticky("c", StickyKind::Command, "Do", 400))).ok());
    auto refused = promotePolicy(p, {"p"});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message,
              "policy \"p\" needs a domain-event sticky to its left, on the same row");
    auto wrongKind = promoteDomainEvent(p, {"c"});
    ASSERT_FALSE(wrongKind.ok());
    EXPECT_EQ(wrongKind.error().message, "sticky \"c\" is a command, not a domainEvent");
}

TEST(Promote, AnExternalSystemStickyBecomesAnApiDestinationWithItsConnection) {
    Project p;
    ASSERT_TRUE(p.apply(add(sticky("x", StickyKind::ExternalSystem, "Payment provider", 0))).ok());
    auto command = promoteExternalSystem(p, {"x"});
    ASSERT_TRUE(command.ok());
    ASSERT_TRUE(p.apply(*command).ok());
    const ApiDestination *api = p.get<ApiDestination>(p.get<Sticky>({"x"})->linked);
    ASSERT_NE(api, nullptr);
    EXPECT_EQ(api->name, "PaymentProviderApi");
    EXPECT_NE(p.get<Connection>(api->connection), nullptr);
    const ExternalSystem *system = p.get<ExternalSystem>(api->externalSystem);
    ASSERT_NE(system, nullptr);
    EXPECT_EQ(system->name, "Payment provider");
    EXPECT_EQ(api->invocationRateLimitPerSecond, 300);
}

} // namespace
