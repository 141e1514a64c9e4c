#pragma once
// ProjectDocument: the model the window shows — one sg::model::Project with the file it came
// from, its undo history, its lint findings and the selected element — and the File menu's
// operations on it (open, save, save as, import, export), all through the model library.

#include "elementlistmodel.h"
#include "findinglistmodel.h"
#include "recovery.h"
#include "undohistorymodel.h"

#include "arch/project.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUndoStack>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace sg::app {

class PatternSandbox;

class ProjectDocument : public QObject, private sg::model::ProjectObserver {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the application and handed to the main window")

    // The file Save writes to (a local path); empty for a new, imported or bundled model.
    Q_PROPERTY(QString fileName READ fileName NOTIFY fileChanged FINAL)
    // What the title bar calls the file: its name, also for a bundled example.
    Q_PROPERTY(QString displayFileName READ displayFileName NOTIFY fileChanged FINAL)
    // Where file dialogs start: the folder of the file last opened or saved.
    Q_PROPERTY(QUrl folder READ folder NOTIFY fileChanged FINAL)
    Q_PROPERTY(bool canSave READ canSave NOTIFY fileChanged FINAL)
    Q_PROPERTY(QString title READ title NOTIFY infoChanged FINAL)
    Q_PROPERTY(QString description READ description NOTIFY infoChanged FINAL)
    // "Name — file — Stormglass", with a leading "*" while there are unsaved changes.
    Q_PROPERTY(QString windowTitle READ windowTitle NOTIFY windowTitleChanged FINAL)
    Q_PROPERTY(bool dirty READ isDirty NOTIFY dirtyChanged FINAL)
    // The last failure (also sent with operationFailed); empty after a success.
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged FINAL)
    // The last success, for the status bar: "Saved orders.stormglass".
    Q_PROPERTY(QString message READ message NOTIFY messageChanged FINAL)
    // What the last import could not bring in, one line each.
    Q_PROPERTY(QStringList skipped READ skipped NOTIFY skippedChanged FINAL)

    Q_PROPERTY(bool canUndo READ canUndo NOTIFY undoStateChanged FINAL)
    Q_PROPERTY(bool canRedo READ canRedo NOTIFY undoStateChanged FINAL)
    Q_PROPERTY(QString undoText READ undoText NOTIFY undoStateChanged FINAL)
    Q_PROPERTY(QString redoText READ redoText NOTIFY undoStateChanged FINAL)

    Q_PROPERTY(sg::app::ElementListModel *elements READ elements CONSTANT FINAL)
    Q_PROPERTY(sg::app::FindingListModel *findings READ findings CONSTANT FINAL)
    Q_PROPERTY(sg::app::UndoHistoryModel *history READ history CONSTANT FINAL)
    // Work a crash left unsaved, offered back at start: maps of title, file and savedAt.
    Q_PROPERTY(QVariantList recoverable READ recoverable NOTIFY recoverableChanged FINAL)
    // How often unsaved changes are written to the recovery file, in milliseconds.
    Q_PROPERTY(int autosaveInterval READ autosaveInterval WRITE setAutosaveInterval NOTIFY
                   autosaveIntervalChanged FINAL)
    // Titles of the bundled example models (openBundledExample's index).
    Q_PROPERTY(QStringList exampleNames READ exampleNames CONSTANT FINAL)

    // The selected element, as the inspector shows it. Fields are maps of label, value, mono
    // (show as code) and ref (an element id the value names, or empty).
    Q_PROPERTY(QString selectedId READ selectedId WRITE select NOTIFY selectionChanged FINAL)
    Q_PROPERTY(QString selectedName READ selectedName NOTIFY selectionChanged FINAL)
    Q_PROPERTY(QString selectedKind READ selectedKind NOTIFY selectionChanged FINAL)
    Q_PROPERTY(bool selectedIsRule READ selectedIsRule NOTIFY selectionChanged FINAL)
    Q_PROPERTY(bool selectedEnabled READ selectedEnabled NOTIFY selectionChanged FINAL)
    // The selected element's findings: maps of severity (int) and message.
    Q_PROPERTY(QVariantList selectedFindings READ selectedFindings NOTIFY selectionChanged FINAL)

