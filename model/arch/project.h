#pragma once
// Project: one Stormglass model (architecture and board) and the single command API through
// which every edit goes, so that each edit has an exact inverse for undo.

#include "arch/elements.h"
#include "core/result.h"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace sg::model {

// --- Commands -------------------------------------------------------------------------------
// Each edit is a value. Project::apply() performs it all or nothing and returns its inverse.

inline constexpr std::size_t kAppend = static_cast<std::size_t>(-1);

// Adds an element at `index` in model order (kAppend: at the end). Its id must be new and
// everything it refers to must exist.
struct AddElement {
    Element element;
    std::size_t index = kAppend;
};

// Removes an element. Refused while another element refers to it; the refusal names it.
struct RemoveElement {
    ElementId id;
};

// Replaces an element by a new value with the same id (a moved sticky, a renamed rule, a
// changed pattern...).
struct ReplaceElement {
    Element element;
};

// Moves several elements at once (a drag of a selection is one command).
struct MoveElements {
    std::vector<std::pair<ElementId, Point>> positions;
};

struct SetProjectInfo {
    std::string name;
    std::string description;
    int accountInvocationQuotaPerSecond = 0; // see Project::accountInvocationQuotaPerSecond()
};

struct Command;

// Several commands applied as one, in order; undone in reverse order.
struct Batch {
    std::vector<Command> commands;
};

struct Command {
    using Operation = std::variant<AddElement, RemoveElement, ReplaceElement, MoveElements,
                                   SetProjectInfo, Batch>;
    Operation operation;
    std::string label; // what the user did, for an undo menu: "Add rule", "Move 3 elements"
};

// What an applied command changed, for observers that refresh views (ids in apply order).
struct ChangeSet {
    std::vector<ElementId> added;
    std::vector<ElementId> removed;
    std::vector<ElementId> changed;
    bool projectInfo = false;
    void append(const ChangeSet &other);
};

struct Applied {
    Command inverse; // applying it restores the project exactly
    ChangeSet changes;
};

// Receives every change made through Project::apply(), once per command (a batch is one call).
class ProjectObserver {
public:
    virtual ~ProjectObserver() = default;
    virtual void projectChanged(const ChangeSet &changes) = 0;
};

// --- Project --------------------------------------------------------------------------------

class Project {
public:
    Project() = default;

    // Same name, description and elements in the same order.
    [[nodiscard]] bool operator==(const Project &other) const {
        return m_name == other.m_name && m_description == other.m_description &&
               m_accountInvocationQuota == other.m_accountInvocationQuota &&
               m_elements == other.m_elements;
    }

    [[nodiscard]] const std::string &name() const { return m_name; }
    [[nodiscard]] const std::string &description() const { return m_description; }
    // The account's EventBridge invocations quota ("Invocations throttle limit in transactions
    // per second": target invocations of every rule of every bus together), 0 when the model
    // does not set one. Past it AWS delays invocations rather than dropping them.
    [[nodiscard]] int accountInvocationQuotaPerSecond() const { return m_accountInvocationQuota; }

    // All elements in model order (the order of files and exports).
    [[nodiscard]] const std::vector<Element> &elements() const { return m_elements; }
    [[nodiscard]] std::size_t size() const { return m_elements.size(); }
    [[nodiscard]] bool contains(const ElementId &id) const { return m_index.contains(id); }
    [[nodiscard]] const Element *find(const ElementId &id) const;
    [[nodiscard]] std::size_t indexOf(const ElementId &id) const; // kAppend when absent

    // The element with `id` if it holds a T, else null.
    template <typename T> [[nodiscard]] const T *get(const ElementId &id) const {
        const Element *element = find(id);
        return element ? std::get_if<T>(element) : nullptr;
    }
    // Every element holding a T, in model order.
    template <typename T> [[nodiscard]] std::vector<const T *> all() const {
        std::vector<const T *> out;
        for (const Element &element : m_elements) {
            if (const T *value = std::get_if<T>(&element)) {
                out.push_back(value);
            }
        }
        return out;
    }

    // The elements that refer to `id`, with the field that does.
    struct Referrer {
        ElementId from;
        std::string field;
    };
    [[nodiscard]] std::vector<Referrer> referrersOf(const ElementId &id) const;

    // An id not yet used, made from `base` ("rule" -> "rule", "rule-2", ...), slugged to be valid.
    [[nodiscard]] ElementId uniqueId(std::string_view base) const;

    // Performs `command` entirely or not at all.
    [[nodiscard]] Result<Applied> apply(const Command &command);

    void addObserver(ProjectObserver *observer);
    void removeObserver(ProjectObserver *observer);

    // --- Building without commands (readers and importers), then checking once --------------
    void setInfo(std::string name, std::string description);
    void setAccountInvocationQuotaPerSecond(int perSecond) { m_accountInvocationQuota = perSecond; }
    // The older file format a reader upgraded this project from ("formatVersion 1", "schema
    // version 4"), or empty. Lint then says which settings took AWS's defaults.
    void setUpgradedFrom(std::string format) { m_upgradedFrom = std::move(format); }
    [[nodiscard]] const std::string &upgradedFrom() const { return m_upgradedFrom; }
    // Appends without checks; fails only on an invalid or duplicate id.
    [[nodiscard]] Result<bool> appendUnchecked(Element element);
    // Every reference resolves to an element of an allowed kind; targets ids are unique per rule.
    // The error names the element and field.
    [[nodiscard]] Result<bool> checkReferences() const;

private:
    [[nodiscard]] Result<Applied> applyOne(const Command &command);
    [[nodiscard]] Result<bool> checkElementReferences(const Element &element) const;
    void reindexFrom(std::size_t index);

    std::string m_name;
    std::string m_description;
    int m_accountInvocationQuota = 0;
    std::string m_upgradedFrom; // not part of the model: where the file came from
    std::vector<Element> m_elements;
    std::unordered_map<ElementId, std::size_t> m_index;
    // Observers watch one project object; a copy starts with none.
    struct Observers {
        std::vector<ProjectObserver *> list;
        Observers() = default;
        Observers(const Observers &) {}
        Observers &operator=(const Observers &) { return *this; }
        Observers(Observers &&) noexcept {}
        Observers &operator=(Observers &&) noexcept { return *this; }
        ~Observers() = default;
    };
    Observers m_observers;
};

} // namespace sg::model
