// Rows are rebuilt from the model after every change, then merged into the current ones: rows
// whose key stays are updated in place (dataChanged with only the roles that changed), and only
// the stretch where keys differ is removed and inserted. An editor the user is typing in thus
// keeps its delegate, and its focus, whatever else an undo or redo changes.

#include "elementeditor.h"

#include "jsontext.h"
#include "projectdocument.h"
#include "sandboxeventmodel.h"

#include "pattern/matcher.h"
#include "pattern/patternparser.h"

#include <QLocale>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

namespace sg::app {

using model::Json;
using model::JsonRole;
using model::Property;
using model::PropertyControl;

namespace {

const QString kPreviewControl = QStringLiteral("preview");

bool isBlank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The target of an input field: "targets[2].input.inputPath" -> 2; -1 for other keys.
int inputTarget(const std::string &key) {
    constexpr std::string_view kPrefix = "targets[";
    if (!key.starts_with(kPrefix)) {
        return -1;
    }
    const std::size_t close = key.find(']');
    if (close == std::string::npos || key.compare(close, 8, "].input.") != 0) {
        return -1;
    }
    return std::stoi(key.substr(kPrefix.size(), close - kPrefix.size()));
}

// Patterns and constant inputs are shown formatted; what they mean does not change.
bool showsFormatted(const Property &p) {
    return p.json == JsonRole::Pattern || p.json == JsonRole::Constant;
}

// What a field's control shows for a model value.
QVariant displayValue(const Property &p, const Json &value) {
    if (value.is_null() && p.control != PropertyControl::JsonDocument) {
        return {};
    }
    switch (p.control) {
    case PropertyControl::Text:
    case PropertyControl::Multiline:
    case PropertyControl::Choice:
    case PropertyControl::Reference:
    case PropertyControl::Entry:
        return value.is_string() ? toQString(value.get_ref<const std::string &>()) : QVariant();
    case PropertyControl::Integer:
    case PropertyControl::List:
        return value.is_number() ? QVariant(static_cast<int>(value.get<double>())) : QVariant();
    case PropertyControl::Number:
        return value.is_number() ? QVariant(value.get<double>()) : QVariant();
    case PropertyControl::Boolean:
        return value.is_boolean() ? QVariant(value.get<bool>()) : QVariant();
    case PropertyControl::JsonDocument: {
        if (p.jsonText) {
            const std::string text = value.is_string() ? value.get<std::string>() : std::string();
            if (showsFormatted(p)) {
                if (std::optional<std::string> formatted = formatJson(text)) {
                    return toQString(*formatted);
                }
            }
            return toQString(text);
        }
        if (value.is_null()) {
            return QString();
        }
        const std::string compact = value.dump(-1, ' ', false, Json::error_handler_t::replace);
        return toQString(formatJson(compact).value_or(compact));
    }
    case PropertyControl::Section:
        break;
    }
    return {};
}

// The same text without the formatting, when it is JSON; else as it is.
std::string minifiedOrSame(const std::string &text) {
    return minifyJson(text).value_or(text);
}

QVariantMap choice(const QVariant &value, const QString &label) {
    return {{QStringLiteral("value"), value}, {QStringLiteral("label"), label}};
}

} // namespace

ElementEditor::ElementEditor(QObject *parent) : QAbstractListModel(parent) {
}

ElementEditor::~ElementEditor() = default;

void ElementEditor::setDocument(ProjectDocument *document) {
    if (m_document == document) {
        return;
    }
    if (m_document) {
        disconnect(m_document, nullptr, this, nullptr);
    }
    m_document = document;
    if (m_document) {
        // The document announces every change of the model as a selection change (names,
        // references and findings of the selection may all have changed).
        connect(m_document, &ProjectDocument::selectionChanged, this, &ElementEditor::refresh);
        connect(m_document, &QObject::destroyed, this, &ElementEditor::refresh);
    }
    Q_EMIT documentChanged();
    refresh();
}

void ElementEditor::setPreviewSample(int index) {
    if (index != m_previewSample) {
        m_previewSample = index;
        Q_EMIT previewSampleChanged();
        refreshPreviews();
    }
}

QString ElementEditor::kind() const {
    const model::Element *selected = element();
    return selected ? toQString(model::elementKindName(model::elementKind(*selected))) : QString();
}

int ElementEditor::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ElementEditor::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        role < KeyRole || role > DefaultValueRole) {
        return {};
    }
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const bool refused = !m_error.key.isEmpty() && row.key == m_error.key;
    switch (role) {
    case ErrorRole:
        return refused ? m_error.message : QString();
    case ErrorLineRole:
        return refused ? m_error.line : 0;
    case ErrorColumnRole:
        return refused ? m_error.column : 0;
    case ErrorPositionRole:
        return refused ? m_error.position : -1;
    default:
        return row.roles[static_cast<std::size_t>(role - KeyRole)];
    }
}

