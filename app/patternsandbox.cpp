#include "patternsandbox.h"

#include "jsontext.h"
#include "sampleevents.h"

#include <QFileInfo>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

namespace sg::app {

namespace {

TargetInputMode toInputMode(PatternSandbox::TargetMode mode) {
    switch (mode) {
    case PatternSandbox::InputPath:
        return TargetInputMode::InputPath;
    case PatternSandbox::InputTransformer:
        return TargetInputMode::InputTransformer;
    case PatternSandbox::WholeEvent:
        break;
    }
    return TargetInputMode::WholeEvent;
}

PatternSandbox::TargetMode fromInputMode(TargetInputMode mode) {
    switch (mode) {
    case TargetInputMode::InputPath:
        return PatternSandbox::InputPath;
    case TargetInputMode::InputTransformer:
        return PatternSandbox::InputTransformer;
    case TargetInputMode::WholeEvent:
        break;
    }
    return PatternSandbox::WholeEvent;
}

PatternSandbox::TargetField toField(TargetField field) {
    switch (field) {
    case TargetField::InputPath:
        return PatternSandbox::InputPathField;
    case TargetField::InputPathsMap:
        return PatternSandbox::InputPathsMapField;
    case TargetField::InputTemplate:
        return PatternSandbox::InputTemplateField;
    case TargetField::None:
        break;
    }
    return PatternSandbox::NoField;
}

// Formats `text` in place when it is JSON; returns whether it is.
bool formatted(QString &text) {
    const std::optional<std::string> pretty = formatJson(toStdString(text));
    if (!pretty) {
        return false;
    }
    text = toQString(*pretty);
    return true;
}

QString positioned(const QString &what, const TextProblem &problem) {
    if (!problem.hasPosition()) {
        return what;
    }
    return QStringLiteral("%1 (line %2, column %3)")
        .arg(what)
        .arg(problem.line)
        .arg(problem.column);
}

} // namespace

PatternSandbox::PatternSandbox(QObject *parent) : QObject(parent) {
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &PatternSandbox::startEvaluation);
    connect(&m_watcher, &QFutureWatcher<SandboxVerdict>::finished, this,
            &PatternSandbox::onEvaluationFinished);
    connect(&m_events, &SandboxEventModel::textEdited, this, [this](int row) {
        if (row == m_currentIndex) {
            Q_EMIT currentEventTextChanged();
        }
        scheduleEvaluation();
    });
    connect(&m_events, &SandboxEventModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to) {
                if (m_currentIndex >= from.row() && m_currentIndex <= to.row()) {
                    Q_EMIT currentEventVerdictChanged();
                }
            });
}

PatternSandbox::~PatternSandbox() {
    // The worker only touches its own copy of the input; wait so its result has a home.
    m_watcher.waitForFinished();
}

void PatternSandbox::setPatternText(const QString &text) {
    if (text == m_patternText) {
        return;
    }
    m_patternText = text;
    Q_EMIT patternTextChanged();
    scheduleEvaluation();
}

void PatternSandbox::setCurrentIndex(int index) {
    if (index < -1 || index >= m_events.rowCount()) {
        index = m_events.rowCount() > 0 ? 0 : -1;
    }
    if (index == m_currentIndex) {
        return;
    }
    m_currentIndex = index;
    Q_EMIT currentIndexChanged();
    Q_EMIT currentEventTextChanged();
    Q_EMIT currentEventVerdictChanged();
}

QString PatternSandbox::currentEventText() const {
    return m_events.text(m_currentIndex);
}

void PatternSandbox::setCurrentEventText(const QString &text) {
    if (m_currentIndex < 0) {
        if (text.isEmpty()) {
            return;
        }
        addEvent(); // typing into an empty list creates the first event
    }
    m_events.setText(m_currentIndex, text); // emits textEdited -> evaluation
}

void PatternSandbox::setTargetMode(TargetMode mode) {
    if (mode == m_targetMode) {
        return;
    }
    m_targetMode = mode;
    Q_EMIT targetModeChanged();
    scheduleEvaluation();
}

void PatternSandbox::setInputPath(const QString &path) {
    if (path == m_inputPath) {
        return;
    }
    m_inputPath = path;
    Q_EMIT inputPathChanged();
    scheduleEvaluation();
}

