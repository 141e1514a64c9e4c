// The Mermaid export: a left-to-right flowchart of the architecture, one subgraph per bounded
// context, one node per producer, bus, rule, consumer, queue, API destination and external system.

#include "io/exportsupport.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

namespace sg::model {

namespace {

constexpr std::string_view kIndent = "    ";

// Mermaid's entity codes keep quotes, '#', '<', '>', '|' and backticks from ending or
// reinterpreting a quoted label; line breaks would end the statement.
std::string escapeLabel(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '"':
            out.append("#34;");
            break;
        case '#':
            out.append("#35;");
            break;
        case '&':
            out.append("#38;");
            break;
        case '<':
            out.append("#60;");
            break;
        case '>':
            out.append("#62;");
            break;
        case '`':
            out.append("#96;");
            break;
        case '|':
            out.append("#124;");
            break;
        case '\n':
        case '\r':
        case '\t':
            out.push_back(' ');
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

std::string quotedLabel(std::string_view text) {
    std::string out = "\"";
    out.append(escapeLabel(text)).append("\"");
    return out;
}

// The node id prefix also keeps ids clear of Mermaid keywords ("end") and of the "o"/"x" edge
// endings ("A---oB").
std::string_view nodePrefix(ElementKind kind) {
    switch (kind) {
    case ElementKind::Producer:
        return "producer_";
    case ElementKind::Bus:
        return "bus_";
    case ElementKind::Rule:
        return "rule_";
    case ElementKind::Function:
        return "fn_";
    case ElementKind::StateMachine:
        return "sfn_";
    case ElementKind::Queue:
        return "queue_";
    case ElementKind::ApiDestination:
        return "api_";
    case ElementKind::ExternalSystem:
        return "ext_";
    case ElementKind::BoundedContext:
        return "ctx_";
    default:
        return {};
    }
}

// The label wrapped in the shape of the kind.
std::string shaped(ElementKind kind, const std::string &label) {
    const std::string text = quotedLabel(label);
    switch (kind) {
    case ElementKind::Producer:
        return "([" + text + "])"; // stadium
    case ElementKind::Bus:
        return "{{" + text + "}}"; // hexagon
    case ElementKind::Rule:
        return "{" + text + "}"; // rhombus
    case ElementKind::Function:
        return "(" + text + ")"; // rounded
    case ElementKind::StateMachine:
        return "[[" + text + "]]"; // subroutine
    case ElementKind::Queue:
        return "[(" + text + ")]"; // cylinder
    case ElementKind::ApiDestination:
        return ">" + text + "]"; // flag
    case ElementKind::ExternalSystem:
        return "[/" + text + "/]"; // parallelogram
    default:
        return "[" + text + "]";
    }
}

class MermaidWriter {
public:
    explicit MermaidWriter(const Project &project) : m_project(project) {}

    std::string write() {
        assignNodeIds();
        m_out = "flowchart LR\n";
        for (const BoundedContext *context : m_project.all<BoundedContext>()) {
            writeContext(*context);
        }
        for (const Element &element : m_project.elements()) {
            if (isNodeKind(elementKind(element)) && !inContext(element)) {
                writeNode(element, kIndent);
            }
        }
        for (const Element &element : m_project.elements()) {
            writeEdges(element);
        }
        return m_out;
    }

private:
    static bool isNodeKind(ElementKind kind) {
        return kind != ElementKind::BoundedContext && !nodePrefix(kind).empty();
    }

    std::string makeId(std::string_view prefix, std::string_view id) {
        std::string base(prefix);
        for (const char c : id) {
            const auto u = static_cast<unsigned char>(c);
            base.push_back(u < 0x80 && std::isalnum(u) ? c : '_');
        }
        std::string candidate = base;
        for (int n = 2; m_used.contains(candidate); ++n) {
            candidate = base + "_" + std::to_string(n);
        }
        m_used.insert(candidate);
        return candidate;
    }

    void assignNodeIds() {
        for (const Element &element : m_project.elements()) {
            const ElementKind kind = elementKind(element);
            if (isNodeKind(kind) || kind == ElementKind::BoundedContext) {
                m_nodes[elementId(element)] = makeId(nodePrefix(kind), elementId(element).value);
            }
        }
    }

    static const ElementId *contextOf(const Element &element) {
        return std::visit(
            [](const auto &e) -> const ElementId * {
                using T = std::decay_t<decltype(e)>;
                if constexpr (requires { e.context; }) {
                    if constexpr (!std::is_same_v<T, Sticky>) {
                        return &e.context;
                    }
                }
                return nullptr;
            },
            element);
    }

    bool inContext(const Element &element) const {
        const ElementId *context = contextOf(element);
        return context != nullptr && !context->empty() &&
               m_project.get<BoundedContext>(*context) != nullptr;
    }

    void writeContext(const BoundedContext &context) {
        std::vector<const Element *> members;
        for (const Element &element : m_project.elements()) {
            const ElementId *of = contextOf(element);
            if (of != nullptr && *of == context.id && isNodeKind(elementKind(element))) {
                members.push_back(&element);
            }
        }
        if (members.empty()) {
            return;
        }
        const std::string &label = context.name.empty() ? context.id.value : context.name;
        m_out.append(kIndent)
            .append("subgraph ")
            .append(m_nodes.at(context.id))
            .append("[")
            .append(quotedLabel(label))
            .append("]\n");
        const std::string inner = std::string(kIndent) + std::string(kIndent);
        for (const Element *member : members) {
            writeNode(*member, inner);
        }
        m_out.append(kIndent).append("end\n");
    }

    void writeNode(const Element &element, std::string_view indent) {
        const std::string &name = elementName(element);
        const std::string &label = name.empty() ? elementId(element).value : name;
        m_out.append(indent)
            .append(m_nodes.at(elementId(element)))
            .append(shaped(elementKind(element), label))
            .append("\n");
    }

    void edge(const ElementId &from, std::string_view arrow, std::string_view label,
              const ElementId &to) {
        const auto a = m_nodes.find(from);
        const auto b = m_nodes.find(to);
        if (a == m_nodes.end() || b == m_nodes.end()) {
            return;
        }
        std::string line(kIndent);
        line.append(a->second).append(" ").append(arrow);
        if (!label.empty()) {
            line.append("|").append(quotedLabel(label)).append("|");
        }
        line.append(" ").append(b->second).append("\n");
        if (m_edges.insert(line).second) {
            m_out.append(line);
        }
    }

    std::string eventTypeLabel(const ElementId &id) const {
        const EventType *type = m_project.get<EventType>(id);
        if (type == nullptr) {
            return id.value;
        }
        return !type->detailType.empty() ? type->detailType
                                         : (!type->name.empty() ? type->name : id.value);
    }

    void behaviorEdges(const ElementId &from, const Behavior &behavior) {
        for (const FollowUp &followUp : behavior.followUps) {
            edge(from, "-.->", eventTypeLabel(followUp.eventType), followUp.bus);
        }
        for (const ElementId &dependency : behavior.dependsOn) {
            edge(from, "==>", "calls", dependency);
        }
    }

    void writeEdges(const Element &element) {
        if (const auto *producer = std::get_if<Producer>(&element)) {
            edge(producer->id, "-->", "", producer->bus);
        } else if (const auto *rule = std::get_if<Rule>(&element)) {
            edge(rule->bus, "-->", "", rule->id);
            for (const Target &target : rule->targets) {
                edge(rule->id, "-->", target.id, target.destination);
            }
            for (const Target &target : rule->targets) {
                if (!target.deadLetterQueue.empty()) {
                    edge(target.destination, "-.->", "DLQ", target.deadLetterQueue);
                }
            }
        } else if (const auto *consumer = std::get_if<Consumer>(&element)) {
            behaviorEdges(consumer->id, consumer->behavior);
        } else if (const auto *queue = std::get_if<Queue>(&element)) {
            edge(queue->id, "-->", "read by", queue->readBy);
        } else if (const auto *api = std::get_if<ApiDestination>(&element)) {
            edge(api->id, "-->", "", api->externalSystem);
            behaviorEdges(api->id, api->behavior);
        } else if (const auto *system = std::get_if<ExternalSystem>(&element)) {
            behaviorEdges(system->id, system->behavior);
        }
    }

    const Project &m_project;
    std::unordered_map<ElementId, std::string> m_nodes;
    std::unordered_set<std::string> m_used;
    std::unordered_set<std::string> m_edges;
    std::string m_out;
};

} // namespace

std::string writeMermaid(const Project &project) {
    return MermaidWriter(project).write();
}

} // namespace sg::model
