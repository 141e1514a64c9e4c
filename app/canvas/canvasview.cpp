#include "canvasview.h"

#include "canvasexport.h"
#include "projectdocument.h"

#include "arch/edits.h"
#include "arch/layout.h"
#include "arch/promote.h"

#include <QClipboard>
#include <QCursor>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMimeData>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QQuickWindow>
#include <QSGFlatColorMaterial>
#include <QSGGeometryNode>
#include <QSGTextureMaterial>
#include <QSGTransformNode>
#include <QSGVertexColorMaterial>
#include <QStyleHints>
#include <QTouchEvent>
#include <QWheelEvent>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <unordered_map>
#include <utility>

namespace sg::app {

using sg::model::ElementId;
using Slot = CanvasScene::Slot;
using Layer = CanvasScene::Layer;

namespace {

QString qs(const std::string &text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

std::string utf8(const QString &text) {
    return text.toStdString();
}

sg::model::Rect toModelRect(const QRectF &r) {
    return {r.x(), r.y(), r.width(), r.height()};
}

// Zoom steps of the toolbar and keyboard.
constexpr double kZoomStep = 1.25;
// Below this scale labels are left out; below the next, boxes lose their borders.
constexpr double kLabelScale = 0.3;
constexpr double kNameScale = 0.15; // below kLabelScale: names only, in large type
constexpr double kDotScale = 0.08;

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

// Per-vertex colours without blending: the renderer then draws the node in its opaque pass,
// front to back with the depth test, which is far cheaper than blending on a software renderer.
class OpaqueVertexColorMaterial : public QSGVertexColorMaterial {
public:
    OpaqueVertexColorMaterial() { setFlag(Blending, false); }
    [[nodiscard]] QSGMaterialType *type() const override {
        static QSGMaterialType type;
        return &type;
    }
};

QSGGeometryNode *colorNode(bool opaque = false) {
    auto *node = new QSGGeometryNode;
    auto *geometry = new QSGGeometry(QSGGeometry::defaultAttributes_ColoredPoint2D(), 0, 0,
                                     QSGGeometry::UnsignedIntType);
    geometry->setDrawingMode(QSGGeometry::DrawTriangles);
    node->setGeometry(geometry);
    node->setMaterial(opaque ? new OpaqueVertexColorMaterial : new QSGVertexColorMaterial);
    node->setFlags(QSGNode::OwnsGeometry | QSGNode::OwnsMaterial);
    return node;
}

QSGGeometryNode *textureNode() {
    auto *node = new QSGGeometryNode;
    auto *geometry = new QSGGeometry(QSGGeometry::defaultAttributes_TexturedPoint2D(), 0, 0,
                                     QSGGeometry::UnsignedIntType);
    geometry->setDrawingMode(QSGGeometry::DrawTriangles);
    node->setGeometry(geometry);
    auto *material = new QSGTextureMaterial;
    material->setFiltering(QSGTexture::Linear);
    material->setMipmapFiltering(QSGTexture::Linear);
    node->setMaterial(material);
    node->setFlags(QSGNode::OwnsGeometry | QSGNode::OwnsMaterial);
    return node;
}

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

// --- Edits -------------------------------------------------------------------------------------

void CanvasView::commitMove(QPointF delta, const QString &label) {
    if (!m_document || m_selected.empty() || delta.isNull()) {
        return;
    }
    const sg::model::Project &project = m_document->project();
    sg::model::MoveElements move;
    for (const CanvasScene::Item &item : m_scene.items()) {
        if (!m_selected.contains(item.id.value)) {
            continue;
        }
        if (const sg::model::Element *element = project.find(item.id)) {
            const sg::model::Point at = sg::model::elementPosition(*element);
            move.positions.emplace_back(item.id,
                                        sg::model::Point{at.x + delta.x(), at.y + delta.y()});
        }
    }
    if (move.positions.empty()) {
        return;
    }
    std::string text =
        label.isEmpty()
            ? (move.positions.size() == 1
                   ? "Move " + sg::model::elementName(*project.find(move.positions.front().first))
                   : "Move " + std::to_string(move.positions.size()) + " elements")
            : utf8(label);
    (void)m_document->apply(sg::model::Command{std::move(move), std::move(text)});
}

void CanvasView::nudge(int dx, int dy) {
    commitMove(QPointF(dx, dy) * kGridStep,
               m_selected.size() == 1 ? QStringLiteral("Nudge element")
                                      : QStringLiteral("Nudge %1 elements").arg(m_selected.size()));
}

bool CanvasView::deleteSelection() {
    if (!m_document || m_selected.empty()) {
        return false;
    }
    std::vector<ElementId> ids;
    for (const CanvasScene::Item &item : m_scene.items()) {
        if (m_selected.contains(item.id.value)) {
            ids.push_back(item.id);
        }
    }
    return applyEdit(sg::model::deleteElements(m_document->project(), ids));
}

std::vector<ElementId> CanvasView::selectionInModelOrder() const {
    std::vector<ElementId> ids;
    for (const CanvasScene::Item &item : m_scene.items()) {
        if (m_selected.contains(item.id.value)) {
            ids.push_back(item.id);
        }
    }
    return ids;
}

bool CanvasView::applyAndSelectAdded(sg::Result<sg::model::Command> command) {
    if (!m_document) {
        return false;
    }
    std::unordered_set<std::string> before;
    for (const sg::model::Element &element : m_document->project().elements()) {
        before.insert(sg::model::elementId(element).value);
    }
    if (!applyEdit(std::move(command))) {
        return false;
    }
    QStringList added;
    for (const sg::model::Element &element : m_document->project().elements()) {
        if (!before.contains(sg::model::elementId(element).value)) {
            added.append(qs(sg::model::elementId(element).value));
        }
    }
    setSelection(added);
    forceActiveFocus();
    return true;
}

namespace {

const QString kElementsMimeType = QStringLiteral("application/x-stormglass-elements+json");

} // namespace

bool CanvasView::copySelection() {
    if (!m_document || m_selected.empty()) {
        return false;
    }
    const std::string json =
        sg::model::copyElements(m_document->project(), selectionInModelOrder());
    auto *data = new QMimeData;
    const QByteArray bytes = QByteArray::fromStdString(json);
    data->setData(kElementsMimeType, bytes);
    data->setText(QString::fromUtf8(bytes));
    QGuiApplication::clipboard()->setMimeData(data);
    setNotice(m_selected.size() == 1 ? tr("Copied 1 element")
                                     : tr("Copied %1 elements").arg(m_selected.size()),
              false);
    return true;
}

bool CanvasView::cutSelection() {
    return copySelection() && deleteSelection();
}

bool CanvasView::paste() {
    if (!m_document) {
        return false;
    }
    const QMimeData *data = QGuiApplication::clipboard()->mimeData();
    if (!data) {
        return false;
    }
    const QByteArray bytes =
        data->hasFormat(kElementsMimeType) ? data->data(kElementsMimeType) : data->text().toUtf8();
    if (bytes.trimmed().isEmpty()) {
        setNotice(tr("The clipboard holds nothing to paste"), true);
        return false;
    }
    // Pasted elements keep their arrangement; the group lands in the middle of the view. Where
    // that is depends on what is pasted: a first pass without offset says where they would go.
    const std::string_view json(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    const sg::model::Project &project = m_document->project();
    sg::Result<sg::model::Command> probe = sg::model::pasteElements(project, json, {0, 0});
    if (!probe) {
        return applyEdit(std::move(probe));
    }
    QRectF pasted;
    std::function<void(const sg::model::Command &)> collect = [&](const sg::model::Command &c) {
        if (const auto *add = std::get_if<sg::model::AddElement>(&c.operation)) {
            pasted |= toQRect(sg::model::elementBounds(add->element));
        } else if (const auto *batch = std::get_if<sg::model::Batch>(&c.operation)) {
            for (const sg::model::Command &inner : batch->commands) {
                collect(inner);
            }
        }
    };
    collect(*probe);
    const QPointF centre = m_view.mapToWorld(QPointF(width() / 2, height() / 2));
    const QPointF shift = centre - pasted.center();
    return applyAndSelectAdded(
        sg::model::pasteElements(project, json,
                                 sg::model::Point{std::round(shift.x() / kGridStep) * kGridStep,
                                                  std::round(shift.y() / kGridStep) * kGridStep}));
}

bool CanvasView::duplicateSelection() {
    if (!m_document || m_selected.empty()) {
        return false;
    }
    return applyAndSelectAdded(
        sg::model::duplicateElements(m_document->project(), selectionInModelOrder(),
                                     sg::model::Point{2 * kGridStep, 2 * kGridStep}));
}

bool CanvasView::arrange(bool selectionOnly) {
    if (!m_document) {
        return false;
    }
    const sg::model::Project &project = m_document->project();
    if (!selectionOnly) {
        return applyEdit(sg::model::layoutCommand(project));
    }
    // The selection is arranged among itself, in place; nothing else moves.
    const std::vector<ElementId> ids = selectionInModelOrder();
    sg::model::Command command = sg::model::layoutCommand(project, {}, &ids);
    const auto *move = std::get_if<sg::model::MoveElements>(&command.operation);
    if (!move || move->positions.empty()) {
        setNotice(tr("Arrange works on architecture elements; the selection has none"), true);
        return false;
    }
    return applyEdit(std::move(command));
}

bool CanvasView::align(int alignment) {
    if (!m_document || m_selected.size() < 2 || alignment < 0 || alignment > 5) {
        return false;
    }
    return applyEdit(sg::model::alignElements(m_document->project(), selectionInModelOrder(),
                                              static_cast<sg::model::Alignment>(alignment)));
}

bool CanvasView::distribute(bool horizontally) {
    if (!m_document || m_selected.size() < 3) {
        return false;
    }
    return applyEdit(sg::model::distributeElements(
        m_document->project(), selectionInModelOrder(),
        horizontally ? sg::model::Orientation::Horizontal : sg::model::Orientation::Vertical));
}

bool CanvasView::exportPicture(const QUrl &url, bool selectionOnly) {
    const QString path = url.isLocalFile() ? url.toLocalFile() : url.toString();
    const std::unordered_set<std::string> none;
    const QString error = exportBoard(m_scene, selectionOnly ? m_selected : none, m_dark, path);
    if (!error.isEmpty()) {
        setNotice(tr("Could not export the picture: %1").arg(error), true);
        return false;
    }
    setNotice(tr("Exported %1").arg(path), false);
    return true;
}

bool CanvasView::canPromote() const {
    if (!m_document || m_selected.size() != 1) {
        return false;
    }
    const auto *sticky =
        m_document->project().get<sg::model::Sticky>(ElementId{*m_selected.begin()});
    return sticky && sticky->linked.empty() &&
           (sticky->kind == sg::model::StickyKind::DomainEvent ||
            sticky->kind == sg::model::StickyKind::Policy ||
            sticky->kind == sg::model::StickyKind::ExternalSystem);
}

bool CanvasView::promoteSelection() {
    if (!canPromote()) {
        setNotice(tr("Select one domain event, policy or external system sticky to promote"), true);
        return false;
    }
    const sg::model::Project &project = m_document->project();
    const ElementId id{*m_selected.begin()};
    const auto *sticky = project.get<sg::model::Sticky>(id);
    sg::Result<sg::model::Command> command = sticky->kind == sg::model::StickyKind::DomainEvent
                                                 ? sg::model::promoteDomainEvent(project, id)
                                             : sticky->kind == sg::model::StickyKind::Policy
                                                 ? sg::model::promotePolicy(project, id)
                                                 : sg::model::promoteExternalSystem(project, id);
    // What the sticky became is selected; the sticky shows as linked to it.
    return applyAndSelectAdded(std::move(command));
}

bool CanvasView::applyEdit(sg::Result<sg::model::Command> command) {
    if (!m_document) {
        return false;
    }
    if (!command) {
        setNotice(qs(command.error().message), true);
        Q_EMIT refused(m_notice);
        return false;
    }
    const QString refusal = m_document->applyOrExplain(std::move(command).value());
    if (!refusal.isEmpty()) {
        setNotice(refusal, true);
        Q_EMIT refused(refusal);
        return false;
    }
    if (m_noticeIsRefusal) {
        clearNotice();
    }
    m_fitPending = false; // the user is working on the board: the view no longer jumps to fit
    return true;
}

void CanvasView::setNotice(const QString &text, bool refusal) {
    if (text == m_notice && refusal == m_noticeIsRefusal) {
        return;
    }
    m_notice = text;
    m_noticeIsRefusal = refusal;
    Q_EMIT noticeChanged();
}

void CanvasView::clearNotice() {
    setNotice({}, false);
}

bool CanvasView::addElementAt(const QString &key, double x, double y) {
    if (!m_document) {
        return false;
    }
    QPointF at = m_view.mapToWorld(QPointF(x, y));
    if (m_snap) {
        at = QPointF(std::round(at.x() / kGridStep) * kGridStep,
                     std::round(at.y() / kGridStep) * kGridStep);
    }
    const sg::model::Point point{at.x(), at.y()};
    const sg::model::Project &project = m_document->project();
    sg::Result<sg::model::Command> command = [&]() -> sg::Result<sg::model::Command> {
        if (key.startsWith(QLatin1String("sticky:"))) {
            const auto kind = sg::model::stickyKindFromName(utf8(key.mid(7)));
            if (!kind) {
                return sg::Error{"unknown sticky kind: " + utf8(key)};
            }
            return sg::model::addNewSticky(project, *kind, point);
        }
        const auto kind = sg::model::elementKindFromName(utf8(key));
        if (!kind || *kind == sg::model::ElementKind::Sticky) {
            return sg::Error{"unknown element kind: " + utf8(key)};
        }
        return sg::model::addNewElement(project, *kind, point);
    }();
    return applyAndSelectAdded(std::move(command));
}

bool CanvasView::connectElements(const QString &from, const QString &to) {
    if (!m_document) {
        return false;
    }
    return applyEdit(sg::model::connectElements(m_document->project(), ElementId{utf8(from)},
                                                ElementId{utf8(to)}));
}

QPointF CanvasView::portOf(const QString &id) const {
    const Slot slot = m_scene.slotOf(ElementId{utf8(id)});
    if (slot == CanvasScene::kNoSlot) {
        return {};
    }
    const QRectF r = m_view.mapToView(drawnRect(slot));
    return {r.right(), r.center().y()};
}

CanvasScene::Slot CanvasView::portAt(QPointF viewPoint) const {
    // Ports show on the element under the pointer; they are grabbed within a few pixels.
    if (m_hoverSlot == CanvasScene::kNoSlot || m_hoverSlot >= m_scene.items().size() ||
        m_scene.items()[m_hoverSlot].layer == Layer::Region) {
        return CanvasScene::kNoSlot;
    }
    const QRectF r = m_view.mapToView(drawnRect(m_hoverSlot));
    const QPointF port(r.right(), r.center().y());
    const QPointF offset = viewPoint - port;
    return offset.x() * offset.x() + offset.y() * offset.y() <= 10.0 * 10.0 ? m_hoverSlot
                                                                            : CanvasScene::kNoSlot;
}

void CanvasView::updateConnectTarget(QPointF viewPoint) {
    Slot target = hitTest(m_view.mapToWorld(viewPoint));
    if (target == m_connectFrom) {
        target = CanvasScene::kNoSlot;
    }
    if (target == m_connectTarget) {
        return;
    }
    m_connectTarget = target;
    const auto &items = m_scene.items();
    if (target == CanvasScene::kNoSlot || !m_document) {
        m_connectAllowed = false;
        setNotice(tr("Drop on an element to connect %1 to it").arg(items[m_connectFrom].label),
                  false);
        return;
    }
    sg::Result<sg::model::Command> command = sg::model::connectElements(
        m_document->project(), items[m_connectFrom].id, items[target].id);
    m_connectAllowed = static_cast<bool>(command);
    setNotice(m_connectAllowed ? qs(command->label) : qs(command.error().message),
              !m_connectAllowed);
}

void CanvasView::buildOverlay() {
    m_overlayMesh.clear();
    const CanvasColors &colors = canvasColors(m_dark);
    if (m_overviewOf) {
        const QRectF shown = m_view.mapToView(m_overviewOf->visibleWorld())
                                 .intersected(QRectF(0, 0, width(), height()));
        if (!shown.isEmpty()) {
            m_overlayMesh.rect(shown, Rgba::of(colors.rubberBand));
            m_overlayMesh.frame(shown, 1.5, Rgba::of(colors.selection));
        }
        return;
    }
    if (!m_band.isEmpty()) {
        m_overlayMesh.rect(m_band, Rgba::of(colors.rubberBand));
        m_overlayMesh.frame(m_band, 1, Rgba::of(colors.selection));
    }
    const auto disc = [this](QPointF centre, double radius, Rgba color) {
        constexpr int kSides = 20;
        for (int i = 0; i < kSides; ++i) {
            const double a0 = 2 * M_PI * i / kSides;
            const double a1 = 2 * M_PI * (i + 1) / kSides;
            m_overlayMesh.triangle(centre, centre + radius * QPointF(std::cos(a0), std::sin(a0)),
                                   centre + radius * QPointF(std::cos(a1), std::sin(a1)), color);
        }
    };
    const Slot portSlot = m_gesture == Gesture::Connect ? m_connectFrom : m_hoverSlot;
    if (portSlot != CanvasScene::kNoSlot && portSlot < m_scene.items().size() &&
        m_scene.items()[portSlot].layer != Layer::Region &&
        (m_gesture == Gesture::None || m_gesture == Gesture::Connect)) {
        const QRectF r = m_view.mapToView(drawnRect(portSlot));
        const QPointF port(r.right(), r.center().y());
        disc(port, 7, Rgba::of(colors.selection));
        disc(port, 3.5, Rgba::of(colors.cardFill));
    }
    const Slot handleSlot = m_gesture == Gesture::Resize ? m_resizeSlot : m_hoverSlot;
    if ((m_gesture == Gesture::None || m_gesture == Gesture::Resize) && isResizable(handleSlot)) {
        const QPointF corner = m_view.mapToView(drawnRect(handleSlot)).bottomRight();
        const QRectF handle(corner - QPointF(5, 5), QSizeF(10, 10));
        m_overlayMesh.rect(handle, Rgba::of(colors.cardFill));
        m_overlayMesh.frame(handle, 2, Rgba::of(colors.selection));
    }
    if (m_gesture == Gesture::Connect && m_connectFrom != CanvasScene::kNoSlot) {
        const QRectF from = m_view.mapToView(drawnRect(m_connectFrom));
        const QPointF start(from.right(), from.center().y());
        QColor lineColor = colors.selection;
        if (m_connectTarget != CanvasScene::kNoSlot) {
            lineColor = m_connectAllowed ? QColor(0x1a, 0x7f, 0x37) : QColor(0xcf, 0x22, 0x2e);
            const QRectF target =
                m_view.mapToView(drawnRect(m_connectTarget)).adjusted(-4, -4, 4, 4);
            m_overlayMesh.frame(target, 3, Rgba::of(lineColor));
        }
        m_overlayMesh.polyline(
            edgeRoute(QRectF(start, QSizeF(0, 0)), QRectF(m_lastView, QSizeF(0, 0)), 16), 2.5, 1,
            Rgba::of(lineColor));
    }
}

void CanvasView::hoverMoveEvent(QHoverEvent *event) {
    if (m_overviewOf) {
        event->ignore();
        return;
    }
    const Slot hit = hitTest(m_view.mapToWorld(event->position()));
    // Keep the port (or resize handle) of the element just left while the pointer is on it:
    // both stick out of the element.
    const bool onPort = portAt(event->position()) != CanvasScene::kNoSlot;
    const bool onHandle = resizeHandleAt(event->position()) != CanvasScene::kNoSlot;
    const Slot hover = onPort || onHandle ? m_hoverSlot : hit;
    if (hover != m_hoverSlot) {
        m_hoverSlot = hover;
        m_overlayDirty = true;
        polish();
        update();
    }
    setCursor(onPort ? Qt::CrossCursor : onHandle ? Qt::SizeFDiagCursor : Qt::ArrowCursor);
    if (m_spaceHeld) {
        setCursor(Qt::OpenHandCursor);
    }
    event->accept();
}

void CanvasView::hoverLeaveEvent(QHoverEvent *event) {
    if (m_hoverSlot != CanvasScene::kNoSlot) {
        m_hoverSlot = CanvasScene::kNoSlot;
        m_overlayDirty = true;
        polish();
        update();
    }
    event->accept();
}

// --- Pointer and keys --------------------------------------------------------------------------

QPointF CanvasView::dragOffsetOf(Slot slot) const {
    return m_gesture == Gesture::Move && isSelected(slot) ? m_dragDelta : QPointF();
}

QRectF CanvasView::drawnRect(Slot slot) const {
    if (m_gesture == Gesture::Resize && slot == m_resizeSlot) {
        return m_resizeRect;
    }
    return toQRect(m_scene.items()[slot].rect).translated(dragOffsetOf(slot));
}

bool CanvasView::isResizable(Slot slot) const {
    return slot < m_scene.items().size() && m_scene.items()[slot].layer != Layer::Card;
}

CanvasScene::Slot CanvasView::resizeHandleAt(QPointF viewPoint) const {
    if (m_hoverSlot == CanvasScene::kNoSlot || !isResizable(m_hoverSlot)) {
        return CanvasScene::kNoSlot;
    }
    const QPointF corner = m_view.mapToView(drawnRect(m_hoverSlot)).bottomRight();
    const QPointF offset = viewPoint - corner;
    return std::abs(offset.x()) <= 8 && std::abs(offset.y()) <= 8 ? m_hoverSlot
                                                                  : CanvasScene::kNoSlot;
}

QPointF CanvasView::snappedDragDelta() const {
    if (!m_snap) {
        return m_dragDelta;
    }
    const Slot anchor = m_scene.slotOf(ElementId{m_primary});
    if (anchor == CanvasScene::kNoSlot) {
        return m_dragDelta;
    }
    // The grabbed element lands on the grid; the rest keep their places relative to it.
    const QPointF from = toQRect(m_scene.items()[anchor].rect).topLeft();
    const QPointF to = from + m_dragDelta;
    const QPointF snapped(std::round(to.x() / kGridStep) * kGridStep,
                          std::round(to.y() / kGridStep) * kGridStep);
    return snapped - from;
}

void CanvasView::mousePressEvent(QMouseEvent *event) {
    if (m_overviewOf) {
        m_overviewOf->centerOnWorld(m_view.mapToWorld(event->position()));
        m_gesture = Gesture::Pan;
        event->accept();
        return;
    }
    forceActiveFocus(Qt::MouseFocusReason);
    m_pressView = m_lastView = event->position();
    m_button = event->button();
    m_dragDelta = {};
    if (m_button == Qt::MiddleButton || (m_button == Qt::LeftButton && m_spaceHeld)) {
        m_gesture = Gesture::Pan;
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (m_button != Qt::LeftButton) {
        event->ignore();
        return;
    }
    event->accept();
    if (const Slot handle = resizeHandleAt(event->position()); handle != CanvasScene::kNoSlot) {
        m_gesture = Gesture::Resize;
        m_resizeSlot = handle;
        m_resizeRect = toQRect(m_scene.items()[handle].rect);
        return;
    }
    if (const Slot port = portAt(event->position()); port != CanvasScene::kNoSlot) {
        m_gesture = Gesture::Connect;
        m_connectFrom = port;
        m_connectTarget = CanvasScene::kNoSlot;
        m_connectAllowed = false;
        setNotice(tr("Drop on an element to connect %1 to it").arg(m_scene.items()[port].label),
                  false);
        m_overlayDirty = true;
        polish();
        update();
        return;
    }
    const Slot hit = hitTest(m_view.mapToWorld(event->position()));
    const bool toggle = event->modifiers() & (Qt::ControlModifier | Qt::MetaModifier);
    const bool extend = event->modifiers() & Qt::ShiftModifier;
    if (hit != CanvasScene::kNoSlot) {
        const std::string &id = m_scene.items()[hit].id.value;
        if (toggle) {
            if (!m_selected.erase(id)) {
                m_selected.insert(id);
            }
        } else if (extend) {
            m_selected.insert(id);
        } else if (!m_selected.contains(id)) {
            m_selected = {id};
        }
        selectionEdited(qs(id));
        m_gesture = m_selected.contains(id) ? Gesture::Pending : Gesture::None;
        return;
    }
    if (toggle || extend) {
        m_gesture = Gesture::RubberBand;
        m_bandBase = m_selected;
        m_band = QRectF(m_pressView, QSizeF());
        return;
    }
    m_primary.clear();
    m_gesture = Gesture::Pending; // a drag pans, a click clears the selection
}

void CanvasView::mouseMoveEvent(QMouseEvent *event) {
    const QPointF pos = event->position();
    if (m_overviewOf) {
        m_overviewOf->centerOnWorld(m_view.mapToWorld(pos));
        event->accept();
        return;
    }
    if (m_gesture == Gesture::Pending) {
        const QPointF moved = pos - m_pressView;
        if (moved.manhattanLength() < QGuiApplication::styleHints()->startDragDistance()) {
            return;
        }
        m_gesture = m_primary.empty() ? Gesture::Pan : Gesture::Move;
        if (m_gesture == Gesture::Pan) {
            setCursor(Qt::ClosedHandCursor);
        }
    }
    switch (m_gesture) {
    case Gesture::Pan:
        panBy(pos.x() - m_lastView.x(), pos.y() - m_lastView.y());
        break;
    case Gesture::Move:
        m_dragDelta = (pos - m_pressView) / m_view.scale;
        invalidateMeshes();
        break;
    case Gesture::RubberBand: {
        m_band = QRectF(m_pressView, pos).normalized();
        m_selected = m_bandBase;
        const QRectF world = m_view.mapToWorld(m_band);
        for (const Slot slot : m_scene.index().contained(toModelRect(world))) {
            if (isShown(slot)) {
                m_selected.insert(m_scene.items()[slot].id.value);
            }
        }
        m_overlayDirty = true;
        invalidateMeshes();
        break;
    }
    case Gesture::Resize: {
        const QRectF from = toQRect(m_scene.items()[m_resizeSlot].rect);
        QPointF corner = m_view.mapToWorld(pos);
        if (m_snap) {
            corner = QPointF(std::round(corner.x() / kGridStep) * kGridStep,
                             std::round(corner.y() / kGridStep) * kGridStep);
        }
        const bool region = m_scene.items()[m_resizeSlot].layer == Layer::Region;
        const double minWidth = region ? sg::model::kMinRegionWidth : sg::model::kMinStickySize;
        const double minHeight = region ? sg::model::kMinRegionHeight : sg::model::kMinStickySize;
        m_resizeRect = QRectF(from.topLeft(), QSizeF(std::max(minWidth, corner.x() - from.left()),
                                                     std::max(minHeight, corner.y() - from.top())));
        m_overlayDirty = true;
        invalidateMeshes();
        break;
    }
    case Gesture::Connect:
        m_lastView = pos;
        updateConnectTarget(pos);
        m_overlayDirty = true;
        polish();
        update();
        break;
    case Gesture::None:
    case Gesture::Pending:
        break;
    }
    m_lastView = pos;
    event->accept();
}

void CanvasView::mouseReleaseEvent(QMouseEvent *event) {
    const Gesture gesture = m_gesture;
    m_gesture = Gesture::None;
    unsetCursor();
    if (m_spaceHeld) {
        setCursor(Qt::OpenHandCursor);
    }
    switch (gesture) {
    case Gesture::Pending:
        if (m_primary.empty()) {
            clearSelection();
        }
        break;
    case Gesture::Move: {
        // The snapped delta is read while the drag is still the gesture; then the model moves.
        m_gesture = Gesture::Move;
        const QPointF delta = snappedDragDelta();
        m_gesture = Gesture::None;
        m_dragDelta = {};
        commitMove(delta, {});
        invalidateMeshes();
        break;
    }
    case Gesture::RubberBand:
        m_band = {};
        m_overlayDirty = true;
        selectionEdited(m_selected.empty() ? QString() : qs(*m_selected.begin()));
        break;
    case Gesture::Resize: {
        const Slot slot = std::exchange(m_resizeSlot, CanvasScene::kNoSlot);
        const QRectF to = m_resizeRect;
        invalidateMeshes();
        if (m_document && slot < m_scene.items().size() &&
            to != toQRect(m_scene.items()[slot].rect)) {
            (void)applyEdit(sg::model::resizeElement(m_document->project(),
                                                     m_scene.items()[slot].id, toModelRect(to)));
        }
        break;
    }
    case Gesture::Connect: {
        const Slot from = m_connectFrom;
        const Slot to = m_connectTarget;
        m_connectFrom = m_connectTarget = CanvasScene::kNoSlot;
        m_overlayDirty = true;
        polish();
        update();
        if (to == CanvasScene::kNoSlot) {
            clearNotice();
        } else if (m_connectAllowed) {
            const QString fromId = qs(m_scene.items()[from].id.value);
            const QString toId = qs(m_scene.items()[to].id.value);
            clearNotice();
            (void)connectElements(fromId, toId);
        } else {
            Q_EMIT refused(m_notice); // the reason stays on show
        }
        break;
    }
    case Gesture::Pan:
    case Gesture::None:
        break;
    }
    event->accept();
}

void CanvasView::mouseDoubleClickEvent(QMouseEvent *event) {
    if (m_overviewOf) {
        event->ignore();
        return;
    }
    if (event->button() == Qt::LeftButton) {
        const QString id = elementAt(event->position().x(), event->position().y());
        if (id.isEmpty()) {
            Q_EMIT addRequested(event->position().x(), event->position().y());
        } else {
            Q_EMIT editRequested(id);
        }
    }
    event->accept();
}

void CanvasView::wheelEvent(QWheelEvent *event) {
    if (m_overviewOf) {
        event->ignore();
        return;
    }
    const QPointF pos = event->position();
    if (event->modifiers() & Qt::ControlModifier) {
        zoomAt(pos.x(), pos.y(), std::pow(1.0015, event->angleDelta().y()));
    } else {
        QPointF delta = !event->pixelDelta().isNull() ? QPointF(event->pixelDelta())
                                                      : QPointF(event->angleDelta()) / 2.0;
        if ((event->modifiers() & Qt::ShiftModifier) && delta.x() == 0) {
            delta = QPointF(delta.y(), 0);
        }
        panBy(delta.x(), delta.y());
    }
    event->accept();
}

bool CanvasView::event(QEvent *event) {
    if (event->type() == QEvent::NativeGesture && !m_overviewOf) {
        auto *gesture = static_cast<QNativeGestureEvent *>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            zoomAt(gesture->position().x(), gesture->position().y(), 1.0 + gesture->value());
            return true;
        }
    }
    return QQuickItem::event(event);
}

void CanvasView::touchEvent(QTouchEvent *event) {
    // Two fingers pinch and pan; one finger is left to the synthesised mouse events.
    const QList<QEventPoint> &points = event->points();
    if (points.size() != 2) {
        event->ignore();
        return;
    }
    const QPointF a = points[0].position();
    const QPointF b = points[1].position();
    const QPointF pa = points[0].lastPosition();
    const QPointF pb = points[1].lastPosition();
    const double now = std::hypot(a.x() - b.x(), a.y() - b.y());
    const double before = std::hypot(pa.x() - pb.x(), pa.y() - pb.y());
    const QPointF centre = (a + b) / 2;
    const QPointF previousCentre = (pa + pb) / 2;
    m_view.pan(centre - previousCentre);
    if (before > 1 && now > 1) {
        m_view.zoomAround(centre, now / before);
    }
    m_fitPending = false;
    viewEdited();
    event->accept();
}

void CanvasView::keyPressEvent(QKeyEvent *event) {
    const int steps = (event->modifiers() & Qt::ShiftModifier) ? 5 : 1;
    switch (event->key()) {
    case Qt::Key_Space:
        if (!event->isAutoRepeat()) {
            m_spaceHeld = true;
            setCursor(Qt::OpenHandCursor);
        }
        break;
    case Qt::Key_F2:
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (!m_primary.empty() && m_selected.contains(m_primary)) {
            Q_EMIT editRequested(qs(m_primary));
        } else if (m_selected.size() == 1) {
            Q_EMIT editRequested(qs(*m_selected.begin()));
        }
        break;
    case Qt::Key_Delete:
    case Qt::Key_Backspace:
        (void)deleteSelection();
        break;
    case Qt::Key_Left:
        nudge(-steps, 0);
        break;
    case Qt::Key_Right:
        nudge(steps, 0);
        break;
    case Qt::Key_Up:
        nudge(0, -steps);
        break;
    case Qt::Key_Down:
        nudge(0, steps);
        break;
    case Qt::Key_Escape:
        if (m_gesture == Gesture::Connect) {
            m_gesture = Gesture::None;
            m_connectFrom = m_connectTarget = CanvasScene::kNoSlot;
            m_overlayDirty = true;
            clearNotice();
            polish();
            update();
        } else if (m_gesture == Gesture::Move || m_gesture == Gesture::RubberBand) {
            if (m_gesture == Gesture::RubberBand) {
                m_selected = m_bandBase;
                m_band = {};
                m_overlayDirty = true;
            }
            m_gesture = Gesture::None;
            m_dragDelta = {};
            invalidateMeshes();
        } else {
            clearSelection();
        }
        break;
    default:
        if (event->matches(QKeySequence::SelectAll)) {
            selectAll();
            break;
        }
        event->ignore();
        return;
    }
    event->accept();
}

void CanvasView::keyReleaseEvent(QKeyEvent *event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        if (m_gesture != Gesture::Pan) {
            unsetCursor();
        }
        event->accept();
        return;
    }
    event->ignore();
}

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