void PatternSandbox::setInputPathsMapText(const QString &text) {
    if (text == m_inputPathsMapText) {
        return;
    }
    m_inputPathsMapText = text;
    Q_EMIT inputPathsMapTextChanged();
    scheduleEvaluation();
}

void PatternSandbox::setInputTemplate(const QString &text) {
    if (text == m_inputTemplate) {
        return;
    }
    m_inputTemplate = text;
    Q_EMIT inputTemplateChanged();
    scheduleEvaluation();
}

QString PatternSandbox::currentEventError() const {
    return m_events.error(m_currentIndex);
}

int PatternSandbox::currentEventErrorLine() const {
    return m_events.errorLine(m_currentIndex);
}

int PatternSandbox::currentEventErrorColumn() const {
    return m_events.errorColumn(m_currentIndex);
}

int PatternSandbox::currentEventErrorPosition() const {
    return m_events.errorPosition(m_currentIndex);
}

QString PatternSandbox::currentEventWarning() const {
    return m_events.warning(m_currentIndex);
}

int PatternSandbox::matchCount() const {
    return m_events.countWithStatus(SandboxEventModel::Match);
}

QString PatternSandbox::statusText() const {
    if (m_patternEmpty) {
        return tr("Type or paste an event pattern");
    }
    if (!m_valid) {
        return m_errorLine > 0 ? tr("Pattern not valid (line %1, column %2)")
                                     .arg(m_errorLine)
                                     .arg(m_errorColumn)
                               : tr("Pattern not valid");
    }
    const int total = m_events.rowCount();
    if (total == 0) {
        return tr("Pattern valid \u00b7 add an event to test it");
    }
    const int matches = matchCount();
    QString text = total == 1
                       ? (matches == 1 ? tr("Pattern valid \u00b7 the event matches")
                                       : tr("Pattern valid \u00b7 the event does not match"))
                       : tr("Pattern valid \u00b7 %1 of %2 events match").arg(matches).arg(total);
    if (const int invalid = m_events.countWithStatus(SandboxEventModel::Invalid); invalid > 0) {
        text += tr(" \u00b7 %1 not valid JSON").arg(invalid);
    }
    return text;
}

QUrl PatternSandbox::sourceFolder() const {
    if (m_sourceFile.isEmpty() || m_sourceFile.startsWith(u':')) {
        return {};
    }
    return QUrl::fromLocalFile(QFileInfo(m_sourceFile).absolutePath());
}

QStringList PatternSandbox::sampleNames() const {
    return sampleEventNames();
}

QStringList PatternSandbox::exampleNames() const {
    QStringList names;
    for (const BundledExample &example : bundledExamples()) {
        names.append(example.title);
    }
    return names;
}

int PatternSandbox::addEvent(const QString &name, const QString &text) {
    const QString eventName = name.isEmpty() ? tr("Event %1").arg(m_events.rowCount() + 1) : name;
    const int row = m_events.append({eventName, text});
    setCurrentIndex(row);
    scheduleEvaluation();
    return row;
}

int PatternSandbox::addSampleEvent(int sampleIndex) {
    const QString text = sampleEventText(sampleIndex);
    if (text.isEmpty()) {
        return -1;
    }
    const int row = addEvent(sampleEvents()[static_cast<std::size_t>(sampleIndex)].name, text);
    setMessage(tr("Added sample event \u201c%1\u201d").arg(m_events.name(row)));
    return row;
}

bool PatternSandbox::removeEvent(int row) {
    const QString name = m_events.name(row);
    if (!m_events.removeAt(row)) {
        return false;
    }
    const int count = m_events.rowCount();
    const int previous = m_currentIndex;
    if (m_currentIndex >= count || row < m_currentIndex) {
        m_currentIndex = std::min(m_currentIndex - (row < m_currentIndex ? 1 : 0), count - 1);
    }
    if (m_currentIndex != previous) {
        Q_EMIT currentIndexChanged();
    }
    Q_EMIT currentEventTextChanged();
    Q_EMIT currentEventVerdictChanged();
    setMessage(tr("Removed \u201c%1\u201d").arg(name));
    scheduleEvaluation();
    return true;
}

bool PatternSandbox::formatPattern() {
    QString text = m_patternText;
    if (!formatted(text)) {
        setMessage(tr("The pattern is not valid JSON yet; nothing to format"));
        return false;
    }
    setPatternText(text);
    setMessage(tr("Formatted the pattern"));
    return true;
}

