// ProjectDocument: opening, saving (both formats), importing and exporting through the model
// library, the dirty flag and title, undo/redo of inspector edits, and refusals that leave the
// open model alone.

#include "projectdocument.h"

#include "arch/lint.h"
#include "io/export.h"
#include "io/import.h"
#include "io/projectfile.h"
#include "io/projectjson.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using sg::app::ElementListModel;
using sg::app::FindingListModel;
using sg::app::ProjectDocument;

namespace {

QString fixture(const char *name) {
    return QStringLiteral(SG_SOURCE_DIR "/tests/data/app/") + QString::fromLatin1(name);
}

QUrl fileUrl(const QString &path) {
    return QUrl::fromLocalFile(path);
}

QByteArray readAll(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.readAll();
}

bool writeAll(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

sg::model::Project loadDirectly(const QString &path) {
    sg::Result<sg::model::Project> project = sg::model::loadProject(path.toStdString());
    if (!project) {
        qWarning("%s", project.error().message.c_str());
        return {};
    }
    return std::move(project).value();
}

const sg::model::Rule *firstRule(const sg::model::Project &project) {
    const auto rules = project.all<sg::model::Rule>();
    return rules.empty() ? nullptr : rules.front();
}

} // namespace

class TestProjectDocument : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();

    void openingShowsTheElementsAndTheirFindings();
    void saveAsTheOtherFormatRoundTrips();
    void savingWritesTheEditAndClearsTheDirtyFlag();
    void undoAndRedoOfAnInspectorEdit();
    void renamingToTheSameOrAnEmptyNameIsNotAnEdit();
    void brokenFilesAreRefusedAndTheOpenModelStays_data();
    void brokenFilesAreRefusedAndTheOpenModelStays();
    void anUnwritablePathKeepsTheChangesUnsaved();
    void aModelWithoutAFileNeedsSaveAs();
    void importingListsWhatWasLeftOut();
    void aBrokenTemplateIsRefused();
    void exportsWriteWhatTheLibraryExports_data();
    void exportsWriteWhatTheLibraryExports();
    void anUnknownExportFormatIsRefused();
    void bundledExamplesOpenWithoutAFile();
    void theSelectionFollowsTheModel();
    void theSelectionKnowsItsRuleAndFindings();
    void unsavedWorkIsOfferedBackAfterACrash();
    void savingOrClosingLeavesNothingToRecover();
    void theUndoHistoryListsEveryEditAndJumps();

private:
    QTemporaryDir m_dir;
    QString m_fixtureCopy; // a writable copy of the fixture, fresh for each test
};

void TestProjectDocument::init() {
    // Recovery files go to a test folder, emptied before each test.
    QStandardPaths::setTestModeEnabled(true);
    QDir(sg::app::RecoveryFile::folder()).removeRecursively();
    QVERIFY(m_dir.isValid());
    m_fixtureCopy = m_dir.filePath(QStringLiteral("orders.stormglass.json"));
    QFile::remove(m_fixtureCopy);
    QVERIFY(QFile::copy(fixture("orders.stormglass.json"), m_fixtureCopy));
    QFile::setPermissions(m_fixtureCopy, QFile::ReadOwner | QFile::WriteOwner);
}

void TestProjectDocument::openingShowsTheElementsAndTheirFindings() {
    ProjectDocument document;
    QSignalSpy replaced(&document, &ProjectDocument::projectReplaced);
    QVERIFY2(document.open(fileUrl(m_fixtureCopy)), qPrintable(document.errorMessage()));
    QCOMPARE(replaced.count(), 1);

    const sg::model::Project expected = loadDirectly(m_fixtureCopy);
    QVERIFY(expected.size() > 0);
    QVERIFY(document.project() == expected);
    QCOMPARE(document.elements()->rowCount(), static_cast<int>(expected.size()));
    QCOMPARE(document.findings()->rowCount(),
             static_cast<int>(sg::model::lintProject(expected).size()));

    QCOMPARE(document.title(), QString::fromStdString(expected.name()));
    QCOMPARE(document.fileName(), QFileInfo(m_fixtureCopy).absoluteFilePath());
    QVERIFY(document.canSave());
    QVERIFY(!document.isDirty());
    QCOMPARE(document.windowTitle(),
             QString::fromStdString(expected.name()) +
                 QStringLiteral(" \u2014 orders.stormglass.json \u2014 Stormglass"));
    QVERIFY(!document.canUndo());
}

