#include "projectdocument.h"

#include "patternsandbox.h"
#include "sandboxexample.h"

#include "arch/lint.h"
#include "io/export.h"
#include "io/import.h"
#include "io/projectfile.h"
#include "io/projectjson.h"
#include "stringconvert.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUndoCommand>
#include <QVariantMap>

#include <exception>
#include <optional>
#include <unordered_map>
#include <utility>

namespace sg::app {

using sg::model::Element;
using sg::model::ElementId;
using sg::model::Json;

namespace {

template <typename N> QString counted(N n, const char *one, const char *many) {
    return ElementListModel::counted(static_cast<qint64>(n), one, many);
}

const QString kExamplesFolder = QStringLiteral(":/Stormglass/resources/examples");

// The library's message is complete; a position it did not spell out is added.
QString describe(const sg::Error &error) {
    QString message = qs(error.message);
    if (error.hasPosition() && !message.contains(QLatin1String("line"))) {
        message += QStringLiteral(" (line %1, column %2)").arg(error.line).arg(error.column);
    }
    return message;
}

QString displayName(const sg::model::Project &project, const ElementId &id) {
    const Element *element = project.find(id);
    if (!element || sg::model::elementName(*element).empty()) {
        return qs(id.value);
    }
    return qs(sg::model::elementName(*element));
}

QString pretty(const Json &json) {
    return qs(json.dump(2, ' ', false, Json::error_handler_t::replace));
}

// A JSON text formatted for reading; text that is not JSON is shown as it is.
QString prettyText(const std::string &text) {
    Json parsed = Json::parse(text, nullptr, false);
    return parsed.is_discarded() ? qs(text) : pretty(parsed);
}

struct BundledModel {
    QString fileName;
    QString title;
};

// The example models in the resources, by file name; titled by the names inside them.
const std::vector<BundledModel> &bundledModels() {
    static const std::vector<BundledModel> models = [] {
        std::vector<BundledModel> out;
        const QStringList files =
            QDir(kExamplesFolder)
                .entryList({QStringLiteral("*.stormglass.json")}, QDir::Files, QDir::Name);
        for (const QString &file : files) {
            QString title = file.chopped(static_cast<qsizetype>(sizeof(".stormglass.json") - 1));
            QFile in(kExamplesFolder + u'/' + file);
            if (in.open(QIODevice::ReadOnly)) {
                const QByteArray text = in.readAll();
                const sg::Result<sg::model::Project> project = sg::model::readProjectJson(
                    std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
                if (project && !project->name().empty()) {
                    title = qs(project->name());
                }
            }
            out.push_back({file, title});
        }
        return out;
    }();
    return models;
}

} // namespace

// One edit on the undo stack. It holds the command that takes the project to the other side:
// the inverse after the edit was applied, the edit again after an undo.
class ProjectCommand : public QUndoCommand {
public:
    ProjectCommand(ProjectDocument *document, sg::model::Command inverse, const QString &text)
        : QUndoCommand(text), m_document(document), m_next(std::move(inverse)) {}

    void undo() override { step(); }
    void redo() override {
        // push() calls redo(); the edit itself was applied before, to know it succeeded.
        if (m_pushed) {
            m_pushed = false;
            return;
        }
        step();
    }

private:
    void step() {
        if (std::optional<sg::model::Command> inverse = m_document->applyFromStack(m_next)) {
            m_next = std::move(*inverse);
        } else {
            setObsolete(true);
        }
    }

