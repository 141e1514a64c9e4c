#include "arch/elements.h"

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

namespace sg::model {

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<std::string_view, N> &names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == name) {
            return static_cast<Enum>(i);
        }
    }
    return std::nullopt;
}

constexpr std::array<std::string_view, kElementKindCount> kElementKindNames{
    "context",    "eventType",      "producer",       "bus",
    "rule",       "function",       "stateMachine",   "queue",
    "connection", "apiDestination", "externalSystem", "sticky"};

constexpr std::array<std::string_view, 7> kFailureKindNames{
    "throttled",        "serverError",   "timeout",    "connectionFailure",
    "permissionDenied", "targetDeleted", "clientError"};

constexpr std::array<std::string_view, 3> kAuthorizationTypeNames{"API_KEY", "BASIC",
                                                                  "OAUTH_CLIENT_CREDENTIALS"};

constexpr std::array<std::string_view, 8> kStickyKindNames{
    "domainEvent",    "command", "policy",    "readModel",
    "externalSystem", "actor",   "aggregate", "hotspot"};

// The classic paper colours of event storming (EVENTBRIDGE.md, vocabulary).
constexpr std::array<std::string_view, 8> kStickyColors{
    "#ff9f40", // domain event: orange
    "#6fa8ff", // command: blue
    "#c8a2f0", // policy: lilac
    "#8fd694", // read model: green
    "#ff9ecf", // external system: pink
    "#fff27a", // actor: small yellow
    "#ffe14d", // aggregate: large yellow
    "#ff3ea5", // hotspot: neon pink
};

bool isIdCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

} // namespace

std::string elementKindList(const std::vector<ElementKind> &kinds) {
    std::string out;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        if (i > 0) {
            out.append(i + 1 == kinds.size() ? " or " : ", ");
        }
        out.append(elementKindName(kinds[i]));
    }
    return out;
}

bool isValidElementId(std::string_view text) {
    if (text.empty() || text.size() > kMaxElementIdLength) {
        return false;
    }
    for (char c : text) {
        if (!isIdCharacter(c)) {
            return false;
        }
    }
    return true;
}

std::string_view elementKindName(ElementKind kind) {
    return kElementKindNames[static_cast<std::size_t>(kind)];
}

std::optional<ElementKind> elementKindFromName(std::string_view name) {
    return fromName<ElementKind>(kElementKindNames, name);
}

std::string_view failureKindName(FailureKind kind) {
    return kFailureKindNames[static_cast<std::size_t>(kind)];
}

std::optional<FailureKind> failureKindFromName(std::string_view name) {
    return fromName<FailureKind>(kFailureKindNames, name);
}

std::string formatNumber(double value) {
    if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 1e15) {
        const auto n = static_cast<long long>(value);
        const std::string digits = std::to_string(n < 0 ? -n : n);
        std::string out;
        out.reserve(digits.size() + digits.size() / 3 + 1);
        if (n < 0) {
            out.push_back('-');
        }
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0 && digits.size() > 4) {
                out.push_back(',');
            }
            out.push_back(digits[i]);
        }
        return out;
    }
    return nlohmann::json(value).dump();
}

std::string_view faultModeName(FaultMode mode) {
    switch (mode) {
    case FaultMode::Down:
        return "down";
    case FaultMode::Slow:
        return "slow";
    case FaultMode::Failing:
        return "failing";
    }
    return "down";
}

std::optional<FaultMode> faultModeFromName(std::string_view name) {
    for (const FaultMode mode : {FaultMode::Down, FaultMode::Slow, FaultMode::Failing}) {
        if (faultModeName(mode) == name) {
            return mode;
        }
    }
    return std::nullopt;
}

bool isRetriable(FailureKind kind) {
    switch (kind) {
    case FailureKind::Throttled:
    case FailureKind::ServerError:
    case FailureKind::Timeout:
    case FailureKind::ConnectionFailure:
        return true;
    case FailureKind::PermissionDenied:
    case FailureKind::TargetDeleted:
    case FailureKind::ClientError:
        return false;
    }
    return false;
}

std::string_view authorizationTypeName(AuthorizationType type) {
    return kAuthorizationTypeNames[static_cast<std::size_t>(type)];
}

std::optional<AuthorizationType> authorizationTypeFromName(std::string_view name) {
    return fromName<AuthorizationType>(kAuthorizationTypeNames, name);
}

