#include "arch/layout.h"

#include <gvc.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace sg::model {

namespace {

// One world unit is one Graphviz point; Graphviz takes sizes in inches.
constexpr double kPointsPerInch = 72;
// The canvas snaps to this grid. Positions are rounded to it so that arranged boxes line up with
// dragged ones; gaps of at least one step keep rounded boxes from overlapping.
constexpr double kGridStep = 20;
// The most elements dot lays out in one piece (see splitIntoParts()).
constexpr std::size_t kMaxPartSize = 1000;

// Graphviz keeps global state (the error handler, dot's working data): one layout at a time.
std::mutex &graphvizMutex() {
    static std::mutex mutex;
    return mutex;
}

// The Graphviz context, made once (under graphvizMutex()) and kept: Graphviz 2.42 leaks the
// text of its plugin configuration with every context it frees (3.6 kB a call otherwise).
GVC_t *graphvizContext() {
    static GVC_t *const context = gvContext();
    return context;
}

// cgraph's C API takes `char *` for strings it only reads.
char *text(const char *value) {
    return const_cast<char *>(value);
}

std::string inches(double worldUnits) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6f", worldUnits / kPointsPerInch);
    return buffer;
}

double snap(double value) {
    return std::round(value / kGridStep) * kGridStep;
}

bool isArchitecture(const Element &element) {
    return !std::holds_alternative<Sticky>(element) &&
           !std::holds_alternative<BoundedContext>(element);
}

// An edge of the layout, between indexes of the project's elements.
struct FlowEdge {
    std::size_t from;
    std::size_t to;
    auto operator<=>(const FlowEdge &) const = default;
};

// The edges between laid-out elements in the direction events flow, once each, in model order of
// the element holding the reference: the ones the canvas draws, plus an event type to what puts
// it (its producers, or the bus a follow-up puts it on), which keeps the type next to them. Not
// a consumer's follow-up events on a bus: usually a bus upstream, ranking by that edge would drag
// the bus, and all that follows it, right of the consumer (and as an unconstrained edge, which
// dot lays flat or reverses, Graphviz 2.42 leaks it).
std::vector<FlowEdge> flowEdges(const Project &project, const std::vector<bool> &laidOut) {
    const std::vector<Element> &elements = project.elements();
    constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
    // The element's index, or kNone for an empty id, an absent element or one not laid out.
    const auto indexOf = [&](const ElementId &id) {
        const std::size_t index = id.empty() ? kNone : project.indexOf(id);
        return index < elements.size() && laidOut[index] ? index : kNone;
    };

    std::vector<bool> produced(elements.size(), false);
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (const auto *producer = std::get_if<Producer>(&elements[i]); producer && laidOut[i]) {
            for (const Emission &emission : producer->emits) {
                if (const std::size_t type = indexOf(emission.eventType); type != kNone) {
                    produced[type] = true;
                }
            }
        }
    }

    std::vector<FlowEdge> edges;
    std::set<FlowEdge> seen;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (!laidOut[i]) {
            continue;
        }
        const auto add = [&](std::size_t from, std::size_t to) {
            // A dead-letter queue shared by several targets of one consumer is one edge.
            if (from != kNone && to != kNone && from != to && seen.insert({from, to}).second) {
                edges.push_back({from, to});
            }
        };
        const std::size_t self = i;
        const Element &element = elements[i];
        if (const auto *producer = std::get_if<Producer>(&element)) {
            for (const Emission &emission : producer->emits) {
                add(indexOf(emission.eventType), self);
            }
            add(self, indexOf(producer->bus));
        } else if (const auto *rule = std::get_if<Rule>(&element)) {
            add(indexOf(rule->bus), self);
            for (const Target &target : rule->targets) {
                const std::size_t destination = indexOf(target.destination);
                add(self, destination);
                add(destination != kNone ? destination : self, indexOf(target.deadLetterQueue));
            }
        } else if (const auto *queue = std::get_if<Queue>(&element)) {
            add(self, indexOf(queue->readBy));
            add(self, indexOf(queue->redrivePolicy.deadLetterQueue));
        } else if (const auto *api = std::get_if<ApiDestination>(&element)) {
            add(self, indexOf(api->connection));
            add(self, indexOf(api->externalSystem));
        }
        const Behavior *behavior = nullptr;
        if (const auto *consumer = std::get_if<Consumer>(&element)) {
            behavior = &consumer->behavior;
            add(self, indexOf(consumer->asyncInvocation.onFailure));
            add(self, indexOf(consumer->asyncInvocation.deadLetterQueue));
        } else if (const auto *api = std::get_if<ApiDestination>(&element)) {
            behavior = &api->behavior;
        } else if (const auto *external = std::get_if<ExternalSystem>(&element)) {
            behavior = &external->behavior;
        }
        if (behavior) {
            for (const FollowUp &followUp : behavior->followUps) {
                if (const std::size_t type = indexOf(followUp.eventType);
                    type != kNone && !produced[type]) {
                    add(type, indexOf(followUp.bus));
                }
            }
            for (const ElementId &dependency : behavior->dependsOn) {
                add(self, indexOf(dependency));
            }
        }
    }

    return edges;
}

