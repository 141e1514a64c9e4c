#pragma once
// The canvas's colours: one source for element kinds, sticky paper, edges and the board, in a
// light and a dark theme, for the scene graph and (through CanvasView) for QML alike.

#include "arch/elements.h"

#include <QColor>

namespace sg::app {

struct CanvasColors {
    QColor board;     // behind everything
    QColor gridMinor; // grid lines
    QColor gridMajor; // every fifth grid line
    QColor cardFill;  // an architecture element's box
    QColor cardBorder;
    QColor ink;       // text on cards and regions
    QColor mutedInk;  // kind captions
    QColor edge;      // event flow
    QColor selection; // outline of selected elements
    QColor linked;    // outline of the element linked to the selection (sticky <-> element)
    QColor rubberBand;
};

[[nodiscard]] const CanvasColors &canvasColors(bool dark);

// The accent colour of an architecture element kind (the stripe on its box, the palette icon).
[[nodiscard]] QColor kindAccent(sg::model::ElementKind kind);
// A sticky's paper colour (the model's stickyColor()).
[[nodiscard]] QColor stickyPaper(sg::model::StickyKind kind);
// A bounded context's tint: its own colour, or a neutral one.
[[nodiscard]] QColor contextTint(const sg::model::BoundedContext &context);

// What an edge means, which decides its colour.
enum class EdgeKind : std::uint8_t {
    Flow,       // producer -> bus -> rule -> target, bus -> bus, queue -> its reader
    DeadLetter, // a rule's target -> its dead-letter queue
    Emits,      // a consumer -> the bus it puts follow-up events on
    Calls,      // a synchronous dependency
    Uses,       // an API destination -> its connection or external system
};
[[nodiscard]] QColor edgeColor(EdgeKind kind, bool dark);

} // namespace sg::app