QHash<int, QByteArray> ElementEditor::roleNames() const {
    return {
        {KeyRole, "key"},
        {LabelRole, "label"},
        {ControlRole, "control"},
        {ValueRole, "value"},
        {MinRole, "min"},
        {MaxRole, "max"},
        {StepRole, "step"},
        {ChoicesRole, "choices"},
        {HelpRole, "help"},
        {ErrorRole, "error"},
        {ErrorLineRole, "errorLine"},
        {ErrorColumnRole, "errorColumn"},
        {ErrorPositionRole, "errorPosition"},
        {JsonKindRole, "jsonKind"},
        {UnitRole, "unit"},
        {DepthRole, "depth"},
        {RemovableRole, "removable"},
        {CanAddRole, "canAdd"},
        {OptionalRole, "optional"},
        {DefaultValueRole, "defaultValue"},
    };
}

int ElementEditor::rowOf(const QString &key) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].key == key) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

QVariant ElementEditor::valueOf(const QString &key) const {
    const int row = rowOf(key);
    return row < 0 ? QVariant() : m_rows[static_cast<std::size_t>(row)].roles[ValueRole - KeyRole];
}

// --- Rows ------------------------------------------------------------------------------------

const model::Element *ElementEditor::element() const {
    if (!m_document || m_elementId.isEmpty()) {
        return nullptr;
    }
    return m_document->project().find(model::ElementId{toStdString(m_elementId)});
}

const Property *ElementEditor::propertyOf(const QString &key) const {
    const int row = rowOf(key);
    if (row < 0) {
        return nullptr;
    }
    const std::optional<Property> &property = m_rows[static_cast<std::size_t>(row)].property;
    return property ? &*property : nullptr;
}

ElementEditor::Row ElementEditor::rowFor(const Property &p) const {
    Row row;
    row.key = toQString(p.key);
    row.control = toQString(model::propertyControlName(p.control));
    const auto set = [&row](Role role, QVariant value) {
        row.roles[static_cast<std::size_t>(role - KeyRole)] = std::move(value);
    };
    set(KeyRole, row.key);
    set(LabelRole, toQString(p.label));
    set(ControlRole, row.control);
    set(ValueRole, displayValue(p, p.value));
    set(MinRole, p.minimum ? QVariant(*p.minimum) : QVariant());
    set(MaxRole, p.maximum ? QVariant(*p.maximum) : QVariant());
    set(StepRole, p.step);
    set(ChoicesRole, choicesOf(p));
    set(HelpRole, toQString(p.help));
    set(JsonKindRole, toQString(model::jsonRoleName(p.json)));
    set(UnitRole, toQString(p.unit));
    set(DepthRole, p.depth);
    set(RemovableRole, p.removable);
    set(CanAddRole,
        p.control == PropertyControl::List &&
            (!p.maximum || (p.value.is_number() && p.value.get<double>() < *p.maximum)));
    set(OptionalRole, p.optional);
    set(DefaultValueRole, displayValue(p, p.defaultValue));
    row.property = p;
    return row;
}

QVariantList ElementEditor::choicesOf(const Property &p) const {
    if (p.choices.empty()) {
        return {};
    }
    CachedChoices &cached = m_choiceCache[p.key];
    if (cached.choices != p.choices || cached.list.isEmpty()) {
        cached.choices = p.choices;
        cached.list.clear();
        cached.list.reserve(static_cast<qsizetype>(p.choices.size()));
        for (const model::PropertyChoice &c : p.choices) {
            cached.list.append(choice(toQString(c.value), toQString(c.label)));
        }
    }
    return cached.list; // shared: comparing it with the row's is one pointer comparison
}

