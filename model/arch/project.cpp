#include "arch/project.h"

#include <algorithm>
#include <unordered_set>

namespace sg::model {

namespace {

std::string describe(const Element &element) {
    std::string out(elementKindName(elementKind(element)));
    out.append(" \"").append(elementId(element).value).append("\"");
    return out;
}

Error failure(std::string message) {
    Error error;
    error.message = std::move(message);
    return error;
}

Error invalidIdError(const std::string &id) {
    return Error{.message = "invalid element id \"" + id +
                            "\": use 1 to 128 letters, digits, '.', '_' or '-'",
                 .field = "id"};
}

} // namespace

void ChangeSet::append(const ChangeSet &other) {
    added.insert(added.end(), other.added.begin(), other.added.end());
    removed.insert(removed.end(), other.removed.begin(), other.removed.end());
    changed.insert(changed.end(), other.changed.begin(), other.changed.end());
    projectInfo = projectInfo || other.projectInfo;
}

const Element *Project::find(const ElementId &id) const {
    const auto it = m_index.find(id);
    return it == m_index.end() ? nullptr : &m_elements[it->second];
}

std::size_t Project::indexOf(const ElementId &id) const {
    const auto it = m_index.find(id);
    return it == m_index.end() ? kAppend : it->second;
}

std::vector<Project::Referrer> Project::referrersOf(const ElementId &id) const {
    std::vector<Referrer> out;
    for (const Element &element : m_elements) {
        forEachReference(element, [&](const Reference &ref) {
            if (*ref.target == id) {
                out.push_back({elementId(element), ref.field});
            }
        });
    }
    return out;
}

ElementId Project::uniqueId(std::string_view base) const {
    // Slug: keep id characters, turn runs of anything else into one '-'.
    std::string slug;
    for (char c : base) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (keep) {
            slug.push_back(c);
        } else if (!slug.empty() && slug.back() != '-') {
            slug.push_back('-');
        }
    }
    while (!slug.empty() && slug.back() == '-') {
        slug.pop_back();
    }
    if (slug.empty()) {
        slug = "element";
    }
    constexpr std::size_t kRoomForSuffix = 12;
    if (slug.size() > kMaxElementIdLength - kRoomForSuffix) {
        slug.resize(kMaxElementIdLength - kRoomForSuffix);
    }
    ElementId id{slug};
    for (int n = 2; contains(id); ++n) {
        id.value = slug + "-" + std::to_string(n);
    }
    return id;
}

void Project::setInfo(std::string name, std::string description) {
    m_name = std::move(name);
    m_description = std::move(description);
}

Result<bool> Project::appendUnchecked(Element element) {
    const ElementId &id = elementId(element);
    if (!isValidElementId(id.value)) {
        return invalidIdError(id.value);
    }
    if (contains(id)) {
        return Error{.message = "duplicate element id \"" + id.value + "\"", .field = "id"};
    }
    m_index.emplace(id, m_elements.size());
    m_elements.push_back(std::move(element));
    return true;
}

Result<bool> Project::checkElementReferences(const Element &element) const {
    std::optional<Error> error;
    forEachReference(element, [&](const Reference &ref) {
        if (error) {
            return;
        }
        const Element *target = find(*ref.target);
        if (!target) {
            error = Error{.message = describe(element) + ": " + ref.field + " refers to \"" +
                                     ref.target->value + "\", which does not exist",
                          .field = ref.field};
            return;
        }
        const ElementKind kind = elementKind(*target);
        if (std::find(ref.allowed.begin(), ref.allowed.end(), kind) == ref.allowed.end()) {
            error = Error{.message = describe(element) + ": " + ref.field + " refers to " +
                                     describe(*target) + ", but must refer to a " +
                                     elementKindList(ref.allowed),
                          .field = ref.field};
        }
    });
    if (error) {
        return *error;
    }
    if (const Rule *rule = std::get_if<Rule>(&element)) {
        std::unordered_set<std::string> ids;
        for (std::size_t i = 0; i < rule->targets.size(); ++i) {
            const Target &t = rule->targets[i];
            const std::string field = "targets[" + std::to_string(i) + "]";
            if (t.id.empty()) {
                return Error{.message = describe(element) + ": " + field + " has no id",
                             .field = field + ".id"};
            }
            if (!ids.insert(t.id).second) {
                return Error{.message =
                                 describe(element) + ": target id \"" + t.id + "\" is used twice",
                             .field = field + ".id"};
            }
            if (t.destination.empty()) {
                return Error{.message =
                                 describe(element) + ": target \"" + t.id + "\" has no destination",
                             .field = field + ".destination"};
            }
        }
    }
    if (const Consumer *consumer = std::get_if<Consumer>(&element)) {
        if (consumer->kind != ElementKind::Function &&
            consumer->kind != ElementKind::StateMachine) {
            return Error{.message = describe(element) +
                                    ": a consumer is either a function or a state machine",
                         .field = "kind"};
        }
    }
    return true;
}

Result<bool> Project::checkReferences() const {
    for (const Element &element : m_elements) {
        Result<bool> checked = checkElementReferences(element);
        if (!checked) {
            return checked;
        }
    }
    return true;
}

void Project::reindexFrom(std::size_t index) {
    for (std::size_t i = index; i < m_elements.size(); ++i) {
        m_index[elementId(m_elements[i])] = i;
    }
}