// `edges` without those that close a cycle (a rule forwarding to a bus upstream, consumers that
// depend on each other), found by a depth-first search from the elements nothing leads to, then
// from the others, in model order: the edges that point back against the flow from there. dot
// could reverse them itself, but Graphviz 2.42 leaks what it makes for reversed edges.
std::vector<FlowEdge> withoutCycles(const std::vector<FlowEdge> &edges, std::size_t elementCount) {
    std::vector<std::vector<std::size_t>> out(elementCount); // indexes into `edges`
    std::vector<bool> hasEdges(elementCount, false);
    std::vector<bool> entered(elementCount, false);
    for (std::size_t e = 0; e < edges.size(); ++e) {
        out[edges[e].from].push_back(e);
        hasEdges[edges[e].from] = true;
        hasEdges[edges[e].to] = true;
        entered[edges[e].to] = true;
    }
    enum class State : std::uint8_t { New, OnPath, Done };
    std::vector<State> state(elementCount, State::New);
    std::vector<bool> backwards(edges.size(), false);
    // Iterative, as a chain of thousands of elements would overflow the stack.
    std::vector<std::pair<std::size_t, std::size_t>> path; // element, next of its out-edges
    const auto search = [&](std::size_t start) {
        state[start] = State::OnPath;
        path.emplace_back(start, 0);
        while (!path.empty()) {
            auto &[node, next] = path.back();
            if (next == out[node].size()) {
                state[node] = State::Done;
                path.pop_back();
                continue;
            }
            const std::size_t e = out[node][next++];
            const std::size_t to = edges[e].to;
            if (state[to] == State::OnPath) {
                backwards[e] = true;
            } else if (state[to] == State::New) {
                state[to] = State::OnPath;
                path.emplace_back(to, 0);
            }
        }
    };
    for (const bool sources : {true, false}) {
        for (std::size_t i = 0; i < elementCount; ++i) {
            if (hasEdges[i] && state[i] == State::New && (!sources || !entered[i])) {
                search(i);
            }
        }
    }
    std::vector<FlowEdge> kept;
    for (std::size_t e = 0; e < edges.size(); ++e) {
        if (!backwards[e]) {
            kept.push_back(edges[e]);
        }
    }
    return kept;
}

// A graph of the shared context, freed with its layout on every path. Graphviz's messages go
// nowhere: failures show as gvLayout()'s result, and warnings would only reach stderr.
class GraphvizGraph {
public:
    GraphvizGraph()
        : m_previousErrorHandler(agseterrf([](char *) { return 0; })), m_context(graphvizContext()),
          m_graph(agopen(text("architecture"), Agdirected, nullptr)) {}
    ~GraphvizGraph() {
        if (m_laidOut) {
            gvFreeLayout(m_context, m_graph);
        }
        agclose(m_graph);
        agseterrf(m_previousErrorHandler);
    }
    GraphvizGraph(const GraphvizGraph &) = delete;
    GraphvizGraph &operator=(const GraphvizGraph &) = delete;