QVariantList ElementEditor::sampleChoices(const std::vector<model::SampleEvent> &samples) const {
    std::vector<std::string> labels;
    labels.reserve(samples.size());
    for (const model::SampleEvent &sample : samples) {
        labels.push_back(sample.label);
    }
    if (labels != m_sampleLabels || m_sampleChoices.isEmpty()) {
        m_sampleLabels = std::move(labels);
        m_sampleChoices = {choice(-1, tr("The first sample the rule matches"))};
        int i = 0;
        for (const std::string &label : m_sampleLabels) {
            m_sampleChoices.append(choice(i++, toQString(label)));
        }
    }
    return m_sampleChoices;
}

ElementEditor::Row ElementEditor::previewRow(int target, const QString &key,
                                             const std::vector<model::SampleEvent> &samples) const {
    Row row;
    row.key = key;
    row.control = kPreviewControl;
    row.target = target;
    const auto set = [&row](Role role, QVariant value) {
        row.roles[static_cast<std::size_t>(role - KeyRole)] = std::move(value);
    };
    set(KeyRole, key);
    set(LabelRole, tr("What the target receives"));
    set(ControlRole, kPreviewControl);
    set(ValueRole, preview(target, samples));
    set(StepRole, 1);
    set(ChoicesRole, sampleChoices(samples));
    set(HelpRole, tr("The target's input applied to a sample event, including what is being "
                     "typed and not yet committed."));
    set(JsonKindRole, QString());
    set(UnitRole, QString());
    set(DepthRole, 1);
    set(RemovableRole, false);
    set(CanAddRole, false);
    set(OptionalRole, false);
    return row;
}

std::vector<ElementEditor::Row> ElementEditor::buildRows() const {
    std::vector<Row> rows;
    if (!element()) {
        return rows;
    }
    const std::vector<Property> properties = model::describeProperties(
        m_document->project(), model::ElementId{toStdString(m_elementId)});
    rows.reserve(properties.size() + 5);
    const bool targets = std::any_of(properties.begin(), properties.end(),
                                     [](const Property &p) { return inputTarget(p.key) >= 0; });
    const std::vector<model::SampleEvent> samples =
        targets ? model::projectSamples(m_document->project()) : std::vector<model::SampleEvent>{};
    for (std::size_t i = 0; i < properties.size(); ++i) {
        rows.push_back(rowFor(properties[i]));
        // Each target's input fields end with what the target receives.
        const int target = inputTarget(properties[i].key);
        if (target >= 0 &&
            (i + 1 == properties.size() || inputTarget(properties[i + 1].key) != target)) {
            rows.push_back(
                previewRow(target, QStringLiteral("targets[%1].preview").arg(target), samples));
        }
    }
    return rows;
}

void ElementEditor::refresh() {
    const QString id = m_document ? m_document->selectedId() : QString();
    if (id != m_elementId || !m_document) {
        beginResetModel();
        m_elementId = id;
        m_drafts.clear();
        m_choiceCache.clear();
        m_rows = buildRows();
        endResetModel();
        setRefusal(std::nullopt);
        Q_EMIT elementChanged();
        Q_EMIT countChanged();
        return;
    }

    std::vector<Row> fresh = buildRows();
    const auto same = [](const Row &a, const Row &b) {
        return a.key == b.key && a.control == b.control;
    };
    const std::size_t oldCount = m_rows.size();
    const std::size_t newCount = fresh.size();
    std::size_t prefix = 0;
    while (prefix < oldCount && prefix < newCount && same(m_rows[prefix], fresh[prefix])) {
        ++prefix;
    }
    std::size_t suffix = 0;
    while (suffix < oldCount - prefix && suffix < newCount - prefix &&
           same(m_rows[oldCount - 1 - suffix], fresh[newCount - 1 - suffix])) {
        ++suffix;
    }
    const auto at = [](std::size_t i) {
        return static_cast<std::ptrdiff_t>(i);
    };
    if (oldCount - prefix - suffix > 0) {
        beginRemoveRows({}, static_cast<int>(prefix), static_cast<int>(oldCount - suffix - 1));
        m_rows.erase(m_rows.begin() + at(prefix), m_rows.begin() + at(oldCount - suffix));
        endRemoveRows();
    }
    if (newCount - prefix - suffix > 0) {
        beginInsertRows({}, static_cast<int>(prefix), static_cast<int>(newCount - suffix - 1));
        m_rows.insert(m_rows.begin() + at(prefix),
                      std::make_move_iterator(fresh.begin() + at(prefix)),
                      std::make_move_iterator(fresh.begin() + at(newCount - suffix)));
        endInsertRows();
    }
    for (std::size_t i = 0; i < prefix; ++i) {
        updateRow(static_cast<int>(i), std::move(fresh[i]));
    }
    for (std::size_t i = newCount - suffix; i < newCount; ++i) {
        updateRow(static_cast<int>(i), std::move(fresh[i]));
    }
    // Drafts and refusals of fields that are gone (a removed target) go with them.
    for (auto it = m_drafts.begin(); it != m_drafts.end();) {
        it = rowOf(it.key()) < 0 ? m_drafts.erase(it) : std::next(it);
    }
    if (!m_error.key.isEmpty() && rowOf(m_error.key) < 0) {
        setRefusal(std::nullopt);
    }
    if (oldCount != newCount) {
        Q_EMIT countChanged();
    }
}

