#include "canvasview.h"

#include "nodes/canvasnodes.h"
#include "projectdocument.h"
#include "stringconvert.h"

#include <QQuickWindow>
#include <QStyleHints>

#include <algorithm>
#include <cmath>

// The view item: the document it shows, its appearance, the view transform and the selection.
// Edits are in canvasviewedits.cpp, pointer and keys in canvasviewinput.cpp, and the scene
// graph it builds in canvasviewdrawing.cpp.

namespace sg::app {

using sg::model::ElementId;
using Slot = CanvasScene::Slot;
using Layer = CanvasScene::Layer;

namespace {

// Zoom steps of the toolbar and keyboard.
constexpr double kZoomStep = 1.25;
// Below this scale labels are left out; below the next, boxes lose their borders.
constexpr double kLabelScale = 0.3;
constexpr double kNameScale = 0.15; // below kLabelScale: names only, in large type
constexpr double kDotScale = 0.08;

} // namespace

CanvasView::CanvasView(QQuickItem *parent) : QQuickItem(parent) {
    setFlag(ItemHasContents, true);
    setFlag(ItemIsFocusScope, true);
    setActiveFocusOnTab(true);
    setAcceptedMouseButtons(Qt::AllButtons);
    setAcceptTouchEvents(true);
    setAcceptHoverEvents(true);
    setClip(true);
}

CanvasView::~CanvasView() {
    if (m_document) {
        m_document->removeProjectObserver(this);
    }
}

void CanvasView::setDocument(ProjectDocument *document) {
    if (m_document == document) {
        return;
    }
    if (m_document) {
        m_document->removeProjectObserver(this);
        disconnect(m_document, nullptr, this, nullptr);
    }
    m_document = document;
    if (m_document) {
        m_document->addProjectObserver(this);
        connect(m_document, &ProjectDocument::projectReplaced, this, [this] {
            m_selected.clear();
            m_primary.clear();
            m_fitPending = true;
            m_fittedSize = {};
            rebuildScene();
            Q_EMIT selectionChanged();
        });
        connect(m_document, &ProjectDocument::selectionChanged, this,
                &CanvasView::onDocumentSelectionChanged);
    }
    m_fitPending = true;
    m_fittedSize = {};
    rebuildScene();
    Q_EMIT documentChanged();
}

void CanvasView::projectChanged(const sg::model::ChangeSet &changes) {
    for (const ElementId &id : changes.removed) {
        m_selected.erase(id.value);
    }
    rebuildScene();
    if (!changes.removed.empty()) {
        Q_EMIT selectionChanged();
    }
}

void CanvasView::rebuildScene() {
    if (m_document) {
        m_scene.rebuild(m_document->project());
    } else {
        m_scene.rebuild(sg::model::Project{});
    }
    m_labels.resize(m_scene.items().size());
    // Slots may now name other elements.
    m_hoverSlot = CanvasScene::kNoSlot;
    if (m_gesture == Gesture::Connect) {
        m_gesture = Gesture::None;
    }
    if (m_gesture == Gesture::Resize) {
        m_gesture = Gesture::None;
    }
    m_connectFrom = m_connectTarget = m_resizeSlot = CanvasScene::kNoSlot;
    m_overlayDirty = true;
    invalidateMeshes();
    Q_EMIT sceneChanged();
}

// --- Appearance and view -----------------------------------------------------------------------

bool CanvasView::labelsShown() const {
    return detail() == Detail::Full || detail() == Detail::Names;
}

void CanvasView::setDarkTheme(bool dark) {
    if (dark == m_dark) {
        return;
    }
    m_dark = dark;
    m_labels.assign(m_labels.size(), {}); // ink changes
    m_gridDirty = true;
    invalidateMeshes();
    Q_EMIT appearanceChanged();
}

void CanvasView::setShowGrid(bool show) {
    if (show != m_showGrid) {
        m_showGrid = show;
        m_gridDirty = true;
        polish();
        update();
        Q_EMIT appearanceChanged();
    }
}

void CanvasView::setBoardMode(BoardMode mode) {
    if (mode == m_mode) {
        return;
    }
    m_mode = mode;
    // What is no longer shown cannot stay selected.
    std::erase_if(m_selected, [this](const std::string &id) {
        const Slot slot = m_scene.slotOf(ElementId{id});
        return slot == CanvasScene::kNoSlot || !isShown(slot);
    });
    m_hoverSlot = CanvasScene::kNoSlot;
    if (m_fitPending) {
        m_fittedSize = {}; // fit what the new mode shows
    }
    invalidateMeshes();
    Q_EMIT selectionChanged();
    Q_EMIT appearanceChanged();
}

bool CanvasView::isShown(Slot slot) const {
    switch (m_scene.items()[slot].layer) {
    case Layer::Sticky:
        return m_mode != BoardMode::Architecture;
    case Layer::Card:
        return m_mode != BoardMode::EventStorming;
    case Layer::Region:
        return true;
    }
    return true;
}

CanvasScene::Slot CanvasView::hitTest(QPointF world) const {
    return m_scene.hitTest(world.x(), world.y(), m_mode != BoardMode::Architecture,
                           m_mode != BoardMode::EventStorming);
}

void CanvasView::setSnapToGrid(bool snap) {
    if (snap != m_snap) {
        m_snap = snap;
        Q_EMIT appearanceChanged();
    }
}

void CanvasView::setViewTransform(const ViewTransform &view) {
    m_view = view;
    m_fitPending = false;
    viewEdited();
}

void CanvasView::viewEdited() {
    m_gridDirty = true;
    polish();
    update();
    Q_EMIT viewChanged();
}

void CanvasView::invalidateMeshes() {
    m_meshesDirty = true;
    polish();
    update();
}

CanvasView::Detail CanvasView::detail() const {
    if (m_overviewOf) {
        return Detail::Dots;
    }
    return m_view.scale >= kLabelScale  ? Detail::Full
           : m_view.scale >= kNameScale ? Detail::Names
           : m_view.scale >= kDotScale  ? Detail::Boxes
                                        : Detail::Dots;
}

QRectF CanvasView::visibleWorld() const {
    return m_view.mapToWorld(QRectF(0, 0, width(), height()));
}

void CanvasView::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) {
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() != oldGeometry.size()) {
        m_gridDirty = true;
        polish();
        update();
    }
}