void TestProjectDocument::saveAsTheOtherFormatRoundTrips() {
    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    const sg::model::Project original = document.project();

    const QString database = m_dir.filePath(QStringLiteral("copy.stormglass"));
    QVERIFY2(document.saveAs(fileUrl(database)), qPrintable(document.errorMessage()));
    QCOMPARE(document.fileName(), QFileInfo(database).absoluteFilePath());
    QVERIFY(document.windowTitle().contains(u"copy.stormglass"));
    QVERIFY(!document.isDirty());

    ProjectDocument reopened;
    QVERIFY2(reopened.open(fileUrl(database)), qPrintable(reopened.errorMessage()));
    QVERIFY(reopened.project() == original);

    // Back to JSON: the same bytes as the file we started from.
    const QString json = m_dir.filePath(QStringLiteral("back.stormglass.json"));
    QVERIFY2(reopened.saveAs(fileUrl(json)), qPrintable(reopened.errorMessage()));
    QCOMPARE(readAll(json), readAll(m_fixtureCopy));
}

void TestProjectDocument::savingWritesTheEditAndClearsTheDirtyFlag() {
    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    const sg::model::Rule *rule = firstRule(document.project());
    QVERIFY(rule);
    const QString ruleId = QString::fromStdString(rule->id.value);

    QSignalSpy dirty(&document, &ProjectDocument::dirtyChanged);
    QSignalSpy title(&document, &ProjectDocument::windowTitleChanged);
    QVERIFY(document.renameElement(ruleId, QStringLiteral("Charge the customer")));
    QVERIFY(document.isDirty());
    QCOMPARE(dirty.count(), 1);
    QVERIFY(title.count() >= 1);
    QVERIFY(document.windowTitle().startsWith(u'*'));

    QVERIFY2(document.save(), qPrintable(document.errorMessage()));
    QVERIFY(!document.isDirty());
    QCOMPARE(dirty.count(), 2);
    QVERIFY(!document.windowTitle().startsWith(u'*'));

    const sg::model::Project saved = loadDirectly(m_fixtureCopy);
    QVERIFY(saved == document.project());
    QCOMPARE(saved.get<sg::model::Rule>(rule->id)->name, std::string("Charge the customer"));

    // Undoing past the save makes the document differ from its file again.
    document.undo();
    QVERIFY(document.isDirty());
    document.redo();
    QVERIFY(!document.isDirty());
}

void TestProjectDocument::undoAndRedoOfAnInspectorEdit() {
    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    const sg::model::Project original = document.project();
    const sg::model::Rule *rule = firstRule(original);
    QVERIFY(rule && rule->enabled);
    const sg::model::ElementId id = rule->id;
    const QString ruleId = QString::fromStdString(id.value);
    const int row = document.elements()->rowOf(ruleId);
    QVERIFY(row >= 0);

    QSignalSpy undoState(&document, &ProjectDocument::undoStateChanged);
    QVERIFY(document.setRuleEnabled(ruleId, false));
    QVERIFY(!document.project().get<sg::model::Rule>(id)->enabled);
    QVERIFY(document.canUndo());
    QVERIFY(!document.canRedo());
    QVERIFY(document.undoText().contains(QString::fromStdString(rule->name)));
    QVERIFY(undoState.count() > 0);
    // Lint and the outline follow the edit (the library decides what a disabled rule earns).
    QCOMPARE(document.findings()->rowCount(),
             static_cast<int>(sg::model::lintProject(document.project()).size()));
    QVERIFY(document.elements()
                ->data(document.elements()->index(row), ElementListModel::DetailRole)
                .toString()
                .contains(u"disabled"));

    document.undo();
    QVERIFY(document.project() == original);
    QVERIFY(!document.isDirty());
    QVERIFY(document.canRedo());
    QCOMPARE(document.findings()->rowCount(),
             static_cast<int>(sg::model::lintProject(original).size()));

    document.redo();
    QVERIFY(!document.project().get<sg::model::Rule>(id)->enabled);
    QVERIFY(document.isDirty());

    // A rename, undone, restores the name the outline shows.
    const QString oldName = QString::fromStdString(rule->name);
    QVERIFY(document.renameElement(ruleId, QStringLiteral("Renamed")));
    QCOMPARE(document.elements()
                 ->data(document.elements()->index(row), ElementListModel::NameRole)
                 .toString(),
             QStringLiteral("Renamed"));
    document.undo();
    QCOMPARE(document.elements()
                 ->data(document.elements()->index(row), ElementListModel::NameRole)
                 .toString(),
             oldName);
    document.undo();
    QVERIFY(document.project() == original);
    QVERIFY(!document.canUndo());
}

