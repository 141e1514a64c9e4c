// CanvasView's pointer and keyboard handling: select, drag, resize, connect, pan and zoom.

#include "canvasview.h"

#include "canvasviewgeometry.h"
#include "projectdocument.h"
#include "stringconvert.h"

#include "arch/edits.h"

#include <QCursor>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QNativeGestureEvent>
#include <QStyleHints>
#include <QTouchEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace sg::app {

using sg::model::ElementId;
using Slot = CanvasScene::Slot;
using Layer = CanvasScene::Layer;

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

} // namespace sg::app
