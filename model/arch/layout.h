#pragma once
// Automatic layout of the architecture: columns in the direction events flow (producers, buses,
// rules, targets, then dead-letter queues and external systems) with rows ordered so that edges
// stay short. Used for imported models and by "arrange" in the editor (as one undoable command).

#include "arch/project.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace sg::model {

// The columns, left to right.
enum class LayoutColumn : std::uint8_t {
    Producers, // producers and the event types they put
    Buses,
    Rules,
    Targets, // functions, state machines, queues that are targets, API destinations
    Sinks,   // dead-letter queues, connections, external systems
};
inline constexpr std::size_t kLayoutColumnCount = 5;

struct LayoutOptions {
    double columnSpacing = 260;          // from one column's left edge to the next
    double rowSpacing = 120;             // from one row's top edge to the next
    double nodeWidth = kElementBoxWidth; // the box an element occupies from its position
    double nodeHeight = kElementBoxHeight;
    Point origin; // the top-left corner of the layout
};

// The column of an element, or nothing for what the layout leaves alone (stickies, bounded
// contexts).
[[nodiscard]] std::optional<LayoutColumn> layoutColumn(const Project &project,
                                                       const Element &element);

// New positions (top-left corners) for every element that has a column, in model order. Boxes
// of nodeWidth x nodeHeight never overlap when the spacings exceed the box size.
[[nodiscard]] std::vector<std::pair<ElementId, Point>>
computeLayout(const Project &project, const LayoutOptions &options = {});

// The layout as one command ("Arrange automatically"), for undo.
[[nodiscard]] Command layoutCommand(const Project &project, const LayoutOptions &options = {});

// Applies layoutCommand() (moving existing elements cannot fail).
void layoutArchitecture(Project &project, const LayoutOptions &options = {});

} // namespace sg::model