    ProjectDocument *m_document;
    sg::model::Command m_next;
    bool m_pushed = true;
};

ProjectDocument::ProjectDocument(QObject *parent) : QObject(parent) {
    // The list model observes first, so its rows exist when relint() counts findings on them.
    m_elements.setProject(&m_project);
    m_project.addObserver(this);
    connect(&m_undo, &QUndoStack::canUndoChanged, this, &ProjectDocument::undoStateChanged);
    connect(&m_undo, &QUndoStack::canRedoChanged, this, &ProjectDocument::undoStateChanged);
    connect(&m_undo, &QUndoStack::undoTextChanged, this, &ProjectDocument::undoStateChanged);
    connect(&m_undo, &QUndoStack::redoTextChanged, this, &ProjectDocument::undoStateChanged);
    connect(&m_undo, &QUndoStack::cleanChanged, this, &ProjectDocument::updateDirty);
    connect(&m_undo, &QUndoStack::indexChanged, this, &ProjectDocument::updateDirty);
    m_lastTitle = windowTitle();
    m_recoverable = RecoveryFile::leftOver();
    m_autosave.setInterval(60'000);
    connect(&m_autosave, &QTimer::timeout, this, [this] { (void)autosaveNow(); });
    m_autosave.start();
}

void ProjectDocument::setAutosaveInterval(int milliseconds) {
    if (milliseconds > 0 && milliseconds != m_autosave.interval()) {
        m_autosave.setInterval(milliseconds);
        Q_EMIT autosaveIntervalChanged();
    }
}

QString ProjectDocument::autosaveNow() {
    if (!isDirty()) {
        m_recovery.discard();
        return {};
    }
    return m_recovery.write(m_project, m_fileName, m_displayFileName);
}

QVariantList ProjectDocument::recoverable() const {
    QVariantList list;
    for (const RecoveryFile::Entry &entry : m_recoverable) {
        list.append(
            QVariantMap{{QStringLiteral("title"),
                         entry.displayName.isEmpty() ? tr("Untitled model") : entry.displayName},
                        {QStringLiteral("file"), entry.fileName},
                        {QStringLiteral("savedAt"),
                         QLocale().toString(entry.savedAt.toLocalTime(), QLocale::ShortFormat)}});
    }
    return list;
}

bool ProjectDocument::recover(int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= m_recoverable.size()) {
        return false;
    }
    const RecoveryFile::Entry entry = m_recoverable[static_cast<std::size_t>(index)];
    sg::Result<sg::model::Project> project = sg::model::loadProject(utf8(entry.path));
    if (!project) {
        fail(tr("Could not recover the model"), describe(project.error()));
        return false;
    }
    const QFileInfo info(entry.fileName);
    replaceProject(std::move(project).value(), entry.fileName,
                   entry.fileName.isEmpty() ? entry.displayName : info.fileName(), true);
    if (!entry.fileName.isEmpty()) {
        m_lastFolder = info.absolutePath();
    }
    // The work now belongs to this document's own recovery file.
    (void)autosaveNow();
    RecoveryFile::remove(entry);
    m_recoverable.erase(m_recoverable.begin() + index);
    Q_EMIT recoverableChanged();
    succeed(tr("Recovered unsaved changes from %1; save them to keep them")
                .arg(QLocale().toString(entry.savedAt.toLocalTime(), QLocale::ShortFormat)));
    return true;
}

void ProjectDocument::discardRecoverable(int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= m_recoverable.size()) {
        return;
    }
    RecoveryFile::remove(m_recoverable[static_cast<std::size_t>(index)]);
    m_recoverable.erase(m_recoverable.begin() + index);
    Q_EMIT recoverableChanged();
}

ProjectDocument::~ProjectDocument() {
    // Undo commands refer back to this document; drop them before the project goes.
    m_undo.clear();
    m_project.removeObserver(this);
}

QUrl ProjectDocument::folder() const {
    if (!m_lastFolder.isEmpty()) {
        return QUrl::fromLocalFile(m_lastFolder);
    }
    return QUrl::fromLocalFile(QDir::currentPath());
}

QString ProjectDocument::title() const {
    return m_project.name().empty() ? tr("Untitled") : qs(m_project.name());
}

QString ProjectDocument::description() const {
    return qs(m_project.description());
}

QString ProjectDocument::windowTitle() const {
    QStringList parts{(isDirty() ? QStringLiteral("*") : QString()) + title()};
    if (!m_displayFileName.isEmpty()) {
        parts.append(m_displayFileName);
    }
    parts.append(QStringLiteral("Stormglass"));
    return parts.join(QStringLiteral(" \u2014 "));
}

bool ProjectDocument::isDirty() const {
    return m_unsaved || !m_undo.isClean();
}

QStringList ProjectDocument::exampleNames() const {
    QStringList names;
    for (const BundledModel &model : bundledModels()) {
        names.append(model.title);
    }
    return names;
}

// --- Selection -----------------------------------------------------------------------------

void ProjectDocument::select(const QString &id) {
    const QString wanted = m_project.contains(ElementId{utf8(id)}) ? id : QString();
    if (wanted != m_selectedId) {
        m_selectedId = wanted;
        Q_EMIT selectionChanged();
    }
}

void ProjectDocument::addProjectObserver(sg::model::ProjectObserver *observer) {
    m_project.addObserver(observer);
}

void ProjectDocument::removeProjectObserver(sg::model::ProjectObserver *observer) {
    m_project.removeObserver(observer);
}

QString ProjectDocument::selectedName() const {
    const Element *element = m_project.find(ElementId{utf8(m_selectedId)});
    return element ? qs(sg::model::elementName(*element)) : QString();
}

QString ProjectDocument::selectedKind() const {
    const Element *element = m_project.find(ElementId{utf8(m_selectedId)});
    return element ? ElementListModel::kindSingular(sg::model::elementKind(*element)) : QString();
}

bool ProjectDocument::selectedIsRule() const {
    return m_project.get<sg::model::Rule>(ElementId{utf8(m_selectedId)}) != nullptr;
}

bool ProjectDocument::selectedEnabled() const {
    const auto *rule = m_project.get<sg::model::Rule>(ElementId{utf8(m_selectedId)});
    return rule && rule->enabled;
}

QVariantList ProjectDocument::selectedFindings() const {
    QVariantList out;
    if (m_selectedId.isEmpty()) {
        return out;
    }
    const std::string id = utf8(m_selectedId);
    for (const sg::model::Finding &finding : m_findings.findings()) {
        if (finding.element.value == id) {
            out.append(QVariantMap{
                {QStringLiteral("severity"), static_cast<int>(finding.severity)},
                {QStringLiteral("code"), qs(finding.code)},
                {QStringLiteral("message"), qs(finding.message)},
            });
        }
    }
    return out;
}

// --- Files ---------------------------------------------------------------------------------

QString ProjectDocument::localPath(const QUrl &url) {
    if (url.isLocalFile()) {
        return url.toLocalFile();
    }
    if (url.scheme() == QLatin1String("qrc")) {
        return QLatin1Char(':') + url.path();
    }
    if (url.scheme().isEmpty()) {
        return url.path();
    }
    return {};
}

void ProjectDocument::newProject() {
    replaceProject(sg::model::Project{}, {}, {}, false);
    succeed(tr("New model"));
}

bool ProjectDocument::open(const QUrl &url) {
    const QString title = tr("Could not open the model");
    const QString path = localPath(url);
    if (path.isEmpty()) {
        fail(title, tr("%1 is not a file on this computer.").arg(url.toDisplayString()));
        return false;
    }
    if (path.startsWith(QLatin1String(":/"))) {
        // A bundled model: read from the resources, saved only through Save As.
        QFile in(path);
        if (!in.open(QIODevice::ReadOnly)) {
            fail(title, tr("%1: %2").arg(path, in.errorString()));
            return false;
        }
        const QByteArray text = in.readAll();
        sg::Result<sg::model::Project> project = sg::model::readProjectJson(
            std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
        const QString name = QFileInfo(path).fileName();
        if (!project) {
            fail(title, name + QStringLiteral(": ") + describe(project.error()));
            return false;
        }
        replaceProject(std::move(project).value(), {}, name, false);
        succeed(tr("Opened the bundled example %1; Save As keeps your changes").arg(name));
        return true;
    }
    const QFileInfo info(path);
    sg::Result<sg::model::Project> project = sg::model::loadProject(utf8(path));
    if (!project) {
        fail(title, describe(project.error()));
        return false;
    }
    m_lastFolder = info.absolutePath();
    replaceProject(std::move(project).value(), info.absoluteFilePath(), info.fileName(), false);
    succeed(tr("Opened %1").arg(info.absoluteFilePath()));
    return true;
}

bool ProjectDocument::openBundledExample(int index) {
    const std::vector<BundledModel> &models = bundledModels();
    if (index < 0 || static_cast<std::size_t>(index) >= models.size()) {
        fail(tr("Could not open the model"), tr("There is no bundled example %1.").arg(index));
        return false;
    }
    return open(QUrl(QStringLiteral("qrc") + kExamplesFolder + u'/' +
                     models[static_cast<std::size_t>(index)].fileName));
}

bool ProjectDocument::openBundledExample(const QString &fileName) {
    const std::vector<BundledModel> &models = bundledModels();
    for (std::size_t i = 0; i < models.size(); ++i) {
        if (models[i].fileName == fileName) {
            return openBundledExample(static_cast<int>(i));
        }
    }
    fail(tr("Could not open the model"), tr("There is no bundled example %1.").arg(fileName));
    return false;
}

bool ProjectDocument::save() {
    if (m_fileName.isEmpty()) {
        fail(tr("Could not save the model"),
             tr("This model has no file yet: use Save As to choose one."));
        return false;
    }
    const sg::Result<bool> saved = sg::model::saveProject(m_project, utf8(m_fileName));
    if (!saved) {
        fail(tr("Could not save the model"), describe(saved.error()));
        return false;
    }
    m_undo.setClean();
    setUnsaved(false);
    m_recovery.discard();
    succeed(tr("Saved %1").arg(m_fileName));
    return true;
}

bool ProjectDocument::saveAs(const QUrl &url) {
    const QString path = localPath(url);
    if (path.isEmpty() || path.startsWith(QLatin1String(":/"))) {
        fail(tr("Could not save the model"),
             tr("%1 is not a file on this computer.").arg(url.toDisplayString()));
        return false;
    }
    const QFileInfo info(path);
    const sg::Result<bool> saved = sg::model::saveProject(m_project, utf8(info.absoluteFilePath()));
    if (!saved) {
        fail(tr("Could not save the model"), describe(saved.error()));
        return false;
    }
    m_lastFolder = info.absolutePath();
    setFile(info.absoluteFilePath(), info.fileName());
    m_undo.setClean();
    setUnsaved(false);
    m_recovery.discard();
    succeed(tr("Saved %1").arg(info.absoluteFilePath()));
    return true;
}

bool ProjectDocument::importFrom(const QUrl &url) {
    const QString title = tr("Could not import");
    const QString path = localPath(url);
    if (path.isEmpty() || path.startsWith(QLatin1String(":/"))) {
        fail(title, tr("%1 is not a file on this computer.").arg(url.toDisplayString()));
        return false;
    }
    const QFileInfo info(path);
    sg::Result<sg::model::ImportResult> imported = sg::model::importFile(utf8(path));
    if (!imported) {
        fail(title, describe(imported.error()));
        return false;
    }
    sg::model::ImportResult result = std::move(imported).value();
    if (result.project.name().empty()) {
        // Name it after the template ("orders.template.yaml" -> "orders").
        result.project.setInfo(utf8(info.completeBaseName().section(u'.', 0, 0)),
                               result.project.description());
    }
    m_lastFolder = info.absolutePath();
    const auto elementCount = static_cast<int>(result.project.size());
    replaceProject(std::move(result.project), {}, {}, true);
    QStringList skipped;
    for (const std::string &line : result.skipped) {
        skipped.append(qs(line));
    }
    m_skipped = skipped;
    Q_EMIT skippedChanged();
    succeed(skipped.isEmpty()
                ? tr("Imported %1 from %2")
                      .arg(counted(elementCount, "%1 element", "%1 elements"), info.fileName())
                : tr("Imported %1 from %2; %3 could not be imported")
                      .arg(counted(elementCount, "%1 element", "%1 elements"), info.fileName(),
                           counted(skipped.size(), "%1 part", "%1 parts")));
    return true;
}

bool ProjectDocument::exportTo(const QUrl &url, const QString &format) {
    const QString title = tr("Could not export the model");
    const std::optional<sg::model::ExportFormat> exportFormat =
        sg::model::exportFormatFromName(utf8(format));
    if (!exportFormat) {
        fail(title, tr("%1 is not an export format (rules-json, cloudformation-json, "
                       "cloudformation-yaml or mermaid).")
                        .arg(format));
        return false;
    }
    const QString path = localPath(url);
    if (path.isEmpty() || path.startsWith(QLatin1String(":/"))) {
        fail(title, tr("%1 is not a file on this computer.").arg(url.toDisplayString()));
        return false;
    }
    const sg::Result<std::string> text = sg::model::exportProject(m_project, *exportFormat);
    if (!text) {
        fail(title, describe(text.error()));
        return false;
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) ||
        out.write(text->data(), static_cast<qint64>(text->size())) !=
            static_cast<qint64>(text->size()) ||
        !out.commit()) {
        fail(title, tr("%1: cannot write: %2").arg(path, out.errorString()));
        return false;
    }
    const QFileInfo info(path);
    m_lastFolder = info.absolutePath();
    Q_EMIT fileChanged(); // the folder dialogs start in
    Q_EMIT exported(info.absoluteFilePath());
    succeed(tr("Exported to %1").arg(info.absoluteFilePath()));
    return true;
}

QString ProjectDocument::suggestedExportName(const QString &format) const {
    QString base = m_project.name().empty() ? QStringLiteral("model") : qs(m_project.name());
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    if (format == QLatin1String("rules-json")) {
        return base + QStringLiteral(".rules.json");
    }
    if (format == QLatin1String("cloudformation-json")) {
        return base + QStringLiteral(".template.json");
    }
    if (format == QLatin1String("cloudformation-yaml")) {
        return base + QStringLiteral(".template.yaml");
    }
    return base + QStringLiteral(".mmd");
}

QUrl ProjectDocument::suggestedExportUrl(const QString &format) const {
    return QUrl::fromLocalFile(QDir(folder().toLocalFile()).filePath(suggestedExportName(format)));
}

// --- Edits ---------------------------------------------------------------------------------

bool ProjectDocument::apply(sg::model::Command command) {
    sg::Result<sg::model::Applied> applied = m_project.apply(command);
    if (!applied) {
        fail(tr("Could not change the model"), describe(applied.error()));
        return false;
    }
    m_undo.push(new ProjectCommand(this, std::move(applied->inverse), qs(command.label)));
    return true;
}

QString ProjectDocument::applyOrExplain(sg::model::Command command) {
    sg::Result<sg::model::Applied> applied = m_project.apply(command);
    if (!applied) {
        return describe(applied.error());
    }
    m_undo.push(new ProjectCommand(this, std::move(applied->inverse), qs(command.label)));
    return {};
}

std::optional<sg::model::Command>
ProjectDocument::applyFromStack(const sg::model::Command &command) {
    sg::Result<sg::model::Applied> applied = m_project.apply(command);
    if (!applied) {
        fail(tr("Could not undo or redo"), describe(applied.error()));
        return std::nullopt;
    }
    return std::move(applied->inverse);
}

void ProjectDocument::undo() {
    m_undo.undo();
}

void ProjectDocument::redo() {
    m_undo.redo();
}

bool ProjectDocument::renameElement(const QString &id, const QString &name) {
    const Element *found = m_project.find(ElementId{utf8(id)});
    if (!found) {
        fail(tr("Could not rename"), tr("There is no element %1 in this model.").arg(id));
        return false;
    }
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        fail(tr("Could not rename"), tr("A name cannot be empty."));
        return false;
    }
    Element element = *found;
    const std::string newName = utf8(trimmed);
    if (sg::model::elementName(element) == newName) {
        return true;
    }
    const QString oldName = displayName(m_project, ElementId{utf8(id)});
    std::visit(
        [&newName](auto &e) {
            if constexpr (requires { e.name; }) {
                e.name = newName;
            } else {
                e.text = newName;
            }
        },
        element);
    return apply(sg::model::Command{sg::model::ReplaceElement{std::move(element)},
                                    utf8(tr("Rename %1 to %2").arg(oldName, trimmed))});
}

