// Drives the board in the real main window as a user would — palette drags, port drags, clicks,
// keys — and checks the model afterwards: every intent is one undoable command, a refused
// connection says why, a sticky promotes, and elements copy from one window to another.

#include "canvas/canvasview.h"
#include "mainwindow.h"
#include "patternsandbox.h"
#include "projectdocument.h"

#include "io/projectfile.h"

#include <QDir>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtQuickTest/quicktest.h>

#include <memory>

Q_IMPORT_QML_PLUGIN(StormglassPlugin)

using sg::app::CanvasView;
using sg::app::PatternSandbox;
using sg::app::ProjectDocument;
using sg::model::ElementId;

namespace {

// One main window with its document, as main.cpp sets it up.
struct Window {
    PatternSandbox sandbox;
    ProjectDocument document;
    QQmlApplicationEngine engine;
    QQuickWindow *window = nullptr;

    template <typename T = QQuickItem> T *item(const char *objectName) const {
        return window->findChild<T *>(QString::fromLatin1(objectName));
    }
    [[nodiscard]] CanvasView *canvas() const { return item<CanvasView>("canvas"); }
};

QString qs(const std::string &text) {
    return QString::fromStdString(text);
}

} // namespace

class TestCanvas : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void buildingAFlowFromThePaletteIsUndoableStepByStepAndSurvivesSaving();
    void aRefusedConnectionSaysWhyAndChangesNothing();
    void draggingASelectionIsOneMoveOnTheGrid();
    void rubberBandSelectsWhatLiesInside();
    void promotingAPolicyStickyMakesARuleLinkedToIt();
    void aRuleCopiedInOneWindowPastesIntoAnother();
    void deletingAnElementCutsItsEdgesInOneStep();
    void doubleClickingALabelEditsItInPlace();
    void draggingAStickysCornerResizesIt();
    void theEventStormingBoardShowsOnlyStickiesAndContexts();

