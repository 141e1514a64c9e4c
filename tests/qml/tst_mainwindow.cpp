// Drives the real main window (Main.qml, as main.cpp loads it) with simulated mouse and keyboard,
// and checks what the model document, the sandbox controller and the views show afterwards.

#include "mainwindow.h"
#include "patternsandbox.h"
#include "projectdocument.h"

#include <QDir>
#include <QFile>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(StormglassPlugin)

using sg::app::PatternSandbox;
using sg::app::ProjectDocument;
using sg::app::SandboxEventModel;

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsTheVersionInTheStatusBar();
    void typingAPatternAndAnEventShowsAMatch();
    void breakingThePatternShowsWhereAndBadgesGoBlank();
    void theFormatShortcutPrettyPrints();
    void aBundledExampleOpensWithItsVerdicts();
    void theHelpMenuOpensTheAboutBox();
    void ctrlOOpensTheFileDialog();

    void theModelViewShowsTheModelsRules();
    void clickingAFindingSelectsItsElement();
    void theEnabledSwitchIsOneUndoableEdit();
    void renamingInTheInspectorRenamesTheElement();
    void openingWithUnsavedChangesAsksFirst();
    void quittingWithUnsavedChangesAsksFirst();
    void aBrokenModelFileShowsAReadableError();
    void tryingARuleOpensItInTheSandbox();

private:
    template <typename T = QQuickItem> T *item(const char *objectName) const {
        return m_window->findChild<T *>(QString::fromLatin1(objectName));
    }
    void clickOn(QQuickItem *target);
    void typeText(const QString &text);
    void typeInto(const char *editorObjectName, const QString &text);
    [[nodiscard]] QStringList badgeLabels() const;
    void saveScreenshot(const char *name) const;
    void showPage(const char *tabObjectName);
    void filterOutlineTo(const QString &text);
    [[nodiscard]] QQuickItem *visibleDelegate(const char *listName, const char *delegateName,
                                              const QString &elementId) const;
    [[nodiscard]] QQuickItem *dialogButton(const char *dialogName, const QStringList &texts) const;
    [[nodiscard]] QString firstRuleId() const;

    PatternSandbox *m_sandbox = nullptr;
    ProjectDocument *m_document = nullptr;
    QQmlApplicationEngine *m_engine = nullptr;
    QQuickWindow *m_window = nullptr;
};

void TestMainWindow::initTestCase() {
    sg::app::setUpApplication();
    // Nothing left over from a real session is offered back here, and nothing is left behind.
    QStandardPaths::setTestModeEnabled(true);
    QDir(sg::app::RecoveryFile::folder()).removeRecursively();
}