public:
    explicit ProjectDocument(QObject *parent = nullptr);
    ~ProjectDocument() override;
    ProjectDocument(const ProjectDocument &) = delete;
    ProjectDocument &operator=(const ProjectDocument &) = delete;

    [[nodiscard]] const sg::model::Project &project() const { return m_project; }
    [[nodiscard]] QUndoStack *undoStack() { return &m_undo; }

    [[nodiscard]] QString fileName() const { return m_fileName; }
    [[nodiscard]] QString displayFileName() const { return m_displayFileName; }
    [[nodiscard]] QUrl folder() const;
    [[nodiscard]] bool canSave() const { return !m_fileName.isEmpty(); }
    [[nodiscard]] QString title() const;
    [[nodiscard]] QString description() const;
    [[nodiscard]] QString windowTitle() const;
    [[nodiscard]] bool isDirty() const;
    [[nodiscard]] QString errorMessage() const { return m_errorMessage; }
    [[nodiscard]] QString message() const { return m_message; }
    [[nodiscard]] QStringList skipped() const { return m_skipped; }

    [[nodiscard]] bool canUndo() const { return m_undo.canUndo(); }
    [[nodiscard]] bool canRedo() const { return m_undo.canRedo(); }
    [[nodiscard]] QString undoText() const { return m_undo.undoText(); }
    [[nodiscard]] QString redoText() const { return m_undo.redoText(); }

    [[nodiscard]] ElementListModel *elements() { return &m_elements; }
    [[nodiscard]] FindingListModel *findings() { return &m_findings; }
    [[nodiscard]] UndoHistoryModel *history() { return &m_history; }
    [[nodiscard]] QVariantList recoverable() const;
    [[nodiscard]] int autosaveInterval() const { return m_autosave.interval(); }
    void setAutosaveInterval(int milliseconds);

    // Writes unsaved changes to the recovery file now (the timer does this every minute);
    // removes it when there are none. Returns an error message, or empty.
    Q_INVOKABLE QString autosaveNow();
    // Opens the recoverable work at `index` as this document, with unsaved changes that Save
    // writes to the file it came from.
    Q_INVOKABLE bool recover(int index);
    // Throws the recoverable work at `index` away.
    Q_INVOKABLE void discardRecoverable(int index);
    // For tests: leave the recovery file behind as a crash would.
    void abandonRecoveryFile() { m_recovery.abandon(); }
    [[nodiscard]] QStringList exampleNames() const;

    [[nodiscard]] QString selectedId() const { return m_selectedId; }
    [[nodiscard]] QString selectedName() const;
    [[nodiscard]] QString selectedKind() const;
    [[nodiscard]] bool selectedIsRule() const;
    [[nodiscard]] bool selectedEnabled() const;
    [[nodiscard]] QVariantList selectedFindings() const;

    // --- File operations. Each returns whether it worked; a failure changes nothing, sets
    // errorMessage and emits operationFailed. `url` may also be a plain local path.
    // An empty, untitled model.
    Q_INVOKABLE void newProject();
    // A `.stormglass` or `.stormglass.json` file; a qrc: URL opens a bundled model read-only
    // (Save then asks for a file).
    Q_INVOKABLE bool open(const QUrl &url);
    Q_INVOKABLE bool openBundledExample(int index);
    // Opens the bundled example whose file name is `fileName` ("e-commerce.stormglass.json").
    bool openBundledExample(const QString &fileName);
    Q_INVOKABLE bool save();
    // Saves in the format the extension names; the document then belongs to that file.
    Q_INVOKABLE bool saveAs(const QUrl &url);
    // A CloudFormation/SAM template or AWS CLI listing, as a new untitled model; what could not
    // be imported is in `skipped`.
    Q_INVOKABLE bool importFrom(const QUrl &url);
    // `format`: "rules-json", "cloudformation-json", "cloudformation-yaml" or "mermaid".
    Q_INVOKABLE bool exportTo(const QUrl &url, const QString &format);
    // A file name for an export of this model in `format` ("E-commerce.cfn.yaml").
    Q_INVOKABLE QString suggestedExportName(const QString &format) const;
    // The same name in the folder dialogs start in.
    Q_INVOKABLE QUrl suggestedExportUrl(const QString &format) const;

    // --- Edits: each is one undoable command.
    Q_INVOKABLE void undo();
    Q_INVOKABLE void redo();
    Q_INVOKABLE bool renameElement(const QString &id, const QString &name);
    Q_INVOKABLE bool setRuleEnabled(const QString &id, bool enabled);
    // Applies `command` and puts it on the undo stack; false (and errorMessage) when refused.
    bool apply(sg::model::Command command);
    // The same, for edits on the canvas: a refusal is returned as text for the view to show
    // where the user is working, not as an error dialog. Empty when applied.
    [[nodiscard]] QString applyOrExplain(sg::model::Command command);

    Q_INVOKABLE void select(const QString &id);
    // Views that draw the model (the canvas) follow every applied command through the model's
    // observer interface; a replaced project is announced by projectReplaced().
    void addProjectObserver(sg::model::ProjectObserver *observer);
    void removeProjectObserver(sg::model::ProjectObserver *observer);
    // Reports an edit a view refused before it reached the model, like a failed operation.
    void reportRefusal(const QString &title, const QString &message) { fail(title, message); }
    // Loads a rule's pattern, its first target's input and the event types' sample events into
    // the sandbox, to try the rule out.
    Q_INVOKABLE bool openRuleInSandbox(const QString &ruleId, sg::app::PatternSandbox *sandbox);

    // The local path of a file: or plain-path URL; ":/..." for qrc:.
    [[nodiscard]] static QString localPath(const QUrl &url);