std::string_view stickyKindName(StickyKind kind) {
    return kStickyKindNames[static_cast<std::size_t>(kind)];
}

std::optional<StickyKind> stickyKindFromName(std::string_view name) {
    return fromName<StickyKind>(kStickyKindNames, name);
}

std::string_view stickyColor(StickyKind kind) {
    return kStickyColors[static_cast<std::size_t>(kind)];
}

Rect defaultStickyGeometry(StickyKind kind, Point at) {
    switch (kind) {
    case StickyKind::ExternalSystem:
        return {at.x, at.y, 320, 160}; // wide
    case StickyKind::Actor:
        return {at.x, at.y, 100, 100}; // small
    case StickyKind::Aggregate:
        return {at.x, at.y, 320, 240}; // large
    default:
        return {at.x, at.y, 160, 160};
    }
}

ElementKind elementKind(const Element &element) {
    return std::visit(
        [](const auto &e) -> ElementKind {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, BoundedContext>) {
                return ElementKind::BoundedContext;
            } else if constexpr (std::is_same_v<T, EventType>) {
                return ElementKind::EventType;
            } else if constexpr (std::is_same_v<T, Producer>) {
                return ElementKind::Producer;
            } else if constexpr (std::is_same_v<T, Bus>) {
                return ElementKind::Bus;
            } else if constexpr (std::is_same_v<T, Rule>) {
                return ElementKind::Rule;
            } else if constexpr (std::is_same_v<T, Consumer>) {
                return e.kind == ElementKind::StateMachine ? ElementKind::StateMachine
                                                           : ElementKind::Function;
            } else if constexpr (std::is_same_v<T, Queue>) {
                return ElementKind::Queue;
            } else if constexpr (std::is_same_v<T, Connection>) {
                return ElementKind::Connection;
            } else if constexpr (std::is_same_v<T, ApiDestination>) {
                return ElementKind::ApiDestination;
            } else if constexpr (std::is_same_v<T, ExternalSystem>) {
                return ElementKind::ExternalSystem;
            } else {
                static_assert(std::is_same_v<T, Sticky>);
                return ElementKind::Sticky;
            }
        },
        element);
}

const ElementId &elementId(const Element &element) {
    return std::visit([](const auto &e) -> const ElementId & { return e.id; }, element);
}

ElementId &elementId(Element &element) {
    return std::visit([](auto &e) -> ElementId & { return e.id; }, element);
}

const std::string &elementName(const Element &element) {
    return std::visit(
        [](const auto &e) -> const std::string & {
            if constexpr (std::is_same_v<std::decay_t<decltype(e)>, Sticky>) {
                return e.text;
            } else {
                return e.name;
            }
        },
        element);
}

Point elementPosition(const Element &element) {
    return std::visit(
        [](const auto &e) -> Point {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, Sticky>) {
                return {e.geometry.x, e.geometry.y};
            } else if constexpr (std::is_same_v<T, BoundedContext>) {
                return {e.region.x, e.region.y};
            } else {
                return e.position;
            }
        },
        element);
}

void setElementPosition(Element &element, Point position) {
    std::visit(
        [position](auto &e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, Sticky>) {
                e.geometry.x = position.x;
                e.geometry.y = position.y;
            } else if constexpr (std::is_same_v<T, BoundedContext>) {
                e.region.x = position.x;
                e.region.y = position.y;
            } else {
                e.position = position;
            }
        },
        element);
}

Rect elementBounds(const Element &element) {
    if (const auto *sticky = std::get_if<Sticky>(&element)) {
        return sticky->geometry;
    }
    if (const auto *context = std::get_if<BoundedContext>(&element)) {
        return context->region;
    }
    const Point at = elementPosition(element);
    return {at.x, at.y, kElementBoxWidth, kElementBoxHeight};
}

