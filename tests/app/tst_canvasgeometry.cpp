// The canvas's geometry without a window: the view transform (pan, zoom at the cursor, fit),
// the spatial index that culling and hit testing rely on, the scene derived from a model (slots,
// edges in the direction events flow, layers), edge routes and the glyph atlas's label layout.

#include "canvas/canvasmesh.h"
#include "canvas/canvasscene.h"
#include "canvas/glyphatlas.h"
#include "canvas/spatialindex.h"
#include "canvas/viewtransform.h"

#include "io/projectfile.h"

#include <QTest>

#include <algorithm>

using sg::app::CanvasScene;
using sg::app::EdgeKind;
using sg::app::SpatialIndex;
using sg::app::ViewTransform;
using sg::model::ElementId;
using sg::model::Rect;

namespace {

sg::model::Project loadFixture() {
    sg::Result<sg::model::Project> project =
        sg::model::loadProject(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json");
    if (!project) {
        qWarning("%s", project.error().message.c_str());
        return {};
    }
    return std::move(project).value();
}

bool hasEdge(const CanvasScene &scene, const char *from, const char *to, EdgeKind kind) {
    const auto a = scene.slotOf(ElementId{from});
    const auto b = scene.slotOf(ElementId{to});
    return std::any_of(scene.edges().begin(), scene.edges().end(), [&](const CanvasScene::Edge &e) {
        return e.from == a && e.to == b && e.kind == kind;
    });
}

} // namespace

class TestCanvasGeometry : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void zoomingAtTheCursorKeepsThePointUnderIt_data();
    void zoomingAtTheCursorKeepsThePointUnderIt();
    void zoomStaysWithinItsLimits();
    void fitShowsTheWholeModelCentred();
    void fitNeverBlowsASmallModelUpPastFullSize();

    void theIndexFindsWhatIntersectsAnArea();
    void theIndexFindsOnlyWhatLiesInsideARubberBand();
    void movingAndRemovingUpdateTheIndex();
    void aHugeViewOverASmallBoardStillAnswers();

    void theSceneHasASlotPerElementAndEdgesAlongTheFlow();
    void cardsAreHitBeforeStickiesBeforeRegionTitles();
    void aRegionsBodyLetsClicksThroughToTheBoard();
    void aStickyAndWhatItBecameAreLinkedBothWays();
    void anUnchangedLabelKeepsItsRevisionAcrossRebuilds();

    void anEdgeLeavesTheSideFacingItsTarget();
    void aPolylineHasFourVerticesPerPoint();

    void aLongLabelWrapsAndIsElidedWithinItsBox();
    void glyphsAreRasterisedOncePerInk();
};

void TestCanvasGeometry::zoomingAtTheCursorKeepsThePointUnderIt_data() {
    QTest::addColumn<QPointF>("cursor");
    QTest::addColumn<double>("factor");
    QTest::newRow("zoom in at the top left") << QPointF(10, 10) << 1.25;
    QTest::newRow("zoom out in the middle") << QPointF(800, 500) << 0.8;
    QTest::newRow("zoom in a lot at the bottom right") << QPointF(1500, 950) << 3.0;
}

void TestCanvasGeometry::zoomingAtTheCursorKeepsThePointUnderIt() {
    QFETCH(QPointF, cursor);
    QFETCH(double, factor);
    ViewTransform view;
    view.scale = 0.7;
    view.offset = QPointF(-120, 35);
    const QPointF before = view.mapToWorld(cursor);
    view.zoomAround(cursor, factor);
    QCOMPARE(view.scale, 0.7 * factor);
    const QPointF after = view.mapToWorld(cursor);
    QVERIFY(qAbs(after.x() - before.x()) < 1e-9);
    QVERIFY(qAbs(after.y() - before.y()) < 1e-9);
}

void TestCanvasGeometry::zoomStaysWithinItsLimits() {
    ViewTransform view;
    view.zoomAround(QPointF(100, 100), 1000);
    QCOMPARE(view.scale, ViewTransform::kMaxScale);
    view.zoomAround(QPointF(100, 100), 1e-9);
    QCOMPARE(view.scale, ViewTransform::kMinScale);
}

void TestCanvasGeometry::fitShowsTheWholeModelCentred() {
    ViewTransform view;
    const QRectF world(-2000, 500, 8000, 3000);
    view.fit(world, QSizeF(1600, 1000), 40);
    const QRectF shown = view.mapToWorld(QRectF(0, 0, 1600, 1000));
    QVERIFY(shown.contains(world));
    QVERIFY(qAbs(shown.center().x() - world.center().x()) < 1e-6);
    QVERIFY(qAbs(shown.center().y() - world.center().y()) < 1e-6);
    // The wider side touches the margins.
    QVERIFY(qAbs(view.mapToView(world.topLeft()).x() - 40) < 1e-6);
}

