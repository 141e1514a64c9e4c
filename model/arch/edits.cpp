#include "arch/edits.h"

#include "arch/limits.h"
#include "io/projectjson.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace sg::model {

namespace {

constexpr std::string_view kExampleSource = "com.example.app";
// Matches every event: each event has a source, and every string starts with "".
constexpr std::string_view kEverythingPattern = R"({"source":[{"prefix":""}]})";
constexpr std::size_t kMaxTargetIdLength = 64; // EventBridge's limit on a target Id
constexpr double kConnectionGap = 40;          // between a new API destination and its connection

using Gone = std::function<bool(const ElementId &)>;

Error refusal(std::string message) {
    Error error;
    error.message = std::move(message);
    return error;
}

// How messages and labels name a kind ("event bus", not "bus": the user sees the palette's words).
std::string_view kindWords(ElementKind kind) {
    switch (kind) {
    case ElementKind::BoundedContext:
        return "bounded context";
    case ElementKind::EventType:
        return "event type";
    case ElementKind::Producer:
        return "producer";
    case ElementKind::Bus:
        return "event bus";
    case ElementKind::Rule:
        return "rule";
    case ElementKind::Function:
        return "function";
    case ElementKind::StateMachine:
        return "state machine";
    case ElementKind::Queue:
        return "queue";
    case ElementKind::Connection:
        return "connection";
    case ElementKind::ApiDestination:
        return "API destination";
    case ElementKind::ExternalSystem:
        return "external system";
    case ElementKind::Sticky:
        return "sticky";
    }
    return "element";
}

std::string withArticle(ElementKind kind) {
    const std::string_view words = kindWords(kind);
    const bool vowel = std::string_view("aeiouAEIOU").find(words.front()) != std::string_view::npos;
    return std::string(vowel ? "an " : "a ") + std::string(words);
}

// "rule bill-order": what a label or message calls one element.
std::string describe(const Element &element) {
    return std::string(kindWords(elementKind(element))) + " " + elementId(element).value;
}

// The start of a new element's name; a number follows ("Rule 2").
std::string_view nameBase(ElementKind kind) {
    switch (kind) {
    case ElementKind::BoundedContext:
        return "Context";
    case ElementKind::EventType:
        return "Event type";
    case ElementKind::Producer:
        return "Producer";
    case ElementKind::Bus:
        return "bus";
    case ElementKind::Rule:
        return "rule";
    case ElementKind::Function:
        return "function";
    case ElementKind::StateMachine:
        return "state-machine";
    case ElementKind::Queue:
        return "queue";
    case ElementKind::Connection:
        return "connection";
    case ElementKind::ApiDestination:
        return "api-destination";
    case ElementKind::ExternalSystem:
        return "External system";
    case ElementKind::Sticky:
        return "Sticky";
    }
    return "Element";
}

std::string_view stickyPlaceholder(StickyKind kind) {
    switch (kind) {
    case StickyKind::DomainEvent:
        return "Domain event";
    case StickyKind::Command:
        return "Command";
    case StickyKind::Policy:
        return "Policy";
    case StickyKind::ReadModel:
        return "Read model";
    case StickyKind::ExternalSystem:
        return "External system";
    case StickyKind::Actor:
        return "Actor";
    case StickyKind::Aggregate:
        return "Aggregate";
    case StickyKind::Hotspot:
        return "Hotspot";
    }
    return "Sticky";
}

bool isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// "Order placed" -> "OrderPlaced": EventBridge detail-types are usually written this way.
std::string pascalCase(std::string_view text) {
    std::string out;
    bool upper = true;
    for (char c : text) {
        if (!isAsciiAlnum(c)) {
            upper = true;
            continue;
        }
        out.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
        upper = false;
    }
    return out;
}

// "API destination 2" -> "api-destination-2": ids in the style of hand-written files.
std::string lowerSlug(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c >= 'A' && c <= 'Z') {
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if (isAsciiAlnum(c)) {
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

// "rule-3" when the project has two rules (or the next number whose name is free).
std::string numberedName(const Project &project, ElementKind kind) {
    const std::string base(nameBase(kind));
    const bool awsName = kind == ElementKind::Bus || kind == ElementKind::Rule ||
                         kind == ElementKind::Function || kind == ElementKind::StateMachine ||
                         kind == ElementKind::Queue || kind == ElementKind::Connection ||
                         kind == ElementKind::ApiDestination;
    const std::string separator = awsName ? "-" : " ";
    std::size_t count = 0;
    std::unordered_set<std::string> names;
    for (const Element &element : project.elements()) {
        if (elementKind(element) == kind) {
            ++count;
            names.insert(elementName(element));
        }
    }
    for (std::size_t n = count + 1;; ++n) {
        std::string name = base + separator + std::to_string(n);
        if (!names.contains(name)) {
            return name;
        }
    }
}

// --- Geometry --------------------------------------------------------------------------------

Rect boxAt(Point at) {
    return {at.x, at.y, kElementBoxWidth, kElementBoxHeight};
}

// The gap between two rectangles (0 when they touch or overlap).
double boxDistance(const Rect &a, const Rect &b) {
    const double dx = std::max({0.0, a.x - (b.x + b.width), b.x - (a.x + a.width)});
    const double dy = std::max({0.0, a.y - (b.y + b.height), b.y - (a.y + a.height)});
    return std::hypot(dx, dy);
}

// The T whose box is nearest to `box`; the first in model order on a tie.
template <typename T> const T *nearest(const Project &project, const Rect &box) {
    const T *best = nullptr;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (const Element &element : project.elements()) {
        if (const T *candidate = std::get_if<T>(&element)) {
            const double distance = boxDistance(box, elementBounds(element));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
    }
    return best;
}

// The bounded context whose region holds the centre of `box`; the innermost (smallest) one when
// regions nest.
ElementId contextAt(const Project &project, const Rect &box) {
    const double x = box.x + box.width / 2;
    const double y = box.y + box.height / 2;
    const BoundedContext *best = nullptr;
    double bestArea = std::numeric_limits<double>::infinity();
    for (const BoundedContext *context : project.all<BoundedContext>()) {
        const Rect &r = context->region;
        const bool inside = x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height;
        if (inside && r.width * r.height < bestArea) {
            bestArea = r.width * r.height;
            best = context;
        }
    }
    return best ? best->id : ElementId{};
}

// --- Element parts ---------------------------------------------------------------------------

Behavior *behaviorOf(Element &element) {
    if (auto *consumer = std::get_if<Consumer>(&element)) {
        return &consumer->behavior;
    }
    if (auto *api = std::get_if<ApiDestination>(&element)) {
        return &api->behavior;
    }
    if (auto *system = std::get_if<ExternalSystem>(&element)) {
        return &system->behavior;
    }
    return nullptr;
}

bool isTargetKind(ElementKind kind) {
    return kind == ElementKind::Function || kind == ElementKind::StateMachine ||
           kind == ElementKind::Queue || kind == ElementKind::ApiDestination ||
           kind == ElementKind::Bus;
}

bool isCallableKind(ElementKind kind) {
    return kind == ElementKind::Function || kind == ElementKind::StateMachine ||
           kind == ElementKind::ApiDestination || kind == ElementKind::ExternalSystem;
}

// A reference that makes its holder part of what it names: cutting it would silently change what
// the holder is, so a deletion is refused instead.
bool isContainment(const Element &holder, std::string_view field) {
    return (std::holds_alternative<Rule>(holder) && field == "bus") ||
           (std::holds_alternative<ApiDestination>(holder) && field == "connection");
}

// Removes or clears every reference of `element` to an id for which `gone` holds, as a deletion
// cuts an edge (a target goes with its destination, a follow-up with its event type or bus).
// Returns whether anything changed.
bool stripReferences(Element &element, const Gone &gone) {
    bool changed = false;
    const auto isGone = [&gone](const ElementId &id) {
        return !id.empty() && gone(id);
    };
    const auto clear = [&](ElementId &id) {
        if (isGone(id)) {
            id = {};
            changed = true;
        }
    };
    const auto stripBehavior = [&](Behavior &behavior) {
        if (std::erase_if(behavior.dependsOn, isGone) > 0) {
            changed = true;
        }
        if (std::erase_if(behavior.followUps, [&](const FollowUp &f) {
                return isGone(f.eventType) || isGone(f.bus);
            }) > 0) {
            changed = true;
        }
    };
    std::visit(
        [&](auto &e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (!std::is_same_v<T, BoundedContext>) {
                clear(e.context);
            }
            if constexpr (std::is_same_v<T, Producer>) {
                clear(e.bus);
                if (std::erase_if(e.emits, [&](const Emission &m) { return isGone(m.eventType); }) >
                    0) {
                    changed = true;
                }
            } else if constexpr (std::is_same_v<T, Rule>) {
                clear(e.bus);
                if (std::erase_if(e.targets,
                                  [&](const Target &t) { return isGone(t.destination); }) > 0) {
                    changed = true;
                }
                for (Target &target : e.targets) {
                    clear(target.deadLetterQueue);
                }
            } else if constexpr (std::is_same_v<T, Consumer>) {
                stripBehavior(e.behavior);
                clear(e.asyncInvocation.onFailure);
                clear(e.asyncInvocation.deadLetterQueue);
            } else if constexpr (std::is_same_v<T, ExternalSystem>) {
                stripBehavior(e.behavior);
            } else if constexpr (std::is_same_v<T, Queue>) {
                clear(e.readBy);
                clear(e.redrivePolicy.deadLetterQueue);
            } else if constexpr (std::is_same_v<T, ApiDestination>) {
                clear(e.connection);
                clear(e.externalSystem);
                stripBehavior(e.behavior);
            } else if constexpr (std::is_same_v<T, Sticky>) {
                clear(e.linked);
            }
        },
        element);
    return changed;
}

// An order of `elements` in which each comes after the elements of the list it refers to (the
// order to add them in; reversed, the order to remove them in). Only edges such as two functions
// calling each other can form a cycle; an element that closes one is marked `cut`: it is added
// without its references to elements placed after it (or to itself) and completed afterwards.
struct ReferenceOrder {
    std::vector<std::size_t> order;
    std::vector<bool> cut;
};

ReferenceOrder orderByReferences(const std::vector<const Element *> &elements) {
    const std::size_t n = elements.size();
    std::unordered_map<ElementId, std::size_t> indexOfId;
    for (std::size_t i = 0; i < n; ++i) {
        indexOfId.emplace(elementId(*elements[i]), i);
    }
    std::vector<std::size_t> pending(n, 0);
    std::vector<std::vector<std::size_t>> dependents(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::size_t> needs;
        forEachReference(*elements[i], [&](const Reference &ref) {
            if (const auto it = indexOfId.find(*ref.target); it != indexOfId.end()) {
                needs.push_back(it->second);
            }
        });
        std::sort(needs.begin(), needs.end());
        needs.erase(std::unique(needs.begin(), needs.end()), needs.end());
        pending[i] = needs.size();
        for (std::size_t j : needs) {
            dependents[j].push_back(i);
        }
    }

    ReferenceOrder out;
    out.cut.assign(n, false);
    std::vector<bool> placed(n, false);
    std::set<std::size_t> ready; // lowest index first, so that the order is the list's if it can
    for (std::size_t i = 0; i < n; ++i) {
        if (pending[i] == 0) {
            ready.insert(i);
        }
    }
    std::size_t scan = 0;
    while (out.order.size() < n) {
        std::size_t next = 0;
        if (!ready.empty()) {
            next = *ready.begin();
            ready.erase(ready.begin());
        } else {
            while (placed[scan]) {
                ++scan;
            }
            next = scan;
            out.cut[next] = true;
        }
        placed[next] = true;
        out.order.push_back(next);
        for (std::size_t d : dependents[next]) {
            if (!placed[d] && --pending[d] == 0) {
                ready.insert(d);
            }
        }
    }
    return out;
}

Command single(Batch batch, std::string label) {
    if (batch.commands.size() == 1) {
        Command only = std::move(batch.commands.front());
        only.label = std::move(label);
        return only;
    }
    return Command{std::move(batch), std::move(label)};
}

// --- Adding ----------------------------------------------------------------------------------

Json sampleEvent(const std::string &source, const std::string &detailType) {
    return Json{{"version", "0"},
                {"id", "00000000-0000-4000-8000-000000000000"},
                {"detail-type", detailType},
                {"source", source},
                {"account", "123456789012"},
                {"time", "2025-01-01T00:00:00Z"},
                {"region", "us-east-1"},
                {"resources", Json::array()},
                {"detail", Json::object()}};
}

// A pattern selecting `type`'s events, or the example source's when there is no type to go by.
std::string patternFor(const EventType *type) {
    Json pattern = Json::object();
    if (type && !type->source.empty()) {
        pattern["source"] = Json::array({type->source});
    }
    if (type && !type->detailType.empty()) {
        pattern["detail-type"] = Json::array({type->detailType});
    }
    if (pattern.empty()) {
        pattern["source"] = Json::array({std::string(kExampleSource)});
    }
    return pattern.dump();
}

template <typename T> T newArchitectureElement(const Project &project, ElementKind kind, Point at) {
    T element;
    element.name = numberedName(project, kind);
    element.id = project.uniqueId(lowerSlug(element.name));
    element.context = contextAt(project, boxAt(at));
    element.position = at;
    return element;
}

// --- Connecting ------------------------------------------------------------------------------

std::string connectionHint(ElementKind kind) {
    static constexpr std::string_view kCalls =
        "to a function, state machine, API destination or external system (a call it makes)";
    static constexpr std::string_view kEmits = "to an event type (an event it emits)";
    static constexpr std::string_view kDeadLetter =
        "when it is a rule's target, to a queue (its dead-letter queue)";
    const std::string who = withArticle(kind);
    switch (kind) {
    case ElementKind::Producer:
        return who + " connects to an event bus (it puts events on it) or to an event type (it "
                     "emits events of that type)";
    case ElementKind::Bus:
        return who +
               " connects to a rule (the rule moves to it), to another event bus (a new rule "
               "forwards its events there) or, " +
               std::string(kDeadLetter);
    case ElementKind::Rule:
        return who + " connects to its targets: a function, state machine, queue, API destination "
                     "or event bus";
    case ElementKind::Function:
        return who + " connects " + std::string(kEmits) + ", " + std::string(kCalls) +
               " or to a standard queue (its on-failure destination, where Lambda sends what "
               "fails for good)";
    case ElementKind::StateMachine:
        return who + " connects " + std::string(kEmits) + ", " + std::string(kCalls) + " or, " +
               std::string(kDeadLetter);
    case ElementKind::ApiDestination:
        return who + " connects to its connection, " + std::string(kEmits) + ", " +
               std::string(kCalls) + " or, " + std::string(kDeadLetter);
    case ElementKind::Queue:
        return who + " connects to the function or state machine that reads it or, when it is a "
                     "rule's target, to another queue (its dead-letter queue)";
    case ElementKind::ExternalSystem:
        return who + " connects " + std::string(kEmits);
    case ElementKind::EventType:
        return who + " connects to nothing: drag from a producer or a consumer to it instead";
    case ElementKind::Connection:
        return who + " connects to nothing: drag from an API destination to it instead";
    case ElementKind::BoundedContext:
        return who + " connects to nothing: drop elements into its region instead";
    case ElementKind::Sticky:
        return who + " connects to the architecture element it became (not to a sticky or a "
                     "bounded context)";
    }
    return who + " connects to nothing";
}

// The bus a follow-up of `eventType` goes on: one a producer puts that type on, else the first.
ElementId busForFollowUp(const Project &project, const ElementId &eventType) {
    ElementId first;
    for (const Element &element : project.elements()) {
        if (const auto *producer = std::get_if<Producer>(&element)) {
            const bool emits =
                std::any_of(producer->emits.begin(), producer->emits.end(),
                            [&](const Emission &e) { return e.eventType == eventType; });
            if (emits && !producer->bus.empty()) {
                return producer->bus;
            }
        } else if (const auto *bus = std::get_if<Bus>(&element); bus && first.empty()) {
            first = bus->id;
        }
    }
    return first;
}

// A target Id (letters, digits, '.', '-', '_'; at most 64) from `name`, unique within `rule`.
std::string targetIdFor(const Rule &rule, std::string_view name, const ElementId &fallback) {
    std::string base;
    for (char c : name) {
        if (isAsciiAlnum(c) || c == '.' || c == '_' || c == '-') {
            base.push_back(c);
        } else if (!base.empty() && base.back() != '-') {
            base.push_back('-');
        }
    }
    while (!base.empty() && base.back() == '-') {
        base.pop_back();
    }
    if (base.empty()) {
        base = fallback.value;
    }
    constexpr std::size_t kRoomForSuffix = 4;
    if (base.size() > kMaxTargetIdLength - kRoomForSuffix) {
        base.resize(kMaxTargetIdLength - kRoomForSuffix);
    }
    const auto used = [&rule](const std::string &id) {
        return std::any_of(rule.targets.begin(), rule.targets.end(),
                           [&id](const Target &t) { return t.id == id; });
    };
    std::string id = base;
    for (int n = 2; used(id); ++n) {
        id = base + "-" + std::to_string(n);
    }
    return id;
}

Target newTarget(const Rule &rule, const Element &destination) {
    Target target;
    target.id = targetIdFor(rule, elementName(destination), elementId(destination));
    target.destination = elementId(destination);
    return target;
}

// The dead-letter queue `queue` for every rule target delivering to `from`.
Result<Command> setDeadLetterQueue(const Project &project, const ElementId &from,
                                   const Queue &queue, const std::string &label) {
    if (queue.fifo) {
        return refusal("Cannot use " + queue.id.value +
                       " as a dead-letter queue: it is a FIFO queue and EventBridge needs a "
                       "standard one");
    }
    bool targeted = false;
    Batch batch;
    for (const Element &element : project.elements()) {
        const auto *rule = std::get_if<Rule>(&element);
        if (!rule) {
            continue;
        }
        std::optional<Rule> changed;
        for (std::size_t i = 0; i < rule->targets.size(); ++i) {
            const Target &target = rule->targets[i];
            if (target.destination != from) {
                continue;
            }
            targeted = true;
            if (target.deadLetterQueue != queue.id) {
                if (!changed) {
                    changed = *rule;
                }
                changed->targets[i].deadLetterQueue = queue.id;
            }
        }
        if (changed) {
            batch.commands.push_back(Command{ReplaceElement{std::move(*changed)}, label});
        }
    }
    if (!targeted) {
        return refusal(from.value +
                       " is not a target of any rule: connect a rule to it first, then give it "
                       "a dead-letter queue");
    }
    if (batch.commands.empty()) {
        return refusal(queue.id.value + " is already the dead-letter queue of " + from.value);
    }
    return single(std::move(batch), label);
}

Result<Command> forwardBusToBus(const Project &project, const Bus &from, const Bus &to,
                                const std::string &label) {
    for (const Rule *rule : project.all<Rule>()) {
        if (rule->bus != from.id) {
            continue;
        }
        for (const Target &target : rule->targets) {
            if (target.destination == to.id) {
                return refusal(from.id.value + " already forwards to " + to.id.value + " (rule " +
                               rule->id.value + ")");
            }
        }
    }
    Rule rule;
    rule.name = "Forward to " + to.name;
    rule.id = project.uniqueId("forward-to-" + to.id.value);
    rule.context = from.context;
    rule.position = {(from.position.x + to.position.x) / 2, (from.position.y + to.position.y) / 2};
    rule.bus = from.id;
    rule.pattern = std::string(kEverythingPattern);
    Target target;
    target.id = targetIdFor(rule, to.name, to.id);
    target.destination = to.id;
    rule.targets.push_back(std::move(target));
    return Command{AddElement{std::move(rule)}, label};
}

// --- Clipboard -------------------------------------------------------------------------------

Error pasteError(Error error, std::string_view text) {
    // elementFromJson() knows the JSON pointer of a problem but not its line; the project reader
    // reads each element the same way, so when it stops at the same pointer its line is ours.
    if (!error.hasPosition() && !error.field.empty()) {
        Result<Project> read = readProjectJson(text);
        if (!read && read.error().field == error.field && read.error().hasPosition()) {
            error = read.error();
            if (!error.message.starts_with("line ")) {
                error.message = "line " + std::to_string(error.line) + ", column " +
                                std::to_string(error.column) + ": " + error.message;
            }
        }
    }
    error.message = "Cannot paste: " + error.message;
    return error;
}

// The elements of clipboard text: a `.stormglass.json` document, one element or an array of them.
Result<std::vector<Element>> readClipboard(std::string_view text) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return refusal("Cannot paste: the clipboard is empty");
    }
    Json root;
    try {
        root = Json::parse(text.begin(), text.end(), nullptr, false);
    } catch (const std::exception &e) {
        return refusal(std::string("Cannot paste: ") + e.what());
    }
    if (root.is_discarded()) {
        // The project reader uses the same parser and says where the text stops being JSON.
        Result<Project> read = readProjectJson(text);
        Error error = read ? refusal("the text is not JSON") : read.error();
        error.message =
            "Cannot paste: the clipboard holds no Stormglass elements (" + error.message + ")";
        return error;
    }

    const Json *list = nullptr;
    std::string base;
    if (root.is_object() && root.contains("elements")) {
        const auto version = root.find("formatVersion");
        if (version != root.end() && version->is_number_integer() &&
            version->get<long long>() > kProjectJsonFormatVersion) {
            return refusal(
                "Cannot paste: the elements come from a newer Stormglass (formatVersion " +
                std::to_string(version->get<long long>()) + "; this version reads up to " +
                std::to_string(kProjectJsonFormatVersion) + ")");
        }
        list = &root["elements"];
        base = "/elements";
        if (!list->is_array()) {
            return refusal("Cannot paste: \"elements\" must be an array of elements");
        }
    } else if (root.is_array()) {
        list = &root;
    } else if (!root.is_object() || !root.contains("kind")) {
        return refusal("Cannot paste: the clipboard holds JSON, but no Stormglass elements (copy "
                       "elements in Stormglass, or paste the text of a .stormglass.json file)");
    }

    std::vector<Element> out;
    if (!list) {
        Result<Element> element = elementFromJson(root, "");
        if (!element) {
            return pasteError(element.error(), text);
        }
        out.push_back(std::move(element).value());
        return out;
    }
    out.reserve(list->size());
    for (std::size_t i = 0; i < list->size(); ++i) {
        Result<Element> element = elementFromJson((*list)[i], base + "/" + std::to_string(i));
        if (!element) {
            return pasteError(element.error(), text);
        }
        out.push_back(std::move(element).value());
    }
    return out;
}

// An id based on `base` that neither the project nor `taken` uses ("bill-order-2").
ElementId freshId(const Project &project, const std::unordered_set<ElementId> &taken,
                  std::string_view base) {
    std::string stem(base);
    constexpr std::size_t kRoomForSuffix = 12;
    if (stem.size() > kMaxElementIdLength - kRoomForSuffix) {
        stem.resize(kMaxElementIdLength - kRoomForSuffix);
    }
    ElementId id{stem};
    for (int n = 2; project.contains(id) || taken.contains(id); ++n) {
        id.value = stem + "-" + std::to_string(n);
    }
    return id;
}

// The command adding `pasted` (ids still as in the clipboard) to `project`; labelled by the caller.
Result<Command> pasteParsed(const Project &project, std::vector<Element> pasted, Point offset) {
    if (pasted.empty()) {
        return refusal("Cannot paste: the clipboard holds no elements");
    }
    std::unordered_set<ElementId> originals;
    for (const Element &element : pasted) {
        if (!originals.insert(elementId(element)).second) {
            return refusal("Cannot paste: two of the pasted elements have the id \"" +
                           elementId(element).value + "\"");
        }
    }
    // Ids that are free here are kept; the others get fresh ones, avoiding the kept ones too.
    std::unordered_set<ElementId> taken;
    for (const ElementId &id : originals) {
        if (!project.contains(id)) {
            taken.insert(id);
        }
    }
    std::unordered_map<ElementId, ElementId> renamed;
    for (const Element &element : pasted) {
        const ElementId &id = elementId(element);
        if (project.contains(id)) {
            ElementId fresh = freshId(project, taken, id.value);
            taken.insert(fresh);
            renamed.emplace(id, std::move(fresh));
        }
    }

    for (Element &element : pasted) {
        const ElementId original = elementId(element);
        // References outside the paste survive only if they resolve here to an allowed kind.
        std::unordered_set<ElementId> missing;
        forEachReference(element, [&](const Reference &ref) {
            if (originals.contains(*ref.target)) {
                return;
            }
            const Element *existing = project.find(*ref.target);
            if (!existing || std::find(ref.allowed.begin(), ref.allowed.end(),
                                       elementKind(*existing)) == ref.allowed.end()) {
                missing.insert(*ref.target);
            }
        });
        const Rule *rule = std::get_if<Rule>(&element);
        const ElementId lostBus = rule && missing.contains(rule->bus) ? rule->bus : ElementId{};
        if (!missing.empty()) {
            stripReferences(element,
                            [&missing](const ElementId &id) { return missing.contains(id); });
        }
        // forEachReference() is the one list of reference fields; `element` is our own copy, so
        // writing through the pointers it hands out is sound.
        forEachReference(element, [&renamed](const Reference &ref) {
            if (const auto it = renamed.find(*ref.target); it != renamed.end()) {
                const_cast<ElementId *>(ref.target)->value = it->second.value;
            }
        });
        if (const auto it = renamed.find(original); it != renamed.end()) {
            elementId(element) = it->second;
        }
        const Point at = elementPosition(element);
        setElementPosition(element, {at.x + offset.x, at.y + offset.y});
        if (!lostBus.empty()) {
            // A rule lives on a bus: put it on the one nearest to where it lands.
            const Bus *bus = nearest<Bus>(project, elementBounds(element));
            if (!bus) {
                return refusal("Cannot paste rule " + original.value + ": its bus " +
                               lostBus.value +
                               " is not in this project and there is no other bus to put it on; "
                               "add an event bus first, or copy the bus with the rule");
            }
            std::get<Rule>(element).bus = bus->id;
        }
    }

    std::vector<const Element *> pointers;
    pointers.reserve(pasted.size());
    for (const Element &element : pasted) {
        pointers.push_back(&element);
    }
    const ReferenceOrder order = orderByReferences(pointers);
    std::vector<std::size_t> rank(pasted.size(), 0);
    for (std::size_t k = 0; k < order.order.size(); ++k) {
        rank[order.order[k]] = k;
    }

    // Added in reference order, each inserted where it keeps the clipboard's order after the
    // project's elements.
    Batch batch;
    std::vector<Command> completions;
    std::vector<bool> added(pasted.size(), false);
    for (std::size_t k = 0; k < order.order.size(); ++k) {
        const std::size_t i = order.order[k];
        std::size_t index = project.size();
        for (std::size_t j = 0; j < i; ++j) {
            if (added[j]) {
                ++index;
            }
        }
        added[i] = true;
        if (order.cut[i]) {
            std::unordered_set<ElementId> later;
            for (std::size_t j = 0; j < pasted.size(); ++j) {
                if (rank[j] >= k) {
                    later.insert(elementId(pasted[j]));
                }
            }
            Element partial = pasted[i];
            stripReferences(partial, [&later](const ElementId &id) { return later.contains(id); });
            batch.commands.push_back(Command{AddElement{std::move(partial), index}, {}});
            completions.push_back(Command{ReplaceElement{pasted[i]}, {}});
        } else {
            batch.commands.push_back(Command{AddElement{pasted[i], index}, {}});
        }
    }
    for (Command &completion : completions) {
        batch.commands.push_back(std::move(completion));
    }
    Command command{std::move(batch), {}};

    // Clipboard text may have been written by hand: make sure the whole paste applies before
    // offering it, so that the undo stack never holds a command that fails.
    Project scratch = project;
    if (Result<Applied> applied = scratch.apply(command); !applied) {
        return refusal("Cannot paste: " + applied.error().message);
    }
    return command;
}

std::string countLabel(std::string_view verb, const std::vector<const Element *> &elements) {
    if (elements.size() == 1) {
        return std::string(verb) + " " + describe(*elements.front());
    }
    return std::string(verb) + " " + std::to_string(elements.size()) + " elements";
}

// The existing elements among `ids`, each once, in selection order.
std::vector<const Element *> selection(const Project &project, const std::vector<ElementId> &ids) {
    std::vector<const Element *> out;
    std::unordered_set<ElementId> seen;
    for (const ElementId &id : ids) {
        if (const Element *element = project.find(id); element && seen.insert(id).second) {
            out.push_back(element);
        }
    }
    return out;
}

} // namespace

// --- Adding ----------------------------------------------------------------------------------

Result<Command> addNewElement(const Project &project, ElementKind kind, Point at) {
    const std::string label = "Add " + std::string(kindWords(kind));
    switch (kind) {
    case ElementKind::Sticky:
        return addNewSticky(project, StickyKind::DomainEvent, at);
    case ElementKind::BoundedContext: {
        BoundedContext context;
        context.name = numberedName(project, kind);
        context.id = project.uniqueId(lowerSlug(context.name));
        context.region = {at.x, at.y, kNewContextWidth, kNewContextHeight};
        return Command{AddElement{std::move(context)}, label};
    }
    case ElementKind::EventType: {
        auto type = newArchitectureElement<EventType>(project, kind, at);
        type.source = std::string(kExampleSource);
        type.detailType = pascalCase(type.name);
        type.schema = Json{{"type", "object"}};
        type.samples.push_back(sampleEvent(type.source, type.detailType));
        return Command{AddElement{std::move(type)}, label};
    }
    case ElementKind::Producer: {
        auto producer = newArchitectureElement<Producer>(project, kind, at);
        if (const Bus *bus = nearest<Bus>(project, boxAt(at))) {
            producer.bus = bus->id;
        }
        return Command{AddElement{std::move(producer)}, label};
    }
    case ElementKind::Bus: {
        auto bus = newArchitectureElement<Bus>(project, kind, at);
        return Command{AddElement{std::move(bus)}, label};
    }
    case ElementKind::Rule: {
        const Bus *bus = nearest<Bus>(project, boxAt(at));
        if (!bus) {
            return refusal("Add an event bus first: a rule belongs to a bus");
        }
        auto rule = newArchitectureElement<Rule>(project, kind, at);
        rule.bus = bus->id;
        rule.pattern = patternFor(nearest<EventType>(project, boxAt(at)));
        return Command{AddElement{std::move(rule)}, label};
    }
    case ElementKind::Function:
    case ElementKind::StateMachine: {
        auto consumer = newArchitectureElement<Consumer>(project, kind, at);
        consumer.kind = kind;
        return Command{AddElement{std::move(consumer)}, label};
    }
    case ElementKind::Queue: {
        auto queue = newArchitectureElement<Queue>(project, kind, at);
        return Command{AddElement{std::move(queue)}, label};
    }
    case ElementKind::Connection: {
        auto connection = newArchitectureElement<Connection>(project, kind, at);
        connection.authorization = AuthorizationType::ApiKey;
        connection.apiKeyName = "x-api-key";
        return Command{AddElement{std::move(connection)}, label};
    }
    case ElementKind::ApiDestination: {
        // EventBridge has no API destination without a connection, so one comes with it.
        const Point below{at.x, at.y + kElementBoxHeight + kConnectionGap};
        auto connection =
            newArchitectureElement<Connection>(project, ElementKind::Connection, below);
        connection.authorization = AuthorizationType::ApiKey;
        connection.apiKeyName = "x-api-key";
        auto api = newArchitectureElement<ApiDestination>(project, kind, at);
        api.connection = connection.id;
        api.endpoint = "https://api.example.com/*";
        Batch batch;
        batch.commands.push_back(Command{AddElement{std::move(connection)}, label});
        batch.commands.push_back(Command{AddElement{std::move(api)}, label});
        return Command{std::move(batch), label};
    }
    case ElementKind::ExternalSystem: {
        auto system = newArchitectureElement<ExternalSystem>(project, kind, at);
        return Command{AddElement{std::move(system)}, label};
    }
    }
    return refusal("Cannot add an element of this kind");
}

Result<Command> addNewSticky(const Project &project, StickyKind kind, Point at,
                             const ElementId &context) {
    if (!context.empty() && !project.get<BoundedContext>(context)) {
        return refusal("Cannot put the sticky in " + context.value +
                       ": it is not a bounded context");
    }
    Sticky sticky;
    sticky.kind = kind;
    sticky.text = std::string(stickyPlaceholder(kind));
    sticky.id = project.uniqueId(lowerSlug(sticky.text));
    sticky.geometry = defaultStickyGeometry(kind, at);
    sticky.context = context.empty() ? contextAt(project, sticky.geometry) : context;
    std::string words = sticky.text;
    std::transform(words.begin(), words.end(), words.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    std::string label = "Add " + words + " sticky";
    return Command{AddElement{std::move(sticky)}, std::move(label)};
}

// --- Connecting ------------------------------------------------------------------------------

Result<Command> connectElements(const Project &project, const ElementId &fromId,
                                const ElementId &toId) {
    const Element *from = project.find(fromId);
    if (!from) {
        return refusal("Cannot connect: there is no element \"" + fromId.value + "\"");
    }
    const Element *to = project.find(toId);
    if (!to) {
        return refusal("Cannot connect: there is no element \"" + toId.value + "\"");
    }
    const ElementKind fromKind = elementKind(*from);
    const ElementKind toKind = elementKind(*to);
    if (fromId == toId) {
        if (fromKind == ElementKind::Queue) {
            return refusal("A queue cannot be its own dead-letter queue");
        }
        return refusal("Cannot connect " + fromId.value + " to itself");
    }
    const std::string label = "Connect " + fromId.value + " to " + toId.value;
    const auto replace = [&label](Element element) {
        return Command{ReplaceElement{std::move(element)}, label};
    };
    const auto already = [&](std::string_view what) {
        return refusal(fromId.value + " already " + std::string(what) + " " + toId.value);
    };

    switch (fromKind) {
    case ElementKind::Producer: {
        Producer producer = std::get<Producer>(*from);
        if (toKind == ElementKind::Bus) {
            if (producer.bus == toId) {
                return already("puts its events on");
            }
            producer.bus = toId;
            return replace(std::move(producer));
        }
        if (toKind == ElementKind::EventType) {
            if (std::any_of(producer.emits.begin(), producer.emits.end(),
                            [&](const Emission &e) { return e.eventType == toId; })) {
                return already("emits");
            }
            Emission emission;
            emission.eventType = toId;
            producer.emits.push_back(std::move(emission));
            return replace(std::move(producer));
        }
        break;
    }
    case ElementKind::Bus:
        if (toKind == ElementKind::Rule) {
            Rule rule = std::get<Rule>(*to);
            if (rule.bus == fromId) {
                return refusal(toId.value + " is already on " + fromId.value);
            }
            if (std::any_of(rule.targets.begin(), rule.targets.end(),
                            [&](const Target &t) { return t.destination == fromId; })) {
                return refusal("Cannot move " + toId.value + " to " + fromId.value +
                               ": it sends its events to that bus, which would loop them forever");
            }
            rule.bus = fromId;
            return replace(std::move(rule));
        }
        if (toKind == ElementKind::Bus) {
            return forwardBusToBus(project, std::get<Bus>(*from), std::get<Bus>(*to), label);
        }
        if (toKind == ElementKind::Queue) {
            return setDeadLetterQueue(project, fromId, std::get<Queue>(*to), label);
        }
        break;
    case ElementKind::Rule:
        if (isTargetKind(toKind)) {
            Rule rule = std::get<Rule>(*from);
            if (std::any_of(rule.targets.begin(), rule.targets.end(),
                            [&](const Target &t) { return t.destination == toId; })) {
                return already("targets");
            }
            if (toKind == ElementKind::Bus && rule.bus == toId) {
                return refusal("Cannot connect " + fromId.value + " to " + toId.value +
                               ": the rule is on that bus, and sending its events back would loop "
                               "them forever");
            }
            if (rule.targets.size() >= kMaxTargetsPerRule) {
                return refusal("A rule has at most " + std::to_string(kMaxTargetsPerRule) +
                               " targets (EventBridge's limit): " + fromId.value + " has " +
                               std::to_string(rule.targets.size()) + "; remove one first");
            }
            rule.targets.push_back(newTarget(rule, *to));
            return replace(std::move(rule));
        }
        break;
    case ElementKind::Function:
    case ElementKind::StateMachine:
    case ElementKind::ApiDestination:
    case ElementKind::ExternalSystem: {
        if (toKind == ElementKind::Queue && fromKind == ElementKind::Function) {
            // Where a function's failures go is Lambda's on-failure destination: EventBridge's
            // dead-letter queue would only see refused Invoke calls.
            const Queue &queue = std::get<Queue>(*to);
            Consumer function = std::get<Consumer>(*from);
            if (queue.fifo) {
                return refusal("Cannot send " + fromId.value + "'s failures to " + toId.value +
                               ": it is a FIFO queue, and Lambda's on-failure destinations are "
                               "standard queues");
            }
            if (function.asyncInvocation.onFailure == toId) {
                return refusal(toId.value + " is already the on-failure destination of " +
                               fromId.value);
            }
            function.asyncInvocation.onFailure = toId;
            return replace(std::move(function));
        }
        if (toKind == ElementKind::Queue && fromKind != ElementKind::ExternalSystem) {
            return setDeadLetterQueue(project, fromId, std::get<Queue>(*to), label);
        }
        if (toKind == ElementKind::EventType) {
            Element changed = *from;
            Behavior &behavior = *behaviorOf(changed);
            if (std::any_of(behavior.followUps.begin(), behavior.followUps.end(),
                            [&](const FollowUp &f) { return f.eventType == toId; })) {
                return already("emits");
            }
            const ElementId bus = busForFollowUp(project, toId);
            if (bus.empty()) {
                return refusal("Add an event bus first: " + fromId.value + " needs a bus to put " +
                               toId.value + " events on");
            }
            behavior.followUps.push_back(FollowUp{toId, bus, 1.0});
            return replace(std::move(changed));
        }
        if (fromKind == ElementKind::ApiDestination && toKind == ElementKind::Connection) {
            ApiDestination api = std::get<ApiDestination>(*from);
            if (api.connection == toId) {
                return already("uses");
            }
            api.connection = toId;
            return replace(std::move(api));
        }
        if (fromKind != ElementKind::ExternalSystem && isCallableKind(toKind)) {
            Element changed = *from;
            Behavior &behavior = *behaviorOf(changed);
            if (std::find(behavior.dependsOn.begin(), behavior.dependsOn.end(), toId) !=
                behavior.dependsOn.end()) {
                return already("calls");
            }
            behavior.dependsOn.push_back(toId);
            return replace(std::move(changed));
        }
        break;
    }
    case ElementKind::Queue:
        if (toKind == ElementKind::Queue) {
            return setDeadLetterQueue(project, fromId, std::get<Queue>(*to), label);
        }
        if (toKind == ElementKind::Function || toKind == ElementKind::StateMachine) {
            Queue queue = std::get<Queue>(*from);
            if (queue.readBy == toId) {
                return refusal(fromId.value + " is already read by " + toId.value);
            }
            queue.readBy = toId;
            return replace(std::move(queue));
        }
        break;
    case ElementKind::Sticky:
        if (toKind != ElementKind::Sticky && toKind != ElementKind::BoundedContext) {
            Sticky sticky = std::get<Sticky>(*from);
            if (sticky.linked == toId) {
                return refusal("Sticky " + fromId.value + " is already linked to " + toId.value);
            }
            sticky.linked = toId;
            return replace(std::move(sticky));
        }
        break;
    case ElementKind::BoundedContext:
    case ElementKind::EventType:
    case ElementKind::Connection:
        break;
    }
    return refusal("Cannot connect " + fromId.value + " to " + toId.value + ": " +
                   connectionHint(fromKind));
}

bool canConnect(const Project &project, const ElementId &from, const ElementId &to) {
    return connectElements(project, from, to).ok();
}

// --- Deleting --------------------------------------------------------------------------------

Result<Command> deleteElements(const Project &project, const std::vector<ElementId> &ids) {
    std::unordered_set<ElementId> selected;
    for (const ElementId &id : ids) {
        if (!project.contains(id)) {
            return refusal("Cannot delete \"" + id.value + "\": there is no such element");
        }
        selected.insert(id);
    }
    if (selected.empty()) {
        return refusal("Nothing to delete: select the elements to delete first");
    }
    const Gone gone = [&selected](const ElementId &id) {
        return selected.contains(id);
    };

    // Elements that stay: cut the edges they hold to deleted ones; containment refuses.
    Batch batch;
    const Element *blocker = nullptr;
    std::string blockerField;
    ElementId blocked;
    std::size_t blockers = 0;
    std::vector<const Element *> doomed;
    for (const Element &element : project.elements()) {
        if (selected.contains(elementId(element))) {
            doomed.push_back(&element);
            continue;
        }
        bool refers = false;
        bool contained = false;
        forEachReference(element, [&](const Reference &ref) {
            if (!selected.contains(*ref.target)) {
                return;
            }
            refers = true;
            if (isContainment(element, ref.field)) {
                contained = true;
                if (!blocker) {
                    blocker = &element;
                    blockerField = ref.field;
                    blocked = *ref.target;
                }
            }
        });
        if (contained) {
            ++blockers;
        } else if (refers && blockers == 0) {
            Element cut = element;
            stripReferences(cut, gone);
            batch.commands.push_back(Command{ReplaceElement{std::move(cut)}, {}});
        }
    }
    if (blocker) {
        std::string message = "Cannot delete " + blocked.value + ": " + describe(*blocker) + " (" +
                              blockerField + ")";
        if (blockers == 1) {
            message += " still refers to it; delete it too or change it first";
        } else {
            const std::size_t others = blockers - 1;
            message += " and " + std::to_string(others) +
                       (others == 1 ? " other element" : " other elements") +
                       " still refer to it; delete them too or change them first";
        }
        return refusal(std::move(message));
    }

    // Within the selection, referrers go first; a cycle (two functions calling each other) is
    // broken by cutting one element's references before anything is removed.
    const ReferenceOrder order = orderByReferences(doomed);
    for (std::size_t i = 0; i < doomed.size(); ++i) {
        if (order.cut[i]) {
            Element cut = *doomed[i];
            if (stripReferences(cut, gone)) {
                batch.commands.push_back(Command{ReplaceElement{std::move(cut)}, {}});
            }
        }
    }
    for (auto it = order.order.rbegin(); it != order.order.rend(); ++it) {
        batch.commands.push_back(Command{RemoveElement{elementId(*doomed[*it])}, {}});
    }
    return Command{std::move(batch), countLabel("Delete", doomed)};
}

// --- Clipboard -------------------------------------------------------------------------------

std::string copyElements(const Project &project, const std::vector<ElementId> &ids) {
    const std::unordered_set<ElementId> wanted(ids.begin(), ids.end());
    Project clip;
    clip.setInfo(project.name(), "");
    for (const Element &element : project.elements()) {
        if (wanted.contains(elementId(element))) {
            // The ids are valid and unique: they come from a project.
            (void)clip.appendUnchecked(element);
        }
    }
    return writeProjectJson(clip);
}

Result<Command> pasteElements(const Project &project, std::string_view json, Point offset) {
    Result<std::vector<Element>> pasted = readClipboard(json);
    if (!pasted) {
        return pasted.error();
    }
    Result<Command> command = pasteParsed(project, std::move(pasted).value(), offset);
    if (command) {
        const Batch &batch = std::get<Batch>(command->operation);
        std::vector<const Element *> added;
        for (const Command &step : batch.commands) {
            if (const auto *add = std::get_if<AddElement>(&step.operation)) {
                added.push_back(&add->element);
            }
        }
        command->label = countLabel("Paste", added);
    }
    return command;
}

Result<Command> duplicateElements(const Project &project, const std::vector<ElementId> &ids,
                                  Point offset) {
    const std::vector<const Element *> originals = selection(project, ids);
    if (originals.empty()) {
        return refusal("Nothing to duplicate: select the elements to duplicate first");
    }
    Result<Command> command = pasteElements(project, copyElements(project, ids), offset);
    if (command) {
        command->label = countLabel("Duplicate", originals);
    }
    return command;
}

// --- Arranging -------------------------------------------------------------------------------

Result<Command> resizeElement(const Project &project, const ElementId &id, Rect to) {
    const Element *found = project.find(id);
    if (!found) {
        return Error{"there is no element " + id.value};
    }
    Element element = *found;
    if (auto *sticky = std::get_if<Sticky>(&element)) {
        to.width = std::max(to.width, kMinStickySize);
        to.height = std::max(to.height, kMinStickySize);
        if (sticky->geometry == to) {
            return Error{"the sticky already has that size"};
        }
        sticky->geometry = to;
    } else if (auto *context = std::get_if<BoundedContext>(&element)) {
        to.width = std::max(to.width, kMinRegionWidth);
        to.height = std::max(to.height, kMinRegionHeight);
        if (context->region == to) {
            return Error{"the bounded context already has that size"};
        }
        context->region = to;
    } else {
        return Error{"Only stickies and bounded contexts can be resized; " + describe(*found) +
                     " has the fixed size of every architecture element"};
    }
    return Command{ReplaceElement{std::move(element)}, "Resize " + describe(*found)};
}

Command alignElements(const Project &project, const std::vector<ElementId> &ids,
                      Alignment alignment) {
    static constexpr std::array<std::string_view, 6> kLabels{
        "Align left", "Align horizontal centers", "Align right",
        "Align top",  "Align vertical centers",   "Align bottom"};
    MoveElements move;
    const std::vector<const Element *> elements = selection(project, ids);
    double left = std::numeric_limits<double>::infinity();
    double top = left;
    double right = -left;
    double bottom = -left;
    for (const Element *element : elements) {
        const Rect r = elementBounds(*element);
        left = std::min(left, r.x);
        top = std::min(top, r.y);
        right = std::max(right, r.x + r.width);
        bottom = std::max(bottom, r.y + r.height);
    }
    for (const Element *element : elements) {
        const Rect r = elementBounds(*element);
        Point at{r.x, r.y};
        switch (alignment) {
        case Alignment::Left:
            at.x = left;
            break;
        case Alignment::HorizontalCenter:
            at.x = (left + right) / 2 - r.width / 2;
            break;
        case Alignment::Right:
            at.x = right - r.width;
            break;
        case Alignment::Top:
            at.y = top;
            break;
        case Alignment::VerticalCenter:
            at.y = (top + bottom) / 2 - r.height / 2;
            break;
        case Alignment::Bottom:
            at.y = bottom - r.height;
            break;
        }
        if (at != Point{r.x, r.y}) {
            move.positions.emplace_back(elementId(*element), at);
        }
    }
    return Command{std::move(move), std::string(kLabels[static_cast<std::size_t>(alignment)])};
}

Command distributeElements(const Project &project, const std::vector<ElementId> &ids,
                           Orientation orientation) {
    const bool horizontal = orientation == Orientation::Horizontal;
    std::string label = horizontal ? "Distribute horizontally" : "Distribute vertically";
    MoveElements move;
    std::vector<std::pair<const Element *, Rect>> boxes;
    for (const Element *element : selection(project, ids)) {
        boxes.emplace_back(element, elementBounds(*element));
    }
    if (boxes.size() < 3) {
        return Command{std::move(move), std::move(label)};
    }
    const auto start = [horizontal](const Rect &r) {
        return horizontal ? r.x : r.y;
    };
    const auto length = [horizontal](const Rect &r) {
        return horizontal ? r.width : r.height;
    };
    std::stable_sort(boxes.begin(), boxes.end(), [&](const auto &a, const auto &b) {
        return start(a.second) < start(b.second);
    });
    const Rect &first = boxes.front().second;
    const Rect &last = boxes.back().second;
    double occupied = 0;
    for (const auto &box : boxes) {
        occupied += length(box.second);
    }
    const double span = start(last) + length(last) - start(first);
    const double gap = (span - occupied) / static_cast<double>(boxes.size() - 1);
    double cursor = start(first) + length(first) + gap;
    for (std::size_t i = 1; i + 1 < boxes.size(); ++i) {
        const Rect &r = boxes[i].second;
        const Point at = horizontal ? Point{cursor, r.y} : Point{r.x, cursor};
        if (at != Point{r.x, r.y}) {
            move.positions.emplace_back(elementId(*boxes[i].first), at);
        }
        cursor += length(r) + gap;
    }
    return Command{std::move(move), std::move(label)};
}

// --- Project settings ------------------------------------------------------------------------

Result<Command> setAccountInvocationQuota(const Project &project, std::int64_t perSecond) {
    if (perSecond < 0 || perSecond > kMaxAccountInvocationQuotaPerSecond) {
        return refusal("Account invocation quota must be from 0 (no quota) to " +
                       std::to_string(kMaxAccountInvocationQuotaPerSecond) +
                       " invocations per second; " + std::to_string(perSecond) +
                       " is out of range");
    }
    const int quota = static_cast<int>(perSecond);
    std::string label =
        quota == 0 ? std::string("Remove account invocation quota")
                   : "Set account invocation quota to " + std::to_string(quota) + " per second";
    return Command{SetProjectInfo{project.name(), project.description(), quota}, std::move(label)};
}

} // namespace sg::model
