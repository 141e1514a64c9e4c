// Drives the inspector of the real main window with simulated keys: a rule's pattern typed with
// live errors and matches and committed as one undo step, a retry policy refused out of range, a
// function's failure rate added and changed, a field being typed in that keeps its focus
// while an undo changes the element, and the account's invocation quota edited with nothing
// selected.

#include "inspector/elementeditor.h"
#include "mainwindow.h"
#include "patternsandbox.h"
#include "projectdocument.h"

#include "pattern/patternparser.h"

#include <QDir>
#include <QPointer>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQmlExpression>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(StormglassPlugin)

using sg::app::ElementEditor;
using sg::app::PatternSandbox;
using sg::app::ProjectDocument;

namespace {

const QString kPatternArea = QStringLiteral("field:patternTextArea");
const QString kAttemptsField = QStringLiteral("field:targets[0].retryPolicy.maximumRetryAttempts");
const QString kQuotaField = QStringLiteral("projectField:accountInvocationQuotaPerSecond");

// The first visible item named `name` under `root`, in the visual tree (the inspector's rows are
// Repeater delegates, not QObject children of the pane).
QQuickItem *findItem(QQuickItem *root, const QString &name) {
    if (!root) {
        return nullptr;
    }
    const QList<QQuickItem *> children = root->childItems();
    for (QQuickItem *child : children) {
        if (child->objectName() == name && child->isVisible()) {
            return child;
        }
        if (QQuickItem *found = findItem(child, name)) {
            return found;
        }
    }
    return nullptr;
}

// The inspector row (PropertyRow) that holds `item`.
QQuickItem *rowOf(QQuickItem *item) {
    while (item && item->objectName() != QLatin1String("inspectorField")) {
        item = item->parentItem();
    }
    return item;
}

} // namespace

class TestInspector : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void typingAPatternChecksItLiveAndCommitsOnceOnFocusOut();
    void aRetryAttemptOutOfRangeIsRefusedBesideTheField();
    void aFunctionsFailureRateIsAddedAndChanged();
    void anUndoElsewhereKeepsTheFieldBeingTyped();
    void ctrlEnterAppliesAJsonEditorWithoutLeavingIt();
    void theInspectorReadsInTheDarkTheme();
    void withNothingSelectedTheAccountQuotaIsEditedAndUndone();
    void theModelMenuTakesTheKeyboardToTheProjectSettings();
    void theQuotaShownFollowsSavingAndReopening();

private:
    [[nodiscard]] QQuickItem *pane() const;
    [[nodiscard]] QQuickItem *field(const QString &name) const;
    [[nodiscard]] QString textOf(const QString &name) const;
    void focus(QQuickItem *item);
    void typeText(const QString &text);
    void selectAllAndType(const QString &text);
    void saveScreenshot(const char *name) const;

    PatternSandbox *m_sandbox = nullptr;
    ProjectDocument *m_document = nullptr;
    QQmlApplicationEngine *m_engine = nullptr;
    QQuickWindow *m_window = nullptr;
};

void TestInspector::initTestCase() {
    sg::app::setUpApplication();
    // Nothing left over from a real session is offered back here, and nothing is left behind.
    QStandardPaths::setTestModeEnabled(true);
    QDir(sg::app::RecoveryFile::folder()).removeRecursively();
}

