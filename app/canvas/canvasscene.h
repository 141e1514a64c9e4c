#pragma once
// CanvasScene: what the canvas draws, derived from the model — each element in a dense slot
// (id, kind, rectangle, label, colours), the edges its references imply, and a spatial index
// over the rectangles. It never holds state of its own that the model does not: rebuild() derives
// all of it again.

#include "canvaspalette.h"
#include "spatialindex.h"

#include "arch/project.h"

#include <QColor>
#include <QString>

#include <string>
#include <unordered_map>
#include <vector>

namespace sg::app {

class CanvasScene {
public:
    using Slot = SpatialIndex::Slot;
    static constexpr Slot kNoSlot = static_cast<Slot>(-1);

    // How an element is drawn, back to front.
    enum class Layer : std::uint8_t { Region, Sticky, Card };

    struct Item {
        sg::model::ElementId id;
        sg::model::ElementKind kind = sg::model::ElementKind::Bus;
        Layer layer = Layer::Card;
        sg::model::Rect rect;
        QString label;              // the name, or a sticky's text
        QString caption;            // a card's kind ("RULE"), a region's "BOUNDED CONTEXT"
        QColor fill;                // sticky paper, region tint; cards use the theme's fill
        QColor accent;              // a card's stripe
        bool disabled = false;      // a disabled rule, drawn faded
        std::uint32_t revision = 0; // bumped when the label or size changes (label caches)
    };

    struct Edge {
        Slot from = kNoSlot;
        Slot to = kNoSlot;
        EdgeKind kind = EdgeKind::Flow;
    };

    // Derives everything from `project`.
    void rebuild(const sg::model::Project &project);

    [[nodiscard]] const std::vector<Item> &items() const { return m_items; }
    [[nodiscard]] const std::vector<Edge> &edges() const { return m_edges; }
    [[nodiscard]] const SpatialIndex &index() const { return m_index; }
    [[nodiscard]] Slot slotOf(const sg::model::ElementId &id) const;
    // The slot of the element a sticky is linked to, or of the sticky linked to an element.
    [[nodiscard]] std::vector<Slot> linkedSlots(Slot slot) const;
    // The smallest rectangle holding every element (empty for an empty model).
    [[nodiscard]] sg::model::Rect bounds() const { return m_bounds; }

    // The topmost element under a world point: cards over stickies over a region's title band.
    // Layers not `shown` are passed over (a board showing only the stickies).
    [[nodiscard]] Slot hitTest(double x, double y, bool stickiesShown = true,
                               bool cardsShown = true) const;
    // The smallest rectangle holding every sticky (the event-storming timeline spans it).
    [[nodiscard]] sg::model::Rect stickyBounds() const { return m_stickyBounds; }

    // A region's title band, where it can be grabbed (its body lets clicks through to the board).
    static constexpr double kRegionTitleHeight = 40;

private:
    std::vector<Item> m_items;
    std::vector<Edge> m_edges;
    std::vector<std::pair<Slot, Slot>> m_links; // sticky -> linked element
    std::unordered_map<std::string, Slot> m_slots;
    SpatialIndex m_index;
    sg::model::Rect m_bounds;
    sg::model::Rect m_stickyBounds;
    std::uint32_t m_revision = 0;
};

// The label a card shows for its kind: "EVENT TYPE", "RULE", ...
[[nodiscard]] QString kindCaption(sg::model::ElementKind kind);

} // namespace sg::app