    [[nodiscard]] Agraph_t *graph() const { return m_graph; }
    [[nodiscard]] bool layout() {
        m_laidOut = gvLayout(m_context, m_graph, "dot") == 0;
        return m_laidOut;
    }

private:
    agusererrf m_previousErrorHandler;
    GVC_t *m_context;
    Agraph_t *m_graph;
    bool m_laidOut = false;
};

// The centres of `nodes` (element indexes, in model order) laid out by dot with the `edges`
// between them, left to right, in world units with y pointing down; nothing if Graphviz fails.
std::optional<std::vector<Point>> dotCentres(const std::vector<std::size_t> &nodes,
                                             std::size_t elementCount,
                                             const std::vector<FlowEdge> &edges,
                                             const LayoutOptions &options) {
    const std::lock_guard lock(graphvizMutex());
    GraphvizGraph graphviz;
    Agraph_t *graph = graphviz.graph();

    const double columnGap = std::max(options.columnGap, kGridStep);
    const double rowGap = std::max(options.rowGap, kGridStep);
    agattr(graph, AGRAPH, text("rankdir"), text("LR"));
    agattr(graph, AGRAPH, text("ranksep"), text(inches(columnGap).c_str()));
    agattr(graph, AGRAPH, text("nodesep"), text(inches(rowGap).c_str()));
    // Only node positions are read; the canvas draws its own curves.
    agattr(graph, AGRAPH, text("splines"), text("none"));

    agattr(graph, AGNODE, text("shape"), text("box"));
    agattr(graph, AGNODE, text("fixedsize"), text("true"));
    agattr(graph, AGNODE, text("width"), text(inches(kElementBoxWidth).c_str()));
    agattr(graph, AGNODE, text("height"), text(inches(kElementBoxHeight).c_str()));
    agattr(graph, AGNODE, text("label"), text(""));
    // Edges leave a box on its right side and enter the next one on its left, as drawn.
    agattr(graph, AGEDGE, text("tailport"), text("e"));
    agattr(graph, AGEDGE, text("headport"), text("w"));

    // Graphviz is deterministic given the same input in the same order: nodes and edges go in
    // model order.
    std::vector<Agnode_t *> nodeOf(elementCount, nullptr);
    for (const std::size_t i : nodes) {
        std::string name = "n"; // not "n" + ...: g++ 12 warns falsely (-Wrestrict) on that
        name += std::to_string(i);
        nodeOf[i] = agnode(graph, text(name.c_str()), 1);
    }
    for (const FlowEdge &edge : edges) {
        agedge(graph, nodeOf[edge.from], nodeOf[edge.to], nullptr, 1);
    }
    if (!graphviz.layout()) {
        return std::nullopt;
    }
    std::vector<Point> centres;
    centres.reserve(nodes.size());
    for (const std::size_t i : nodes) {
        // Graphviz's y axis points up, the canvas's down.
        centres.push_back({ND_coord(nodeOf[i]).x, -ND_coord(nodeOf[i]).y});
    }
    return centres;
}

// A part of the layout: elements (indexes, in model order) and their top-left corners on the
// grid, relative to the part's top-left corner.
struct Piece {
    std::vector<std::size_t> elements;
    std::vector<Point> corners;
    double width = 0;
    double height = 0;
};