bool ProjectDocument::setRuleEnabled(const QString &id, bool enabled) {
    const auto *found = m_project.get<sg::model::Rule>(ElementId{utf8(id)});
    if (!found) {
        fail(tr("Could not change the rule"), tr("There is no rule %1 in this model.").arg(id));
        return false;
    }
    if (found->enabled == enabled) {
        return true;
    }
    sg::model::Rule rule = *found;
    rule.enabled = enabled;
    const QString label = enabled ? tr("Enable rule %1").arg(qs(rule.name))
                                  : tr("Disable rule %1").arg(qs(rule.name));
    return apply(sg::model::Command{sg::model::ReplaceElement{std::move(rule)}, utf8(label)});
}

bool ProjectDocument::openRuleInSandbox(const QString &ruleId, PatternSandbox *sandbox) {
    const auto *rule = m_project.get<sg::model::Rule>(ElementId{utf8(ruleId)});
    if (!rule || !sandbox) {
        return false;
    }
    SandboxExample example;
    example.name = qs(rule->name.empty() ? rule->id.value : rule->name);
    example.description =
        tr("Rule of %1, tried on the sample events of its event types").arg(title());
    example.pattern = prettyText(rule->pattern);
    for (const sg::model::EventType *type : m_project.all<sg::model::EventType>()) {
        int n = 0;
        const QString name = qs(type->name.empty() ? type->id.value : type->name);
        for (const Json &sample : type->samples) {
            ++n;
            example.events.push_back(
                {type->samples.size() > 1 ? QStringLiteral("%1 #%2").arg(name).arg(n) : name,
                 pretty(sample)});
        }
    }
    if (!rule->targets.empty()) {
        const sg::model::TargetInput &input = rule->targets.front().input;
        switch (input.kind()) {
        case sg::model::TargetInputKind::InputPath:
            example.targetMode = TargetInputMode::InputPath;
            example.inputPath = qs(input.inputPath.value_or(""));
            break;
        case sg::model::TargetInputKind::InputTransformer: {
            example.targetMode = TargetInputMode::InputTransformer;
            Json map = Json::object();
            for (const auto &[name, path] : input.inputTransformer->inputPathsMap) {
                map[name] = path;
            }
            example.inputPathsMap = pretty(map);
            example.inputTemplate = qs(input.inputTransformer->inputTemplate);
            break;
        }
        case sg::model::TargetInputKind::WholeEvent:
        case sg::model::TargetInputKind::Constant:
            break;
        }
    }
    sandbox->applyExample(example);
    return true;
}