bool PatternSandbox::formatCurrentEvent() {
    QString text = currentEventText();
    if (m_currentIndex < 0 || !formatted(text)) {
        setMessage(tr("The event is not valid JSON yet; nothing to format"));
        return false;
    }
    setCurrentEventText(text);
    setMessage(tr("Formatted \u201c%1\u201d").arg(m_events.name(m_currentIndex)));
    return true;
}

bool PatternSandbox::formatInputPathsMap() {
    QString text = m_inputPathsMapText;
    if (!formatted(text)) {
        setMessage(tr("InputPathsMap is not valid JSON yet; nothing to format"));
        return false;
    }
    setInputPathsMapText(text);
    setMessage(tr("Formatted InputPathsMap"));
    return true;
}

int PatternSandbox::formatAll() {
    int changed = 0;
    QString text = m_patternText;
    if (formatted(text) && text != m_patternText) {
        setPatternText(text);
        ++changed;
    }
    for (int row = 0; row < m_events.rowCount(); ++row) {
        text = m_events.text(row);
        if (formatted(text) && text != m_events.text(row)) {
            m_events.setText(row, text);
            ++changed;
        }
    }
    text = m_inputPathsMapText;
    if (formatted(text) && text != m_inputPathsMapText) {
        setInputPathsMapText(text);
        ++changed;
    }
    setMessage(changed == 0   ? tr("Nothing to format")
               : changed == 1 ? tr("Formatted 1 editor")
                              : tr("Formatted %1 editors").arg(changed));
    return changed;
}

QString PatternSandbox::toLocalPath(const QString &pathOrUrl) {
    if (pathOrUrl.startsWith(QLatin1String("file:")) ||
        pathOrUrl.startsWith(QLatin1String("qrc:"))) {
        const QUrl url(pathOrUrl);
        return url.scheme() == QLatin1String("qrc") ? QLatin1Char(':') + url.path()
                                                    : url.toLocalFile();
    }
    return pathOrUrl;
}

bool PatternSandbox::loadExample(const QString &pathOrUrl) {
    const QString path = toLocalPath(pathOrUrl);
    SandboxExampleRead read = readSandboxExample(path);
    if (!read.example) {
        setMessage(read.error);
        Q_EMIT operationFailed(read.error);
        return false;
    }
    applyExample(*read.example);
    m_sourceFile = path;
    Q_EMIT exampleChanged();
    setMessage(tr("Opened %1").arg(m_title.isEmpty() ? path : m_title));
    return true;
}

bool PatternSandbox::loadBundledExample(int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= bundledExamples().size()) {
        return false;
    }
    return loadExample(bundledExamples()[static_cast<std::size_t>(index)].path);
}

bool PatternSandbox::saveExample(const QString &pathOrUrl) {
    const QString path = toLocalPath(pathOrUrl);
    const QString error = writeSandboxExample(path, toExample());
    if (!error.isEmpty()) {
        setMessage(error);
        Q_EMIT operationFailed(error);
        return false;
    }
    m_sourceFile = path;
    Q_EMIT exampleChanged();
    setMessage(tr("Saved %1").arg(path));
    return true;
}

bool PatternSandbox::openUrl(const QUrl &url) {
    return loadExample(url.isLocalFile() ? url.toLocalFile() : url.toString());
}

bool PatternSandbox::saveToUrl(const QUrl &url) {
    return saveExample(url.isLocalFile() ? url.toLocalFile() : url.toString());
}

void PatternSandbox::applyExample(const SandboxExample &example) {
    m_title = example.name;
    m_description = example.description;
    Q_EMIT exampleChanged();

    setPatternText(example.pattern);
    m_events.reset(example.events);
    m_currentIndex = example.events.empty() ? -1 : 0;
    Q_EMIT currentIndexChanged();
    Q_EMIT currentEventTextChanged();
    Q_EMIT currentEventVerdictChanged();
    if (!example.inputPath.isEmpty()) {
        setInputPath(example.inputPath);
    }
    setInputPathsMapText(example.inputPathsMap);
    setInputTemplate(example.inputTemplate);
    setTargetMode(fromInputMode(example.targetMode));
    scheduleEvaluation();
}