void ElementEditor::updateRow(int row, Row fresh) {
    Row &current = m_rows[static_cast<std::size_t>(row)];
    QList<int> changed;
    for (std::size_t r = 0; r < current.roles.size(); ++r) {
        if (current.roles[r] != fresh.roles[r]) {
            changed.append(KeyRole + static_cast<int>(r));
        }
    }
    current = std::move(fresh);
    if (!changed.isEmpty()) {
        const QModelIndex i = index(row);
        Q_EMIT dataChanged(i, i, changed);
    }
}

void ElementEditor::refreshPreviews() {
    std::optional<std::vector<model::SampleEvent>> samples;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].control == kPreviewControl) {
            if (!samples) {
                samples = model::projectSamples(m_document->project());
            }
            updateRow(static_cast<int>(i), previewRow(m_rows[i].target, m_rows[i].key, *samples));
        }
    }
}

// --- Values ----------------------------------------------------------------------------------

ElementEditor::Converted ElementEditor::convert(const Property &p, const QVariant &value,
                                                bool forCommit) const {
    Converted out;
    const auto refuse = [&p, &out](const QString &message) {
        out.refusal = Refusal{toQString(p.key), message, 0, 0, -1};
    };
    const QString label = toQString(p.label);
    switch (p.control) {
    case PropertyControl::Text:
    case PropertyControl::Multiline:
    case PropertyControl::Choice:
    case PropertyControl::Reference:
        out.value = toStdString(value.toString());
        break;
    case PropertyControl::Boolean:
        out.value = value.toBool();
        break;
    case PropertyControl::Integer:
    case PropertyControl::Number: {
        double number = 0;
        bool ok = false;
        if (value.typeId() == QMetaType::QString) {
            const QString text = value.toString().trimmed();
            number = QLocale::c().toDouble(text, &ok);
        } else if (value.canConvert<double>() && value.isValid()) {
            number = value.toDouble(&ok);
        }
        if (!ok) {
            refuse(
                p.control == PropertyControl::Integer
                    ? tr("%1 must be a whole number, not \u201c%2\u201d")
                          .arg(label, value.toString())
                    : tr("%1 must be a number, not \u201c%2\u201d").arg(label, value.toString()));
            break;
        }
        if (p.control == PropertyControl::Integer && std::isfinite(number) &&
            std::floor(number) == number && std::fabs(number) < 1e15) {
            out.value = static_cast<long long>(number);
        } else {
            out.value = number;
        }
        break;
    }
    case PropertyControl::JsonDocument: {
        const QString text = value.toString();
        const std::string utf8 = toStdString(text);
        if (p.jsonText) {
            out.value = forCommit && p.json == JsonRole::Pattern ? minifiedOrSame(utf8) : utf8;
            break;
        }
        if (isBlank(utf8)) {
            out.value = nullptr; // no schema; anything else says what it must be
            break;
        }
        if (std::optional<TextProblem> problem = checkJsonSyntax(utf8)) {
            completePosition(utf8, *problem);
            out.refusal =
                Refusal{toQString(p.key),
                        tr("%1 is not valid JSON: %2").arg(label, toQString(problem->message)),
                        problem->line, problem->column,
                        problem->offset == TextProblem::kNoOffset
                            ? -1
                            : indexOfUtf8Offset(text, problem->offset)};
            break;
        }
        out.value = Json::parse(utf8);
        break;
    }
    case PropertyControl::List:
    case PropertyControl::Entry:
    case PropertyControl::Section:
        refuse(tr("%1 is a heading: add or remove its entries instead").arg(label));
        break;
    }
    return out;
}

