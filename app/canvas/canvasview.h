#pragma once
// CanvasView: the infinite canvas of a model. It owns the view transform (pan, zoom), the
// selection and the tools' view state, draws the whole board in a handful of batched
// scene-graph nodes whose geometry it computes in C++, and turns each user intent into one
// undoable command of the model (a drag is view state until release, then one move).

#include "canvasmesh.h"
#include "canvasscene.h"
#include "glyphatlas.h"
#include "viewtransform.h"

#include "projectdocument.h"

#include "arch/project.h"

#include <QPointer>
#include <QQuickItem>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <array>
#include <string>
#include <unordered_set>
#include <vector>

namespace sg::app {

// The opaque layers of the board, back to front.
enum class Opaque : std::uint8_t {
    RegionFill,
    RegionBand, // a region's title band and frame
    StickyShadow,
    StickyPaper,
    CardBorder,
    CardFill,
    Marks, // kind stripes and selection outlines
};
inline constexpr std::size_t kOpaqueLayerCount = 7;

class CanvasView : public QQuickItem, private sg::model::ProjectObserver {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(sg::app::ProjectDocument *document READ document WRITE setDocument NOTIFY
                   documentChanged FINAL)
    // 1.0 shows one world unit per pixel.
    Q_PROPERTY(double zoom READ zoom NOTIFY viewChanged FINAL)
    // Whether labels are drawn (they are left out when zoomed far out).
    Q_PROPERTY(bool labelsShown READ labelsShown NOTIFY viewChanged FINAL)
    Q_PROPERTY(bool darkTheme READ darkTheme WRITE setDarkTheme NOTIFY appearanceChanged FINAL)
    Q_PROPERTY(bool showGrid READ showGrid WRITE setShowGrid NOTIFY appearanceChanged FINAL)
    Q_PROPERTY(bool snapToGrid READ snapToGrid WRITE setSnapToGrid NOTIFY appearanceChanged FINAL)
    // What the board shows: everything, the event-storming board (stickies and bounded contexts
    // along a left-to-right timeline), or the architecture (elements and bounded contexts).
    Q_PROPERTY(BoardMode boardMode READ boardMode WRITE setBoardMode NOTIFY appearanceChanged FINAL)
    Q_PROPERTY(int selectionCount READ selectionCount NOTIFY selectionChanged FINAL)
    Q_PROPERTY(QStringList selectedIds READ selectedIds NOTIFY selectionChanged FINAL)
    Q_PROPERTY(int elementCount READ elementCount NOTIFY sceneChanged FINAL)
    // What the canvas has to say about the gesture under way or the last refused edit ("A rule
    // has at most 5 targets"), for a banner; empty when there is nothing to say.
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged FINAL)
    // Whether `notice` explains a refusal (shown as a warning) rather than a hint.
    Q_PROPERTY(bool noticeIsRefusal READ noticeIsRefusal NOTIFY noticeChanged FINAL)
    // Whether the selection is one sticky that Promote turns into architecture.
    Q_PROPERTY(bool canPromote READ canPromote NOTIFY selectionChanged FINAL)
    // Set on a minimap: this view then shows the whole model of `overviewOf` as boxes with
    // the other view's visible area framed, and clicking or dragging in it moves that view.
    Q_PROPERTY(sg::app::CanvasView *overviewOf READ overviewOf WRITE setOverviewOf NOTIFY
                   overviewOfChanged FINAL)

public:
    enum class BoardMode { Everything, EventStorming, Architecture };
    Q_ENUM(BoardMode)

    explicit CanvasView(QQuickItem *parent = nullptr);
    ~CanvasView() override;

    [[nodiscard]] ProjectDocument *document() const { return m_document; }
    void setDocument(ProjectDocument *document);

    [[nodiscard]] double zoom() const { return m_view.scale; }
    [[nodiscard]] bool labelsShown() const;
    [[nodiscard]] bool darkTheme() const { return m_dark; }
    void setDarkTheme(bool dark);
    [[nodiscard]] bool showGrid() const { return m_showGrid; }
    void setShowGrid(bool show);
    [[nodiscard]] bool snapToGrid() const { return m_snap; }
    [[nodiscard]] BoardMode boardMode() const { return m_mode; }
    void setBoardMode(BoardMode mode);
    void setSnapToGrid(bool snap);
    [[nodiscard]] int selectionCount() const { return static_cast<int>(m_selected.size()); }
    [[nodiscard]] QStringList selectedIds() const;
    [[nodiscard]] int elementCount() const { return static_cast<int>(m_scene.items().size()); }
    [[nodiscard]] QString notice() const { return m_notice; }
    [[nodiscard]] bool noticeIsRefusal() const { return m_noticeIsRefusal; }
    [[nodiscard]] bool canPromote() const;
    [[nodiscard]] CanvasView *overviewOf() const { return m_overviewOf; }
    void setOverviewOf(CanvasView *view);
    // Centres the view on a world point, keeping the zoom.
    void centerOnWorld(QPointF world);