void TestCanvasGeometry::fitNeverBlowsASmallModelUpPastFullSize() {
    ViewTransform view;
    view.fit(QRectF(0, 0, 200, 80), QSizeF(1600, 1000));
    QCOMPARE(view.scale, 1.0);
}

void TestCanvasGeometry::theIndexFindsWhatIntersectsAnArea() {
    SpatialIndex index(100);
    index.insert(0, Rect{0, 0, 50, 50});
    index.insert(1, Rect{90, 90, 30, 30}); // across four cells
    index.insert(2, Rect{1000, 1000, 10, 10});
    index.insert(3, Rect{-300, -300, 20, 20});
    QCOMPARE(index.query(Rect{40, 40, 60, 60}), (std::vector<SpatialIndex::Slot>{0, 1}));
    QCOMPARE(index.query(Rect{-1000, -1000, 3000, 3000}),
             (std::vector<SpatialIndex::Slot>{0, 1, 2, 3}));
    QCOMPARE(index.query(Rect{500, 500, 10, 10}), std::vector<SpatialIndex::Slot>{});
    QCOMPARE(index.at(100, 100), std::vector<SpatialIndex::Slot>{1});
    QCOMPARE(index.at(60, 60), std::vector<SpatialIndex::Slot>{});
}

void TestCanvasGeometry::theIndexFindsOnlyWhatLiesInsideARubberBand() {
    SpatialIndex index(100);
    index.insert(0, Rect{0, 0, 50, 50});
    index.insert(1, Rect{40, 40, 100, 100});
    QCOMPARE(index.contained(Rect{-10, -10, 100, 100}), std::vector<SpatialIndex::Slot>{0});
}

void TestCanvasGeometry::movingAndRemovingUpdateTheIndex() {
    SpatialIndex index(100);
    index.insert(7, Rect{0, 0, 10, 10});
    index.insert(7, Rect{500, 500, 10, 10}); // moved
    QCOMPARE(index.size(), std::size_t{1});
    QVERIFY(index.query(Rect{0, 0, 20, 20}).empty());
    QCOMPARE(index.at(505, 505), std::vector<SpatialIndex::Slot>{7});
    index.remove(7);
    QCOMPARE(index.size(), std::size_t{0});
    QVERIFY(index.at(505, 505).empty());
    QVERIFY(index.rectOf(7) == nullptr);
}

void TestCanvasGeometry::aHugeViewOverASmallBoardStillAnswers() {
    // Zoomed far out, the view spans millions of cells; the index walks what it holds instead.
    SpatialIndex index(10);
    index.insert(0, Rect{0, 0, 5, 5});
    QCOMPARE(index.query(Rect{-1e8, -1e8, 2e8, 2e8}), std::vector<SpatialIndex::Slot>{0});
}

void TestCanvasGeometry::theSceneHasASlotPerElementAndEdgesAlongTheFlow() {
    const sg::model::Project project = loadFixture();
    CanvasScene scene;
    scene.rebuild(project);
    QCOMPARE(scene.items().size(), project.size());
    QCOMPARE(scene.index().size(), project.size());
    QVERIFY(hasEdge(scene, "checkout", "orders-bus", EdgeKind::Flow));
    QVERIFY(hasEdge(scene, "orders-bus", "bill-order", EdgeKind::Flow));
    QVERIFY(hasEdge(scene, "bill-order", "billing-fn", EdgeKind::Flow));
    QVERIFY(hasEdge(scene, "billing-fn", "billing-dlq", EdgeKind::DeadLetter));
    QVERIFY(!hasEdge(scene, "orders-bus", "checkout", EdgeKind::Flow));
    const auto slot = scene.slotOf(ElementId{"bill-order"});
    QCOMPARE(scene.items()[slot].caption, QStringLiteral("RULE"));
    QCOMPARE(scene.items()[slot].rect.width, sg::model::kElementBoxWidth);
    QCOMPARE(scene.slotOf(ElementId{"no-such-element"}), CanvasScene::kNoSlot);
}

void TestCanvasGeometry::cardsAreHitBeforeStickiesBeforeRegionTitles() {
    const sg::model::Project project = loadFixture();
    CanvasScene scene;
    scene.rebuild(project);
    // The bus card lies inside the "ordering" region's title band.
    const auto bus = scene.slotOf(ElementId{"orders-bus"});
    QCOMPARE(scene.hitTest(310, 45), bus);
    const auto region = scene.slotOf(ElementId{"ordering"});
    QCOMPARE(scene.hitTest(880, 10), region);
    const auto sticky = scene.slotOf(ElementId{"sticky-order-placed"});
    QCOMPARE(scene.hitTest(100, 500), sticky);
}

void TestCanvasGeometry::aRegionsBodyLetsClicksThroughToTheBoard() {
    const sg::model::Project project = loadFixture();
    CanvasScene scene;
    scene.rebuild(project);
    QCOMPARE(scene.hitTest(880, 590), CanvasScene::kNoSlot);
    QCOMPARE(scene.hitTest(5000, 5000), CanvasScene::kNoSlot);
}