ElementEditor::Refusal ElementEditor::refusalFrom(const QString &key, const sg::Error &error,
                                                  const QString &text) {
    Refusal refusal{key, toQString(error.message), 0, 0, -1};
    if (error.offset == sg::Error::kNoOffset && !error.hasPosition()) {
        return refusal;
    }
    const std::string utf8 = toStdString(text);
    TextProblem problem{error.message, error.offset, error.line, error.column};
    completePosition(utf8, problem);
    refusal.line = problem.line;
    refusal.column = problem.column;
    refusal.position =
        problem.offset == TextProblem::kNoOffset ? -1 : indexOfUtf8Offset(text, problem.offset);
    return refusal;
}

bool ElementEditor::setValue(const QString &key, const QVariant &value) {
    const model::Element *current = element();
    const Property *property = propertyOf(key);
    if (!current || !property) {
        fail(key, tr("The selected element has no property %1").arg(key));
        return false;
    }
    const Property p = *property; // rows change while the edit is applied
    const model::Project &project = m_document->project();

    // Checked as typed, so that a refusal points into the text the user sees.
    const Converted typed = convert(p, value, false);
    if (typed.refusal) {
        setRefusal(typed.refusal);
        return false;
    }
    if (const Result<model::Element> checked =
            model::withProperty(project, *current, p.key, typed.value);
        !checked) {
        // Positions are only meaningful in a text the field shows as it was typed.
        const bool positioned = p.control == PropertyControl::Text ||
                                (p.control == PropertyControl::JsonDocument && p.jsonText);
        setRefusal(refusalFrom(key, checked.error(), positioned ? value.toString() : QString()));
        return false;
    }

    const Json committed = convert(p, value, true).value;
    const bool unchanged = committed == p.value ||
                           (showsFormatted(p) && committed.is_string() && p.value.is_string() &&
                            minifiedOrSame(committed.get<std::string>()) ==
                                minifiedOrSame(p.value.get<std::string>()));
    if (!unchanged) {
        Result<model::Command> command = model::setProperty(
            project, model::ElementId{toStdString(m_elementId)}, p.key, committed);
        if (!command) {
            fail(key, toQString(command.error().message));
            return false;
        }
        if (const QString refused = m_document->applyOrExplain(std::move(command).value());
            !refused.isEmpty()) {
            fail(key, refused);
            return false;
        }
    }
    if (m_error.key == key) {
        setRefusal(std::nullopt);
    }
    clearDraft(key);
    return true;
}

bool ElementEditor::addEntry(const QString &listKey, const QVariant &value) {
    if (!element()) {
        fail(listKey, tr("Nothing is selected"));
        return false;
    }
    const Json wanted = value.isValid() && !value.toString().isEmpty()
                            ? Json(toStdString(value.toString()))
                            : Json(nullptr);
    Result<model::Command> command =
        model::addListEntry(m_document->project(), model::ElementId{toStdString(m_elementId)},
                            toStdString(listKey), wanted);
    if (!command) {
        fail(listKey, toQString(command.error().message));
        return false;
    }
    if (const QString refused = m_document->applyOrExplain(std::move(command).value());
        !refused.isEmpty()) {
        fail(listKey, refused);
        return false;
    }
    if (m_error.key == listKey) {
        setRefusal(std::nullopt);
    }
    return true;
}

bool ElementEditor::removeEntry(const QString &entryKey) {
    if (!element()) {
        fail(entryKey, tr("Nothing is selected"));
        return false;
    }
    Result<model::Command> command = model::removeListEntry(
        m_document->project(), model::ElementId{toStdString(m_elementId)}, toStdString(entryKey));
    if (!command) {
        fail(entryKey, toQString(command.error().message));
        return false;
    }
    if (const QString refused = m_document->applyOrExplain(std::move(command).value());
        !refused.isEmpty()) {
        fail(entryKey, refused);
        return false;
    }
    return true;
}