Result<Applied> Project::apply(const Command &command) {
    Result<Applied> applied = applyOne(command);
    if (applied && !m_observers.list.empty()) {
        for (ProjectObserver *observer : m_observers.list) {
            observer->projectChanged(applied->changes);
        }
    }
    return applied;
}

Result<Applied> Project::applyOne(const Command &command) {
    return std::visit(
        [&](const auto &op) -> Result<Applied> {
            using T = std::decay_t<decltype(op)>;
            if constexpr (std::is_same_v<T, AddElement>) {
                const ElementId &id = elementId(op.element);
                if (!isValidElementId(id.value)) {
                    return invalidIdError(id.value);
                }
                if (contains(id)) {
                    return Error{.message = "cannot add " + describe(op.element) +
                                            ": the id is already used",
                                 .field = "id"};
                }
                Result<bool> refs = checkElementReferences(op.element);
                if (!refs) {
                    return refs.error();
                }
                const std::size_t index = std::min(op.index, m_elements.size());
                m_elements.insert(m_elements.begin() + static_cast<std::ptrdiff_t>(index),
                                  op.element);
                reindexFrom(index);
                Applied out{Command{RemoveElement{id}, command.label}, {}};
                out.changes.added.push_back(id);
                return out;
            } else if constexpr (std::is_same_v<T, RemoveElement>) {
                const std::size_t index = indexOf(op.id);
                if (index == kAppend) {
                    return failure("cannot remove \"" + op.id.value + "\": no such element");
                }
                const std::vector<Referrer> referrers = referrersOf(op.id);
                if (!referrers.empty()) {
                    const Element &from = *find(referrers.front().from);
                    std::string message = "cannot remove " + describe(m_elements[index]) +
                                          ": it is used by " + describe(from) + " (" +
                                          referrers.front().field + ")";
                    if (referrers.size() > 1) {
                        message += " and " + std::to_string(referrers.size() - 1) + " more";
                    }
                    return failure(std::move(message));
                }
                Element removed = std::move(m_elements[index]);
                m_elements.erase(m_elements.begin() + static_cast<std::ptrdiff_t>(index));
                m_index.erase(op.id);
                reindexFrom(index);
                Applied out{Command{AddElement{std::move(removed), index}, command.label}, {}};
                out.changes.removed.push_back(op.id);
                return out;
            } else if constexpr (std::is_same_v<T, ReplaceElement>) {
                const ElementId &id = elementId(op.element);
                const std::size_t index = indexOf(id);
                if (index == kAppend) {
                    return failure("cannot change \"" + id.value + "\": no such element");
                }
                if (elementKind(m_elements[index]) != elementKind(op.element)) {
                    return failure("cannot change " + describe(m_elements[index]) + " into a " +
                                   std::string(elementKindName(elementKind(op.element))));
                }
                Result<bool> refs = checkElementReferences(op.element);
                if (!refs) {
                    return refs.error();
                }
                Element previous = std::exchange(m_elements[index], op.element);
                Applied out{Command{ReplaceElement{std::move(previous)}, command.label}, {}};
                out.changes.changed.push_back(id);
                return out;
            } else if constexpr (std::is_same_v<T, MoveElements>) {
                for (const auto &[id, position] : op.positions) {
                    if (!contains(id)) {
                        return failure("cannot move \"" + id.value + "\": no such element");
                    }
                }
                MoveElements inverse;
                Applied out{Command{{}, command.label}, {}};
                for (const auto &[id, position] : op.positions) {
                    Element &element = m_elements[indexOf(id)];
                    inverse.positions.emplace_back(id, elementPosition(element));
                    setElementPosition(element, position);
                    out.changes.changed.push_back(id);
                }
                std::reverse(inverse.positions.begin(), inverse.positions.end());
                out.inverse.operation = std::move(inverse);
                return out;
            } else if constexpr (std::is_same_v<T, SetProjectInfo>) {
                Applied out{Command{SetProjectInfo{m_name, m_description, m_accountInvocationQuota},
                                    command.label},
                            {}};
                m_name = op.name;
                m_description = op.description;
                m_accountInvocationQuota = op.accountInvocationQuotaPerSecond;
                out.changes.projectInfo = true;
                return out;
            } else {
                static_assert(std::is_same_v<T, Batch>);
                Batch inverse;
                ChangeSet changes;
                for (const Command &step : op.commands) {
                    Result<Applied> applied = applyOne(step);
                    if (!applied) {
                        // Undo what this batch already did, newest first; inverses cannot fail.
                        for (auto it = inverse.commands.rbegin(); it != inverse.commands.rend();
                             ++it) {
                            (void)applyOne(*it);
                        }
                        return applied.error();
                    }
                    inverse.commands.push_back(std::move(applied->inverse));
                    changes.append(applied->changes);
                }
                std::reverse(inverse.commands.begin(), inverse.commands.end());
                return Applied{Command{std::move(inverse), command.label}, std::move(changes)};
            }
        },
        command.operation);
}

void Project::addObserver(ProjectObserver *observer) {
    if (std::find(m_observers.list.begin(), m_observers.list.end(), observer) ==
        m_observers.list.end()) {
        m_observers.list.push_back(observer);
    }
}

void Project::removeObserver(ProjectObserver *observer) {
    std::erase(m_observers.list, observer);
}

} // namespace sg::model