// The connected parts of the graph of `nodes` and `edges` (whichever way edges go), each in model
// order, the parts in the order of their first element.
std::vector<std::vector<std::size_t>> connectedParts(const std::vector<std::size_t> &nodes,
                                                     const std::vector<FlowEdge> &edges,
                                                     std::size_t elementCount) {
    std::vector<std::size_t> parent(elementCount);
    for (std::size_t i = 0; i < elementCount; ++i) {
        parent[i] = i;
    }
    const auto root = [&parent](std::size_t i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    };
    for (const FlowEdge &edge : edges) {
        const std::size_t a = root(edge.from);
        const std::size_t b = root(edge.to);
        parent[std::max(a, b)] = std::min(a, b);
    }
    std::vector<std::vector<std::size_t>> parts;
    std::vector<std::size_t> partOfRoot(elementCount, elementCount);
    for (const std::size_t node : nodes) {
        std::size_t &part = partOfRoot[root(node)];
        if (part == elementCount) {
            part = parts.size();
            parts.emplace_back();
        }
        parts[part].push_back(node);
    }
    return parts;
}

// The bounded context an element is in, or the empty id.
const ElementId &contextOf(const Element &element) {
    return std::visit(
        [](const auto &e) -> const ElementId & {
            if constexpr (requires { e.context; }) {
                return e.context;
            } else {
                static const ElementId none;
                return none;
            }
        },
        element);
}

// Connected elements dot lays out together, with the edges between them.
struct Part {
    std::vector<std::size_t> nodes;
    std::vector<FlowEdge> edges;
};

// Splits `nodes` (with the `edges` between them) into the parts dot lays out, none larger than
// kMaxPartSize, and the elements left without an edge (`loose`). A connected part too large is
// split by bounded context, or failing that into runs of a depth-first walk along the flow: dot's
// time grows with the square of a part's size (a part of 1,000 elements takes a third of a
// second, one of 5,000 twenty), and no drawing of thousands of connected boxes reads well anyway.
void splitIntoParts(const Project &project, const std::vector<std::size_t> &nodes,
                    const std::vector<FlowEdge> &edges, std::vector<Part> &parts,
                    std::vector<std::size_t> &loose, bool connected = false) {
    const std::vector<Element> &elements = project.elements();
    // Splits further each of `groups` of `nodes`, with the edges inside it.
    const auto recurse = [&](const std::vector<std::vector<std::size_t>> &groups,
                             bool groupsConnected) {
        std::vector<std::size_t> groupOf(elements.size(), groups.size());
        for (std::size_t g = 0; g < groups.size(); ++g) {
            for (const std::size_t node : groups[g]) {
                groupOf[node] = g;
            }
        }
        std::vector<std::vector<FlowEdge>> inside(groups.size());
        for (const FlowEdge &edge : edges) {
            if (groupOf[edge.from] == groupOf[edge.to] && groupOf[edge.from] < groups.size()) {
                inside[groupOf[edge.from]].push_back(edge);
            }
        }
        for (std::size_t g = 0; g < groups.size(); ++g) {
            if (groups[g].size() == 1) {
                loose.push_back(groups[g].front());
            } else {
                splitIntoParts(project, groups[g], inside[g], parts, loose, groupsConnected);
            }
        }
    };

    if (!connected) {
        const std::vector<std::vector<std::size_t>> components =
            connectedParts(nodes, edges, elements.size());
        if (components.size() != 1) {
            recurse(components, true);
            return;
        }
    }
    if (nodes.size() <= kMaxPartSize) {
        parts.push_back({nodes, edges});
        return;
    }

    std::vector<std::vector<std::size_t>> byContext;
    std::map<ElementId, std::size_t> contextGroup;
    for (const std::size_t node : nodes) {
        const auto [it, added] =
            contextGroup.try_emplace(contextOf(elements[node]), byContext.size());
        if (added) {
            byContext.emplace_back();
        }
        byContext[it->second].push_back(node);
    }
    if (byContext.size() > 1) {
        recurse(byContext, false);
        return;
    }

    std::vector<std::vector<std::size_t>> out(elements.size());
    std::vector<bool> entered(elements.size(), false);
    for (const FlowEdge &edge : edges) {
        out[edge.from].push_back(edge.to);
        entered[edge.to] = true;
    }
    std::vector<std::size_t> walk;
    std::vector<bool> seen(elements.size(), false);
    std::vector<std::size_t> stack;
    for (const bool sources : {true, false}) {
        for (const std::size_t start : nodes) {
            if (seen[start] || (sources && entered[start])) {
                continue;
            }
            stack.push_back(start);
            while (!stack.empty()) {
                const std::size_t node = stack.back();
                stack.pop_back();
                if (seen[node]) {
                    continue;
                }
                seen[node] = true;
                walk.push_back(node);
                // Reversed, so that the first edge is walked first.
                for (auto it = out[node].rbegin(); it != out[node].rend(); ++it) {
                    if (!seen[*it]) {
                        stack.push_back(*it);
                    }
                }
            }
        }
    }
    std::vector<std::vector<std::size_t>> runs;
    for (std::size_t k = 0; k < walk.size(); k += kMaxPartSize) {
        runs.emplace_back(walk.begin() + static_cast<std::ptrdiff_t>(k),
                          walk.begin() +
                              static_cast<std::ptrdiff_t>(std::min(walk.size(), k + kMaxPartSize)));
        std::sort(runs.back().begin(), runs.back().end());
    }
    recurse(runs, false);
}