QRectF CanvasView::shownBounds() const {
    if (m_mode == BoardMode::Everything) {
        return toQRect(m_scene.bounds());
    }
    QRectF bounds;
    for (Slot slot = 0; slot < m_scene.items().size(); ++slot) {
        if (isShown(slot) && m_scene.items()[slot].layer != Layer::Region) {
            bounds |= toQRect(m_scene.items()[slot].rect);
        }
    }
    if (m_mode == BoardMode::EventStorming) {
        bounds |= timelineSpan().adjusted(0, -30, 0, 0);
    }
    return bounds.isEmpty() ? toQRect(m_scene.bounds()) : bounds;
}

void CanvasView::zoomToFit() {
    m_view.fit(shownBounds(), size());
    // Until the user moves the view, it stays fitted as the window is laid out and resized.
    m_fitPending = true;
    m_fittedSize = size();
    viewEdited();
}

void CanvasView::zoomToSelection() {
    QRectF box;
    for (Slot slot = 0; slot < m_scene.items().size(); ++slot) {
        if (isSelected(slot)) {
            box |= toQRect(m_scene.items()[slot].rect);
        }
    }
    if (box.isEmpty()) {
        zoomToFit();
        return;
    }
    m_view.fit(box, size(), 80, 1.5);
    m_fitPending = false;
    viewEdited();
}

void CanvasView::zoomIn() {
    zoomAt(width() / 2, height() / 2, kZoomStep);
}

void CanvasView::zoomOut() {
    zoomAt(width() / 2, height() / 2, 1 / kZoomStep);
}

void CanvasView::resetZoom() {
    zoomAt(width() / 2, height() / 2, 1 / m_view.scale);
}

void CanvasView::zoomAt(double x, double y, double factor) {
    if (!(factor > 0) || !std::isfinite(factor)) {
        return;
    }
    m_view.zoomAround(QPointF(x, y), factor);
    m_fitPending = false;
    viewEdited();
}