void TestCanvasGeometry::aStickyAndWhatItBecameAreLinkedBothWays() {
    const sg::model::Project project = loadFixture();
    CanvasScene scene;
    scene.rebuild(project);
    const auto sticky = scene.slotOf(ElementId{"sticky-order-placed"});
    const auto type = scene.slotOf(ElementId{"order-placed"});
    QCOMPARE(scene.linkedSlots(sticky), std::vector<CanvasScene::Slot>{type});
    QCOMPARE(scene.linkedSlots(type), std::vector<CanvasScene::Slot>{sticky});
}

void TestCanvasGeometry::anUnchangedLabelKeepsItsRevisionAcrossRebuilds() {
    sg::model::Project project = loadFixture();
    CanvasScene scene;
    scene.rebuild(project);
    const auto revisionOf = [&scene](const char *id) {
        return scene.items()[scene.slotOf(ElementId{id})].revision;
    };
    const auto bus = revisionOf("orders-bus");
    const auto rule = revisionOf("bill-order");
    auto renamed = *project.get<sg::model::Rule>(ElementId{"bill-order"});
    renamed.name = "Bill every order";
    QVERIFY(static_cast<bool>(project.apply({sg::model::ReplaceElement{renamed}, "Rename"})));
    scene.rebuild(project);
    QCOMPARE(revisionOf("orders-bus"), bus);
    QVERIFY(revisionOf("bill-order") != rule);
}

void TestCanvasGeometry::anEdgeLeavesTheSideFacingItsTarget() {
    const QRectF from(0, 0, 200, 80);
    const QRectF ahead(400, 200, 200, 80);
    const std::vector<QPointF> forward = sg::app::edgeRoute(from, ahead, 10);
    QCOMPARE(forward.size(), std::size_t{11});
    QCOMPARE(forward.front(), QPointF(200, 40));
    QCOMPARE(forward.back(), QPointF(400, 240));
    const QRectF behind(-500, 0, 200, 80);
    const std::vector<QPointF> backward = sg::app::edgeRoute(from, behind, 10);
    QCOMPARE(backward.front(), QPointF(0, 40));
    QCOMPARE(backward.back(), QPointF(-300, 40));
}

void TestCanvasGeometry::aPolylineHasFourVerticesPerPoint() {
    sg::app::ColorMesh mesh;
    mesh.polyline({QPointF(0, 0), QPointF(10, 0), QPointF(20, 5)}, 2, 1,
                  sg::app::Rgba::of(Qt::black));
    QCOMPARE(mesh.vertices.size(), std::size_t{12});
    QCOMPARE(mesh.indices.size(), std::size_t{2 * 18}); // three quads per segment
    // The inner vertices carry the colour, the outer ones fade to nothing.
    QCOMPARE(mesh.vertices[0].a, static_cast<unsigned char>(0));
    QCOMPARE(mesh.vertices[1].a, static_cast<unsigned char>(255));
    QCOMPARE(mesh.vertices[1].y, 1.0f); // half the width above the line
}

void TestCanvasGeometry::aLongLabelWrapsAndIsElidedWithinItsBox() {
    sg::app::GlyphAtlas atlas;
    std::vector<sg::app::GlyphAtlas::Quad> quads;
    const QString text =
        QStringLiteral("A very long element name that cannot possibly fit on two lines of a card");
    const sg::app::GlyphAtlas::Style style{14, false, QColor(Qt::black), false};
    const double used = atlas.layout(text, style, 172, 48, 2, quads);
    QVERIFY(!quads.empty());
    QVERIFY(used > 14 && used < 48);
    double bottom = 0;
    for (const auto &quad : quads) {
        QVERIFY2(quad.rect.right() <= 172 + 6, "a glyph runs past the box");
        bottom = std::max(bottom, quad.rect.bottom());
    }
    QVERIFY(bottom <= 48 + 6);
    // Fewer glyphs than characters: the rest was elided.
    QVERIFY(quads.size() < static_cast<std::size_t>(text.size()));
}

void TestCanvasGeometry::glyphsAreRasterisedOncePerInk() {
    sg::app::GlyphAtlas atlas;
    std::vector<sg::app::GlyphAtlas::Quad> quads;
    const sg::app::GlyphAtlas::Style dark{14, false, QColor(Qt::black), false};
    atlas.layout(QStringLiteral("abc"), dark, 200, 40, 1, quads);
    const auto revision = atlas.imageRevision();
    atlas.layout(QStringLiteral("cab"), dark, 200, 40, 1, quads);
    QCOMPARE(atlas.imageRevision(), revision); // nothing new to draw
    sg::app::GlyphAtlas::Style light = dark;
    light.ink = QColor(Qt::white);
    atlas.layout(QStringLiteral("a"), light, 200, 40, 1, quads);
    QVERIFY(atlas.imageRevision() > revision);
}

QTEST_MAIN(TestCanvasGeometry)
#include "tst_canvasgeometry.moc"