void TestProjectDocument::renamingToTheSameOrAnEmptyNameIsNotAnEdit() {
    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    const sg::model::Rule *rule = firstRule(document.project());
    QVERIFY(rule);
    const QString ruleId = QString::fromStdString(rule->id.value);
    QVERIFY(document.renameElement(ruleId, QString::fromStdString(rule->name)));
    QVERIFY(!document.canUndo());
    QSignalSpy failed(&document, &ProjectDocument::operationFailed);
    QVERIFY(!document.renameElement(ruleId, QStringLiteral("   ")));
    QCOMPARE(failed.count(), 1);
    QVERIFY(!document.canUndo());
    QVERIFY(!document.renameElement(QStringLiteral("no-such-element"), QStringLiteral("x")));
    QVERIFY(!document.setRuleEnabled(QStringLiteral("no-such-rule"), false));
    QVERIFY(!document.isDirty());
}

void TestProjectDocument::brokenFilesAreRefusedAndTheOpenModelStays_data() {
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("bytes"); // null: the file does not exist

    const QByteArray good = readAll(fixture("orders.stormglass.json"));
    QVERIFY(!good.isEmpty());
    QTest::newRow("a JSON file cut off in the middle")
        << QStringLiteral("truncated.stormglass.json") << good.left(good.size() / 2);
    QByteArray noise(4096, '\0');
    QRandomGenerator random(1234);
    for (char &byte : noise) {
        byte = static_cast<char>(random.bounded(256));
    }
    QTest::newRow("random bytes named .stormglass") << QStringLiteral("noise.stormglass") << noise;
    QByteArray newer = good;
    newer.replace("\"formatVersion\": 2", "\"formatVersion\": 999");
    QVERIFY(newer != good);
    QTest::newRow("a file from a newer Stormglass")
        << QStringLiteral("newer.stormglass.json") << newer;
    QByteArray dangling = good;
    dangling.replace("\"bus\": \"orders-bus\"", "\"bus\": \"no-such-bus\"");
    QVERIFY(dangling != good);
    QTest::newRow("a reference to a missing element")
        << QStringLiteral("dangling.stormglass.json") << dangling;
    QTest::newRow("an extension that is not a model") << QStringLiteral("orders.txt") << good;
    QTest::newRow("a file that does not exist")
        << QStringLiteral("missing.stormglass.json") << QByteArray();
}

void TestProjectDocument::brokenFilesAreRefusedAndTheOpenModelStays() {
    QFETCH(QString, fileName);
    QFETCH(QByteArray, bytes);

    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    QVERIFY(document.renameElement(QString::fromStdString(firstRule(document.project())->id.value),
                                   QStringLiteral("Edited")));
    const sg::model::Project before = document.project();
    const QString fileBefore = document.fileName();

    const QString path = m_dir.filePath(fileName);
    QFile::remove(path);
    if (!bytes.isNull()) {
        QVERIFY(writeAll(path, bytes));
    }
    QSignalSpy failed(&document, &ProjectDocument::operationFailed);
    QSignalSpy replaced(&document, &ProjectDocument::projectReplaced);
    QVERIFY(!document.open(fileUrl(path)));

    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("Could not open the model"));
    const QString message = failed.at(0).at(1).toString();
    QCOMPARE(document.errorMessage(), message);
    QVERIFY2(message.contains(fileName), qPrintable(message));
    QCOMPARE(replaced.count(), 0);
    QVERIFY(document.project() == before);
    QCOMPARE(document.fileName(), fileBefore);
    QVERIFY(document.isDirty());
    QVERIFY(document.canUndo());
    if (!bytes.isNull()) {
        QCOMPARE(readAll(path), bytes); // opening never writes
    }
}