SandboxExample PatternSandbox::toExample() const {
    SandboxExample example;
    example.name = m_title;
    example.description = m_description;
    example.pattern = m_patternText;
    example.events = m_events.events();
    example.targetMode = toInputMode(m_targetMode);
    example.inputPath = m_inputPath;
    example.inputPathsMap = m_inputPathsMapText;
    example.inputTemplate = m_inputTemplate;
    return example;
}

void PatternSandbox::evaluateNow() {
    m_debounce.stop();
    m_rerun = false;
    ++m_generation; // a running evaluation is now stale; its result will be dropped
    apply(evaluateSandbox(request()));
    updateBusy();
}

void PatternSandbox::scheduleEvaluation() {
    ++m_generation;
    m_debounce.start();
    updateBusy();
}

void PatternSandbox::startEvaluation() {
    if (m_watcher.isRunning()) {
        m_rerun = true; // picked up when the running one finishes
        return;
    }
    m_runningGeneration = m_generation;
    m_watcher.setFuture(QtConcurrent::run(&evaluateSandbox, request()));
    updateBusy();
}

void PatternSandbox::onEvaluationFinished() {
    if (m_runningGeneration == m_generation) {
        apply(m_watcher.result());
    }
    if (m_rerun || (m_runningGeneration != m_generation && !m_debounce.isActive())) {
        m_rerun = false;
        startEvaluation();
    }
    updateBusy();
}

SandboxRequest PatternSandbox::request() const {
    SandboxRequest request;
    request.pattern = toStdString(m_patternText);
    for (int row = 0; row < m_events.rowCount(); ++row) {
        request.events.push_back(toStdString(m_events.text(row)));
    }
    request.target.mode = toInputMode(m_targetMode);
    request.target.inputPath = toStdString(m_inputPath);
    request.target.inputPathsMap = toStdString(m_inputPathsMapText);
    request.target.inputTemplate = toStdString(m_inputTemplate);
    return request;
}

void PatternSandbox::apply(const SandboxVerdict &verdict) {
    const bool empty = verdict.patternEmpty;
    const bool valid = verdict.patternValid;
    QString message;
    int line = 0;
    int column = 0;
    int position = -1;
    if (verdict.patternError) {
        message = toQString(verdict.patternError->message);
        line = verdict.patternError->line;
        column = verdict.patternError->column;
        position = indexOfUtf8Offset(m_patternText, verdict.patternError->offset);
    }
    if (empty != m_patternEmpty || valid != m_valid || message != m_errorMessage ||
        line != m_errorLine || column != m_errorColumn || position != m_errorPosition) {
        m_patternEmpty = empty;
        m_valid = valid;
        m_errorMessage = message;
        m_errorLine = line;
        m_errorColumn = column;
        m_errorPosition = position;
        Q_EMIT patternVerdictChanged();
    }

    QString targetError;
    TargetField field = NoField;
    int targetPosition = -1;
    if (verdict.targetConfigError) {
        const TextProblem &problem = *verdict.targetConfigError;
        targetError = positioned(toQString(problem.message), problem);
        field = toField(verdict.targetConfigField);
        const QString *text = field == InputPathField       ? &m_inputPath
                              : field == InputPathsMapField ? &m_inputPathsMapText
                              : field == InputTemplateField ? &m_inputTemplate
                                                            : nullptr;
        targetPosition = text ? indexOfUtf8Offset(*text, problem.offset) : -1;
    }
    QStringList warnings;
    for (const std::string &warning : verdict.targetWarnings) {
        warnings.append(toQString(warning));
    }
    if (targetError != m_targetError || field != m_targetErrorField ||
        targetPosition != m_targetErrorPosition || warnings != m_targetWarnings) {
        m_targetError = targetError;
        m_targetErrorField = field;
        m_targetErrorPosition = targetPosition;
        m_targetWarnings = warnings;
        Q_EMIT targetVerdictChanged();
    }

    m_events.applyVerdicts(verdict.events);
    Q_EMIT summaryChanged();
    Q_EMIT evaluated();
}

void PatternSandbox::updateBusy() {
    const bool busy = m_debounce.isActive() || m_watcher.isRunning();
    if (busy != m_busy) {
        m_busy = busy;
        Q_EMIT busyChanged();
    }
}

void PatternSandbox::setMessage(const QString &message) {
    m_message = message;
    Q_EMIT messageChanged();
}

} // namespace sg::app
