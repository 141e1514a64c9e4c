#include "canvasmesh.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace sg::app {

Rgba Rgba::of(const QColor &color, double opacity) {
    const double a = std::clamp(color.alphaF() * opacity, 0.0, 1.0);
    const auto channel = [a](int v) {
        return static_cast<unsigned char>(std::lround(v * a));
    };
    return {channel(color.red()), channel(color.green()), channel(color.blue()),
            static_cast<unsigned char>(std::lround(a * 255))};
}

quint32 ColorMesh::vertex(QPointF p, Rgba c) {
    QSGGeometry::ColoredPoint2D v;
    v.set(static_cast<float>(p.x()), static_cast<float>(p.y()), c.r, c.g, c.b, c.a);
    vertices.push_back(v);
    return static_cast<quint32>(vertices.size() - 1);
}

void ColorMesh::rect(const QRectF &r, Rgba color) {
    const quint32 a = vertex(r.topLeft(), color);
    const quint32 b = vertex(r.topRight(), color);
    const quint32 c = vertex(r.bottomRight(), color);
    const quint32 d = vertex(r.bottomLeft(), color);
    indices.insert(indices.end(), {a, b, c, a, c, d});
}

void ColorMesh::frame(const QRectF &r, double width, Rgba color) {
    const double w = std::min({width, r.width() / 2, r.height() / 2});
    rect({r.left(), r.top(), r.width(), w}, color);
    rect({r.left(), r.bottom() - w, r.width(), w}, color);
    rect({r.left(), r.top() + w, w, r.height() - 2 * w}, color);
    rect({r.right() - w, r.top() + w, w, r.height() - 2 * w}, color);
}

void ColorMesh::triangle(QPointF a, QPointF b, QPointF c, Rgba color) {
    const quint32 i = vertex(a, color);
    const quint32 j = vertex(b, color);
    const quint32 k = vertex(c, color);
    indices.insert(indices.end(), {i, j, k});
}

void ColorMesh::polyline(const std::vector<QPointF> &points, double width, double feather,
                         Rgba color) {
    if (points.size() < 2) {
        return;
    }
    const Rgba clear{};
    const double half = width / 2;
    quint32 previous = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        // The normal at a point averages its two segments' directions.
        const QPointF before = points[i == 0 ? 0 : i - 1];
        const QPointF after = points[i + 1 == points.size() ? i : i + 1];
        QPointF d = after - before;
        const double length = std::hypot(d.x(), d.y());
        d = length > 0 ? d / length : QPointF(1, 0);
        const QPointF n(-d.y(), d.x());
        const QPointF p = points[i];
        const quint32 first = vertex(p + n * (half + feather), clear);
        vertex(p + n * half, color);
        vertex(p - n * half, color);
        vertex(p - n * (half + feather), clear);
        if (i > 0) {
            for (quint32 k = 0; k < 3; ++k) {
                const quint32 a = previous + k;
                const quint32 b = first + k;
                indices.insert(indices.end(), {a, a + 1, b + 1, a, b + 1, b});
            }
        }
        previous = first;
    }
}

void ColorMesh::upload(QSGGeometry *geometry) const {
    geometry->allocate(static_cast<int>(vertices.size()), static_cast<int>(indices.size()));
    if (!vertices.empty()) {
        std::memcpy(geometry->vertexData(), vertices.data(),
                    vertices.size() * sizeof(QSGGeometry::ColoredPoint2D));
        std::memcpy(geometry->indexData(), indices.data(), indices.size() * sizeof(quint32));
    }
}

void TextureMesh::quad(const QRectF &p, const QRectF &uv) {
    const auto base = static_cast<quint32>(vertices.size());
    QSGGeometry::TexturedPoint2D v[4];
    v[0].set(float(p.left()), float(p.top()), float(uv.left()), float(uv.top()));
    v[1].set(float(p.right()), float(p.top()), float(uv.right()), float(uv.top()));
    v[2].set(float(p.right()), float(p.bottom()), float(uv.right()), float(uv.bottom()));
    v[3].set(float(p.left()), float(p.bottom()), float(uv.left()), float(uv.bottom()));
    vertices.insert(vertices.end(), std::begin(v), std::end(v));
    indices.insert(indices.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
}

void TextureMesh::upload(QSGGeometry *geometry) const {
    geometry->allocate(static_cast<int>(vertices.size()), static_cast<int>(indices.size()));
    if (!vertices.empty()) {
        std::memcpy(geometry->vertexData(), vertices.data(),
                    vertices.size() * sizeof(QSGGeometry::TexturedPoint2D));
        std::memcpy(geometry->indexData(), indices.data(), indices.size() * sizeof(quint32));
    }
}

std::vector<QPointF> edgeRoute(const QRectF &from, const QRectF &to, int segments) {
    // Leave from the side facing the target; a target behind the source loops around.
    const bool forward = to.center().x() >= from.center().x();
    const QPointF start = forward ? QPointF(from.right(), from.center().y())
                                  : QPointF(from.left(), from.center().y());
    const QPointF end =
        forward ? QPointF(to.left(), to.center().y()) : QPointF(to.right(), to.center().y());
    const double reach = std::max(40.0, std::abs(end.x() - start.x()) / 2);
    const double sign = forward ? 1.0 : -1.0;
    const QPointF c1 = start + QPointF(sign * reach, 0);
    const QPointF c2 = end - QPointF(sign * reach, 0);
    std::vector<QPointF> points;
    points.reserve(static_cast<std::size_t>(segments) + 1);
    for (int i = 0; i <= segments; ++i) {
        const double t = static_cast<double>(i) / segments;
        const double u = 1 - t;
        points.push_back(u * u * u * start + 3 * u * u * t * c1 + 3 * u * t * t * c2 +
                         t * t * t * end);
    }
    return points;
}

} // namespace sg::app
