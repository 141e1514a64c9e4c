#pragma once
// The scene-graph nodes the canvas draws with: one root holding a node per layer, and the
// factories for batched coloured and textured triangle nodes.

#include "canvas/canvasview.h"

#include <QSGGeometryNode>
#include <QSGNode>
#include <QSGTexture>
#include <QSGTransformNode>

#include <array>
#include <cstdint>

namespace sg::app {

// The canvas's root node: the grid in view pixels, the board under one transform, the overlay.
class CanvasNode : public QSGNode {
public:
    QSGGeometryNode *grid = nullptr;
    QSGTransformNode *world = nullptr;
    std::array<QSGGeometryNode *, kOpaqueLayerCount> opaque{};
    QSGGeometryNode *edges = nullptr;
    QSGGeometryNode *labels = nullptr;
    QSGGeometryNode *band = nullptr; // the overlay, in view pixels
    QSGTexture *atlas = nullptr;
    std::uint64_t atlasRevision = 0;
    ~CanvasNode() override { delete atlas; }
};

// Triangles with a colour per vertex; `opaque` ones draw without blending.
[[nodiscard]] QSGGeometryNode *colorNode(bool opaque = false);

// Triangles textured from the glyph atlas.
[[nodiscard]] QSGGeometryNode *textureNode();

} // namespace sg::app