    [[nodiscard]] const ViewTransform &viewTransform() const { return m_view; }
    void setViewTransform(const ViewTransform &view);
    [[nodiscard]] const CanvasScene &scene() const { return m_scene; }

    // The grid the board shows and snapping uses, in world units.
    static constexpr double kGridStep = 20;

    Q_INVOKABLE void zoomToFit();
    Q_INVOKABLE void zoomToSelection();
    Q_INVOKABLE void zoomIn();
    Q_INVOKABLE void zoomOut();
    Q_INVOKABLE void resetZoom();
    // Zooms by `factor` keeping the point `x`, `y` (view pixels) in place (pinch, wheel).
    Q_INVOKABLE void zoomAt(double x, double y, double factor);
    Q_INVOKABLE void panBy(double dx, double dy);
    // Centres the view on an element without changing the zoom (a finding's element).
    Q_INVOKABLE void centerOn(const QString &id);

    Q_INVOKABLE void selectAll();
    Q_INVOKABLE void clearSelection();
    Q_INVOKABLE void setSelection(const QStringList &ids);
    // Moves the selection by whole grid steps as one command (arrow keys).
    Q_INVOKABLE void nudge(int dx, int dy);
    // Deletes the selection as one command; refused as a whole, with the model's reason, when
    // something outside the selection still refers to a selected element.
    Q_INVOKABLE bool deleteSelection();

    // Adds a new element of `key` (PaletteModel's keys: "rule", "sticky:policy") with its
    // top-left corner at the view point, as one command, and selects it. False, with a notice
    // saying why, when the model refuses (a rule without any bus).
    Q_INVOKABLE bool addElementAt(const QString &key, double x, double y);
    // Connects two elements the way dragging from one's port to the other does, as one command.
    Q_INVOKABLE bool connectElements(const QString &from, const QString &to);
    // The port a connection is dragged from: the middle of an element's right side, in view
    // pixels (tests, overlays); a null point when unknown.
    Q_INVOKABLE QPointF portOf(const QString &id) const;
    Q_INVOKABLE void clearNotice();

    // The clipboard holds elements as the model's JSON, so that they can be pasted into another
    // window or file (and read by people).
    Q_INVOKABLE bool copySelection();
    Q_INVOKABLE bool cutSelection();
    // Pastes what the clipboard holds near the middle of the view, selecting what was pasted.
    Q_INVOKABLE bool paste();
    Q_INVOKABLE bool duplicateSelection();
    // Lays out the architecture (everything, or only the selection) as one command.
    Q_INVOKABLE bool arrange(bool selectionOnly);
    // 0 left, 1 centre, 2 right, 3 top, 4 middle, 5 bottom.
    Q_INVOKABLE bool align(int alignment);
    Q_INVOKABLE bool distribute(bool horizontally);
    // Promotes the selected sticky (domain event, policy, external system) to the architecture
    // it describes, as one command; the new element is selected.
    Q_INVOKABLE bool promoteSelection();
    // Writes the board (or only the selection) as a PNG or SVG picture; false, with a notice
    // saying why, when it cannot.
    Q_INVOKABLE bool exportPicture(const QUrl &url, bool selectionOnly);

    // The element at a view point, or an empty string.
    Q_INVOKABLE QString elementAt(double x, double y) const;
    // An element's rectangle in view pixels (tests, overlays); empty when unknown.
    Q_INVOKABLE QRectF viewRectOf(const QString &id) const;

Q_SIGNALS:
    void documentChanged();
    void viewChanged();
    void appearanceChanged();
    void selectionChanged();
    void sceneChanged();
    // Something the user tried was refused; `message` says why (for the status bar).
    void refused(const QString &message);
    void noticeChanged();
    void overviewOfChanged();
    // Double-click (or F2) on an element: edit its label in place.
    void editRequested(const QString &id);
    // Double-click on the empty board: offer to add something at that view point.
    void addRequested(double x, double y);

protected:
    QSGNode *updatePaintNode(QSGNode *old, UpdatePaintNodeData *data) override;
    void updatePolish() override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void touchEvent(QTouchEvent *event) override;
    bool event(QEvent *event) override; // trackpad pinch (native gestures)
    void hoverMoveEvent(QHoverEvent *event) override;
    void hoverLeaveEvent(QHoverEvent *event) override;

private:
    enum class Gesture { None, Pending, Pan, Move, RubberBand, Connect, Resize };
    // Level of detail: everything; names only, large (a zoomed-out overview); boxes without
    // text; flat dots of colour.
    enum class Detail { Full, Names, Boxes, Dots };

