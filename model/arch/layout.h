#pragma once
// Automatic layout of the architecture with Graphviz's `dot`, left to right in the direction
// events flow (event types, producers, buses, rules, targets, then dead-letter queues and what
// targets call). Used for imported models and by "arrange" in the editor (as one undoable
// command).

#include "arch/project.h"

#include <optional>
#include <utility>
#include <vector>

namespace sg::model {

// Spacing and placement of a layout, in world units. Element boxes are kElementBoxWidth x
// kElementBoxHeight; the gaps are the empty space between boxes, where the canvas draws its
// S-curves from one box's right side to the next one's left side. Gaps under the canvas's
// 20-unit grid count as one grid step.
struct LayoutOptions {
    double columnGap = 120; // between columns, and between parts that are not connected
    double rowGap = 40;     // between two boxes of one column
    // The top-left corner of the result; unset, the top-left corner of the elements laid out
    // stays where it is (snapped to the grid): a selection is arranged in place, an imported
    // model (everything at (0, 0)) from (0, 0).
    std::optional<Point> origin;
};

// New positions (top-left corners) for the architecture elements — every element but stickies
// and bounded contexts — in model order, with Graphviz's dot: events flow left to right (event
// types, producers, buses, rules, targets, then dead-letter queues and what targets call), each
// connected part of the architecture laid out on its own and the parts in rows, elements without
// any connection in a grid below them. A part of more than 1,000 elements is split by bounded
// context, or else along the flow, to keep the time to a second or two.
//
// With `only`, just the listed elements, laid out among themselves: edges to elements outside
// it are ignored and nothing else moves (absent ids, stickies and bounded contexts are skipped).
// Positions are on the 20-unit grid from the origin, boxes never overlap, and the same project
// always gives the same positions. Empty when there is nothing to lay out, or if Graphviz fails
// (which it does not for any model we know of).
[[nodiscard]] std::vector<std::pair<ElementId, Point>>
computeLayout(const Project &project, const LayoutOptions &options = {},
              const std::vector<ElementId> *only = nullptr);

// The layout as one command, for undo: "Arrange automatically", or with `only` "Arrange N
// elements".
[[nodiscard]] Command layoutCommand(const Project &project, const LayoutOptions &options = {},
                                    const std::vector<ElementId> *only = nullptr);

// Applies layoutCommand() to the whole architecture (moving existing elements cannot fail).
void layoutArchitecture(Project &project, const LayoutOptions &options = {});

} // namespace sg::model