void ElementEditor::clearError() {
    setRefusal(std::nullopt);
}

void ElementEditor::fail(const QString &key, const QString &message) {
    setRefusal(Refusal{key, message, 0, 0, -1});
}

void ElementEditor::setRefusal(std::optional<Refusal> refusal) {
    const Refusal next = refusal.value_or(Refusal{});
    if (next.key == m_error.key && next.message == m_error.message && next.line == m_error.line &&
        next.column == m_error.column && next.position == m_error.position) {
        return;
    }
    const int before = rowOf(m_error.key);
    m_error = next;
    const QList<int> roles{ErrorRole, ErrorLineRole, ErrorColumnRole, ErrorPositionRole};
    if (before >= 0) {
        Q_EMIT dataChanged(index(before), index(before), roles);
    }
    if (const int after = rowOf(m_error.key); after >= 0 && after != before) {
        Q_EMIT dataChanged(index(after), index(after), roles);
    }
    Q_EMIT errorChanged();
}

// --- Checks ----------------------------------------------------------------------------------

QVariantMap ElementEditor::checkValue(const QString &key, const QVariant &value) const {
    const model::Element *current = element();
    const Property *p = propertyOf(key);
    QVariantMap out{{QStringLiteral("valid"), false},
                    {QStringLiteral("message"), QString()},
                    {QStringLiteral("line"), 0},
                    {QStringLiteral("column"), 0},
                    {QStringLiteral("position"), -1}};
    const auto report = [&out](const Refusal &refusal) {
        out[QStringLiteral("message")] = refusal.message;
        out[QStringLiteral("line")] = refusal.line;
        out[QStringLiteral("column")] = refusal.column;
        out[QStringLiteral("position")] = refusal.position;
    };
    if (!current || !p) {
        out[QStringLiteral("message")] = tr("The selected element has no property %1").arg(key);
        return out;
    }
    const Converted typed = convert(*p, value, false);
    if (typed.refusal) {
        report(*typed.refusal);
        return out;
    }
    const Result<model::Element> checked =
        model::withProperty(m_document->project(), *current, p->key, typed.value);
    if (!checked) {
        const bool positioned = p->control == PropertyControl::Text ||
                                (p->control == PropertyControl::JsonDocument && p->jsonText);
        report(refusalFrom(key, checked.error(), positioned ? value.toString() : QString()));
        return out;
    }
    out[QStringLiteral("valid")] = true;
    return out;
}

QVariantMap ElementEditor::checkPattern(const QString &text) const {
    const std::string utf8 = toStdString(text);
    const bool empty = isBlank(utf8);
    QVariantMap out{{QStringLiteral("empty"), empty},       {QStringLiteral("valid"), empty},
                    {QStringLiteral("message"), QString()}, {QStringLiteral("line"), 0},
                    {QStringLiteral("column"), 0},          {QStringLiteral("position"), -1}};
    model::Matcher matcher;
    bool matching = false;
    if (!empty) {
        const Result<model::EventPattern> pattern = model::parseEventPattern(utf8);
        if (pattern) {
            matcher.add(1, *pattern);
            matching = true;
            out[QStringLiteral("valid")] = true;
        } else {
            const Refusal refusal = refusalFrom({}, pattern.error(), text);
            out[QStringLiteral("message")] = refusal.message;
            out[QStringLiteral("line")] = refusal.line;
            out[QStringLiteral("column")] = refusal.column;
            out[QStringLiteral("position")] = refusal.position;
        }
    }
    QVariantList matches;
    int matchCount = 0;
    if (m_document) {
        std::vector<model::RuleId> matched;
        for (const model::SampleEvent &sample : model::projectSamples(m_document->project())) {
            bool hit = false;
            if (matching) {
                matcher.match(*sample.event, matched);
                hit = !matched.empty();
            }
            matchCount += hit ? 1 : 0;
            matches.append(QVariantMap{
                {QStringLiteral("eventType"), toQString(sample.eventType.value)},
                {QStringLiteral("sampleIndex"), static_cast<int>(sample.index)},
                {QStringLiteral("label"), toQString(sample.label)},
                {QStringLiteral("matched"), hit},
                {QStringLiteral("status"), static_cast<int>(!matching ? SandboxEventModel::Pending
                                                            : hit     ? SandboxEventModel::Match
                                                                  : SandboxEventModel::NoMatch)},
            });
        }
    }
    out[QStringLiteral("matches")] = matches;
    out[QStringLiteral("matchCount")] = matchCount;
    return out;
}