    void projectChanged(const sg::model::ChangeSet &changes) override;
    void rebuildScene();
    void onDocumentSelectionChanged();
    void selectionEdited(const QString &primary);
    void viewEdited();
    void invalidateMeshes();
    [[nodiscard]] Detail detail() const;
    [[nodiscard]] QRectF visibleWorld() const;
    [[nodiscard]] bool isSelected(CanvasScene::Slot slot) const;
    // Whether the board mode shows the element in `slot`.
    [[nodiscard]] bool isShown(CanvasScene::Slot slot) const;
    [[nodiscard]] CanvasScene::Slot hitTest(QPointF world) const;
    // Where the event-storming timeline arrow runs (world units), empty without stickies.
    [[nodiscard]] QRectF timelineSpan() const;
    // What zoom to fit shows: the elements the board mode shows.
    [[nodiscard]] QRectF shownBounds() const;
    [[nodiscard]] QPointF dragOffsetOf(CanvasScene::Slot slot) const;
    [[nodiscard]] QRectF drawnRect(CanvasScene::Slot slot) const;
    [[nodiscard]] QPointF snappedDragDelta() const;
    void commitMove(QPointF delta, const QString &label);
    // Applies an edit of the canvas; a refusal becomes the notice. Returns whether it applied.
    bool applyEdit(sg::Result<sg::model::Command> command);
    void setNotice(const QString &text, bool refusal);
    [[nodiscard]] CanvasScene::Slot portAt(QPointF viewPoint) const;
    // The sticky or region whose resize handle (its bottom-right corner) is at a view point.
    [[nodiscard]] CanvasScene::Slot resizeHandleAt(QPointF viewPoint) const;
    [[nodiscard]] bool isResizable(CanvasScene::Slot slot) const;
    void updateConnectTarget(QPointF viewPoint);
    void buildOverlay();
    [[nodiscard]] std::vector<sg::model::ElementId> selectionInModelOrder() const;
    // Applies `command` and selects the elements it added.
    bool applyAndSelectAdded(sg::Result<sg::model::Command> command);
    void buildMeshes();
    void buildLabels();
    void buildGrid();
    const std::vector<GlyphAtlas::Quad> &labelOf(CanvasScene::Slot slot, Detail level);

    QPointer<ProjectDocument> m_document;
    QPointer<CanvasView> m_overviewOf;
    CanvasScene m_scene;
    ViewTransform m_view;
    bool m_fitPending = true; // fit the model whenever the view's size changes
    QSizeF m_fittedSize;
    sg::model::Rect m_fittedBounds; // what a minimap last fitted
    bool m_dark = false;
    bool m_showGrid = true;
    bool m_snap = true;
    BoardMode m_mode = BoardMode::Everything;

    std::unordered_set<std::string> m_selected;
    std::string m_primary;

    // Pointer gestures.
    Gesture m_gesture = Gesture::None;
    Qt::MouseButton m_button = Qt::NoButton;
    QPointF m_pressView;
    QPointF m_lastView;
    QPointF m_dragDelta; // world units, while moving the selection
    QRectF m_band;       // view pixels, while rubber-banding
    bool m_bandAdds = false;
    bool m_spaceHeld = false;
    std::unordered_set<std::string> m_bandBase;

    // What the meshes were built for: slots in and around the view, and the level of detail.
    QRectF m_prepared;
    Detail m_preparedDetail = Detail::Full;
    bool m_meshesDirty = true;
    bool m_gridDirty = true;
    std::vector<CanvasScene::Slot> m_preparedSlots;

    // Opaque layers, back to front; each is one node drawn in the renderer's opaque pass.
    std::array<ColorMesh, kOpaqueLayerCount> m_opaque;
    ColorMesh m_edgeMesh; // translucent (anti-aliased edges)
    ColorMesh m_gridMesh;
    ColorMesh m_overlayMesh; // view pixels: rubber band, port, connection being dragged
    TextureMesh m_labelMesh;
    bool m_uploadGeometry = true;
    bool m_uploadGrid = true;
    bool m_uploadOverlay = true;
    bool m_overlayDirty = true;

    // Hover and connecting.
    CanvasScene::Slot m_hoverSlot = CanvasScene::kNoSlot;
    CanvasScene::Slot m_resizeSlot = CanvasScene::kNoSlot;
    QRectF m_resizeRect; // world units, while resizing
    CanvasScene::Slot m_connectFrom = CanvasScene::kNoSlot;
    CanvasScene::Slot m_connectTarget = CanvasScene::kNoSlot;
    bool m_connectAllowed = false;
    QString m_notice;
    bool m_noticeIsRefusal = false;

    GlyphAtlas m_atlas;
    struct LabelCache {
        std::uint32_t revision = 0;
        std::uint64_t generation = 0;
        Detail level = Detail::Full;
        std::vector<GlyphAtlas::Quad> quads;
    };
    std::vector<LabelCache> m_labels; // by slot
};

} // namespace sg::app