void TestProjectDocument::anUnwritablePathKeepsTheChangesUnsaved() {
    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    QVERIFY(document.setRuleEnabled(QString::fromStdString(firstRule(document.project())->id.value),
                                    false));
    const QString path = m_dir.filePath(QStringLiteral("no-such-folder/orders.stormglass"));
    QSignalSpy failed(&document, &ProjectDocument::operationFailed);
    QVERIFY(!document.saveAs(fileUrl(path)));
    QCOMPARE(failed.count(), 1);
    QVERIFY2(document.errorMessage().contains(u"no-such-folder"),
             qPrintable(document.errorMessage()));
    QCOMPARE(document.fileName(), QFileInfo(m_fixtureCopy).absoluteFilePath());
    QVERIFY(document.isDirty());
    QCOMPARE(readAll(m_fixtureCopy), readAll(fixture("orders.stormglass.json")));
}

void TestProjectDocument::aModelWithoutAFileNeedsSaveAs() {
    ProjectDocument document;
    document.newProject();
    QVERIFY(!document.canSave());
    QVERIFY(!document.isDirty());
    QCOMPARE(document.windowTitle(), QStringLiteral("Untitled \u2014 Stormglass"));
    QSignalSpy failed(&document, &ProjectDocument::operationFailed);
    QVERIFY(!document.save());
    QCOMPARE(failed.count(), 1);
    QVERIFY(document.errorMessage().contains(u"Save As"));
}

void TestProjectDocument::importingListsWhatWasLeftOut() {
    const QString path = fixture("orders-template.yaml");
    const sg::Result<sg::model::ImportResult> direct = sg::model::importFile(path.toStdString());
    QVERIFY2(direct.ok(), direct.ok() ? "" : direct.error().message.c_str());
    QVERIFY(!direct->skipped.empty());

    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    QVERIFY2(document.importFrom(fileUrl(path)), qPrintable(document.errorMessage()));
    QCOMPARE(document.elements()->rowCount(), static_cast<int>(direct->project.size()));
    QCOMPARE(document.skipped().size(), static_cast<qsizetype>(direct->skipped.size()));
    for (std::size_t i = 0; i < direct->skipped.size(); ++i) {
        QCOMPARE(document.skipped().at(static_cast<qsizetype>(i)),
                 QString::fromStdString(direct->skipped[i]));
    }
    // An import is in no file yet: it must be saved somewhere before it is safe.
    QVERIFY(document.isDirty());
    QVERIFY(!document.canSave());
    QVERIFY(document.fileName().isEmpty());
    QVERIFY(document.windowTitle().startsWith(u'*'));
    QVERIFY(!document.canUndo());

    const QString saved = m_dir.filePath(QStringLiteral("imported.stormglass"));
    QVERIFY2(document.saveAs(fileUrl(saved)), qPrintable(document.errorMessage()));
    QVERIFY(!document.isDirty());
    // Opening something else forgets the report.
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    QVERIFY(document.skipped().isEmpty());
}

void TestProjectDocument::aBrokenTemplateIsRefused() {
    const QString path = m_dir.filePath(QStringLiteral("broken.yaml"));
    QVERIFY(writeAll(path, "Resources:\n  Bus:\n    Type: [unclosed\n"));
    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    const sg::model::Project before = document.project();
    QVERIFY(!document.importFrom(fileUrl(path)));
    QVERIFY2(document.errorMessage().contains(u"broken.yaml"), qPrintable(document.errorMessage()));
    QVERIFY(document.project() == before);
    QVERIFY(!document.isDirty());
}

void TestProjectDocument::exportsWriteWhatTheLibraryExports_data() {
    QTest::addColumn<QString>("format");
    for (const char *format :
         {"rules-json", "cloudformation-json", "cloudformation-yaml", "mermaid"}) {
        QTest::newRow(format) << QString::fromLatin1(format);
    }
}

void TestProjectDocument::exportsWriteWhatTheLibraryExports() {
    QFETCH(QString, format);
    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    const auto exportFormat = sg::model::exportFormatFromName(format.toStdString());
    QVERIFY(exportFormat);
    const sg::Result<std::string> expected =
        sg::model::exportProject(document.project(), *exportFormat);
    QVERIFY2(expected.ok(), expected.ok() ? "" : expected.error().message.c_str());

    const QString path = m_dir.filePath(document.suggestedExportName(format));
    QVERIFY(!QFileInfo(path).fileName().isEmpty());
    QSignalSpy exported(&document, &ProjectDocument::exported);
    QVERIFY2(document.exportTo(fileUrl(path), format), qPrintable(document.errorMessage()));
    QCOMPARE(exported.count(), 1);
    QCOMPARE(readAll(path), QByteArray::fromStdString(*expected));
    QVERIFY(!document.isDirty()); // exporting does not save the model
}

