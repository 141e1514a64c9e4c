// ProjectEditor: the settings of the whole model that the inspector shows with nothing selected.
// The account's invocation quota is set as one undoable edit that marks the document modified,
// refused out of range with a message that names it, and kept by both file forms.

#include "inspector/projecteditor.h"
#include "projectdocument.h"

#include "arch/limits.h"
#include "io/projectfile.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using sg::app::ProjectDocument;
using sg::app::ProjectEditor;

namespace {

const QString kQuotaKey = QString::fromLatin1(ProjectEditor::kAccountInvocationQuotaKey);

QString fixture() {
    return QStringLiteral(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json");
}

} // namespace

class TestProjectEditor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();

    void theQuotaIsTheModelsAndStartsAtNone();
    void settingTheQuotaIsOneUndoableEditThatMarksTheModelModified();
    void undoAndRedoRestoreTheQuotaAndTheCleanState();
    void valuesOutOfRangeAreRefusedNamingTheQuota_data();
    void valuesOutOfRangeAreRefusedNamingTheQuota();
    void aBlankFieldOrZeroRemovesTheQuota();
    void theSameValueIsNoEdit();
    void theQuotaSurvivesSavingAndReopening_data();
    void theQuotaSurvivesSavingAndReopening();
    void anotherModelClearsARefusal();

private:
    QTemporaryDir m_dir;
    // The fixture's document, with `editor` on it.
    ProjectDocument *attach(ProjectEditor &editor);
    std::unique_ptr<ProjectDocument> m_document;
};

void TestProjectEditor::init() {
    // Recovery files go to a test folder, emptied before each test.
    QStandardPaths::setTestModeEnabled(true);
    QDir(sg::app::RecoveryFile::folder()).removeRecursively();
    QVERIFY(m_dir.isValid());
    m_document = std::make_unique<ProjectDocument>();
    QVERIFY2(m_document->open(QUrl::fromLocalFile(fixture())),
             qPrintable(m_document->errorMessage()));
}

ProjectDocument *TestProjectEditor::attach(ProjectEditor &editor) {
    editor.setDocument(m_document.get());
    return m_document.get();
}

void TestProjectEditor::theQuotaIsTheModelsAndStartsAtNone() {
    ProjectEditor editor;
    QCOMPARE(editor.accountInvocationQuota(), 0); // no document yet
    attach(editor);
    QCOMPARE(editor.accountInvocationQuota(), 0);
    QCOMPARE(editor.maxAccountInvocationQuota(), sg::model::kMaxAccountInvocationQuotaPerSecond);
    QCOMPARE(editor.awsDefaultQuotaLowest(), 1100);
    QCOMPARE(editor.awsDefaultQuotaHighest(), 18750);
    QVERIFY(editor.error().isEmpty());
}

void TestProjectEditor::settingTheQuotaIsOneUndoableEditThatMarksTheModelModified() {
    ProjectEditor editor;
    ProjectDocument *document = attach(editor);
    const std::string name = document->project().name();
    QVERIFY(!document->isDirty());
    QSignalSpy values(&editor, &ProjectEditor::valuesChanged);
    const int steps = document->undoStack()->count();

    QVERIFY(editor.checkAccountInvocationQuota(QStringLiteral("5000"))
                .value(QStringLiteral("valid"))
                .toBool());
    QCOMPARE(document->project().accountInvocationQuotaPerSecond(), 0); // a check commits nothing
    QVERIFY2(editor.setAccountInvocationQuota(QStringLiteral(" 5000 ")),
             qPrintable(editor.error()));

    QCOMPARE(document->project().accountInvocationQuotaPerSecond(), 5000);
    QCOMPARE(editor.accountInvocationQuota(), 5000);
    QVERIFY(values.count() >= 1);
    QCOMPARE(document->undoStack()->count(), steps + 1);
    QCOMPARE(document->undoText(),
             QStringLiteral("Set account invocation quota to 5000 per second"));
    QVERIFY(document->isDirty());
    QVERIFY(document->windowTitle().startsWith(u'*'));
    QCOMPARE(document->project().name(), name); // the rest of the project info stays
}

void TestProjectEditor::undoAndRedoRestoreTheQuotaAndTheCleanState() {
    ProjectEditor editor;
    ProjectDocument *document = attach(editor);
    QVERIFY(editor.setAccountInvocationQuota(1100));
    QVERIFY(editor.setAccountInvocationQuota(QStringLiteral("18750")));
    QSignalSpy values(&editor, &ProjectEditor::valuesChanged);

    document->undo();
    QCOMPARE(document->project().accountInvocationQuotaPerSecond(), 1100);
    QCOMPARE(editor.accountInvocationQuota(), 1100);
    QCOMPARE(values.count(), 1);
    document->undo();
    QCOMPARE(document->project().accountInvocationQuotaPerSecond(), 0);
    QVERIFY(!document->isDirty());
    QCOMPARE(document->redoText(),
             QStringLiteral("Set account invocation quota to 1100 per second"));
    document->redo();
    QCOMPARE(editor.accountInvocationQuota(), 1100);
    QVERIFY(document->isDirty());
}

