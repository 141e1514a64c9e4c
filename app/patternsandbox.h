#pragma once
// PatternSandbox: the controller behind the Pattern sandbox panel. Holds the pattern, the test
// events and the target input configuration as the user types them, re-evaluates them off the
// GUI thread shortly after each change, and publishes the verdicts as properties and through
// its events model.

#include "sandboxeventmodel.h"
#include "sandboxexample.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <cstdint>

namespace sg::app {

class PatternSandbox : public QObject {
    Q_OBJECT
    QML_ELEMENT

    // Input, as typed.
    Q_PROPERTY(
        QString patternText READ patternText WRITE setPatternText NOTIFY patternTextChanged FINAL)
    Q_PROPERTY(sg::app::SandboxEventModel *events READ events CONSTANT FINAL)
    Q_PROPERTY(
        int currentIndex READ currentIndex WRITE setCurrentIndex NOTIFY currentIndexChanged FINAL)
    Q_PROPERTY(QString currentEventText READ currentEventText WRITE setCurrentEventText NOTIFY
                   currentEventTextChanged FINAL)
    Q_PROPERTY(
        TargetMode targetMode READ targetMode WRITE setTargetMode NOTIFY targetModeChanged FINAL)
    Q_PROPERTY(QString inputPath READ inputPath WRITE setInputPath NOTIFY inputPathChanged FINAL)
    Q_PROPERTY(QString inputPathsMapText READ inputPathsMapText WRITE setInputPathsMapText NOTIFY
                   inputPathsMapTextChanged FINAL)
    Q_PROPERTY(QString inputTemplate READ inputTemplate WRITE setInputTemplate NOTIFY
                   inputTemplateChanged FINAL)

    // The pattern's verdict.
    Q_PROPERTY(bool patternEmpty READ patternEmpty NOTIFY patternVerdictChanged FINAL)
    Q_PROPERTY(bool valid READ isValid NOTIFY patternVerdictChanged FINAL)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY patternVerdictChanged FINAL)
    Q_PROPERTY(int errorLine READ errorLine NOTIFY patternVerdictChanged FINAL)
    Q_PROPERTY(int errorColumn READ errorColumn NOTIFY patternVerdictChanged FINAL)
    Q_PROPERTY(int errorPosition READ errorPosition NOTIFY patternVerdictChanged FINAL)

    // The current event's JSON problem, if any (positions index currentEventText).
    Q_PROPERTY(
        QString currentEventError READ currentEventError NOTIFY currentEventVerdictChanged FINAL)
    Q_PROPERTY(int currentEventErrorLine READ currentEventErrorLine NOTIFY
                   currentEventVerdictChanged FINAL)
    Q_PROPERTY(int currentEventErrorColumn READ currentEventErrorColumn NOTIFY
                   currentEventVerdictChanged FINAL)
    Q_PROPERTY(int currentEventErrorPosition READ currentEventErrorPosition NOTIFY
                   currentEventVerdictChanged FINAL)
    Q_PROPERTY(QString currentEventWarning READ currentEventWarning NOTIFY
                   currentEventVerdictChanged FINAL)

    // The target input configuration's verdict.
    Q_PROPERTY(QString targetError READ targetError NOTIFY targetVerdictChanged FINAL)
    Q_PROPERTY(TargetField targetErrorField READ targetErrorField NOTIFY targetVerdictChanged FINAL)
    Q_PROPERTY(int targetErrorPosition READ targetErrorPosition NOTIFY targetVerdictChanged FINAL)
    Q_PROPERTY(QStringList targetWarnings READ targetWarnings NOTIFY targetVerdictChanged FINAL)
    Q_PROPERTY(QString targetWarningText READ targetWarningText NOTIFY targetVerdictChanged FINAL)

    // Summary.
    Q_PROPERTY(int matchCount READ matchCount NOTIFY summaryChanged FINAL)
    Q_PROPERTY(QString statusText READ statusText NOTIFY summaryChanged FINAL)
    Q_PROPERTY(bool busy READ isBusy NOTIFY busyChanged FINAL)

    // Examples and samples.
    Q_PROPERTY(QString title READ title NOTIFY exampleChanged FINAL)
    Q_PROPERTY(QString description READ description NOTIFY exampleChanged FINAL)
    Q_PROPERTY(QString sourceFile READ sourceFile NOTIFY exampleChanged FINAL)
    // Where file dialogs start: the folder of the file last opened or saved, when on disk.
    Q_PROPERTY(QUrl sourceFolder READ sourceFolder NOTIFY exampleChanged FINAL)
    Q_PROPERTY(QStringList sampleNames READ sampleNames CONSTANT FINAL)
    Q_PROPERTY(QStringList exampleNames READ exampleNames CONSTANT FINAL)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged FINAL)