// --- Internals -----------------------------------------------------------------------------

void ProjectDocument::projectChanged(const sg::model::ChangeSet &changes) {
    relint();
    if (changes.projectInfo) {
        Q_EMIT infoChanged();
        updateTitle();
    }
    if (!m_selectedId.isEmpty() && !m_project.contains(ElementId{utf8(m_selectedId)})) {
        m_selectedId.clear();
    }
    // Names, references and findings shown for the selection may all have changed.
    Q_EMIT selectionChanged();
}

void ProjectDocument::replaceProject(sg::model::Project project, const QString &fileName,
                                     const QString &displayFileName, bool unsaved) {
    // Assigning keeps this project's observers (see Project::Observers). Unsaved changes of
    // the model replaced were saved or discarded before (the window asks).
    m_recovery.discard();
    m_project = std::move(project);
    m_undo.clear();
    m_selectedId.clear();
    if (!m_skipped.isEmpty()) {
        m_skipped.clear();
        Q_EMIT skippedChanged();
    }
    m_elements.reload();
    relint();
    setFile(fileName, displayFileName);
    setUnsaved(unsaved);
    Q_EMIT infoChanged();
    Q_EMIT selectionChanged();
    Q_EMIT projectReplaced();
    updateDirty();
    updateTitle();
}