void TestProjectDocument::anUnknownExportFormatIsRefused() {
    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    const QString path = m_dir.filePath(QStringLiteral("out.txt"));
    QVERIFY(!document.exportTo(fileUrl(path), QStringLiteral("terraform")));
    QVERIFY(document.errorMessage().contains(u"terraform"));
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!document.exportTo(fileUrl(m_dir.filePath(QStringLiteral("missing/out.json"))),
                               QStringLiteral("rules-json")));
    QVERIFY(document.errorMessage().contains(u"missing/out.json"));
}

void TestProjectDocument::bundledExamplesOpenWithoutAFile() {
    ProjectDocument document;
    const QStringList names = document.exampleNames();
    if (names.isEmpty()) {
        QSKIP("no bundled example models in this build");
    }
    for (int i = 0; i < names.size(); ++i) {
        QVERIFY2(document.openBundledExample(i), qPrintable(document.errorMessage()));
        QCOMPARE(document.title(), names.at(i));
        QVERIFY(document.elements()->rowCount() > 0);
        QVERIFY(!document.isDirty());
        QVERIFY(!document.canSave());
        QVERIFY(document.displayFileName().endsWith(u".stormglass.json"));
        QVERIFY(document.windowTitle().contains(document.displayFileName()));
    }
    QVERIFY(!document.save());
    QVERIFY(!document.openBundledExample(static_cast<int>(names.size())));
}

void TestProjectDocument::theSelectionFollowsTheModel() {
    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    const auto stickies = document.project().all<sg::model::Sticky>();
    QVERIFY(!stickies.empty());
    const sg::model::Sticky sticky = *stickies.front();
    const QString id = QString::fromStdString(sticky.id.value);
    QVERIFY(document.project().referrersOf(sticky.id).empty());

    QSignalSpy selection(&document, &ProjectDocument::selectionChanged);
    document.select(id);
    QCOMPARE(document.selectedId(), id);
    QCOMPARE(document.selectedName(), QString::fromStdString(sticky.text));
    QCOMPARE(document.selectedKind(),
             ElementListModel::kindSingular(sg::model::ElementKind::Sticky));
    QVERIFY(!document.selectedIsRule());
    QCOMPARE(selection.count(), 1);

    document.select(QStringLiteral("no-such-element"));
    QVERIFY(document.selectedId().isEmpty());
    document.select(id);

    // Removing the selected element clears the selection; undo brings the element back.
    QVERIFY(
        document.apply(sg::model::Command{sg::model::RemoveElement{sticky.id}, "Remove sticky"}));
    QVERIFY(document.selectedId().isEmpty());
    QCOMPARE(document.elements()->rowOf(id), -1);
    document.undo();
    QVERIFY(document.project().get<sg::model::Sticky>(sticky.id));
    QVERIFY(document.elements()->rowOf(id) >= 0);

    // A command the model refuses changes nothing and says why.
    QVERIFY(!document.apply(sg::model::Command{
        sg::model::RemoveElement{sg::model::ElementId{"no-such-element"}}, "Remove"}));
    QVERIFY(!document.errorMessage().isEmpty());
}

void TestProjectDocument::theSelectionKnowsItsRuleAndFindings() {
    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    const sg::model::Rule *rule = firstRule(document.project());
    QVERIFY(rule && !rule->bus.empty() && !rule->targets.empty());
    document.select(QString::fromStdString(rule->id.value));
    QVERIFY(document.selectedIsRule());
    QCOMPARE(document.selectedEnabled(), rule->enabled);

    // The selected element's findings are the lint findings on it.
    int expected = 0;
    for (const sg::model::Finding &finding : sg::model::lintProject(document.project())) {
        expected += finding.element == rule->id ? 1 : 0;
    }
    QCOMPARE(document.selectedFindings().size(), expected);
}