private:
    std::unique_ptr<Window> openWindow(const QString &file = {});
    void dragFromPalette(Window &w, const char *key, QPointF canvasPoint);
    void dragFromPort(Window &w, const QString &from, const QString &to);
    void click(Window &w, QPointF canvasPoint, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    void dragOnCanvas(Window &w, QPointF from, QPointF to,
                      Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    [[nodiscard]] QPoint toWindow(Window &w, QPointF canvasPoint) const;

    std::vector<std::unique_ptr<Window>> m_windows;
};

void TestCanvas::initTestCase() {
    sg::app::setUpApplication();
    // Nothing left over from a real session is offered back here, and nothing is left behind.
    QStandardPaths::setTestModeEnabled(true);
    QDir(sg::app::RecoveryFile::folder()).removeRecursively();
}

void TestCanvas::cleanup() {
    m_windows.clear();
}

std::unique_ptr<Window> TestCanvas::openWindow(const QString &file) {
    auto w = std::make_unique<Window>();
    if (file.isEmpty()) {
        w->document.newProject();
    } else if (!w->document.open(QUrl::fromLocalFile(file))) {
        qWarning("%s", qPrintable(w->document.errorMessage()));
        return nullptr;
    }
    w->window = sg::app::loadMainWindow(w->engine, &w->sandbox, &w->document);
    if (!w->window) {
        return nullptr;
    }
    w->window->resize(1400, 900);
    // The minimap covers a corner of the board; these tests click all over it.
    w->item("modelView")->setProperty("showMinimap", false);
    w->window->show();
    w->window->requestActivate();
    if (!QTest::qWaitForWindowExposed(w->window) || !QQuickTest::qWaitForPolish(w->window)) {
        return nullptr;
    }
    return w;
}

QPoint TestCanvas::toWindow(Window &w, QPointF canvasPoint) const {
    return w.canvas()->mapToScene(canvasPoint).toPoint();
}

void TestCanvas::click(Window &w, QPointF canvasPoint, Qt::KeyboardModifiers modifiers) {
    QTest::mouseClick(w.window, Qt::LeftButton, modifiers, toWindow(w, canvasPoint));
}

void TestCanvas::dragOnCanvas(Window &w, QPointF from, QPointF to,
                              Qt::KeyboardModifiers modifiers) {
    const QPoint a = toWindow(w, from);
    const QPoint b = toWindow(w, to);
    QTest::mousePress(w.window, Qt::LeftButton, modifiers, a);
    // Several steps, as a hand moves: the canvas must not make one command per step.
    for (int i = 1; i <= 8; ++i) {
        QTest::mouseMove(w.window, a + (b - a) * i / 8);
    }
    QTest::mouseRelease(w.window, Qt::LeftButton, modifiers, b);
}

void TestCanvas::dragFromPalette(Window &w, const char *key, QPointF canvasPoint) {
    // The palette is a list; its tiles are delegates, found through the visual tree.
    QQuickItem *tile = nullptr;
    const QString name = QStringLiteral("paletteTile-") + QString::fromLatin1(key);
    std::function<void(QQuickItem *)> find = [&](QQuickItem *item) {
        for (QQuickItem *child : item->childItems()) {
            if (!tile && child->objectName() == name && child->isVisible()) {
                tile = child;
            }
            find(child);
        }
    };
    auto *list = w.item("paletteList");
    QVERIFY(list);
    find(list);
    QVERIFY2(tile, key);
    // Scroll the tile into view if it is below the fold.
    const QPointF inList = tile->mapToItem(list, QPointF(0, tile->height()));
    if (inList.y() > list->height()) {
        list->setProperty("contentY",
                          list->property("contentY").toReal() + inList.y() - list->height() + 10);
    }
    QVERIFY2(tile, key);
    QVERIFY(QQuickTest::qWaitForPolish(w.window));
    const QPoint start = tile->mapToScene(QPointF(tile->width() / 2, tile->height() / 2)).toPoint();
    const QPoint end = toWindow(w, canvasPoint);
    QTest::mousePress(w.window, Qt::LeftButton, Qt::NoModifier, start);
    for (int i = 1; i <= 10; ++i) {
        QTest::mouseMove(w.window, start + (end - start) * i / 10);
    }
    QTest::mouseRelease(w.window, Qt::LeftButton, Qt::NoModifier, end);
}

void TestCanvas::dragFromPort(Window &w, const QString &from, const QString &to) {
    CanvasView *canvas = w.canvas();
    const QPointF port = canvas->portOf(from);
    QVERIFY2(!port.isNull(), qPrintable(from));
    const QPointF target = canvas->viewRectOf(to).center();
    QVERIFY2(!target.isNull(), qPrintable(to));
    // The port shows when the pointer is over the element; then it can be grabbed.
    const QRectF fromRect = canvas->viewRectOf(from);
    QTest::mouseMove(w.window, toWindow(w, fromRect.center()));
    QTest::mouseMove(w.window, toWindow(w, port - QPointF(2, 0)));
    dragOnCanvas(w, port - QPointF(2, 0), target);
}

void TestCanvas::buildingAFlowFromThePaletteIsUndoableStepByStepAndSurvivesSaving() {
    auto w = openWindow();
    QVERIFY(w);
    CanvasView *canvas = w->canvas();
    QVERIFY(canvas);
    const auto &project = [&w]() -> const sg::model::Project & {
        return w->document.project();
    };
    QCOMPARE(project().size(), std::size_t{0});

    // Five drags from the palette: a producer, a bus, a rule and two functions.
    dragFromPalette(*w, "producer", QPointF(80, 200));
    QTRY_COMPARE(project().all<sg::model::Producer>().size(), std::size_t{1});
    dragFromPalette(*w, "bus", QPointF(300, 200));
    QTRY_COMPARE(project().all<sg::model::Bus>().size(), std::size_t{1});
    dragFromPalette(*w, "rule", QPointF(520, 200));
    QTRY_COMPARE(project().all<sg::model::Rule>().size(), std::size_t{1});
    dragFromPalette(*w, "function", QPointF(720, 80));
    dragFromPalette(*w, "function", QPointF(720, 320));
    QTRY_COMPARE(project().all<sg::model::Consumer>().size(), std::size_t{2});
    const QString producer = qs(project().all<sg::model::Producer>()[0]->id.value);
    const QString bus = qs(project().all<sg::model::Bus>()[0]->id.value);
    const QString rule = qs(project().all<sg::model::Rule>()[0]->id.value);
    const QString billing = qs(project().all<sg::model::Consumer>()[0]->id.value);
    const QString email = qs(project().all<sg::model::Consumer>()[1]->id.value);
    // Each element lands where it was dropped, its top-left corner on the grid.
    const QRectF busRect = canvas->viewRectOf(bus);
    QVERIFY(busRect.contains(QPointF(300, 200)));

    // Connections, dragged from each element's port.
    dragFromPort(*w, producer, bus);
    QTRY_COMPARE(
        qs(project().get<sg::model::Producer>(ElementId{producer.toStdString()})->bus.value), bus);
    dragFromPort(*w, rule, billing);
    dragFromPort(*w, rule, email);
    QTRY_COMPARE(project().get<sg::model::Rule>(ElementId{rule.toStdString()})->targets.size(),
                 std::size_t{2});
    QCOMPARE(qs(project().get<sg::model::Rule>(ElementId{rule.toStdString()})->bus.value), bus);

    // Every step is one undo step: undo them all, back to the empty model, then redo them all.
    const sg::model::Project built = project();
    const int steps = w->document.undoStack()->count();
    QCOMPARE(steps, 8); // five adds, three connections
    for (int i = 0; i < steps; ++i) {
        QTest::keyClick(w->window, Qt::Key_Z, Qt::ControlModifier);
    }
    QCOMPARE(project().size(), std::size_t{0});
    for (int i = 0; i < steps; ++i) {
        QTest::keyClick(w->window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    }
    QVERIFY(project() == built);

    // Save, open again in a new window, and find the same model.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("flow.stormglass"));
    QVERIFY2(w->document.saveAs(QUrl::fromLocalFile(file)), qPrintable(w->document.errorMessage()));
    QVERIFY(!w->document.isDirty());
    auto reopened = openWindow(file);
    QVERIFY(reopened);
    QVERIFY(reopened->document.project() == built);
    QCOMPARE(reopened->canvas()->elementCount(), static_cast<int>(built.size()));
}

void TestCanvas::aRefusedConnectionSaysWhyAndChangesNothing() {
    auto w = openWindow(QStringLiteral(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json"));
    QVERIFY(w);
    CanvasView *canvas = w->canvas();
    const sg::model::Project before = w->document.project();
    // A function cannot feed a producer.
    dragFromPort(*w, QStringLiteral("billing-fn"), QStringLiteral("checkout"));
    QVERIFY(w->document.project() == before);
    QCOMPARE(w->document.undoStack()->count(), 0);
    QVERIFY(canvas->noticeIsRefusal());
    QVERIFY2(!canvas->notice().isEmpty(), "no reason given");
    auto *banner = w->item("canvasNoticeText");
    QVERIFY(banner);
    QTRY_VERIFY(banner->isVisible());
    QCOMPARE(banner->property("text").toString(), canvas->notice());
}

void TestCanvas::draggingASelectionIsOneMoveOnTheGrid() {
    auto w = openWindow(QStringLiteral(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json"));
    QVERIFY(w);
    CanvasView *canvas = w->canvas();
    const QRectF bus = canvas->viewRectOf(QStringLiteral("orders-bus"));
    const QRectF fn = canvas->viewRectOf(QStringLiteral("audit-fn"));
    click(*w, bus.center());
    click(*w, fn.center(), Qt::ControlModifier);
    QCOMPARE(canvas->selectionCount(), 2);
    QCOMPARE(w->document.selectedId(), QStringLiteral("audit-fn"));

    const double zoom = canvas->zoom();
    dragOnCanvas(*w, fn.center(), fn.center() + QPointF(93, 41) * zoom);
    QCOMPARE(w->document.undoStack()->count(), 1);
    const auto *movedFn = w->document.project().get<sg::model::Consumer>(ElementId{"audit-fn"});
    const auto *movedBus = w->document.project().get<sg::model::Bus>(ElementId{"orders-bus"});
    // The grabbed element lands on the grid (20 units); the other moves by the same amount.
    QCOMPARE(std::fmod(movedFn->position.x, 20.0), 0.0);
    QCOMPARE(std::fmod(movedFn->position.y, 20.0), 0.0);
    QCOMPARE(movedFn->position.x - 600, movedBus->position.x - 300);
    QCOMPARE(movedFn->position.y - 200, movedBus->position.y - 40);
    QVERIFY(qAbs(movedFn->position.x - 600 - 93) <= 10);

    // Arrow keys nudge by one grid step, as one command each.
    const double busX = movedBus->position.x;
    QTest::keyClick(w->window, Qt::Key_Left);
    QCOMPARE(w->document.project().get<sg::model::Bus>(ElementId{"orders-bus"})->position.x,
             busX - 20);
    QCOMPARE(w->document.undoStack()->count(), 2);
}

void TestCanvas::rubberBandSelectsWhatLiesInside() {
    auto w = openWindow(QStringLiteral(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json"));
    QVERIFY(w);
    CanvasView *canvas = w->canvas();
    const QRectF a = canvas->viewRectOf(QStringLiteral("billing-fn"));
    const QRectF b = canvas->viewRectOf(QStringLiteral("billing-dlq"));
    // From an empty spot below right (the region's title band above would be grabbed).
    dragOnCanvas(*w, b.bottomRight() + QPointF(5, 5), a.topLeft() - QPointF(5, 5),
                 Qt::ShiftModifier);
    QCOMPARE(canvas->selectedIds(),
             (QStringList{QStringLiteral("billing-fn"), QStringLiteral("audit-fn"),
                          QStringLiteral("billing-dlq")}));
    // A plain drag on the empty board pans instead, and a click there clears the selection.
    const double x = canvas->viewTransform().offset.x();
    const QPointF empty(canvas->width() - 20, canvas->height() / 2);
    dragOnCanvas(*w, empty, empty - QPointF(100, 0));
    QVERIFY(qAbs(canvas->viewTransform().offset.x() - (x - 100)) < 1.5);
    click(*w, empty);
    QCOMPARE(canvas->selectionCount(), 0);
}

void TestCanvas::promotingAPolicyStickyMakesARuleLinkedToIt() {
    auto w = openWindow(QStringLiteral(SG_SOURCE_DIR "/tests/data/app/workshop.stormglass.json"));
    QVERIFY(w);
    CanvasView *canvas = w->canvas();
    click(*w, canvas->viewRectOf(QStringLiteral("s-bill-policy")).center());
    QVERIFY(canvas->canPromote());
    QTest::keyClick(w->window, Qt::Key_P, Qt::ControlModifier);
    const auto rules = w->document.project().all<sg::model::Rule>();
    QCOMPARE(rules.size(), std::size_t{1});
    const auto *policy = w->document.project().get<sg::model::Sticky>(ElementId{"s-bill-policy"});
    QCOMPARE(policy->linked.value, rules[0]->id.value);
    QCOMPARE(w->document.undoStack()->count(), 1);
    // The new rule is selected; the sticky it came from is drawn as linked to it.
    QVERIFY(canvas->selectedIds().contains(qs(rules[0]->id.value)));
    QTest::keyClick(w->window, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(w->document.project().all<sg::model::Rule>().empty());
}

void TestCanvas::aRuleCopiedInOneWindowPastesIntoAnother() {
    auto source =
        openWindow(QStringLiteral(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json"));
    QVERIFY(source);
    auto target = openWindow();
    QVERIFY(target);
    // The target has a bus of its own for the rule to land on.
    target->canvas()->addElementAt(QStringLiteral("bus"), 100, 100);
    QCOMPARE(target->document.project().all<sg::model::Bus>().size(), std::size_t{1});

    source->window->requestActivate();
    click(*source, source->canvas()->viewRectOf(QStringLiteral("bill-order")).center());
    QTest::keyClick(source->window, Qt::Key_C, Qt::ControlModifier);

    target->window->requestActivate();
    click(*target, QPointF(target->canvas()->width() - 30, target->canvas()->height() - 80));
    QTest::keyClick(target->window, Qt::Key_V, Qt::ControlModifier);
    const auto rules = target->document.project().all<sg::model::Rule>();
    QCOMPARE(rules.size(), std::size_t{1});
    const auto *original = source->document.project().get<sg::model::Rule>(ElementId{"bill-order"});
    QCOMPARE(rules[0]->pattern, original->pattern);
    QCOMPARE(rules[0]->name, original->name);
    QVERIFY(target->document.project().checkReferences());
    QCOMPARE(target->canvas()->selectedIds(), QStringList{qs(rules[0]->id.value)});
}

void TestCanvas::deletingAnElementCutsItsEdgesInOneStep() {
    auto w = openWindow(QStringLiteral(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json"));
    QVERIFY(w);
    CanvasView *canvas = w->canvas();
    click(*w, canvas->viewRectOf(QStringLiteral("billing-fn")).center());
    QTest::keyClick(w->window, Qt::Key_Delete);
    QVERIFY(!w->document.project().contains(ElementId{"billing-fn"}));
    QVERIFY(w->document.project().checkReferences());
    QCOMPARE(w->document.undoStack()->count(), 1);
    QTest::keyClick(w->window, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(w->document.project().contains(ElementId{"billing-fn"}));
}

void TestCanvas::doubleClickingALabelEditsItInPlace() {
    auto w = openWindow(QStringLiteral(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json"));
    QVERIFY(w);
    CanvasView *canvas = w->canvas();
    const QPoint at = toWindow(*w, canvas->viewRectOf(QStringLiteral("audit-fn")).center());
    QTest::mouseDClick(w->window, Qt::LeftButton, Qt::NoModifier, at);
    auto *editor = w->item("labelEditor");
    QVERIFY(editor);
    QTRY_VERIFY(editor->isVisible() && editor->hasActiveFocus());
    QTest::keyClick(w->window, Qt::Key_A, Qt::ControlModifier);
    for (const char c : std::string("Audit trail")) {
        QTest::keyClick(w->window, c);
    }
    QTest::keyClick(w->window, Qt::Key_Return);
    QTRY_VERIFY(!editor->isVisible());
    QCOMPARE(w->document.project().get<sg::model::Consumer>(ElementId{"audit-fn"})->name,
             std::string("Audit trail"));
    QCOMPARE(w->document.undoStack()->count(), 1);

    // Escape leaves the name as it was.
    QTest::keyClick(w->window, Qt::Key_F2);
    QTRY_VERIFY(editor->isVisible());
    QTest::keyClick(w->window, Qt::Key_X);
    QTest::keyClick(w->window, Qt::Key_Escape);
    QTRY_VERIFY(!editor->isVisible());
    QCOMPARE(w->document.project().get<sg::model::Consumer>(ElementId{"audit-fn"})->name,
             std::string("Audit trail"));
    QCOMPARE(w->document.undoStack()->count(), 1);
}

void TestCanvas::draggingAStickysCornerResizesIt() {
    auto w = openWindow(QStringLiteral(SG_SOURCE_DIR "/tests/data/app/workshop.stormglass.json"));
    QVERIFY(w);
    CanvasView *canvas = w->canvas();
    const QRectF sticky = canvas->viewRectOf(QStringLiteral("s-bill-order"));
    // Hovering shows the handle at the bottom-right corner; dragging it resizes.
    QTest::mouseMove(w->window, toWindow(*w, sticky.center()));
    QTest::mouseMove(w->window, toWindow(*w, sticky.bottomRight() - QPointF(2, 2)));
    const double zoom = canvas->zoom();
    dragOnCanvas(*w, sticky.bottomRight() - QPointF(2, 2),
                 sticky.bottomRight() + QPointF(80, 40) * zoom);
    const auto *resized = w->document.project().get<sg::model::Sticky>(ElementId{"s-bill-order"});
    QVERIFY(qAbs(resized->geometry.width - 240) <= 20);
    QVERIFY(qAbs(resized->geometry.height - 200) <= 20);
    QCOMPARE(resized->geometry.x, 400.0); // the top-left corner stays
    QCOMPARE(w->document.undoStack()->count(), 1);
}

void TestCanvas::theEventStormingBoardShowsOnlyStickiesAndContexts() {
    auto w = openWindow(QStringLiteral(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json"));
    QVERIFY(w);
    CanvasView *canvas = w->canvas();
    // Each board fits what it shows, so positions are looked up again after a switch.
    const auto at = [canvas](const char *id) {
        (void)QQuickTest::qWaitForPolish(canvas->window());
        return canvas->viewRectOf(QString::fromLatin1(id)).center();
    };
    const auto hit = [canvas](QPointF p) {
        return canvas->elementAt(p.x(), p.y());
    };
    QCOMPARE(hit(at("orders-bus")), QStringLiteral("orders-bus"));

    canvas->setBoardMode(CanvasView::BoardMode::EventStorming);
    QVERIFY(hit(at("orders-bus")).isEmpty() || hit(at("orders-bus")) == QStringLiteral("ordering"));
    QCOMPARE(hit(at("sticky-order-placed")), QStringLiteral("sticky-order-placed"));
    QTest::keyClick(w->window, Qt::Key_A, Qt::ControlModifier);
    QVERIFY(canvas->selectedIds().contains(QStringLiteral("sticky-order-placed")));
    QVERIFY(!canvas->selectedIds().contains(QStringLiteral("orders-bus")));

    canvas->setBoardMode(CanvasView::BoardMode::Architecture);
    QVERIFY(!canvas->selectedIds().contains(QStringLiteral("sticky-order-placed")));
    QVERIFY(hit(at("sticky-order-placed")) != QStringLiteral("sticky-order-placed"));
    QCOMPARE(hit(at("orders-bus")), QStringLiteral("orders-bus"));
}

QTEST_MAIN(TestCanvas)
#include "tst_canvas.moc"