Q_SIGNALS:
    void fileChanged();
    void infoChanged();
    void windowTitleChanged();
    void dirtyChanged();
    void errorMessageChanged();
    void messageChanged();
    void skippedChanged();
    void undoStateChanged();
    void selectionChanged();
    // A project was opened, imported or created (views reset their scroll positions).
    void projectReplaced();
    void recoverableChanged();
    void autosaveIntervalChanged();
    // `title` says which operation failed ("Could not open the model"), `message` why.
    void operationFailed(const QString &title, const QString &message);
    void exported(const QString &path);

private:
    friend class ProjectCommand;

    void projectChanged(const sg::model::ChangeSet &changes) override;
    // Takes `project` as the document's content, with file `fileName` (empty: none).
    void replaceProject(sg::model::Project project, const QString &fileName,
                        const QString &displayFileName, bool unsaved);
    void relint();
    void setFile(const QString &fileName, const QString &displayFileName);
    void setUnsaved(bool unsaved);
    void fail(const QString &title, const QString &message);
    void succeed(const QString &message);
    void updateDirty();
    void updateTitle();
    // Applies a command from the undo stack; reports a failure (which should not happen: the
    // inverse of an applied command always applies).
    [[nodiscard]] std::optional<sg::model::Command>
    applyFromStack(const sg::model::Command &command);

    // m_project outlives the list model observing it (members are destroyed in reverse order).
    sg::model::Project m_project;
    ElementListModel m_elements;
    FindingListModel m_findings;
    QUndoStack m_undo;
    UndoHistoryModel m_history{&m_undo};
    RecoveryFile m_recovery;
    QTimer m_autosave;
    std::vector<RecoveryFile::Entry> m_recoverable;

    QString m_fileName;
    QString m_displayFileName;
    QString m_lastFolder;
    bool m_unsaved = false; // content that is in no file (an import)
    bool m_lastDirty = false;
    QString m_lastTitle;
    QString m_errorMessage;
    QString m_message;
    QStringList m_skipped;
    QString m_selectedId;
};

} // namespace sg::app