void TestProjectDocument::unsavedWorkIsOfferedBackAfterACrash() {
    sg::model::Project edited;
    {
        ProjectDocument crashed;
        QVERIFY(crashed.open(fileUrl(m_fixtureCopy)));
        const QString rule = QString::fromStdString(firstRule(crashed.project())->id.value);
        QVERIFY(crashed.renameElement(rule, QStringLiteral("Renamed before the crash")));
        QVERIFY(crashed.autosaveNow().isEmpty());
        edited = crashed.project();
        crashed.abandonRecoveryFile(); // what a crash leaves behind
    }
    ProjectDocument next;
    QCOMPARE(next.recoverable().size(), 1);
    const QVariantMap entry = next.recoverable().constFirst().toMap();
    QCOMPARE(entry.value(QStringLiteral("title")).toString(),
             QStringLiteral("orders.stormglass.json"));
    QCOMPARE(entry.value(QStringLiteral("file")).toString(),
             QFileInfo(m_fixtureCopy).absoluteFilePath());
    QVERIFY(next.recover(0));
    QVERIFY(next.project() == edited);
    QVERIFY(next.isDirty());
    QCOMPARE(next.fileName(), QFileInfo(m_fixtureCopy).absoluteFilePath());
    QVERIFY(next.recoverable().isEmpty());
    // The file on disk was never touched; Save writes the recovered work to it.
    QVERIFY(loadDirectly(m_fixtureCopy) != edited);
    QVERIFY(next.save());
    QVERIFY(loadDirectly(m_fixtureCopy) == edited);
    QVERIFY(ProjectDocument().recoverable().isEmpty());
}

void TestProjectDocument::savingOrClosingLeavesNothingToRecover() {
    const auto recoveryFiles = [] {
        return QDir(sg::app::RecoveryFile::folder()).entryList(QDir::Files);
    };
    {
        ProjectDocument document;
        QVERIFY(document.open(fileUrl(m_fixtureCopy)));
        QVERIFY(document.autosaveNow().isEmpty());
        QVERIFY2(recoveryFiles().isEmpty(), "a model without changes needs no recovery file");
        const QString rule = QString::fromStdString(firstRule(document.project())->id.value);
        QVERIFY(document.renameElement(rule, QStringLiteral("Renamed")));
        QVERIFY(document.autosaveNow().isEmpty());
        QCOMPARE(recoveryFiles().size(), 2); // the model and where it belongs
        QVERIFY(document.save());
        QVERIFY(recoveryFiles().isEmpty());
        QVERIFY(document.renameElement(rule, QStringLiteral("Renamed again")));
        QVERIFY(document.autosaveNow().isEmpty());
        QCOMPARE(recoveryFiles().size(), 2);
    } // closed normally, changes discarded by the user
    QVERIFY(recoveryFiles().isEmpty());
}

void TestProjectDocument::theUndoHistoryListsEveryEditAndJumps() {
    ProjectDocument document;
    QVERIFY(document.open(fileUrl(m_fixtureCopy)));
    sg::app::UndoHistoryModel *history = document.history();
    QAbstractItemModelTester tester(history,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(history->rowCount(), 1);
    const QString rule = QString::fromStdString(firstRule(document.project())->id.value);
    const sg::model::Project original = document.project();
    QVERIFY(document.renameElement(rule, QStringLiteral("First")));
    QVERIFY(document.renameElement(rule, QStringLiteral("Second")));
    QCOMPARE(history->rowCount(), 3);
    QCOMPARE(history->currentRow(), 2);
    QVERIFY(history->data(history->index(2), sg::app::UndoHistoryModel::TextRole)
                .toString()
                .contains(u"Rename"));
    history->setCurrentRow(0); // back to as opened
    QVERIFY(document.project() == original);
    QVERIFY(history->data(history->index(1), sg::app::UndoHistoryModel::IsUndoneRole).toBool());
    history->setCurrentRow(1);
    QCOMPARE(firstRule(document.project())->name, std::string("First"));
    // A new edit after going back drops the edits that were undone.
    QVERIFY(document.renameElement(rule, QStringLiteral("Third")));
    QCOMPARE(history->rowCount(), 3);
    QCOMPARE(history->currentRow(), 2);
}

QTEST_GUILESS_MAIN(TestProjectDocument)
#include "tst_projectdocument.moc"
