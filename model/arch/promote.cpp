#include "arch/promote.h"

#include <cmath>
#include <limits>

namespace sg::model {

namespace {

constexpr double kBelowBoard = 80; // gap between a sticky and the element promoted from it

Error failure(std::string message) {
    Error error;
    error.message = std::move(message);
    return error;
}

// "Order placed" -> "OrderPlaced": EventBridge detail-types are usually written this way.
std::string pascalCase(std::string_view text) {
    std::string out;
    bool upper = true;
    for (char c : text) {
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum) {
            upper = true;
            continue;
        }
        out.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
        upper = false;
    }
    return out;
}

std::string lowerSlug(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c >= 'A' && c <= 'Z') {
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out.push_back(c);
        } else if (!out.empty() && out.back() != '-') {
            out.push_back('-');
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out;
}

// Collapses whitespace so that a multi-line sticky text makes a one-line name.
std::string oneLine(std::string_view text) {
    std::string out;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        if (space) {
            if (!out.empty() && out.back() != ' ') {
                out.push_back(' ');
            }
        } else {
            out.push_back(c);
        }
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

Result<const Sticky *> stickyOfKind(const Project &project, const ElementId &id, StickyKind kind) {
    const Sticky *sticky = project.get<Sticky>(id);
    if (!sticky) {
        return failure("\"" + id.value + "\" is not a sticky");
    }
    if (sticky->kind != kind) {
        return failure("sticky \"" + id.value + "\" is a " +
                       std::string(stickyKindName(sticky->kind)) + ", not a " +
                       std::string(stickyKindName(kind)));
    }
    if (!sticky->linked.empty()) {
        return failure("sticky \"" + id.value + "\" is already linked to \"" +
                       sticky->linked.value + "\"");
    }
    if (oneLine(sticky->text).empty()) {
        return failure("sticky \"" + id.value + "\" has no text to name the new element");
    }
    return sticky;
}

Point below(const Sticky &sticky) {
    return {sticky.geometry.x, sticky.geometry.y + sticky.geometry.height + kBelowBoard};
}

// The nearest sticky of `kind` on the same row, to the left (direction -1) or right (+1).
const Sticky *neighbour(const Project &project, const Sticky &from, StickyKind kind,
                        int direction) {
    const double centreY = from.geometry.y + from.geometry.height / 2;
    const Sticky *best = nullptr;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (const Sticky *s : project.all<Sticky>()) {
        if (s->kind != kind || s->id == from.id) {
            continue;
        }
        const double dx = (s->geometry.x - from.geometry.x) * direction;
        const bool sameRow =
            centreY >= s->geometry.y - from.geometry.height / 2 &&
            centreY <= s->geometry.y + s->geometry.height + from.geometry.height / 2;
        if (dx <= 0 || !sameRow) {
            continue;
        }
        if (dx < bestDistance) {
            bestDistance = dx;
            best = s;
        }
    }
    return best;
}

std::string sourceFor(const Project &project, const Sticky &sticky) {
    if (const BoundedContext *context = project.get<BoundedContext>(sticky.context)) {
        const std::string slug = lowerSlug(context->name);
        if (!slug.empty()) {
            return "com.example." + slug;
        }
    }
    return "com.example.app";
}

Sticky linkedTo(const Sticky &sticky, const ElementId &element) {
    Sticky out = sticky;
    out.linked = element;
    return out;
}

// The event type for a domain-event sticky, appended to `batch` (in `scratch` too, so that ids
// made afterwards stay unique).
ElementId addEventType(Project &scratch, Batch &batch, const Sticky &sticky) {
    EventType type;
    type.id = scratch.uniqueId(lowerSlug(sticky.text));
    type.name = oneLine(sticky.text);
    type.context = sticky.context;
    type.position = below(sticky);
    type.source = sourceFor(scratch, sticky);
    type.detailType = pascalCase(sticky.text);
    type.schema = Json{{"type", "object"}};
    const ElementId id = type.id;
    for (Command c :
         {Command{AddElement{type}, {}}, Command{ReplaceElement{linkedTo(sticky, id)}, {}}}) {
        (void)scratch.apply(c);
        batch.commands.push_back(std::move(c));
    }
    return id;
}

Json::string_t patternFor(const EventType &type) {
    Json pattern = Json::object();
    pattern["source"] = Json::array({type.source});
    pattern["detail-type"] = Json::array({type.detailType});
    return pattern.dump();
}

} // namespace

Result<Command> promoteDomainEvent(const Project &project, const ElementId &id) {
    Result<const Sticky *> sticky = stickyOfKind(project, id, StickyKind::DomainEvent);
    if (!sticky) {
        return sticky.error();
    }
    Project scratch = project;
    Batch batch;
    addEventType(scratch, batch, **sticky);
    return Command{std::move(batch),
                   "Promote \"" + oneLine((*sticky)->text) + "\" to an event type"};
}

Result<Command> promotePolicy(const Project &project, const ElementId &id, const ElementId &busId) {
    Result<const Sticky *> policy = stickyOfKind(project, id, StickyKind::Policy);
    if (!policy) {
        return policy.error();
    }
    const Sticky *event = neighbour(project, **policy, StickyKind::DomainEvent, -1);
    if (!event) {
        return failure("policy \"" + id.value +
                       "\" needs a domain-event sticky to its left, on the same row");
    }
    const Sticky *command = neighbour(project, **policy, StickyKind::Command, +1);
    if (!command) {
        return failure("policy \"" + id.value +
                       "\" needs a command sticky to its right, on the same row");
    }
    if (!command->linked.empty()) {
        return failure("command sticky \"" + command->id.value + "\" is already linked to \"" +
                       command->linked.value + "\"");
    }

    Project scratch = project;
    Batch batch;
    ElementId eventTypeId = event->linked;
    if (eventTypeId.empty()) {
        eventTypeId = addEventType(scratch, batch, *event);
    }
    const EventType *eventType = scratch.get<EventType>(eventTypeId);
    if (!eventType) {
        return failure("domain-event sticky \"" + event->id.value + "\" is linked to \"" +
                       eventTypeId.value + "\", which is not an event type");
    }

    ElementId bus = busId;
    if (bus.empty()) {
        const std::vector<const Bus *> buses = scratch.all<Bus>();
        if (!buses.empty()) {
            bus = buses.front()->id;
        } else {
            Bus created;
            created.id = scratch.uniqueId("default-bus");
            created.name = std::string(kDefaultBusName);
            created.position = {(*policy)->geometry.x - 300, below(**policy).y + 200};
            bus = created.id;
            Command add{AddElement{created}, {}};
            (void)scratch.apply(add);
            batch.commands.push_back(std::move(add));
        }
    } else if (!scratch.get<Bus>(bus)) {
        return failure("\"" + bus.value + "\" is not a bus");
    }

    Consumer function;
    function.id = scratch.uniqueId(lowerSlug(command->text));
    function.kind = ElementKind::Function;
    function.name = pascalCase(command->text);
    function.context = command->context;
    function.position = below(*command);

    Rule rule;
    rule.id = scratch.uniqueId(lowerSlug((*policy)->text));
    rule.name = pascalCase((*policy)->text);
    rule.context = (*policy)->context;
    rule.position = below(**policy);
    rule.bus = bus;
    rule.pattern = patternFor(*eventType);
    Target target;
    target.id = function.name;
    target.destination = function.id;
    rule.targets.push_back(target);

    for (Command c : {Command{AddElement{function}, {}}, Command{AddElement{rule}, {}},
                      Command{ReplaceElement{linkedTo(**policy, rule.id)}, {}},
                      Command{ReplaceElement{linkedTo(*command, function.id)}, {}}}) {
        Result<Applied> applied = scratch.apply(c);
        if (!applied) {
            return applied.error();
        }
        batch.commands.push_back(std::move(c));
    }
    return Command{std::move(batch),
                   "Promote policy \"" + oneLine((*policy)->text) + "\" to a rule"};
}

Result<Command> promoteExternalSystem(const Project &project, const ElementId &id) {
    Result<const Sticky *> sticky = stickyOfKind(project, id, StickyKind::ExternalSystem);
    if (!sticky) {
        return sticky.error();
    }
    const Sticky &s = **sticky;
    const std::string name = oneLine(s.text);
    const std::string slug = lowerSlug(s.text);
    Project scratch = project;
    Batch batch;

    ExternalSystem system;
    system.id = scratch.uniqueId(slug);
    system.name = name;
    system.context = s.context;
    system.position = {below(s).x + 300, below(s).y};
    Command addSystem{AddElement{system}, {}};
    (void)scratch.apply(addSystem);

    Connection connection;
    connection.id = scratch.uniqueId(slug + "-connection");
    connection.name = pascalCase(s.text) + "Connection";
    connection.context = s.context;
    connection.position = {below(s).x, below(s).y + 200};
    connection.authorization = AuthorizationType::ApiKey;
    connection.apiKeyName = "x-api-key";
    Command addConnection{AddElement{connection}, {}};
    (void)scratch.apply(addConnection);

    ApiDestination destination;
    destination.id = scratch.uniqueId(slug + "-api");
    destination.name = pascalCase(s.text) + "Api";
    destination.context = s.context;
    destination.position = below(s);
    destination.connection = connection.id;
    destination.endpoint =
        "https://" + (slug.empty() ? std::string("api") : slug) + ".example.com/*";
    destination.externalSystem = system.id;

    batch.commands = {std::move(addSystem), std::move(addConnection),
                      Command{AddElement{destination}, {}},
                      Command{ReplaceElement{linkedTo(s, destination.id)}, {}}};
    return Command{std::move(batch), "Promote \"" + name + "\" to an API destination"};
}

} // namespace sg::model
