#pragma once
// ViewTransform: how the canvas maps world coordinates (the model's geometry) to the view's
// pixels — a uniform scale and an offset. A value type, so panning and zooming are arithmetic
// that tests can check without a window.

#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QTransform>

#include <algorithm>

namespace sg::app {

struct ViewTransform {
    static constexpr double kMinScale = 0.01; // a board of 100,000 elements still fits
    static constexpr double kMaxScale = 4.0;

    double scale = 1.0;
    QPointF offset; // the view position of world (0, 0)

    [[nodiscard]] QPointF mapToView(QPointF world) const { return world * scale + offset; }
    [[nodiscard]] QPointF mapToWorld(QPointF view) const { return (view - offset) / scale; }
    [[nodiscard]] QRectF mapToView(const QRectF &world) const {
        return {mapToView(world.topLeft()), world.size() * scale};
    }
    [[nodiscard]] QRectF mapToWorld(const QRectF &view) const {
        return {mapToWorld(view.topLeft()), view.size() / scale};
    }
    [[nodiscard]] QTransform toTransform() const {
        return QTransform(scale, 0, 0, scale, offset.x(), offset.y());
    }

    // Pans by `delta` view pixels.
    void pan(QPointF delta) { offset += delta; }

    // Scales by `factor`, keeping the world point under `viewPoint` where it is (zoom at the
    // cursor). The scale stays within [kMinScale, kMaxScale].
    void zoomAround(QPointF viewPoint, double factor) {
        const QPointF world = mapToWorld(viewPoint);
        scale = std::clamp(scale * factor, kMinScale, kMaxScale);
        offset = viewPoint - world * scale;
    }

    // Shows all of `world` centred in a view of `viewSize`, with `margin` pixels around it, at
    // most at `maxScale` (a small model is not blown up).
    void fit(const QRectF &world, QSizeF viewSize, double margin = 40, double maxScale = 1.0) {
        if (world.isEmpty() || viewSize.isEmpty()) {
            scale = 1.0;
            offset = QPointF(viewSize.width() / 2, viewSize.height() / 2) -
                     (world.isNull() ? QPointF() : world.center());
            return;
        }
        const double sx = std::max(1.0, viewSize.width() - 2 * margin) / world.width();
        const double sy = std::max(1.0, viewSize.height() - 2 * margin) / world.height();
        scale = std::clamp(std::min({sx, sy, maxScale}), kMinScale, kMaxScale);
        offset = QPointF(viewSize.width() / 2, viewSize.height() / 2) - world.center() * scale;
    }

    bool operator==(const ViewTransform &) const = default;
};

} // namespace sg::app