void CanvasView::panBy(double dx, double dy) {
    m_view.pan(QPointF(dx, dy));
    m_fitPending = false;
    viewEdited();
}

void CanvasView::setOverviewOf(CanvasView *view) {
    if (view == m_overviewOf) {
        return;
    }
    if (m_overviewOf) {
        disconnect(m_overviewOf, nullptr, this, nullptr);
    }
    m_overviewOf = view;
    if (view) {
        m_showGrid = false;
        // The frame of the other view's visible area moves with it.
        connect(view, &CanvasView::viewChanged, this, [this] {
            m_overlayDirty = true;
            polish();
            update();
        });
        connect(view, &QQuickItem::widthChanged, this, [this] {
            m_overlayDirty = true;
            polish();
            update();
        });
    }
    m_gridDirty = true;
    invalidateMeshes();
    Q_EMIT overviewOfChanged();
}

void CanvasView::centerOnWorld(QPointF world) {
    m_view.offset = QPointF(width() / 2, height() / 2) - world * m_view.scale;
    m_fitPending = false;
    viewEdited();
}

void CanvasView::centerOn(const QString &id) {
    const Slot slot = m_scene.slotOf(ElementId{utf8(id)});
    if (slot == CanvasScene::kNoSlot) {
        return;
    }
    const QPointF centre = toQRect(m_scene.items()[slot].rect).center();
    m_view.offset = QPointF(width() / 2, height() / 2) - centre * m_view.scale;
    m_fitPending = false;
    viewEdited();
}

// --- Selection ---------------------------------------------------------------------------------

bool CanvasView::isSelected(Slot slot) const {
    return !m_selected.empty() && m_selected.contains(m_scene.items()[slot].id.value);
}

QStringList CanvasView::selectedIds() const {
    QStringList ids;
    for (const CanvasScene::Item &item : m_scene.items()) {
        if (m_selected.contains(item.id.value)) {
            ids.append(qs(item.id.value));
        }
    }
    return ids;
}

void CanvasView::selectionEdited(const QString &primary) {
    m_primary = utf8(primary);
    invalidateMeshes();
    Q_EMIT selectionChanged();
    if (m_document) {
        QString shown = primary;
        if (!m_selected.contains(m_primary)) {
            const QStringList ids = selectedIds();
            shown = ids.isEmpty() ? QString() : ids.constFirst();
        }
        m_document->select(shown);
    }
}

void CanvasView::onDocumentSelectionChanged() {
    const QString id = m_document ? m_document->selectedId() : QString();
    if (id.isEmpty()) {
        return; // the document only clears its selection when the element is gone
    }
    if (!m_selected.contains(utf8(id))) {
        m_selected = {utf8(id)};
        m_primary = utf8(id);
        invalidateMeshes();
        Q_EMIT selectionChanged();
    }
}

void CanvasView::selectAll() {
    m_selected.clear();
    for (Slot slot = 0; slot < m_scene.items().size(); ++slot) {
        if (isShown(slot)) {
            m_selected.insert(m_scene.items()[slot].id.value);
        }
    }
    selectionEdited(qs(m_primary));
}

void CanvasView::clearSelection() {
    if (m_selected.empty()) {
        return;
    }
    m_selected.clear();
    selectionEdited({});
}

void CanvasView::setSelection(const QStringList &ids) {
    m_selected.clear();
    QString primary;
    for (const QString &id : ids) {
        if (m_scene.slotOf(ElementId{utf8(id)}) != CanvasScene::kNoSlot) {
            m_selected.insert(utf8(id));
            primary = id;
        }
    }
    selectionEdited(primary);
}

QString CanvasView::elementAt(double x, double y) const {
    const Slot slot = hitTest(m_view.mapToWorld(QPointF(x, y)));
    return slot == CanvasScene::kNoSlot ? QString() : qs(m_scene.items()[slot].id.value);
}

QRectF CanvasView::viewRectOf(const QString &id) const {
    const Slot slot = m_scene.slotOf(ElementId{utf8(id)});
    return slot == CanvasScene::kNoSlot ? QRectF()
                                        : m_view.mapToView(toQRect(m_scene.items()[slot].rect));
}

} // namespace sg::app
