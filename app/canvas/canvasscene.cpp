#include "canvasscene.h"
#include "stringconvert.h"

#include <QRectF>

#include <algorithm>
#include <limits>

namespace sg::app {

using sg::model::ElementKind;
using sg::model::Rect;

QString kindCaption(ElementKind kind) {
    switch (kind) {
    case ElementKind::BoundedContext:
        return QStringLiteral("BOUNDED CONTEXT");
    case ElementKind::EventType:
        return QStringLiteral("EVENT TYPE");
    case ElementKind::Producer:
        return QStringLiteral("PRODUCER");
    case ElementKind::Bus:
        return QStringLiteral("EVENT BUS");
    case ElementKind::Rule:
        return QStringLiteral("RULE");
    case ElementKind::Function:
        return QStringLiteral("LAMBDA FUNCTION");
    case ElementKind::StateMachine:
        return QStringLiteral("STATE MACHINE");
    case ElementKind::Queue:
        return QStringLiteral("SQS QUEUE");
    case ElementKind::Connection:
        return QStringLiteral("CONNECTION");
    case ElementKind::ApiDestination:
        return QStringLiteral("API DESTINATION");
    case ElementKind::ExternalSystem:
        return QStringLiteral("EXTERNAL SYSTEM");
    case ElementKind::Sticky:
        return QStringLiteral("STICKY");
    }
    return {};
}

void CanvasScene::rebuild(const sg::model::Project &project) {
    // Keep revisions of unchanged labels, so label caches survive an edit elsewhere.
    std::unordered_map<std::string, std::pair<QString, std::uint32_t>> oldLabels;
    oldLabels.reserve(m_items.size());
    for (const Item &item : m_items) {
        oldLabels.emplace(item.id.value,
                          std::pair{item.label + QChar(0x1f) + item.caption +
                                        QString::number(item.rect.width) + QChar(0x1f) +
                                        QString::number(item.rect.height),
                                    item.revision});
    }

    m_items.clear();
    m_edges.clear();
    m_links.clear();
    m_slots.clear();
    m_index.clear();
    m_items.reserve(project.size());
    m_slots.reserve(project.size());

    double x0 = std::numeric_limits<double>::max();
    double y0 = x0;
    double x1 = std::numeric_limits<double>::lowest();
    double y1 = x1;

    for (const sg::model::Element &element : project.elements()) {
        Item item;
        item.id = sg::model::elementId(element);
        item.kind = sg::model::elementKind(element);
        item.rect = sg::model::elementBounds(element);
        item.label = qs(sg::model::elementName(element));
        if (const auto *sticky = std::get_if<sg::model::Sticky>(&element)) {
            item.layer = Layer::Sticky;
            item.fill = stickyPaper(sticky->kind);
        } else if (const auto *context = std::get_if<sg::model::BoundedContext>(&element)) {
            item.layer = Layer::Region;
            item.fill = contextTint(*context);
            item.caption = kindCaption(item.kind);
        } else {
            item.layer = Layer::Card;
            item.accent = kindAccent(item.kind);
            item.caption = kindCaption(item.kind);
            if (const auto *rule = std::get_if<sg::model::Rule>(&element)) {
                item.disabled = !rule->enabled;
                if (item.disabled) {
                    item.caption += QStringLiteral(" \u00b7 DISABLED");
                }
            }
        }
        const QString key = item.label + QChar(0x1f) + item.caption +
                            QString::number(item.rect.width) + QChar(0x1f) +
                            QString::number(item.rect.height);
        const auto old = oldLabels.find(item.id.value);
        item.revision =
            old != oldLabels.end() && old->second.first == key ? old->second.second : ++m_revision;
        const Slot slot = static_cast<Slot>(m_items.size());
        m_index.insert(slot, item.rect);
        m_slots.emplace(item.id.value, slot);
        x0 = std::min(x0, item.rect.x);
        y0 = std::min(y0, item.rect.y);
        x1 = std::max(x1, item.rect.x + item.rect.width);
        y1 = std::max(y1, item.rect.y + item.rect.height);
        m_items.push_back(std::move(item));
    }
    m_bounds = m_items.empty() ? Rect{} : Rect{x0, y0, x1 - x0, y1 - y0};
    QRectF stickies;
    for (const Item &item : m_items) {
        if (item.layer == Layer::Sticky) {
            stickies |= QRectF(item.rect.x, item.rect.y, item.rect.width, item.rect.height);
        }
    }
    m_stickyBounds = {stickies.x(), stickies.y(), stickies.width(), stickies.height()};

    // Edges follow the direction events flow, whichever element holds the reference.
    const auto add = [this](const sg::model::ElementId &from, const sg::model::ElementId &to,
                            EdgeKind kind) {
        const Slot a = slotOf(from);
        const Slot b = slotOf(to);
        if (a != kNoSlot && b != kNoSlot && a != b) {
            m_edges.push_back({a, b, kind});
        }
    };
    for (const sg::model::Element &element : project.elements()) {
        const sg::model::ElementId &id = sg::model::elementId(element);
        if (const auto *producer = std::get_if<sg::model::Producer>(&element)) {
            add(id, producer->bus, EdgeKind::Flow);
        } else if (const auto *rule = std::get_if<sg::model::Rule>(&element)) {
            add(rule->bus, id, EdgeKind::Flow);
            for (const sg::model::Target &target : rule->targets) {
                add(id, target.destination, EdgeKind::Flow);
                if (!target.deadLetterQueue.empty()) {
                    add(target.destination.empty() ? id : target.destination,
                        target.deadLetterQueue, EdgeKind::DeadLetter);
                }
            }
        } else if (const auto *queue = std::get_if<sg::model::Queue>(&element)) {
            add(id, queue->readBy, EdgeKind::Flow);
            add(id, queue->redrivePolicy.deadLetterQueue, EdgeKind::DeadLetter);
        } else if (const auto *function = std::get_if<sg::model::Consumer>(&element)) {
            add(id, function->asyncInvocation.onFailure, EdgeKind::DeadLetter);
            add(id, function->asyncInvocation.deadLetterQueue, EdgeKind::DeadLetter);
        } else if (const auto *api = std::get_if<sg::model::ApiDestination>(&element)) {
            add(id, api->connection, EdgeKind::Uses);
            add(id, api->externalSystem, EdgeKind::Uses);
        } else if (const auto *sticky = std::get_if<sg::model::Sticky>(&element)) {
            const Slot a = slotOf(id);
            const Slot b = slotOf(sticky->linked);
            if (a != kNoSlot && b != kNoSlot) {
                m_links.emplace_back(a, b);
            }
        }
        const sg::model::Behavior *behavior = nullptr;
        if (const auto *consumer = std::get_if<sg::model::Consumer>(&element)) {
            behavior = &consumer->behavior;
        } else if (const auto *api = std::get_if<sg::model::ApiDestination>(&element)) {
            behavior = &api->behavior;
        } else if (const auto *external = std::get_if<sg::model::ExternalSystem>(&element)) {
            behavior = &external->behavior;
        }
        if (behavior) {
            for (const sg::model::FollowUp &followUp : behavior->followUps) {
                add(id, followUp.bus, EdgeKind::Emits);
            }
            for (const sg::model::ElementId &dependency : behavior->dependsOn) {
                add(id, dependency, EdgeKind::Calls);
            }
        }
    }
    // A dead-letter queue shared by several targets of one consumer is one edge.
    std::sort(m_edges.begin(), m_edges.end(), [](const Edge &a, const Edge &b) {
        return std::tie(a.from, a.to, a.kind) < std::tie(b.from, b.to, b.kind);
    });
    m_edges.erase(std::unique(m_edges.begin(), m_edges.end(),
                              [](const Edge &a, const Edge &b) {
                                  return a.from == b.from && a.to == b.to && a.kind == b.kind;
                              }),
                  m_edges.end());
}

CanvasScene::Slot CanvasScene::slotOf(const sg::model::ElementId &id) const {
    if (id.empty()) {
        return kNoSlot;
    }
    const auto it = m_slots.find(id.value);
    return it == m_slots.end() ? kNoSlot : it->second;
}

std::vector<CanvasScene::Slot> CanvasScene::linkedSlots(Slot slot) const {
    std::vector<Slot> out;
    for (const auto &[sticky, element] : m_links) {
        if (sticky == slot) {
            out.push_back(element);
        } else if (element == slot) {
            out.push_back(sticky);
        }
    }
    return out;
}

CanvasScene::Slot CanvasScene::hitTest(double x, double y, bool stickiesShown,
                                       bool cardsShown) const {
    Slot best = kNoSlot;
    for (const Slot slot : m_index.at(x, y)) {
        const Item &item = m_items[slot];
        if (item.layer == Layer::Region && y > item.rect.y + kRegionTitleHeight) {
            continue;
        }
        if ((item.layer == Layer::Sticky && !stickiesShown) ||
            (item.layer == Layer::Card && !cardsShown)) {
            continue;
        }
        // Later layers, then later slots, are drawn on top.
        if (best == kNoSlot || item.layer > m_items[best].layer ||
            (item.layer == m_items[best].layer && slot > best)) {
            best = slot;
        }
    }
    return best;
}

} // namespace sg::app