void ProjectDocument::relint() {
    std::vector<sg::model::Finding> findings;
    try {
        findings = sg::model::lintProject(m_project);
    } catch (const std::exception &e) {
        // Lint never throws by contract; if it did, an empty pane beats a crashed editor.
        findings.clear();
        m_message = tr("Lint failed: %1").arg(QString::fromLocal8Bit(e.what()));
        Q_EMIT messageChanged();
    }
    m_elements.setFindings(findings);
    m_findings.setFindings(std::move(findings), m_project);
}

void ProjectDocument::setFile(const QString &fileName, const QString &displayFileName) {
    m_fileName = fileName;
    m_displayFileName = displayFileName;
    Q_EMIT fileChanged();
    updateTitle();
}

void ProjectDocument::setUnsaved(bool unsaved) {
    m_unsaved = unsaved;
    updateDirty();
}

void ProjectDocument::fail(const QString &title, const QString &message) {
    m_errorMessage = message;
    Q_EMIT errorMessageChanged();
    Q_EMIT operationFailed(title, message);
}

void ProjectDocument::succeed(const QString &message) {
    if (!m_errorMessage.isEmpty()) {
        m_errorMessage.clear();
        Q_EMIT errorMessageChanged();
    }
    m_message = message;
    Q_EMIT messageChanged();
}

void ProjectDocument::updateDirty() {
    const bool dirty = isDirty();
    if (dirty != m_lastDirty) {
        m_lastDirty = dirty;
        Q_EMIT dirtyChanged();
    }
    updateTitle();
}

void ProjectDocument::updateTitle() {
    const QString current = windowTitle();
    if (current != m_lastTitle) {
        m_lastTitle = current;
        Q_EMIT windowTitleChanged();
    }
}

} // namespace sg::app
