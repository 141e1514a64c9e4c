// Drives the real main window (Main.qml, as main.cpp loads it) with simulated mouse and keyboard,
// and checks what the sandbox controller and the views show afterwards.

#include "mainwindow.h"
#include "patternsandbox.h"

#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>

Q_IMPORT_QML_PLUGIN(StormglassPlugin)

using sg::app::PatternSandbox;
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

private:
    template <typename T = QQuickItem> T *item(const char *objectName) const {
        return m_window->findChild<T *>(QString::fromLatin1(objectName));
    }
    void clickOn(QQuickItem *target);
    void typeText(const QString &text);
    void typeInto(const char *editorObjectName, const QString &text);
    [[nodiscard]] QStringList badgeLabels() const;
    void saveScreenshot(const char *name) const;

    PatternSandbox *m_sandbox = nullptr;
    QQmlApplicationEngine *m_engine = nullptr;
    QQuickWindow *m_window = nullptr;
};

void TestMainWindow::initTestCase() {
    sg::app::setUpApplication();
}

void TestMainWindow::init() {
    m_sandbox = new PatternSandbox;
    m_engine = new QQmlApplicationEngine;
    m_window = sg::app::loadMainWindow(*m_engine, m_sandbox);
    QVERIFY(m_window);
    m_window->show();
    m_window->requestActivate();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestMainWindow::cleanup() {
    delete m_engine;
    delete m_sandbox;
    m_engine = nullptr;
    m_window = nullptr;
    m_sandbox = nullptr;
}

void TestMainWindow::clickOn(QQuickItem *target) {
    QVERIFY(target);
    QTRY_VERIFY(target->isVisible() && target->width() > 0);
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
    QCOMPARE(m_window->title(), QStringLiteral("Stormglass"));
}

void TestMainWindow::typingAPatternAndAnEventShowsAMatch() {
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
    QVERIFY(m_sandbox->loadBundledExample(0));
    QTRY_VERIFY(!m_sandbox->isBusy());
    QTRY_VERIFY(m_window->title().startsWith(m_sandbox->title()));
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
    // Alt+H opens the Help menu (its mnemonic); its first item is About.
    QTest::keyClick(m_window, Qt::Key_H, Qt::AltModifier);
    QTest::qWait(100);
    QTest::keyClick(m_window, Qt::Key_Down);
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