void TestMainWindow::init() {
    m_sandbox = new PatternSandbox;
    m_document = new ProjectDocument;
    // The model the application opens first; the test fixture while that is not bundled.
    if (!m_document->openBundledExample(QString::fromLatin1(sg::app::kDefaultExampleModel))) {
        QVERIFY2(m_document->open(QUrl::fromLocalFile(
                     QStringLiteral(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json"))),
                 qPrintable(m_document->errorMessage()));
    }
    m_engine = new QQmlApplicationEngine;
    m_window = sg::app::loadMainWindow(*m_engine, m_sandbox, m_document);
    QVERIFY(m_window);
    m_window->show();
    m_window->requestActivate();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestMainWindow::cleanup() {
    delete m_engine;
    delete m_document;
    delete m_sandbox;
    m_engine = nullptr;
    m_window = nullptr;
    m_document = nullptr;
    m_sandbox = nullptr;
}

void TestMainWindow::showPage(const char *tabObjectName) {
    clickOn(item(tabObjectName));
    QTRY_VERIFY(item(tabObjectName)->property("checked").toBool());
}

void TestMainWindow::clickOn(QQuickItem *target) {
    QVERIFY(target);
    QTRY_VERIFY(target->isVisible() && target->width() > 0);
    // Layouts settle at the next polish: click where the item will be, not where it was.
    QVERIFY(QQuickTest::qWaitForPolish(m_window));
    const QPoint centre =
        target->mapToScene(QPointF(target->width() / 2, target->height() / 2)).toPoint();
    QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, centre);
}

void TestMainWindow::typeInto(const char *editorObjectName, const QString &text) {
    auto *area = item(editorObjectName);
    QVERIFY2(area, editorObjectName);
    clickOn(area);
    QTRY_VERIFY(area->hasActiveFocus());
    typeText(text);
}

void TestMainWindow::typeText(const QString &text) {
    // QTest::keyClicks() is for widgets; a QWindow gets one key click per character.
    for (const QChar c : text) {
        QVERIFY(c.unicode() < 0x80);
        QTest::keyClick(m_window, static_cast<char>(c.unicode()));
    }
}

// With SG_SCREENSHOT_DIR set, tests leave pictures of the states they reach (for people to look
// at).
void TestMainWindow::saveScreenshot(const char *name) const {
    const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QTest::qWait(50);
        const QString error = sg::app::saveScreenshot(
            m_window, dir + u'/' + QString::fromLatin1(name) + QStringLiteral(".png"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
}

// Delegates are not QObject children of their view: walk the visual item tree instead.
static QList<QQuickItem *> itemsNamed(QQuickItem *root, const QString &name) {
    QList<QQuickItem *> found;
    if (!root) {
        return found;
    }
    const QList<QQuickItem *> children = root->childItems();
    for (QQuickItem *child : children) {
        if (child->objectName() == name && child->isVisible()) {
            found.append(child);
        }
        found += itemsNamed(child, name);
    }
    return found;
}

QStringList TestMainWindow::badgeLabels() const {
    QStringList labels;
    const auto badges = itemsNamed(item("eventList"), QStringLiteral("matchBadge"));
    for (QQuickItem *badge : badges) {
        labels.append(badge->property("label").toString());
    }
    return labels;
}

void TestMainWindow::showsTheVersionInTheStatusBar() {
    auto *version = item("versionLabel");
    QVERIFY(version);
    QCOMPARE(version->property("text").toString(),
             QStringLiteral("Stormglass ") + sg::app::applicationVersion());
    QVERIFY(!sg::app::applicationVersion().isEmpty());
    // "Name — file — Stormglass"
    QCOMPARE(m_window->title(), m_document->windowTitle());
    QVERIFY(m_window->title().startsWith(m_document->title() + QStringLiteral(" \u2014 ")));
    QVERIFY(m_window->title().endsWith(QStringLiteral(" \u2014 Stormglass")));
}

void TestMainWindow::typingAPatternAndAnEventShowsAMatch() {
    showPage("sandboxTab");
    typeInto("patternEditorTextArea", QStringLiteral(R"({"source": ["com.example.orders"]})"));
    QTRY_COMPARE(m_sandbox->patternText(), QStringLiteral(R"({"source": ["com.example.orders"]})"));
    QTRY_VERIFY(m_sandbox->isValid());
    QTRY_VERIFY(item("patternVerdict")->property("text").toString().contains(u"Valid pattern"));

    // Typing into the event editor of an empty list creates the first event.
    typeInto("eventEditorTextArea",
             QStringLiteral(R"({"source": "com.example.orders", "detail": {"total": 12}})"));
    QTRY_COMPARE(m_sandbox->events()->rowCount(), 1);
    QTRY_COMPARE(m_sandbox->events()->status(0), SandboxEventModel::Match);
    QTRY_COMPARE(badgeLabels(), QStringList{QStringLiteral("MATCH")});
    QTRY_VERIFY(item("statusText")->property("text").toString().contains(u"the event matches"));

    // A second, different event: New, then type it.
    clickOn(item("newEventButton"));
    QTRY_COMPARE(m_sandbox->events()->rowCount(), 2);
    QCOMPARE(m_sandbox->currentIndex(), 1);
    typeInto("eventEditorTextArea", QStringLiteral(R"({"source": "com.example.billing"})"));
    QTRY_COMPARE(m_sandbox->events()->status(1), SandboxEventModel::NoMatch);
    QTRY_COMPARE(badgeLabels().size(), 2);
    QTRY_VERIFY(badgeLabels().contains(QStringLiteral("NO MATCH")));
    QTRY_VERIFY(badgeLabels().contains(QStringLiteral("MATCH")));

    // The whole matched event is what the target receives.
    auto *outputs = item("targetOutputs");
    QVERIFY(outputs);
    QTRY_COMPARE(itemsNamed(outputs, QStringLiteral("targetOutput")).size(), 1);
    saveScreenshot("typed-match-and-no-match");
}

void TestMainWindow::breakingThePatternShowsWhereAndBadgesGoBlank() {
    showPage("sandboxTab");
    m_sandbox->setPatternText(QStringLiteral(R"({"source": ["aws.ec2"]})"));
    m_sandbox->addEvent(QStringLiteral("EC2"), QStringLiteral(R"({"source": "aws.ec2"})"));
    QTRY_COMPARE(m_sandbox->events()->status(0), SandboxEventModel::Match);

    auto *area = item("patternEditorTextArea");
    clickOn(area);
    QTRY_VERIFY(area->hasActiveFocus());
    QTest::keyClick(m_window, Qt::Key_End, Qt::ControlModifier);
    // {"source": ["aws.ec2"]}  ->  {"source": ["aws.ec2",]}
    QTest::keyClick(m_window, Qt::Key_Left);
    QTest::keyClick(m_window, Qt::Key_Left);
    typeText(QStringLiteral(","));

    QTRY_VERIFY(!m_sandbox->isValid());
    QVERIFY(m_sandbox->errorMessage().startsWith(u"Event pattern is not valid"));
    QTRY_COMPARE(m_sandbox->events()->status(0), SandboxEventModel::Pending);
    QTRY_COMPARE(badgeLabels(), QStringList{QStringLiteral("\u2014")});
    auto *verdict = item("patternVerdict");
    QTRY_COMPARE(verdict->property("text").toString(), m_sandbox->errorMessage());
    if (m_sandbox->errorLine() > 0) {
        QCOMPARE(verdict->property("lead").toString(), QStringLiteral("Line %1, column %2")
                                                           .arg(m_sandbox->errorLine())
                                                           .arg(m_sandbox->errorColumn()));
        QVERIFY(item("patternEditor")
                    ->findChild<QQuickItem *>(QStringLiteral("errorMark"))
                    ->isVisible());
    }
    saveScreenshot("typed-pattern-error");

    // Undo the typo with Backspace: valid again, and the event matches again.
    QTest::keyClick(m_window, Qt::Key_Backspace);
    QTRY_VERIFY(m_sandbox->isValid());
    QTRY_COMPARE(badgeLabels(), QStringList{QStringLiteral("MATCH")});
}

void TestMainWindow::theFormatShortcutPrettyPrints() {
    showPage("sandboxTab");
    typeInto("patternEditorTextArea",
             QStringLiteral(R"({"source":["aws.ec2"],"detail":{"state":["stopped"]}})"));
    QTRY_VERIFY2(m_sandbox->isValid(), qPrintable(m_sandbox->errorMessage()));
    QTest::keyClick(m_window, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    const QString formatted = QStringLiteral(
        "{\n  \"source\": [\"aws.ec2\"],\n  \"detail\": {\n    \"state\": [\"stopped\"]\n  }\n}");
    QTRY_COMPARE(m_sandbox->patternText(), formatted);
    QTRY_COMPARE(item("patternEditorTextArea")->property("text").toString(), formatted);
}

void TestMainWindow::aBundledExampleOpensWithItsVerdicts() {
    showPage("sandboxTab");
    QVERIFY(m_sandbox->loadBundledExample(0));
    QTRY_VERIFY(!m_sandbox->isBusy());
    QTRY_VERIFY(item("sandboxView")->isVisible());
    const int rows = m_sandbox->events()->rowCount();
    QTRY_COMPARE(badgeLabels().size(), rows);
    QVERIFY(badgeLabels().contains(QStringLiteral("MATCH")));
    QVERIFY(badgeLabels().contains(QStringLiteral("NO MATCH")));
    QCOMPARE(item("eventEditorTextArea")->property("text").toString(),
             m_sandbox->currentEventText());

    // Choosing another event in the list shows it in the editor.
    auto *list = item("eventList");
    const auto delegates = itemsNamed(list, QStringLiteral("matchBadge"));
    QVERIFY(delegates.size() >= 2);
    clickOn(delegates.at(1)->parentItem()->parentItem());
    QTRY_COMPARE(m_sandbox->currentIndex(), 1);
    QTRY_COMPARE(item("eventEditorTextArea")->property("text").toString(),
                 m_sandbox->events()->text(1));
}

void TestMainWindow::theHelpMenuOpensTheAboutBox() {
    QObject *about = m_window->findChild<QObject *>(QStringLiteral("aboutDialog"));
    QVERIFY(about);
    QVERIFY(!about->property("visible").toBool());
    // Alt+H opens the Help menu (its mnemonic); About is its fourth item, after the welcome
    // screen, the tour and the keyboard reference.
    QTest::keyClick(m_window, Qt::Key_H, Qt::AltModifier);
    QTest::qWait(100);
    for (int i = 0; i < 4; ++i) {
        QTest::keyClick(m_window, Qt::Key_Down);
    }
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_VERIFY(about->property("opened").toBool());
    saveScreenshot("about");
    QCOMPARE(about->property("version").toString(), sg::app::applicationVersion());
    QTest::keyClick(m_window, Qt::Key_Escape);
    QTRY_VERIFY(!about->property("visible").toBool());
}

void TestMainWindow::ctrlOOpensTheFileDialog() {
    QObject *dialog = m_window->findChild<QObject *>(QStringLiteral("openDialog"));
    QVERIFY(dialog);
    // A missing QML module behind the dialog only shows up as a warning: make it a failure.
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    QTest::keyClick(m_window, Qt::Key_O, Qt::ControlModifier);
    QTRY_VERIFY(dialog->property("visible").toBool());
    saveScreenshot("open-dialog");
    QMetaObject::invokeMethod(dialog, "reject");
    QTRY_VERIFY(!dialog->property("visible").toBool());
}

// --- The model page ------------------------------------------------------------------------

QString TestMainWindow::firstRuleId() const {
    const auto rules = m_document->project().all<sg::model::Rule>();
    return rules.empty() ? QString() : QString::fromStdString(rules.front()->id.value);
}

void TestMainWindow::filterOutlineTo(const QString &text) {
    auto *filter = item("outlineFilter");
    QVERIFY(filter);
    clickOn(filter);
    QTRY_VERIFY(filter->hasActiveFocus());
    QTest::keyClick(m_window, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(m_window, Qt::Key_Backspace);
    typeText(text);
    QTRY_COMPARE(m_document->elements()->filterText(), text);
}

QQuickItem *TestMainWindow::visibleDelegate(const char *listName, const char *delegateName,
                                            const QString &elementId) const {
    const auto delegates = itemsNamed(item(listName), QString::fromLatin1(delegateName));
    for (QQuickItem *delegate : delegates) {
        if (delegate->property("elementId").toString() == elementId) {
            return delegate;
        }
    }
    return nullptr;
}

// A standard button of a dialog, by its text (which varies a little by platform theme).
QQuickItem *TestMainWindow::dialogButton(const char *dialogName, const QStringList &texts) const {
    QObject *dialog = m_window->findChild<QObject *>(QString::fromLatin1(dialogName));
    if (!dialog) {
        return nullptr;
    }
    auto *footer = dialog->property("footer").value<QQuickItem *>();
    QList<QQuickItem *> pending{footer};
    while (!pending.isEmpty()) {
        QQuickItem *candidate = pending.takeFirst();
        if (!candidate) {
            continue;
        }
        if (candidate->inherits("QQuickAbstractButton") &&
            texts.contains(candidate->property("text").toString().remove(u'&'))) {
            return candidate;
        }
        pending += candidate->childItems();
    }
    return nullptr;
}

void TestMainWindow::theModelViewShowsTheModelsRules() {
    QTRY_VERIFY(item("modelView")->isVisible());
    showPage("outlineTab"); // the palette is the left pane's first tab
    auto *outline = item("outlineList");
    QVERIFY(outline);
    QTRY_COMPARE(outline->property("count").toInt(),
                 static_cast<int>(m_document->project().size()));
    QCOMPARE(item("modelTitle")->property("text").toString(), m_document->title());
    saveScreenshot("model-view");

    // Each rule can be found by typing its id into the filter, and chosen with the mouse.
    const auto rules = m_document->project().all<sg::model::Rule>();
    QVERIFY(!rules.empty());
    for (const sg::model::Rule *rule : rules) {
        const QString id = QString::fromStdString(rule->id.value);
        filterOutlineTo(id);
        QTRY_VERIFY(outline->property("count").toInt() >= 1);
        QTRY_VERIFY(visibleDelegate("outlineList", "elementDelegate", id));
        QCOMPARE(visibleDelegate("outlineList", "elementDelegate", id)->property("name").toString(),
                 QString::fromStdString(rule->name.empty() ? rule->id.value : rule->name));
    }
    const QString last = QString::fromStdString(rules.back()->id.value);
    clickOn(visibleDelegate("outlineList", "elementDelegate", last));
    QTRY_COMPARE(m_document->selectedId(), last);
    QTRY_COMPARE(item("nameField")->property("text").toString(),
                 QString::fromStdString(rules.back()->name));
    QVERIFY(item("enabledSwitch")->isVisible());
    QVERIFY(!itemsNamed(item("inspectorPane"), QStringLiteral("inspectorField")).isEmpty());
    saveScreenshot("model-rule-selected");

    // Escape clears the filter: every element is listed again.
    QTest::keyClick(m_window, Qt::Key_Escape);
    QTRY_COMPARE(outline->property("count").toInt(),
                 static_cast<int>(m_document->project().size()));
}

void TestMainWindow::clickingAFindingSelectsItsElement() {
    // The fixture has findings (the bundled examples are meant to have none).
    QVERIFY(m_document->open(QUrl::fromLocalFile(
        QStringLiteral(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json"))));
    showPage("outlineTab");
    auto *findings = item("findingList");
    QVERIFY(findings);
    QTRY_VERIFY(findings->property("count").toInt() > 0);
    QCOMPARE(findings->property("count").toInt(), m_document->findings()->rowCount());
    QQuickItem *chosen = nullptr;
    QTRY_VERIFY(!itemsNamed(findings, QStringLiteral("findingDelegate")).isEmpty());
    // The last finding in view whose element is not already selected.
    QVERIFY(QQuickTest::qWaitForPolish(m_window));
    for (QQuickItem *delegate : itemsNamed(findings, QStringLiteral("findingDelegate"))) {
        const double y = delegate->mapToItem(findings, QPointF(0, delegate->height() / 2)).y();
        if (!delegate->property("elementId").toString().isEmpty() && y > 0 &&
            y < findings->height()) {
            chosen = delegate;
        }
    }
    QVERIFY(chosen);
    const QString elementId = chosen->property("elementId").toString();
    clickOn(chosen);
    QTRY_COMPARE(m_document->selectedId(), elementId);
    QTRY_COMPARE(item("nameField")->property("text").toString(), m_document->selectedName());
    QTRY_VERIFY(chosen->property("selected").toBool());
    // The outline scrolls to the element and marks it.
    QTRY_VERIFY(visibleDelegate("outlineList", "elementDelegate", elementId));
    QTRY_VERIFY(visibleDelegate("outlineList", "elementDelegate", elementId)
                    ->property("selected")
                    .toBool());
    // The inspector repeats the element's findings.
    QVERIFY(!itemsNamed(item("inspectorPane"), QStringLiteral("inspectorFinding")).isEmpty());
    saveScreenshot("model-finding-selected");
}

void TestMainWindow::theEnabledSwitchIsOneUndoableEdit() {
    const QString ruleId = firstRuleId();
    QVERIFY(!ruleId.isEmpty());
    const sg::model::ElementId id{ruleId.toStdString()};
    const bool enabled = m_document->project().get<sg::model::Rule>(id)->enabled;
    m_document->select(ruleId);
    auto *toggle = item("enabledSwitch");
    QTRY_VERIFY(toggle->isVisible());
    QCOMPARE(toggle->property("checked").toBool(), enabled);
    QVERIFY(!m_window->title().startsWith(u'*'));

    clickOn(toggle);
    QTRY_COMPARE(m_document->project().get<sg::model::Rule>(id)->enabled, !enabled);
    QTRY_VERIFY(m_window->title().startsWith(u'*'));
    QVERIFY(m_document->isDirty());

    QTest::keyClick(m_window, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(m_document->project().get<sg::model::Rule>(id)->enabled, enabled);
    QTRY_VERIFY(!m_window->title().startsWith(u'*'));
    QTRY_COMPARE(toggle->property("checked").toBool(), enabled);

    QTest::keyClick(m_window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(m_document->project().get<sg::model::Rule>(id)->enabled, !enabled);
    QTRY_COMPARE(toggle->property("checked").toBool(), !enabled);
}

void TestMainWindow::renamingInTheInspectorRenamesTheElement() {
    const QString ruleId = firstRuleId();
    const sg::model::ElementId id{ruleId.toStdString()};
    const std::string oldName = m_document->project().get<sg::model::Rule>(id)->name;
    m_document->select(ruleId);
    auto *name = item("nameField");
    clickOn(name);
    QTRY_VERIFY(name->hasActiveFocus());
    QTest::keyClick(m_window, Qt::Key_A, Qt::ControlModifier);
    typeText(QStringLiteral("Renamed in the inspector"));
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_COMPARE(m_document->project().get<sg::model::Rule>(id)->name,
                 std::string("Renamed in the inspector"));
    QVERIFY(m_document->isDirty());
    QVERIFY(m_document->undoText().contains(u"Renamed in the inspector"));

    m_document->undo();
    QCOMPARE(m_document->project().get<sg::model::Rule>(id)->name, oldName);
    QTRY_COMPARE(name->property("text").toString(), QString::fromStdString(oldName));
    QVERIFY(!m_document->isDirty());
}

void TestMainWindow::openingWithUnsavedChangesAsksFirst() {
    QObject *openDialog = m_window->findChild<QObject *>(QStringLiteral("openDialog"));
    QObject *ask = m_window->findChild<QObject *>(QStringLiteral("saveChangesDialog"));
    QVERIFY(openDialog && ask);
    QVERIFY(m_document->setRuleEnabled(firstRuleId(), false) ||
            m_document->setRuleEnabled(firstRuleId(), true));
    QVERIFY(m_document->isDirty());

    QTest::keyClick(m_window, Qt::Key_O, Qt::ControlModifier);
    QTRY_VERIFY(ask->property("opened").toBool());
    QVERIFY(!openDialog->property("visible").toBool());
    saveScreenshot("model-save-changes");

    // Cancel: nothing happens, the changes stay.
    QTest::keyClick(m_window, Qt::Key_Escape);
    QTRY_VERIFY(!ask->property("visible").toBool());
    QVERIFY(!openDialog->property("visible").toBool());
    QVERIFY(m_document->isDirty());

    // Discard: the file dialog comes up.
    QTest::keyClick(m_window, Qt::Key_O, Qt::ControlModifier);
    QTRY_VERIFY(ask->property("opened").toBool());
    QQuickItem *discard = dialogButton("saveChangesDialog", {QStringLiteral("Discard"),
                                                             QStringLiteral("Close without Saving"),
                                                             QStringLiteral("Don't Save")});
    QVERIFY(discard);
    clickOn(discard);
    QTRY_VERIFY(!ask->property("visible").toBool());
    QTRY_VERIFY(openDialog->property("visible").toBool());
    QMetaObject::invokeMethod(openDialog, "reject");
    QTRY_VERIFY(!openDialog->property("visible").toBool());
}

void TestMainWindow::quittingWithUnsavedChangesAsksFirst() {
    QObject *ask = m_window->findChild<QObject *>(QStringLiteral("saveChangesDialog"));
    QVERIFY(m_document->renameElement(firstRuleId(), QStringLiteral("Unsaved")));
    QVERIFY(!m_window->close()); // refused: the question comes first
    QTRY_VERIFY(ask->property("opened").toBool());
    QVERIFY(m_window->isVisible());
    QQuickItem *discard = dialogButton("saveChangesDialog", {QStringLiteral("Discard"),
                                                             QStringLiteral("Close without Saving"),
                                                             QStringLiteral("Don't Save")});
    QVERIFY(discard);
    clickOn(discard);
    QTRY_VERIFY(!m_window->isVisible());
}

void TestMainWindow::aBrokenModelFileShowsAReadableError() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.stormglass.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"formatVersion\": 1, \"name\": \"x\", \"elements\": [");
    file.close();
    const QString titleBefore = m_window->title();

    QVERIFY(!m_document->open(QUrl::fromLocalFile(path)));
    QObject *dialog = m_window->findChild<QObject *>(QStringLiteral("errorDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->property("opened").toBool());
    QCOMPARE(dialog->property("title").toString(), QStringLiteral("Could not open the model"));
    const QString text = item("errorDialogText")->property("text").toString();
    QVERIFY2(text.contains(u"broken.stormglass.json"), qPrintable(text));
    QCOMPARE(m_window->title(), titleBefore);
    saveScreenshot("model-open-error");
    QTest::keyClick(m_window, Qt::Key_Escape);
    QTRY_VERIFY(!dialog->property("visible").toBool());
}

void TestMainWindow::tryingARuleOpensItInTheSandbox() {
    const QString ruleId = firstRuleId();
    const sg::model::Rule *rule =
        m_document->project().get<sg::model::Rule>(sg::model::ElementId{ruleId.toStdString()});
    m_document->select(ruleId);
    clickOn(item("tryInSandboxButton"));
    QTRY_VERIFY(item("sandboxView")->isVisible());
    QTRY_VERIFY(item("sandboxTab")->property("checked").toBool());
    QCOMPARE(m_sandbox->title(), QString::fromStdString(rule->name));
    QTRY_VERIFY(!m_sandbox->isBusy());
    QVERIFY2(m_sandbox->isValid(), qPrintable(m_sandbox->errorMessage()));
    int samples = 0;
    for (const sg::model::EventType *type : m_document->project().all<sg::model::EventType>()) {
        samples += static_cast<int>(type->samples.size());
    }
    QCOMPARE(m_sandbox->events()->rowCount(), samples);
    saveScreenshot("model-rule-in-sandbox");
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