Piece pieceOf(std::vector<std::size_t> nodes, const std::vector<Point> &centres) {
    Piece piece;
    piece.elements = std::move(nodes);
    double left = std::numeric_limits<double>::max();
    double top = std::numeric_limits<double>::max();
    for (const Point &centre : centres) {
        left = std::min(left, centre.x);
        top = std::min(top, centre.y);
    }
    for (const Point &centre : centres) {
        const Point corner{snap(centre.x - left), snap(centre.y - top)};
        piece.corners.push_back(corner);
        piece.width = std::max(piece.width, corner.x + kElementBoxWidth);
        piece.height = std::max(piece.height, corner.y + kElementBoxHeight);
    }
    return piece;
}

// Elements without any edge, in a grid of about as many columns as rows (each would otherwise be
// a piece of its own, scattered among the others).
Piece loosePiece(std::vector<std::size_t> nodes, const LayoutOptions &options) {
    Piece piece;
    const auto perRow =
        static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes.size()))));
    const double columnStep = kElementBoxWidth + snap(std::max(options.columnGap, kGridStep));
    const double rowStep = kElementBoxHeight + snap(std::max(options.rowGap, kGridStep));
    for (std::size_t k = 0; k < nodes.size(); ++k) {
        const Point corner{static_cast<double>(k % perRow) * columnStep,
                           static_cast<double>(k / perRow) * rowStep};
        piece.corners.push_back(corner);
        piece.width = std::max(piece.width, corner.x + kElementBoxWidth);
        piece.height = std::max(piece.height, corner.y + kElementBoxHeight);
    }
    piece.elements = std::move(nodes);
    return piece;
}

// Where each piece goes: in rows, left to right in order, a column gap apart, each row as wide as
// makes the whole about as wide as a screen (or as the widest piece); the loose elements start a
// row of their own at the bottom.
std::vector<Point> shelve(const std::vector<Piece> &pieces, bool lastIsLoose,
                          const LayoutOptions &options) {
    constexpr double kAspect = 1.6; // width over height of the whole
    const double gap = snap(std::max(options.columnGap, kGridStep));
    double area = 0;
    double widest = 0;
    for (const Piece &piece : pieces) {
        area += (piece.width + gap) * (piece.height + gap);
        widest = std::max(widest, piece.width);
    }
    const double rowLimit = std::max(widest, std::sqrt(area * kAspect));
    std::vector<Point> offsets;
    double x = 0;
    double y = 0;
    double rowHeight = 0;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
        const bool newRow = lastIsLoose && k + 1 == pieces.size();
        if (x > 0 && (newRow || x + pieces[k].width > rowLimit)) {
            y += rowHeight + gap;
            x = 0;
            rowHeight = 0;
        }
        offsets.push_back({x, y});
        x += pieces[k].width + gap;
        rowHeight = std::max(rowHeight, pieces[k].height);
    }
    return offsets;
}

} // namespace