public:
    enum TargetMode { WholeEvent, InputPath, InputTransformer };
    Q_ENUM(TargetMode)
    enum TargetField { NoField, InputPathField, InputPathsMapField, InputTemplateField };
    Q_ENUM(TargetField)

    // Quiet time after the last keystroke before re-evaluating.
    static constexpr int kDebounceMs = 150;

    explicit PatternSandbox(QObject *parent = nullptr);
    ~PatternSandbox() override;

    [[nodiscard]] QString patternText() const { return m_patternText; }
    void setPatternText(const QString &text);
    [[nodiscard]] SandboxEventModel *events() { return &m_events; }
    [[nodiscard]] int currentIndex() const { return m_currentIndex; }
    void setCurrentIndex(int index);
    [[nodiscard]] QString currentEventText() const;
    void setCurrentEventText(const QString &text);
    [[nodiscard]] TargetMode targetMode() const { return m_targetMode; }
    void setTargetMode(TargetMode mode);
    [[nodiscard]] QString inputPath() const { return m_inputPath; }
    void setInputPath(const QString &path);
    [[nodiscard]] QString inputPathsMapText() const { return m_inputPathsMapText; }
    void setInputPathsMapText(const QString &text);
    [[nodiscard]] QString inputTemplate() const { return m_inputTemplate; }
    void setInputTemplate(const QString &text);

    [[nodiscard]] bool patternEmpty() const { return m_patternEmpty; }
    [[nodiscard]] bool isValid() const { return m_valid; }
    [[nodiscard]] QString errorMessage() const { return m_errorMessage; }
    [[nodiscard]] int errorLine() const { return m_errorLine; }
    [[nodiscard]] int errorColumn() const { return m_errorColumn; }
    [[nodiscard]] int errorPosition() const { return m_errorPosition; }

    [[nodiscard]] QString currentEventError() const;
    [[nodiscard]] int currentEventErrorLine() const;
    [[nodiscard]] int currentEventErrorColumn() const;
    [[nodiscard]] int currentEventErrorPosition() const;
    [[nodiscard]] QString currentEventWarning() const;

    [[nodiscard]] QString targetError() const { return m_targetError; }
    [[nodiscard]] TargetField targetErrorField() const { return m_targetErrorField; }
    [[nodiscard]] int targetErrorPosition() const { return m_targetErrorPosition; }
    [[nodiscard]] QStringList targetWarnings() const { return m_targetWarnings; }
    [[nodiscard]] QString targetWarningText() const { return m_targetWarnings.join(u'\n'); }

    [[nodiscard]] int matchCount() const;
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] bool isBusy() const { return m_busy; }

    [[nodiscard]] QString title() const { return m_title; }
    [[nodiscard]] QString description() const { return m_description; }
    [[nodiscard]] QString sourceFile() const { return m_sourceFile; }
    [[nodiscard]] QUrl sourceFolder() const;
    [[nodiscard]] QStringList sampleNames() const;
    [[nodiscard]] QStringList exampleNames() const;
    [[nodiscard]] QString message() const { return m_message; }

    // Events. New events become the current one; each returns its row.
    Q_INVOKABLE int addEvent(const QString &name = {}, const QString &text = {});
    Q_INVOKABLE int addSampleEvent(int sampleIndex);
    Q_INVOKABLE bool removeEvent(int row);

    // Pretty-printing; each returns false (and says why in `message`) when the text is not JSON.
    Q_INVOKABLE bool formatPattern();
    Q_INVOKABLE bool formatCurrentEvent();
    Q_INVOKABLE bool formatInputPathsMap();
    // Formats every editor holding valid JSON; returns how many changed.
    Q_INVOKABLE int formatAll();

    // Examples. A failed load changes nothing and reports the reason through operationFailed().
    Q_INVOKABLE bool loadExample(const QString &pathOrUrl);
    Q_INVOKABLE bool loadBundledExample(int index);
    Q_INVOKABLE bool saveExample(const QString &pathOrUrl);
    // The same for a file dialog's URL.
    Q_INVOKABLE bool openUrl(const QUrl &url);
    Q_INVOKABLE bool saveToUrl(const QUrl &url);
    void applyExample(const SandboxExample &example);
    [[nodiscard]] SandboxExample toExample() const;

    // Evaluates at once, on this thread (start-up, tests); cancels any pending evaluation.
    Q_INVOKABLE void evaluateNow();

Q_SIGNALS:
    void patternTextChanged();
    void currentIndexChanged();
    void currentEventTextChanged();
    void targetModeChanged();
    void inputPathChanged();
    void inputPathsMapTextChanged();
    void inputTemplateChanged();
    void patternVerdictChanged();
    void currentEventVerdictChanged();
    void targetVerdictChanged();
    void summaryChanged();
    void busyChanged();
    void exampleChanged();
    void messageChanged();
    void operationFailed(const QString &message);
    // An evaluation's verdicts were published.
    void evaluated();

private:
    void scheduleEvaluation();
    void startEvaluation();
    void onEvaluationFinished();
    [[nodiscard]] SandboxRequest request() const;
    void apply(const SandboxVerdict &verdict);
    void updateBusy();
    void setMessage(const QString &message);
    static QString toLocalPath(const QString &pathOrUrl);

    SandboxEventModel m_events;
    QTimer m_debounce;
    QFutureWatcher<SandboxVerdict> m_watcher;
    std::uint64_t m_generation = 0;        // bumped by every input change
    std::uint64_t m_runningGeneration = 0; // the input the running evaluation saw
    bool m_rerun = false;
    bool m_busy = false;

    QString m_patternText;
    int m_currentIndex = -1;
    TargetMode m_targetMode = WholeEvent;
    QString m_inputPath = QStringLiteral("$.detail");
    QString m_inputPathsMapText;
    QString m_inputTemplate;

    bool m_patternEmpty = true;
    bool m_valid = false;
    QString m_errorMessage;
    int m_errorLine = 0;
    int m_errorColumn = 0;
    int m_errorPosition = -1;

    QString m_targetError;
    TargetField m_targetErrorField = NoField;
    int m_targetErrorPosition = -1;
    QStringList m_targetWarnings;

    QString m_title;
    QString m_description;
    QString m_sourceFile;
    QString m_message;
};

} // namespace sg::app
