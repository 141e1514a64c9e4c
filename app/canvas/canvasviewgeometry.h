#pragma once
// Conversions between the canvas's Qt geometry and the model's, shared by the view's parts.

#include "arch/elements.h"

#include <QRectF>

namespace sg::app {

[[nodiscard]] inline sg::model::Rect toModelRect(const QRectF &r) {
    return {r.x(), r.y(), r.width(), r.height()};
}

} // namespace sg::app
