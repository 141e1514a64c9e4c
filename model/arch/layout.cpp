#include "arch/layout.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

namespace sg::model {

namespace {

// Sweeps of barycentre ordering (down and up again each). A handful settles typical models;
// more would only cost time on large ones.
constexpr int kOrderingSweeps = 4;

// Which queues are targets and which are dead-letter queues; a queue that is both is a target.
struct QueueRoles {
    std::unordered_set<ElementId> destinations;
    std::unordered_set<ElementId> deadLetterQueues;
};

QueueRoles queueRoles(const Project &project) {
    QueueRoles roles;
    for (const Rule *rule : project.all<Rule>()) {
        for (const Target &target : rule->targets) {
            roles.destinations.insert(target.destination);
            if (!target.deadLetterQueue.empty()) {
                roles.deadLetterQueues.insert(target.deadLetterQueue);
            }
        }
    }
    return roles;
}

std::optional<LayoutColumn> columnOf(const Element &element, const QueueRoles &roles) {
    return std::visit(
        [&roles](const auto &e) -> std::optional<LayoutColumn> {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, Producer> || std::is_same_v<T, EventType>) {
                return LayoutColumn::Producers;
            } else if constexpr (std::is_same_v<T, Bus>) {
                return LayoutColumn::Buses;
            } else if constexpr (std::is_same_v<T, Rule>) {
                return LayoutColumn::Rules;
            } else if constexpr (std::is_same_v<T, Consumer> || std::is_same_v<T, ApiDestination>) {
                return LayoutColumn::Targets;
            } else if constexpr (std::is_same_v<T, Queue>) {
                if (!roles.destinations.contains(e.id) && roles.deadLetterQueues.contains(e.id)) {
                    return LayoutColumn::Sinks;
                }
                return LayoutColumn::Targets;
            } else if constexpr (std::is_same_v<T, Connection> ||
                                 std::is_same_v<T, ExternalSystem>) {
                return LayoutColumn::Sinks;
            } else {
                return std::nullopt; // the board: stickies and bounded-context regions
            }
        },
        element);
}

} // namespace

std::optional<LayoutColumn> layoutColumn(const Project &project, const Element &element) {
    return columnOf(element, queueRoles(project));
}

std::vector<std::pair<ElementId, Point>> computeLayout(const Project &project,
                                                       const LayoutOptions &options) {
    const QueueRoles roles = queueRoles(project);
    const std::vector<Element> &elements = project.elements();

    // Nodes are indexes into `elements`; each column lists its nodes in their current order.
    std::array<std::vector<std::size_t>, kLayoutColumnCount> columns;
    std::vector<int> columnOfNode(elements.size(), -1);
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (const std::optional<LayoutColumn> column = columnOf(elements[i], roles)) {
            const auto c = static_cast<std::size_t>(*column);
            columns[c].push_back(i);
            columnOfNode[i] = static_cast<int>(c);
        }
    }

    // Undirected neighbours through every reference between laid-out elements (bus, targets,
    // dead-letter queues, connections, follow-ups, dependencies...).
    std::vector<std::vector<std::size_t>> neighbours(elements.size());
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (columnOfNode[i] < 0) {
            continue;
        }
        forEachReference(elements[i], [&](const Reference &reference) {
            const std::size_t j = project.indexOf(*reference.target);
            if (j < elements.size() && j != i && columnOfNode[j] >= 0) {
                neighbours[i].push_back(j);
                neighbours[j].push_back(i);
            }
        });
    }

    // Relative row of each node in its column, in [0, 1], so columns of different heights compare.
    std::vector<double> rank(elements.size(), 0.0);
    const auto updateRanks = [&](const std::vector<std::size_t> &column) {
        for (std::size_t r = 0; r < column.size(); ++r) {
            rank[column[r]] = (static_cast<double>(r) + 0.5) / static_cast<double>(column.size());
        }
    };
    for (const auto &column : columns) {
        updateRanks(column);
    }

    // Orders one column by the mean rank of its neighbours on one side; nodes without any keep
    // their own rank, so they stay where they were relative to the others.
    const auto reorder = [&](std::size_t c, bool fromLeft) {
        std::vector<std::size_t> &column = columns[c];
        std::unordered_map<std::size_t, double> key;
        for (const std::size_t node : column) {
            double sum = 0;
            int count = 0;
            for (const std::size_t other : neighbours[node]) {
                const auto oc = static_cast<std::size_t>(columnOfNode[other]);
                if (fromLeft ? oc < c : oc > c) {
                    sum += rank[other];
                    ++count;
                }
            }
            key[node] = count > 0 ? sum / count : rank[node];
        }
        std::stable_sort(column.begin(), column.end(),
                         [&key](std::size_t a, std::size_t b) { return key[a] < key[b]; });
        updateRanks(column);
    };
    for (int sweep = 0; sweep < kOrderingSweeps; ++sweep) {
        for (std::size_t c = 1; c < kLayoutColumnCount; ++c) {
            reorder(c, true);
        }
        for (std::size_t c = kLayoutColumnCount - 1; c-- > 0;) {
            reorder(c, false);
        }
    }

    // Empty columns take no room; every column is centred on the tallest one.
    std::size_t tallest = 0;
    for (const auto &column : columns) {
        tallest = std::max(tallest, column.size());
    }
    std::vector<Point> position(elements.size());
    double x = options.origin.x;
    for (const auto &column : columns) {
        if (column.empty()) {
            continue;
        }
        const double top = options.origin.y +
                           static_cast<double>(tallest - column.size()) * options.rowSpacing / 2;
        for (std::size_t r = 0; r < column.size(); ++r) {
            position[column[r]] = {x, top + static_cast<double>(r) * options.rowSpacing};
        }
        x += options.columnSpacing;
    }

    std::vector<std::pair<ElementId, Point>> out;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (columnOfNode[i] >= 0) {
            out.emplace_back(elementId(elements[i]), position[i]);
        }
    }
    return out;
}

Command layoutCommand(const Project &project, const LayoutOptions &options) {
    return Command{MoveElements{computeLayout(project, options)}, "Arrange automatically"};
}

void layoutArchitecture(Project &project, const LayoutOptions &options) {
    Command command = layoutCommand(project, options);
    if (std::get<MoveElements>(command.operation).positions.empty()) {
        return;
    }
    (void)project.apply(command);
}

} // namespace sg::model