void TestInspector::init() {
    m_sandbox = new PatternSandbox;
    m_document = new ProjectDocument;
    QVERIFY2(m_document->open(QUrl::fromLocalFile(
                 QStringLiteral(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json"))),
             qPrintable(m_document->errorMessage()));
    m_engine = new QQmlApplicationEngine;
    m_window = sg::app::loadMainWindow(*m_engine, m_sandbox, m_document);
    QVERIFY(m_window);
    m_window->resize(1600, 1000);
    m_window->show();
    m_window->requestActivate();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestInspector::cleanup() {
    delete m_engine;
    delete m_document;
    delete m_sandbox;
    m_engine = nullptr;
    m_window = nullptr;
    m_document = nullptr;
    m_sandbox = nullptr;
}

QQuickItem *TestInspector::pane() const {
    return m_window->findChild<QQuickItem *>(QStringLiteral("inspectorPane"));
}

QQuickItem *TestInspector::field(const QString &name) const {
    return findItem(pane(), name);
}

// The text of the visible item `name` in the inspector, empty when there is none.
QString TestInspector::textOf(const QString &name) const {
    QQuickItem *item = field(name);
    return item ? item->property("text").toString() : QString();
}

// Gives `item` the keyboard focus as a click would (fields below the fold need no scrolling).
void TestInspector::focus(QQuickItem *item) {
    QVERIFY(item);
    item->forceActiveFocus(Qt::MouseFocusReason);
    QTRY_VERIFY(item->hasActiveFocus());
}

void TestInspector::typeText(const QString &text) {
    // QTest::keyClicks() is for widgets; a QWindow gets one key click per character.
    for (const QChar c : text) {
        QVERIFY(c.unicode() < 0x80);
        QTest::keyClick(m_window, static_cast<char>(c.unicode()));
    }
}

void TestInspector::selectAllAndType(const QString &text) {
    QTest::keyClick(m_window, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(m_window, Qt::Key_Backspace);
    typeText(text);
}

// With SG_SCREENSHOT_DIR set, tests leave pictures of the states they reach.
void TestInspector::saveScreenshot(const char *name) const {
    const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QVERIFY(QQuickTest::qWaitForPolish(m_window));
        QTest::qWait(50);
        const QString error = sg::app::saveScreenshot(
            m_window, dir + u'/' + QString::fromLatin1(name) + QStringLiteral(".png"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
}

void TestInspector::typingAPatternChecksItLiveAndCommitsOnceOnFocusOut() {
    const sg::model::ElementId rule{"bill-order"};
    const std::string before = m_document->project().get<sg::model::Rule>(rule)->pattern;
    const int steps = m_document->undoStack()->count();
    m_document->select(QStringLiteral("bill-order"));
    QTRY_VERIFY(field(kPatternArea));
    QQuickItem *area = field(kPatternArea);
    QQuickItem *patternRow = rowOf(area);
    QVERIFY(patternRow);
    focus(area);

    // A broken pattern over two lines: the error is shown where the parser finds it.
    QTest::keyClick(m_window, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(m_window, Qt::Key_Backspace);
    typeText(QStringLiteral(R"({"source": ["com.shop.orders",)"));
    QTest::keyClick(m_window, Qt::Key_Return);
    typeText(QStringLiteral("]}"));
    const QString broken = area->property("text").toString();
    QVERIFY2(broken.contains(u'\n'), qPrintable(broken));
    const sg::Result<sg::model::EventPattern> parsed =
        sg::model::parseEventPattern(broken.toStdString());
    QVERIFY(!parsed.ok());
    QVERIFY(parsed.error().line > 0);
    const QString where =
        QStringLiteral("Line %1, column %2: ").arg(parsed.error().line).arg(parsed.error().column);
    QTRY_VERIFY(findItem(patternRow, QStringLiteral("jsonFieldError")));
    QQuickItem *error = findItem(patternRow, QStringLiteral("jsonFieldError"));
    QTRY_VERIFY2(error->property("text").toString().startsWith(where),
                 qPrintable(error->property("text").toString()));
    QVERIFY(error->property("text").toString().contains(u"Event pattern is not valid"));
    QQuickItem *mark = findItem(patternRow, QStringLiteral("errorMark"));
    QVERIFY(mark);
    QCOMPARE(findItem(patternRow, QStringLiteral("field:pattern"))->property("errorLine").toInt(),
             parsed.error().line);
    QTRY_COMPARE(findItem(patternRow, QStringLiteral("matchBadge"))->property("label").toString(),
                 QStringLiteral("\u2014"));
    // Nothing is committed while typing.
    QCOMPARE(m_document->project().get<sg::model::Rule>(rule)->pattern, before);
    QCOMPARE(m_document->undoStack()->count(), steps);
    saveScreenshot("inspector-pattern-error");

    // A valid pattern: the sample events it matches are listed.
    const QString typed = QStringLiteral(
        R"({"source": ["com.shop.orders"], "detail": {"total": [{"numeric": [">", 40]}]}})");
    selectAllAndType(typed);
    QTRY_VERIFY(!findItem(patternRow, QStringLiteral("jsonFieldError")));
    QQuickItem *summary = findItem(patternRow, QStringLiteral("patternMatchSummary"));
    QVERIFY(summary);
    QTRY_COMPARE(summary->property("text").toString(),
                 QStringLiteral("Matches 1 of 1 sample events"));
    QTRY_COMPARE(findItem(patternRow, QStringLiteral("matchBadge"))->property("label").toString(),
                 QStringLiteral("MATCH"));
    selectAllAndType(QStringLiteral(R"({"detail": {"total": [{"numeric": [">", 50]}]}})"));
    QTRY_COMPARE(findItem(patternRow, QStringLiteral("matchBadge"))->property("label").toString(),
                 QStringLiteral("NO MATCH"));
    selectAllAndType(typed);
    QTRY_COMPARE(findItem(patternRow, QStringLiteral("matchBadge"))->property("label").toString(),
                 QStringLiteral("MATCH"));
    QCOMPARE(m_document->undoStack()->count(), steps);
    saveScreenshot("inspector-pattern-matches");

    // Leaving the editor commits the pattern: one undo step.
    focus(m_window->findChild<QQuickItem *>(QStringLiteral("nameField")));
    QTRY_COMPARE(m_document->undoStack()->count(), steps + 1);
    QCOMPARE(m_document->undoText(), QStringLiteral("Edit event pattern of bill-order"));
    QCOMPARE(QString::fromStdString(m_document->project().get<sg::model::Rule>(rule)->pattern),
             QStringLiteral(
                 R"({"source":["com.shop.orders"],"detail":{"total":[{"numeric":[">",40]}]}})"));

    m_document->undo();
    QCOMPARE(m_document->project().get<sg::model::Rule>(rule)->pattern, before);
    QTRY_VERIFY(field(kPatternArea)->property("text").toString().contains(u"OrderPlaced"));
    QCOMPARE(field(kPatternArea), area); // the same editor, updated in place
}

void TestInspector::aRetryAttemptOutOfRangeIsRefusedBesideTheField() {
    const sg::model::ElementId rule{"bill-order"};
    const int steps = m_document->undoStack()->count();
    m_document->select(QStringLiteral("bill-order"));
    QTRY_VERIFY(field(kAttemptsField));
    QQuickItem *attempts = field(kAttemptsField);
    QQuickItem *row = rowOf(attempts);
    QCOMPARE(attempts->property("text").toString(), QStringLiteral("185"));
    QVERIFY(findItem(row, QStringLiteral("awsDefault")));

    focus(attempts);
    selectAllAndType(QStringLiteral("200"));
    // Said while typing...
    QTRY_VERIFY(findItem(row, QStringLiteral("fieldError")));
    QVERIFY(findItem(row, QStringLiteral("fieldError"))
                ->property("text")
                .toString()
                .contains(u"between 0 and 185"));
    // ...and refused on Return, beside the field, with the model left alone.
    QTest::keyClick(m_window, Qt::Key_Return);
    auto *editor = m_window->findChild<ElementEditor *>();
    QVERIFY(editor);
    QTRY_COMPARE(editor->errorKey(), QStringLiteral("targets[0].retryPolicy.maximumRetryAttempts"));
    QVERIFY(editor->error().contains(u"Maximum retry attempts of bill-order/billing"));
    const QString shown = findItem(row, QStringLiteral("fieldError"))->property("text").toString();
    QVERIFY2(shown.contains(u"between 0 and 185"), qPrintable(shown));
    QCOMPARE(m_document->project()
                 .get<sg::model::Rule>(rule)
                 ->targets[0]
                 .retryPolicy.maximumRetryAttempts,
             185);
    QCOMPARE(m_document->undoStack()->count(), steps);
    saveScreenshot("inspector-retry-refused");

    // Escape goes back to the value; Down steps within the range; Return applies it.
    QTest::keyClick(m_window, Qt::Key_Escape);
    QTRY_COMPARE(attempts->property("text").toString(), QStringLiteral("185"));
    QTRY_VERIFY(!findItem(row, QStringLiteral("fieldError")));
    QTest::keyClick(m_window, Qt::Key_Up);
    QCOMPARE(attempts->property("text").toString(), QStringLiteral("185"));
    QTest::keyClick(m_window, Qt::Key_Down);
    QTest::keyClick(m_window, Qt::Key_Down);
    QCOMPARE(attempts->property("text").toString(), QStringLiteral("183"));
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_COMPARE(m_document->project()
                     .get<sg::model::Rule>(rule)
                     ->targets[0]
                     .retryPolicy.maximumRetryAttempts,
                 183);
    QCOMPARE(m_document->undoStack()->count(), steps + 1);
    QCOMPARE(m_document->undoText(),
             QStringLiteral("Set maximum retry attempts of bill-order/billing to 183"));
    QVERIFY(!findItem(row, QStringLiteral("awsDefault")));

    // Undo shows the value before, although Down replaced the text the field was showing.
    m_document->undo();
    QTRY_COMPARE(attempts->property("text").toString(), QStringLiteral("185"));
}

void TestInspector::aFunctionsFailureRateIsAddedAndChanged() {
    const sg::model::ElementId function{"billing-fn"};
    m_document->select(QStringLiteral("billing-fn"));
    QTRY_VERIFY(field(QStringLiteral("add:behavior.failures")));
    // The Add button, from the keyboard.
    focus(field(QStringLiteral("add:behavior.failures")));
    QTest::keyClick(m_window, Qt::Key_Space);
    QTRY_COMPARE(m_document->project().get<sg::model::Consumer>(function)->behavior.failures.size(),
                 std::size_t{1});
    const QString rateName = QStringLiteral("field:behavior.failures[0].rate");
    QTRY_VERIFY(field(rateName));
    QQuickItem *rate = field(rateName);
    QCOMPARE(rate->property("text").toString(), QStringLiteral("0.01"));

    const int steps = m_document->undoStack()->count();
    focus(rate);
    selectAllAndType(QStringLiteral("0.25"));
    // Tab moves on, which applies the value.
    QTest::keyClick(m_window, Qt::Key_Tab);
    QTRY_COMPARE(
        m_document->project().get<sg::model::Consumer>(function)->behavior.failures[0].rate, 0.25);
    QVERIFY(!rate->hasActiveFocus());
    QCOMPARE(m_document->undoStack()->count(), steps + 1);
    QCOMPARE(m_document->undoText(),
             QStringLiteral("Set rate of billing-fn failure mode 1 to 0.25"));

    // A rate above 1 is refused.
    focus(rate);
    selectAllAndType(QStringLiteral("1.5"));
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_VERIFY(findItem(rowOf(rate), QStringLiteral("fieldError")));
    QCOMPARE(m_document->project().get<sg::model::Consumer>(function)->behavior.failures[0].rate,
             0.25);
    saveScreenshot("inspector-failure-rate");

    // The entry's Remove button takes it out again (its own row goes with it).
    QTest::keyClick(m_window, Qt::Key_Escape);
    focus(field(QStringLiteral("remove:behavior.failures[0]")));
    QTest::keyClick(m_window, Qt::Key_Space);
    QTRY_VERIFY(
        m_document->project().get<sg::model::Consumer>(function)->behavior.failures.empty());
    QTRY_VERIFY(!field(rateName));
    QCOMPARE(m_document->undoText(), QStringLiteral("Remove failure mode 1 from billing-fn"));
    m_document->undo();
    QTRY_VERIFY(field(rateName));
    QCOMPARE(field(rateName)->property("text").toString(), QStringLiteral("0.25"));
}

void TestInspector::anUndoElsewhereKeepsTheFieldBeingTyped() {
    m_document->select(QStringLiteral("bill-order"));
    auto *editor = m_window->findChild<ElementEditor *>();
    QVERIFY(editor);
    QTRY_COMPARE(editor->elementId(), QStringLiteral("bill-order"));
    QVERIFY(editor->setValue(QStringLiteral("targets[0].retryPolicy.maximumRetryAttempts"), 7));
    QTRY_VERIFY(field(QStringLiteral("field:description")));
    QPointer<QQuickItem> description = field(QStringLiteral("field:description"));
    focus(description);
    QTest::keyClick(m_window, Qt::Key_End, Qt::ControlModifier);
    typeText(QStringLiteral(" (typing)"));

    m_document->undo(); // the retry attempts, not the description
    QTRY_COMPARE(field(kAttemptsField)->property("text").toString(), QStringLiteral("185"));
    QVERIFY(description);
    QCOMPARE(field(QStringLiteral("field:description")), description.data());
    QVERIFY(description->hasActiveFocus());
    QVERIFY(description->property("text").toString().endsWith(u" (typing)"));
}

void TestInspector::ctrlEnterAppliesAJsonEditorWithoutLeavingIt() {
    const sg::model::ElementId type{"order-placed"};
    m_document->select(QStringLiteral("order-placed"));
    QTRY_VERIFY(field(QStringLiteral("field:schemaTextArea")));
    QQuickItem *schema = field(QStringLiteral("field:schemaTextArea"));
    QCOMPARE(schema->property("text").toString(), QString()); // no schema yet
    const int steps = m_document->undoStack()->count();
    focus(schema);
    typeText(QStringLiteral(R"({"type": "object"})"));
    QTest::keyClick(m_window, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(m_document->undoStack()->count(), steps + 1);
    QVERIFY(m_document->project().get<sg::model::EventType>(type)->schema ==
            (sg::model::Json{{"type", "object"}}));
    QVERIFY(schema->hasActiveFocus());
    QCOMPARE(m_document->undoText(), QStringLiteral("Edit schema of detail of order-placed"));

    // Escape goes back to what is applied.
    typeText(QStringLiteral("oops"));
    QTest::keyClick(m_window, Qt::Key_Escape);
    QTRY_COMPARE(schema->property("text").toString(),
                 QStringLiteral("{\n  \"type\": \"object\"\n}"));
    QCOMPARE(m_document->undoStack()->count(), steps + 1);

    // Tab indents inside the editor; Ctrl+Tab moves on to the next field.
    QTest::keyClick(m_window, Qt::Key_Tab, Qt::ControlModifier);
    QTRY_VERIFY(!schema->hasActiveFocus());
    QVERIFY(m_window->activeFocusItem());
    QCOMPARE(m_document->undoStack()->count(), steps + 1);
}

void TestInspector::theInspectorReadsInTheDarkTheme() {
    // The window's own context imports the Theme singleton.
    const auto setDark = [this](bool dark) {
        QQmlExpression expression(qmlContext(m_window), m_window,
                                  dark ? QStringLiteral("Theme.dark = true")
                                       : QStringLiteral("Theme.dark = false"));
        (void)expression.evaluate();
        QVERIFY2(!expression.hasError(), qPrintable(expression.error().toString()));
    };
    const auto paneColor = [this] {
        return pane()
            ->property("background")
            .value<QQuickItem *>()
            ->property("color")
            .value<QColor>();
    };
    const QColor light = paneColor();
    setDark(true);
    m_document->select(QStringLiteral("bill-order"));
    QTRY_VERIFY(field(kPatternArea));
    QVERIFY(paneColor().lightness() < light.lightness());
    saveScreenshot("inspector-dark");
    m_document->select(QStringLiteral("billing-fn"));
    QTRY_VERIFY(field(QStringLiteral("field:behavior.latency.kind")));
    saveScreenshot("inspector-dark-function");
    setDark(false);
}

void TestInspector::withNothingSelectedTheAccountQuotaIsEditedAndUndone() {
    m_document->select(QString());
    QTRY_VERIFY(field(kQuotaField));
    QQuickItem *quota = field(kQuotaField);
    QCOMPARE(quota->property("text").toString(), QStringLiteral("0"));
    QCOMPARE(quota->parentItem()->property("unit").toString(),
             QStringLiteral("invocations per second"));
    QVERIFY(textOf(QStringLiteral("quotaSummary")).startsWith(u"No quota"));
    const QString help = textOf(QStringLiteral("quotaHelp"));
    QVERIFY2(help.startsWith(u"0 means no quota. AWS's default is "), qPrintable(help));
    QVERIFY2(help.contains(u"per second, depending on the Region"), qPrintable(help));
    const int steps = m_document->undoStack()->count();
    QVERIFY(!m_document->isDirty());

    // Out of range: said while typing, refused on Return beside the field, the model left alone.
    focus(quota);
    selectAllAndType(QStringLiteral("2000000"));
    const QString refusal = QStringLiteral("Account invocation quota must be from 0 (no quota) to "
                                           "1000000 invocations per second; 2000000 is out of "
                                           "range");
    QTRY_COMPARE(textOf(QStringLiteral("projectFieldError")), refusal);
    QTest::keyClick(m_window, Qt::Key_Return);
    QCOMPARE(textOf(QStringLiteral("projectFieldError")), refusal);
    QCOMPARE(m_document->project().accountInvocationQuotaPerSecond(), 0);
    QCOMPARE(m_document->undoStack()->count(), steps);
    QVERIFY(!m_document->isDirty());
    saveScreenshot("inspector-quota-refused");

    // Escape goes back to the value; a good one is applied on Return as one undoable edit.
    QTest::keyClick(m_window, Qt::Key_Escape);
    QTRY_COMPARE(quota->property("text").toString(), QStringLiteral("0"));
    QTRY_VERIFY(!field(QStringLiteral("projectFieldError")));
    selectAllAndType(QStringLiteral("5000"));
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_COMPARE(m_document->project().accountInvocationQuotaPerSecond(), 5000);
    QCOMPARE(m_document->undoStack()->count(), steps + 1);
    QCOMPARE(m_document->undoText(),
             QStringLiteral("Set account invocation quota to 5000 per second"));
    QVERIFY(m_document->isDirty());
    QVERIFY(m_window->title().startsWith(u'*'));
    QTRY_VERIFY(textOf(QStringLiteral("quotaSummary")).contains(u"target invocations per second"));
    saveScreenshot("inspector-quota");

    // Up steps it; undo brings back each value into the field, also after a step.
    QTest::keyClick(m_window, Qt::Key_Up);
    QCOMPARE(quota->property("text").toString(), QStringLiteral("5100"));
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_COMPARE(m_document->project().accountInvocationQuotaPerSecond(), 5100);
    QCOMPARE(m_document->undoStack()->count(), steps + 2);
    m_document->undo();
    QCOMPARE(m_document->project().accountInvocationQuotaPerSecond(), 5000);
    QTRY_COMPARE(quota->property("text").toString(), QStringLiteral("5000"));
    m_document->undo();
    QCOMPARE(m_document->project().accountInvocationQuotaPerSecond(), 0);
    QTRY_COMPARE(quota->property("text").toString(), QStringLiteral("0"));
    QVERIFY(!m_document->isDirty());
    QTRY_VERIFY(textOf(QStringLiteral("quotaSummary")).startsWith(u"No quota"));
}

void TestInspector::theModelMenuTakesTheKeyboardToTheProjectSettings() {
    m_document->select(QStringLiteral("bill-order"));
    QTRY_VERIFY(field(kPatternArea));
    QVERIFY(!field(kQuotaField));
    auto *modelView = m_window->findChild<QQuickItem *>(QStringLiteral("modelView"));
    QVERIFY(modelView);
    // What Model > Project Settings does.
    QVERIFY(QMetaObject::invokeMethod(modelView, "showProjectSettings"));
    QTRY_VERIFY(m_document->selectedId().isEmpty());
    QTRY_VERIFY(field(kQuotaField));
    QTRY_VERIFY(field(kQuotaField)->hasActiveFocus());
    QVERIFY(!field(kPatternArea));
    auto *canvas = m_window->findChild<QQuickItem *>(QStringLiteral("canvas"));
    QVERIFY(canvas);
    QCOMPARE(canvas->property("selectedIds").toStringList(), QStringList());
    // Typing replaces the value.
    typeText(QStringLiteral("1100"));
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_COMPARE(m_document->project().accountInvocationQuotaPerSecond(), 1100);
}

void TestInspector::theQuotaShownFollowsSavingAndReopening() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    m_document->select(QString());
    QTRY_VERIFY(field(kQuotaField));
    focus(field(kQuotaField));
    selectAllAndType(QStringLiteral("4500"));
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_COMPARE(m_document->project().accountInvocationQuotaPerSecond(), 4500);
    for (const QString &name :
         {QStringLiteral("quota.stormglass"), QStringLiteral("quota.stormglass.json")}) {
        const QString path = dir.filePath(name);
        QVERIFY2(m_document->saveAs(QUrl::fromLocalFile(path)),
                 qPrintable(m_document->errorMessage()));
        QVERIFY(!m_document->isDirty());
        m_document->newProject();
        QTRY_COMPARE(field(kQuotaField)->property("text").toString(), QStringLiteral("0"));
        QVERIFY2(m_document->open(QUrl::fromLocalFile(path)),
                 qPrintable(m_document->errorMessage()));
        QCOMPARE(m_document->project().accountInvocationQuotaPerSecond(), 4500);
        QTRY_COMPARE(field(kQuotaField)->property("text").toString(), QStringLiteral("4500"));
        QVERIFY(!m_document->isDirty());
    }
}

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