std::vector<std::pair<ElementId, Point>> computeLayout(const Project &project,
                                                       const LayoutOptions &options,
                                                       const std::vector<ElementId> *only) {
    const std::vector<Element> &elements = project.elements();
    std::vector<bool> laidOut(elements.size(), false);
    if (only) {
        for (const ElementId &id : *only) {
            const std::size_t index = project.indexOf(id);
            if (index < elements.size() && isArchitecture(elements[index])) {
                laidOut[index] = true;
            }
        }
    } else {
        for (std::size_t i = 0; i < elements.size(); ++i) {
            laidOut[i] = isArchitecture(elements[i]);
        }
    }
    const std::vector<FlowEdge> edges = withoutCycles(flowEdges(project, laidOut), elements.size());
    std::vector<std::size_t> nodes;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (laidOut[i]) {
            nodes.push_back(i);
        }
    }
    if (nodes.empty()) {
        return {};
    }

    // dot lays out each part on its own, then shelve() puts the pieces side by side: Graphviz
    // 2.42's own packing of components (`pack`) leaks, and crashes with clusters.
    std::vector<Part> parts;
    std::vector<std::size_t> loose;
    splitIntoParts(project, nodes, edges, parts, loose);
    std::vector<Piece> pieces;
    for (Part &part : parts) {
        const std::optional<std::vector<Point>> centres =
            dotCentres(part.nodes, elements.size(), part.edges, options);
        if (!centres) {
            return {};
        }
        pieces.push_back(pieceOf(std::move(part.nodes), *centres));
    }
    if (!loose.empty()) {
        std::sort(loose.begin(), loose.end());
        pieces.push_back(loosePiece(std::move(loose), options));
    }
    const std::vector<Point> offsets = shelve(pieces, pieces.size() > parts.size(), options);

    Point origin;
    if (options.origin) {
        origin = *options.origin;
    } else {
        origin = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
        for (std::size_t i = 0; i < elements.size(); ++i) {
            if (laidOut[i]) {
                const Point now = elementPosition(elements[i]);
                origin = {std::min(origin.x, now.x), std::min(origin.y, now.y)};
            }
        }
        origin = {snap(origin.x), snap(origin.y)};
    }
    std::vector<Point> positions(elements.size());
    for (std::size_t k = 0; k < pieces.size(); ++k) {
        for (std::size_t e = 0; e < pieces[k].elements.size(); ++e) {
            positions[pieces[k].elements[e]] = {origin.x + offsets[k].x + pieces[k].corners[e].x,
                                                origin.y + offsets[k].y + pieces[k].corners[e].y};
        }
    }
    std::vector<std::pair<ElementId, Point>> out;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (laidOut[i]) {
            out.emplace_back(elementId(elements[i]), positions[i]);
        }
    }
    return out;
}

Command layoutCommand(const Project &project, const LayoutOptions &options,
                      const std::vector<ElementId> *only) {
    std::vector<std::pair<ElementId, Point>> positions = computeLayout(project, options, only);
    std::string label = "Arrange automatically";
    if (only) {
        label = positions.size() == 1 ? std::string("Arrange 1 element")
                                      : "Arrange " + std::to_string(positions.size()) + " elements";
    }
    return Command{MoveElements{std::move(positions)}, std::move(label)};
}

void layoutArchitecture(Project &project, const LayoutOptions &options) {
    Command command = layoutCommand(project, options);
    if (std::get<MoveElements>(command.operation).positions.empty()) {
        return;
    }
    (void)project.apply(command);
}

} // namespace sg::model