// --- Previews --------------------------------------------------------------------------------

void ElementEditor::setDraft(const QString &key, const QVariant &value) {
    if (m_drafts.value(key) == value && m_drafts.contains(key)) {
        return;
    }
    m_drafts.insert(key, value);
    refreshPreviews();
}

void ElementEditor::clearDraft(const QString &key) {
    if (m_drafts.remove(key) > 0) {
        refreshPreviews();
    }
}

std::optional<model::Element> ElementEditor::drafted(QString *problem) const {
    const model::Element *current = element();
    if (!current) {
        return std::nullopt;
    }
    model::Element out = *current;
    // In key order: a paths map comes before the template that uses it.
    QStringList keys = m_drafts.keys();
    keys.sort();
    for (const QString &key : keys) {
        const Property *p = propertyOf(key);
        if (!p) {
            continue;
        }
        const Converted typed = convert(*p, m_drafts.value(key), false);
        if (typed.refusal) {
            *problem = typed.refusal->message;
            continue;
        }
        Result<model::Element> edited =
            model::withProperty(m_document->project(), out, p->key, typed.value);
        if (!edited) {
            *problem = toQString(edited.error().message);
            continue;
        }
        out = std::move(edited).value();
    }
    return out;
}

QVariantMap ElementEditor::preview(int target,
                                   const std::vector<model::SampleEvent> &samples) const {
    QVariantMap out{{QStringLiteral("delivered"), false},  {QStringLiteral("text"), QString()},
                    {QStringLiteral("error"), QString()},  {QStringLiteral("reason"), QString()},
                    {QStringLiteral("sample"), QString()}, {QStringLiteral("sampleIndex"), -1},
                    {QStringLiteral("matches"), false}};
    QString problem;
    const std::optional<model::Element> element = drafted(&problem);
    const auto *rule = element ? std::get_if<model::Rule>(&*element) : nullptr;
    if (!rule || target < 0 || static_cast<std::size_t>(target) >= rule->targets.size()) {
        return out;
    }
    const model::Project &project = m_document->project();
    if (samples.empty()) {
        out[QStringLiteral("reason")] =
            tr("The model has no sample events: add one to an event type to see what the target "
               "receives.");
        return out;
    }
    const model::Target &t = rule->targets[static_cast<std::size_t>(target)];
    std::size_t chosen = 0;
    if (m_previewSample >= 0 && static_cast<std::size_t>(m_previewSample) < samples.size()) {
        chosen = static_cast<std::size_t>(m_previewSample);
    } else if (Result<model::EventPattern> pattern = model::parseEventPattern(rule->pattern);
               pattern && !isBlank(rule->pattern)) {
        model::Matcher matcher;
        matcher.add(1, *pattern);
        std::vector<model::RuleId> matched;
        for (std::size_t i = 0; i < samples.size(); ++i) {
            matcher.match(*samples[i].event, matched);
            if (!matched.empty()) {
                chosen = i;
                break;
            }
        }
    }
    const model::InputPreview result =
        model::previewTargetInput(project, *rule, t, *samples[chosen].event);
    out[QStringLiteral("sample")] = toQString(samples[chosen].label);
    out[QStringLiteral("sampleIndex")] = static_cast<int>(chosen);
    out[QStringLiteral("matches")] = result.matches;
    out[QStringLiteral("error")] = problem.isEmpty() ? toQString(result.error) : problem;
    out[QStringLiteral("delivered")] = problem.isEmpty() && result.delivery.delivered;
    out[QStringLiteral("text")] = toQString(result.delivery.text);
    out[QStringLiteral("reason")] = toQString(result.delivery.reason);
    return out;
}

} // namespace sg::app