void TestProjectEditor::valuesOutOfRangeAreRefusedNamingTheQuota_data() {
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("says");

    QTest::newRow("a negative number")
        << QVariant(QStringLiteral("-5"))
        << QStringLiteral(
               "must be from 0 (no quota) to 1000000 invocations per second; -5 is out of range");
    QTest::newRow("one above the largest a model may set")
        << QVariant(QStringLiteral("1000001")) << QStringLiteral("1000001 is out of range");
    QTest::newRow("far beyond a whole int")
        << QVariant(QStringLiteral("5000000000")) << QStringLiteral("5000000000 is out of range");
    QTest::newRow("a number from QML, out of range")
        << QVariant(2'000'000) << QStringLiteral("2000000 is out of range");
    QTest::newRow("a fraction") << QVariant(QStringLiteral("12.5"))
                                << QStringLiteral("must be a whole number of invocations per "
                                                  "second, not \u201c12.5\u201d");
    QTest::newRow("words") << QVariant(QStringLiteral("lots"))
                           << QStringLiteral("must be a whole number of invocations per "
                                             "second, not \u201clots\u201d");
}

void TestProjectEditor::valuesOutOfRangeAreRefusedNamingTheQuota() {
    QFETCH(QVariant, value);
    QFETCH(QString, says);
    ProjectEditor editor;
    ProjectDocument *document = attach(editor);
    QVERIFY(editor.setAccountInvocationQuota(300));
    const int steps = document->undoStack()->count();
    QSignalSpy failed(document, &ProjectDocument::operationFailed);

    const QVariantMap checked = editor.checkAccountInvocationQuota(value);
    QVERIFY(!checked.value(QStringLiteral("valid")).toBool());
    const QString message = checked.value(QStringLiteral("message")).toString();
    QVERIFY2(message.startsWith(QStringLiteral("Account invocation quota ")), qPrintable(message));
    QVERIFY2(message.contains(says), qPrintable(message));

    QVERIFY(!editor.setAccountInvocationQuota(value));
    QCOMPARE(editor.error(), message); // the same words while typing and on commit
    QCOMPARE(editor.errorKey(), kQuotaKey);
    QCOMPARE(document->project().accountInvocationQuotaPerSecond(), 300);
    QCOMPARE(document->undoStack()->count(), steps);
    QCOMPARE(failed.count(), 0); // said beside the field, not in a dialog

    // A good value afterwards clears the refusal.
    QVERIFY(editor.setAccountInvocationQuota(QStringLiteral("400")));
    QVERIFY(editor.error().isEmpty());
    QVERIFY(editor.errorKey().isEmpty());
}

void TestProjectEditor::aBlankFieldOrZeroRemovesTheQuota() {
    ProjectEditor editor;
    ProjectDocument *document = attach(editor);
    QVERIFY(editor.setAccountInvocationQuota(QStringLiteral("2500")));
    QVERIFY(editor.setAccountInvocationQuota(QStringLiteral("  ")));
    QCOMPARE(document->project().accountInvocationQuotaPerSecond(), 0);
    QCOMPARE(document->undoText(), QStringLiteral("Remove account invocation quota"));
    QVERIFY(editor.setAccountInvocationQuota(QStringLiteral("2500")));
    QVERIFY(editor.setAccountInvocationQuota(QStringLiteral("0")));
    QCOMPARE(document->project().accountInvocationQuotaPerSecond(), 0);
}

void TestProjectEditor::theSameValueIsNoEdit() {
    ProjectEditor editor;
    ProjectDocument *document = attach(editor);
    QVERIFY(editor.setAccountInvocationQuota(QStringLiteral("0")));
    QCOMPARE(document->undoStack()->count(), 0);
    QVERIFY(!document->isDirty());
}

void TestProjectEditor::theQuotaSurvivesSavingAndReopening_data() {
    QTest::addColumn<QString>("fileName");
    QTest::newRow("a .stormglass database") << QStringLiteral("quota.stormglass");
    QTest::newRow("a .stormglass.json file") << QStringLiteral("quota.stormglass.json");
}

void TestProjectEditor::theQuotaSurvivesSavingAndReopening() {
    QFETCH(QString, fileName);
    ProjectEditor editor;
    ProjectDocument *document = attach(editor);
    QVERIFY(editor.setAccountInvocationQuota(QStringLiteral("4500")));
    const QString path = m_dir.filePath(fileName);
    QFile::remove(path);
    QVERIFY2(document->saveAs(QUrl::fromLocalFile(path)), qPrintable(document->errorMessage()));
    QVERIFY(!document->isDirty());

    // Read back by the library on its own...
    const sg::Result<sg::model::Project> loaded = sg::model::loadProject(path.toStdString());
    QVERIFY2(loaded.ok(), loaded ? "" : loaded.error().message.c_str());
    QCOMPARE(loaded->accountInvocationQuotaPerSecond(), 4500);

    // ...and opened in another window's document, whose editor shows it.
    ProjectDocument reopened;
    ProjectEditor reopenedEditor;
    reopenedEditor.setDocument(&reopened);
    QSignalSpy values(&reopenedEditor, &ProjectEditor::valuesChanged);
    QVERIFY2(reopened.open(QUrl::fromLocalFile(path)), qPrintable(reopened.errorMessage()));
    QVERIFY(values.count() >= 1);
    QCOMPARE(reopenedEditor.accountInvocationQuota(), 4500);
    QVERIFY(reopened.project() == document->project());
    QVERIFY(!reopened.isDirty());
}

void TestProjectEditor::anotherModelClearsARefusal() {
    ProjectEditor editor;
    ProjectDocument *document = attach(editor);
    QVERIFY(!editor.setAccountInvocationQuota(-1));
    QVERIFY(!editor.error().isEmpty());
    document->newProject();
    QVERIFY(editor.error().isEmpty());
    QCOMPARE(editor.accountInvocationQuota(), 0);
}

QTEST_GUILESS_MAIN(TestProjectEditor)
#include "tst_projecteditor.moc"