namespace {

using Kinds = std::vector<ElementKind>;

const Kinds &consumerKinds() {
    static const Kinds kinds{ElementKind::Function, ElementKind::StateMachine, ElementKind::Queue,
                             ElementKind::ApiDestination, ElementKind::ExternalSystem};
    return kinds;
}

const Kinds &targetKinds() {
    static const Kinds kinds{ElementKind::Function, ElementKind::StateMachine, ElementKind::Queue,
                             ElementKind::ApiDestination, ElementKind::Bus};
    return kinds;
}

void visitBehavior(const Behavior &behavior, const std::function<void(const Reference &)> &visit) {
    for (std::size_t i = 0; i < behavior.followUps.size(); ++i) {
        const FollowUp &f = behavior.followUps[i];
        const std::string prefix = "behavior.followUps[" + std::to_string(i) + "]";
        if (!f.eventType.empty()) {
            visit({&f.eventType, prefix + ".eventType", {ElementKind::EventType}});
        }
        if (!f.bus.empty()) {
            visit({&f.bus, prefix + ".bus", {ElementKind::Bus}});
        }
    }
    for (std::size_t i = 0; i < behavior.dependsOn.size(); ++i) {
        visit({&behavior.dependsOn[i], "behavior.dependsOn[" + std::to_string(i) + "]",
               consumerKinds()});
    }
}

template <typename T>
void visitContext(const T &e, const std::function<void(const Reference &)> &visit) {
    if (!e.context.empty()) {
        visit({&e.context, "context", {ElementKind::BoundedContext}});
    }
}

} // namespace

void forEachReference(const Element &element, const std::function<void(const Reference &)> &visit) {
    std::visit(
        [&visit](const auto &e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (!std::is_same_v<T, BoundedContext>) {
                visitContext(e, visit);
            }
            if constexpr (std::is_same_v<T, Producer>) {
                if (!e.bus.empty()) {
                    visit({&e.bus, "bus", {ElementKind::Bus}});
                }
                for (std::size_t i = 0; i < e.emits.size(); ++i) {
                    if (!e.emits[i].eventType.empty()) {
                        visit({&e.emits[i].eventType,
                               "emits[" + std::to_string(i) + "].eventType",
                               {ElementKind::EventType}});
                    }
                }
            } else if constexpr (std::is_same_v<T, Rule>) {
                if (!e.bus.empty()) {
                    visit({&e.bus, "bus", {ElementKind::Bus}});
                }
                for (std::size_t i = 0; i < e.targets.size(); ++i) {
                    const Target &t = e.targets[i];
                    const std::string prefix = "targets[" + std::to_string(i) + "]";
                    if (!t.destination.empty()) {
                        visit({&t.destination, prefix + ".destination", targetKinds()});
                    }
                    if (!t.deadLetterQueue.empty()) {
                        visit({&t.deadLetterQueue,
                               prefix + ".deadLetterQueue",
                               {ElementKind::Queue}});
                    }
                }
            } else if constexpr (std::is_same_v<T, Consumer>) {
                visitBehavior(e.behavior, visit);
                if (!e.asyncInvocation.onFailure.empty()) {
                    visit({&e.asyncInvocation.onFailure,
                           "asyncInvocation.onFailure",
                           {ElementKind::Queue, ElementKind::Function, ElementKind::Bus}});
                }
                if (!e.asyncInvocation.deadLetterQueue.empty()) {
                    visit({&e.asyncInvocation.deadLetterQueue,
                           "asyncInvocation.deadLetterQueue",
                           {ElementKind::Queue}});
                }
            } else if constexpr (std::is_same_v<T, ExternalSystem>) {
                visitBehavior(e.behavior, visit);
            } else if constexpr (std::is_same_v<T, Queue>) {
                if (!e.readBy.empty()) {
                    visit(
                        {&e.readBy, "readBy", {ElementKind::Function, ElementKind::StateMachine}});
                }
                if (!e.redrivePolicy.deadLetterQueue.empty()) {
                    visit({&e.redrivePolicy.deadLetterQueue,
                           "redrivePolicy.deadLetterQueue",
                           {ElementKind::Queue}});
                }
            } else if constexpr (std::is_same_v<T, ApiDestination>) {
                if (!e.connection.empty()) {
                    visit({&e.connection, "connection", {ElementKind::Connection}});
                }
                if (!e.externalSystem.empty()) {
                    visit({&e.externalSystem, "externalSystem", {ElementKind::ExternalSystem}});
                }
                visitBehavior(e.behavior, visit);
            } else if constexpr (std::is_same_v<T, Sticky>) {
                if (!e.linked.empty()) {
                    visit({&e.linked,
                           "linked",
                           {ElementKind::EventType, ElementKind::Producer, ElementKind::Bus,
                            ElementKind::Rule, ElementKind::Function, ElementKind::StateMachine,
                            ElementKind::Queue, ElementKind::Connection,
                            ElementKind::ApiDestination, ElementKind::ExternalSystem}});
                }
            }
        },
        element);
}

} // namespace sg::model
