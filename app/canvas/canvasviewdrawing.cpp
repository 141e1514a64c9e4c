// CanvasView's scene graph: the grid, the layer meshes, the edges and the label quads, built
// for the visible part of the board plus a margin, and the nodes that draw them.

#include "canvasview.h"

#include "canvasviewgeometry.h"
#include "nodes/canvasnodes.h"
#include "projectdocument.h"

#include <QQuickWindow>
#include <QSGGeometryNode>
#include <QSGTextureMaterial>
#include <QSGTransformNode>

#include <algorithm>
#include <cmath>
#include <utility>

namespace sg::app {

using sg::model::ElementId;
using Slot = CanvasScene::Slot;
using Layer = CanvasScene::Layer;

// --- Geometry ----------------------------------------------------------------------------------

void CanvasView::updatePolish() {
    if (m_overviewOf && width() > 0 && height() > 0 &&
        (size() != m_fittedSize || m_scene.bounds() != m_fittedBounds)) {
        // A minimap always shows the whole model.
        m_fittedSize = size();
        m_fittedBounds = m_scene.bounds();
        m_view.fit(toQRect(m_fittedBounds), size(), 6, 1.0);
        m_gridDirty = true;
        m_overlayDirty = true;
    } else if (m_fitPending && width() > 0 && height() > 0 && size() != m_fittedSize) {
        // An empty board starts at 100% with the origin near the top-left corner.
        m_fittedSize = size();
        if (m_scene.items().empty()) {
            m_view = ViewTransform{1.0, QPointF(40, 40)};
        } else {
            m_view.fit(shownBounds(), size());
        }
        m_gridDirty = true;
        Q_EMIT viewChanged();
    }
    const QRectF view = visibleWorld();
    if (m_meshesDirty || !m_prepared.contains(view) || m_preparedDetail != detail()) {
        buildMeshes();
        buildLabels();
        m_meshesDirty = false;
        m_uploadGeometry = true;
    }
    if (m_gridDirty) {
        buildGrid();
        m_gridDirty = false;
        m_uploadGrid = true;
    }
    if (m_overlayDirty || m_gesture == Gesture::Connect || m_gesture == Gesture::Resize ||
        m_hoverSlot != CanvasScene::kNoSlot) {
        buildOverlay();
        m_overlayDirty = false;
        m_uploadOverlay = true;
    }
}

void CanvasView::buildGrid() {
    m_gridMesh.clear();
    if (!m_showGrid) {
        return;
    }
    const CanvasColors &colors = canvasColors(m_dark);
    // Lines every two snapping steps at the least, and never closer than 16 pixels: a denser
    // grid says nothing more and costs every frame.
    double step = 2 * kGridStep;
    while (step * m_view.scale < 16) {
        step *= 5;
    }
    const QRectF world = visibleWorld();
    const Rgba minor = Rgba::of(colors.gridMinor);
    const Rgba major = Rgba::of(colors.gridMajor);
    const auto firstLine = [step](double from) {
        return std::floor(from / step);
    };
    for (double i = firstLine(world.left()); i * step <= world.right(); ++i) {
        const double x = std::round(m_view.mapToView(QPointF(i * step, 0)).x());
        const bool isMajor = std::fmod(std::abs(i), 5.0) == 0;
        m_gridMesh.rect(QRectF(x, 0, 1, height()), isMajor ? major : minor);
    }
    for (double i = firstLine(world.top()); i * step <= world.bottom(); ++i) {
        const double y = std::round(m_view.mapToView(QPointF(0, i * step)).y());
        const bool isMajor = std::fmod(std::abs(i), 5.0) == 0;
        m_gridMesh.rect(QRectF(0, y, width(), 1), isMajor ? major : minor);
    }
}

void CanvasView::buildMeshes() {
    const QRectF view = visibleWorld();
    // Prepare a margin around the view, so that panning a little rebuilds nothing.
    m_prepared =
        view.adjusted(-view.width() / 2, -view.height() / 2, view.width() / 2, view.height() / 2);
    m_preparedDetail = detail();
    m_preparedSlots = m_scene.index().query(toModelRect(m_prepared));
    if (m_mode != BoardMode::Everything) {
        std::erase_if(m_preparedSlots, [this](Slot slot) { return !isShown(slot); });
    }
    if (m_gesture == Gesture::Move) {
        // Dragged elements are drawn wherever the drag takes them.
        for (Slot slot = 0; slot < m_scene.items().size(); ++slot) {
            if (isSelected(slot)) {
                m_preparedSlots.push_back(slot);
            }
        }
        std::sort(m_preparedSlots.begin(), m_preparedSlots.end());
        m_preparedSlots.erase(std::unique(m_preparedSlots.begin(), m_preparedSlots.end()),
                              m_preparedSlots.end());
    }

    const CanvasColors &colors = canvasColors(m_dark);
    const Detail level = m_preparedDetail;
    const double pixel = 1 / m_view.scale; // one view pixel in world units
    const auto &items = m_scene.items();

    // Linked elements of the selection (sticky <-> what it became) are outlined too.
    std::unordered_set<Slot> linked;
    if (m_selected.size() <= 64) {
        for (const std::string &id : m_selected) {
            const Slot slot = m_scene.slotOf(ElementId{id});
            if (slot != CanvasScene::kNoSlot) {
                for (const Slot other : m_scene.linkedSlots(slot)) {
                    linked.insert(other);
                }
            }
        }
    }

    for (ColorMesh &mesh : m_opaque) {
        mesh.clear();
    }
    m_edgeMesh.clear();
    // Everything but edges and text is opaque: translucent tints are blended with the board
    // here, once, so that the renderer draws them front to back with the depth test and never
    // blends (on a software renderer, overdraw and blending are what a frame costs).
    const auto solid = [&colors](const QColor &color, double alpha) {
        const QColor &board = colors.board;
        const auto mix = [alpha](int top, int below) {
            return static_cast<unsigned char>(std::lround(top * alpha + below * (1 - alpha)));
        };
        return Rgba{mix(color.red(), board.red()), mix(color.green(), board.green()),
                    mix(color.blue(), board.blue()), 255};
    };
    ColorMesh &regionFill = m_opaque[static_cast<std::size_t>(Opaque::RegionFill)];
    ColorMesh &regionBand = m_opaque[static_cast<std::size_t>(Opaque::RegionBand)];
    ColorMesh &shadows = m_opaque[static_cast<std::size_t>(Opaque::StickyShadow)];
    ColorMesh &papers = m_opaque[static_cast<std::size_t>(Opaque::StickyPaper)];
    ColorMesh &borders = m_opaque[static_cast<std::size_t>(Opaque::CardBorder)];
    ColorMesh &fills = m_opaque[static_cast<std::size_t>(Opaque::CardFill)];
    ColorMesh &marks = m_opaque[static_cast<std::size_t>(Opaque::Marks)];

    const double selectionWidth = std::max(3.0, 2.5 * pixel);
    const auto outline = [&](const QRectF &r, Slot slot) {
        if (isSelected(slot) || linked.contains(slot)) {
            const double w = selectionWidth;
            marks.frame(r.adjusted(-w - 1, -w - 1, w + 1, w + 1), w,
                        Rgba::of(isSelected(slot) ? colors.selection : colors.linked));
        }
    };

    for (const Slot slot : m_preparedSlots) {
        const CanvasScene::Item &item = items[slot];
        const QRectF r = drawnRect(slot);
        switch (item.layer) {
        case Layer::Region:
            regionFill.rect(r, solid(item.fill, m_dark ? 0.12 : 0.10));
            regionBand.rect(QRectF(r.left(), r.top(), r.width(),
                                   std::min(r.height(), CanvasScene::kRegionTitleHeight)),
                            solid(item.fill, m_dark ? 0.28 : 0.22));
            regionBand.frame(r, std::max(2.0, pixel), solid(item.fill, 0.7));
            outline(r.adjusted(1, 1, -1, -1), slot);
            break;
        case Layer::Sticky:
            if (level != Detail::Dots) {
                shadows.rect(r.translated(3, 4), solid(QColor(0, 0, 0), m_dark ? 0.45 : 0.16));
            }
            papers.rect(r, Rgba::of(item.fill));
            outline(r, slot);
            break;
        case Layer::Card: {
            const double opacity = item.disabled ? 0.55 : 1.0;
            if (level == Detail::Dots) {
                fills.rect(r, solid(item.accent, opacity));
            } else {
                borders.rect(r, solid(colors.cardBorder, opacity));
                fills.rect(r.adjusted(1, 1, -1, -1), solid(colors.cardFill, opacity));
                marks.rect(QRectF(r.left(), r.top(), 6, r.height()), solid(item.accent, opacity));
            }
            outline(r, slot);
            break;
        }
        }
    }

    // Edges: only those whose route may cross the prepared area.
    const bool fine = level == Detail::Full;
    const int segments = level == Detail::Full ? 14 : level == Detail::Dots ? 1 : 6;
    // Never thinner than about a pixel, or lines break up into dashes when zoomed out.
    const double lineWidth = std::max(2.0, 1.1 * pixel);
    const double feather = fine ? std::clamp(pixel, 0.4, 3.0) : 0.6 * pixel;
    const double arrow = level == Detail::Dots ? 0 : 9;
    static const std::vector<CanvasScene::Edge> kNoEdges;
    for (const CanvasScene::Edge &edge : m_overviewOf ? kNoEdges : m_scene.edges()) {
        if (m_mode != BoardMode::Everything && (!isShown(edge.from) || !isShown(edge.to))) {
            continue;
        }
        const QRectF from = drawnRect(edge.from);
        const QRectF to = drawnRect(edge.to);
        const QRectF span = from.united(to).adjusted(-60, -60, 60, 60);
        if (!span.intersects(m_prepared)) {
            continue;
        }
        std::vector<QPointF> route = edgeRoute(from, to, segments);
        const Rgba color = Rgba::of(edgeColor(edge.kind, m_dark));
        if (arrow > 0 && route.size() >= 2) {
            const QPointF tip = route.back();
            QPointF along = tip - route[route.size() - 2];
            const double length = std::hypot(along.x(), along.y());
            along = length > 0 ? along / length : QPointF(1, 0);
            const QPointF n(-along.y(), along.x());
            const QPointF base = tip - along * arrow;
            m_edgeMesh.triangle(tip, base + n * (arrow / 2), base - n * (arrow / 2), color);
            route.back() = base + along; // the line ends inside the head, not at its tip
        }
        m_edgeMesh.polyline(route, lineWidth, feather, color);
    }

    // The event-storming board reads left to right in time: an arrow above the stickies says so.
    if (m_mode == BoardMode::EventStorming && m_preparedDetail != Detail::Dots) {
        const QRectF span = timelineSpan();
        if (!span.isEmpty()) {
            const Rgba ink = Rgba::of(colors.mutedInk);
            const double y = span.center().y();
            m_edgeMesh.polyline({QPointF(span.left(), y), QPointF(span.right() - 18, y)},
                                std::max(3.0, 1.5 * pixel), feather, ink);
            m_edgeMesh.triangle(QPointF(span.right(), y), QPointF(span.right() - 22, y - 11),
                                QPointF(span.right() - 22, y + 11), ink);
        }
    }
}

QRectF CanvasView::timelineSpan() const {
    const QRectF stickies = toQRect(m_scene.stickyBounds());
    if (stickies.isEmpty()) {
        return {};
    }
    // Above the stickies and above the title bands of the regions that hold them.
    double top = stickies.top();
    for (const CanvasScene::Item &item : m_scene.items()) {
        if (item.layer == Layer::Region && toQRect(item.rect).intersects(stickies)) {
            top = std::min(top, item.rect.y);
        }
    }
    return {stickies.left(), top - 60, stickies.width() + 60, 24};
}

const std::vector<GlyphAtlas::Quad> &CanvasView::labelOf(Slot slot, Detail level) {
    const CanvasScene::Item &item = m_scene.items()[slot];
    LabelCache &cache = m_labels[slot];
    if (cache.revision == item.revision && cache.generation == m_atlas.generation() &&
        cache.level == level) {
        return cache.quads;
    }
    cache.quads.clear();
    const CanvasColors &colors = canvasColors(m_dark);
    const double w = item.rect.width;
    const double h = item.rect.height;
    const auto place = [&cache](std::size_t from, QPointF at) {
        for (std::size_t i = from; i < cache.quads.size(); ++i) {
            cache.quads[i].rect.translate(at);
        }
    };
    if (level == Detail::Names) {
        // Zoomed out: only what each thing is called, large enough to read.
        switch (item.layer) {
        case Layer::Card: {
            GlyphAtlas::Style name{28, true, colors.ink, true};
            m_atlas.layout(item.label, name, w - 24, h - 12, 2, cache.quads);
            place(0, QPointF(14, 6));
            break;
        }
        case Layer::Sticky: {
            GlyphAtlas::Style text{30, false, QColor(0x1f, 0x23, 0x28), true};
            m_atlas.layout(item.label, text, w - 16, h - 16, 4, cache.quads);
            place(0, QPointF(8, 8));
            break;
        }
        case Layer::Region: {
            GlyphAtlas::Style title{44, true, colors.ink, false};
            m_atlas.layout(item.label, title, w - 28, 56, 1, cache.quads);
            place(0, QPointF(14, 4));
            break;
        }
        }
        cache.revision = item.revision;
        cache.generation = m_atlas.generation();
        cache.level = level;
        return cache.quads;
    }
    switch (item.layer) {
    case Layer::Card: {
        GlyphAtlas::Style caption{9.5, true, colors.mutedInk, false};
        m_atlas.layout(item.caption, caption, w - 28, 14, 1, cache.quads);
        place(0, QPointF(16, 9));
        const std::size_t nameStart = cache.quads.size();
        GlyphAtlas::Style name{14, false, colors.ink, false};
        m_atlas.layout(item.label, name, w - 28, h - 32, 2, cache.quads);
        place(nameStart, QPointF(16, 27));
        break;
    }
    case Layer::Sticky: {
        GlyphAtlas::Style text{15, false, QColor(0x1f, 0x23, 0x28), true};
        m_atlas.layout(item.label, text, w - 20, h - 20, 12, cache.quads);
        place(0, QPointF(10, 10));
        break;
    }
    case Layer::Region: {
        GlyphAtlas::Style title{18, true, colors.ink, false};
        m_atlas.layout(item.label, title, w - 28, 28, 1, cache.quads);
        place(0, QPointF(14, 9));
        break;
    }
    }
    cache.revision = item.revision;
    cache.generation = m_atlas.generation();
    cache.level = level;
    return cache.quads;
}

void CanvasView::buildLabels() {
    m_labelMesh.clear();
    if (m_preparedDetail != Detail::Full && m_preparedDetail != Detail::Names) {
        return;
    }
    const std::uint64_t generation = m_atlas.generation();
    for (const Slot slot : m_preparedSlots) {
        const QPointF at = drawnRect(slot).topLeft();
        for (const GlyphAtlas::Quad &quad : labelOf(slot, m_preparedDetail)) {
            m_labelMesh.quad(quad.rect.translated(at), quad.source);
        }
    }
    if (m_mode == BoardMode::EventStorming && m_preparedDetail == Detail::Full) {
        const QRectF span = timelineSpan();
        if (!span.isEmpty()) {
            std::vector<GlyphAtlas::Quad> quads;
            const GlyphAtlas::Style style{16, true, canvasColors(m_dark).mutedInk, false};
            m_atlas.layout(tr("TIME"), style, 200, 24, 1, quads);
            for (const GlyphAtlas::Quad &quad : quads) {
                m_labelMesh.quad(quad.rect.translated(span.left(), span.top() - 26), quad.source);
            }
        }
    }
    if (m_atlas.generation() != generation) {
        // The atlas filled up and started again mid-way: lay out once more on the new one.
        buildLabels();
        return;
    }
    // Atlas pixels to texture coordinates.
    const double sx = 1.0 / m_atlas.image().width();
    const double sy = 1.0 / m_atlas.image().height();
    for (QSGGeometry::TexturedPoint2D &v : m_labelMesh.vertices) {
        v.tx = static_cast<float>(v.tx * sx);
        v.ty = static_cast<float>(v.ty * sy);
    }
}

QSGNode *CanvasView::updatePaintNode(QSGNode *old, UpdatePaintNodeData *) {
    auto *root = static_cast<CanvasNode *>(old);
    if (!root) {
        root = new CanvasNode;
        root->grid = colorNode(true);
        root->world = new QSGTransformNode;
        for (QSGGeometryNode *&node : root->opaque) {
            node = colorNode(true);
        }
        root->edges = colorNode();
        root->labels = textureNode();
        root->band = colorNode();
        root->appendChildNode(root->grid);
        root->appendChildNode(root->world);
        // Back to front: regions, edges, stickies, cards, text.
        const auto opaque = [root](Opaque layer) {
            return root->opaque[static_cast<std::size_t>(layer)];
        };
        root->world->appendChildNode(opaque(Opaque::RegionFill));
        root->world->appendChildNode(opaque(Opaque::RegionBand));
        root->world->appendChildNode(root->edges);
        for (const Opaque layer : {Opaque::StickyShadow, Opaque::StickyPaper, Opaque::CardBorder,
                                   Opaque::CardFill, Opaque::Marks}) {
            root->world->appendChildNode(opaque(layer));
        }
        root->world->appendChildNode(root->labels);
        root->appendChildNode(root->band);
        m_uploadGeometry = m_uploadGrid = m_overlayDirty = true;
    }
    root->world->setMatrix(QMatrix4x4(m_view.toTransform()));
    if (m_uploadGrid) {
        m_gridMesh.upload(root->grid->geometry());
        root->grid->markDirty(QSGNode::DirtyGeometry);
        m_uploadGrid = false;
    }
    if (m_uploadGeometry) {
        for (std::size_t i = 0; i < m_opaque.size(); ++i) {
            m_opaque[i].upload(root->opaque[i]->geometry());
            root->opaque[i]->markDirty(QSGNode::DirtyGeometry);
        }
        m_edgeMesh.upload(root->edges->geometry());
        m_labelMesh.upload(root->labels->geometry());
        root->edges->markDirty(QSGNode::DirtyGeometry);
        root->labels->markDirty(QSGNode::DirtyGeometry);
        m_uploadGeometry = false;
    }
    if (root->atlasRevision != m_atlas.imageRevision() && window()) {
        delete root->atlas;
        root->atlas = window()->createTextureFromImage(
            m_atlas.image(),
            QQuickWindow::CreateTextureOptions(QQuickWindow::TextureHasAlphaChannel |
                                               QQuickWindow::TextureHasMipmaps));
        static_cast<QSGTextureMaterial *>(root->labels->material())->setTexture(root->atlas);
        root->labels->markDirty(QSGNode::DirtyMaterial);
        root->atlasRevision = m_atlas.imageRevision();
    }
    if (m_uploadOverlay) {
        m_overlayMesh.upload(root->band->geometry());
        root->band->markDirty(QSGNode::DirtyGeometry);
        m_uploadOverlay = false;
    }
    return root;
}

} // namespace sg::app
