#pragma once
// Vertex and index buffers the canvas fills in C++ and hands to batched scene-graph nodes:
// coloured triangles (boxes, frames, anti-aliased polylines, arrow heads) and textured quads
// (labels from the glyph atlas). Also the route an edge takes between two boxes.

#include "arch/elements.h"

#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QSGGeometry>

#include <vector>

namespace sg::app {

// Premultiplied RGBA, as QSGVertexColorMaterial expects.
struct Rgba {
    unsigned char r = 0, g = 0, b = 0, a = 0;
    static Rgba of(const QColor &color, double opacity = 1.0);
};

class ColorMesh {
public:
    std::vector<QSGGeometry::ColoredPoint2D> vertices;
    std::vector<quint32> indices;

    void clear() {
        vertices.clear();
        indices.clear();
    }
    void rect(const QRectF &r, Rgba color);
    // A frame of `width` drawn inside `r`.
    void frame(const QRectF &r, double width, Rgba color);
    void triangle(QPointF a, QPointF b, QPointF c, Rgba color);
    // A line of `width` through `points` with a `feather` of fading edge on each side (cheap
    // anti-aliasing without multisampling).
    void polyline(const std::vector<QPointF> &points, double width, double feather, Rgba color);
    // Copies into `geometry`, resizing it.
    void upload(QSGGeometry *geometry) const;

private:
    quint32 vertex(QPointF p, Rgba c);
};

class TextureMesh {
public:
    std::vector<QSGGeometry::TexturedPoint2D> vertices;
    std::vector<quint32> indices;

    void clear() {
        vertices.clear();
        indices.clear();
    }
    void quad(const QRectF &position, const QRectF &uv);
    void upload(QSGGeometry *geometry) const;
};

// The points of an edge from box `from` to box `to`: a horizontal S-curve from the side of one
// facing the other, ending where the arrow head's tip is. `segments` is how finely it is cut.
[[nodiscard]] std::vector<QPointF> edgeRoute(const QRectF &from, const QRectF &to,
                                             int segments = 12);

[[nodiscard]] inline QRectF toQRect(const sg::model::Rect &r) {
    return {r.x, r.y, r.width, r.height};
}

} // namespace sg::app
