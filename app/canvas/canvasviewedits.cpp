// CanvasView's edits: moves, deletion, the clipboard, arrange, align and distribute, promote,
// new elements and connections (with the port overlay that shows them).

#include "canvasview.h"

#include "canvasexport.h"
#include "nodes/canvasnodes.h"
#include "projectdocument.h"
#include "stringconvert.h"

#include "arch/edits.h"
#include "arch/layout.h"
#include "arch/promote.h"

#include <QClipboard>
#include <QCursor>
#include <QGuiApplication>
#include <QHoverEvent>
#include <QMimeData>
#include <QSGGeometryNode>

#include <algorithm>
#include <cmath>
#include <utility>

namespace sg::app {

using sg::model::ElementId;
using Slot = CanvasScene::Slot;
using Layer = CanvasScene::Layer;

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

} // namespace sg::app
