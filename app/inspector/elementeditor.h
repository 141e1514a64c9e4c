#pragma once
// ElementEditor: the inspector's list of the selected element's properties (one row per key of
// sg::model::describeProperties()), the edits it makes — set a value, add or remove a list entry,
// each one undoable command through ProjectDocument — and the checks that commit nothing: a value
// or a pattern as the user types it, and what a rule target would receive for a sample event.

#include "arch/properties.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>
#include <QString>
#include <QVariant>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sg::app {

class ProjectDocument;

class ElementEditor : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT

    // The document whose selected element is edited; rows follow its selection and every change.
    Q_PROPERTY(sg::app::ProjectDocument *document READ document WRITE setDocument NOTIFY
                   documentChanged FINAL)
    // The element the rows describe (the document's selectedId when it was last refreshed).
    Q_PROPERTY(QString elementId READ elementId NOTIFY elementChanged FINAL)
    // Its kind as files spell it ("rule", "sticky"); empty without a selection.
    Q_PROPERTY(QString kind READ kind NOTIFY elementChanged FINAL)
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)
    // The last refusal, and the key of the field it concerns (also in that row's error role);
    // empty after a successful edit of that field, or another selection.
    Q_PROPERTY(QString error READ error NOTIFY errorChanged FINAL)
    Q_PROPERTY(QString errorKey READ errorKey NOTIFY errorChanged FINAL)
    // The sample event the target input previews use (an index into the project's samples); -1
    // picks the first sample the rule's pattern matches.
    Q_PROPERTY(int previewSample READ previewSample WRITE setPreviewSample NOTIFY
                   previewSampleChanged FINAL)

public:
    enum Role {
        KeyRole = Qt::UserRole + 1,
        LabelRole,
        ControlRole, // "text", "multiline", "integer", "number", "boolean", "choice", "reference",
                     // "json", "list", "entry", "section", or "preview" (a target's input preview)
        ValueRole,   // a string, int, double or bool suited to the control; JSON as text
        MinRole,     // undefined when unbounded
        MaxRole,
        StepRole,
        ChoicesRole, // maps of value and label (choices, reference candidates, preview samples)
        HelpRole,
        ErrorRole,         // the refusal of this field's last edit, empty when none
        ErrorLineRole,     // 1-based, 0 when the refusal has no position
        ErrorColumnRole,   // 1-based, 0 when unknown
        ErrorPositionRole, // a character index into the value's text, -1 when unknown
        JsonKindRole,      // sg::model::jsonRoleName(): "pattern", "schema", "template", ...
        UnitRole,
        DepthRole,
        RemovableRole,
        CanAddRole, // a list that takes another entry
        OptionalRole,
        DefaultValueRole, // AWS's default, undefined when none
    };
    Q_ENUM(Role)

    explicit ElementEditor(QObject *parent = nullptr);
    ~ElementEditor() override;
    ElementEditor(const ElementEditor &) = delete;
    ElementEditor &operator=(const ElementEditor &) = delete;

    [[nodiscard]] ProjectDocument *document() const { return m_document; }
    void setDocument(ProjectDocument *document);
    [[nodiscard]] QString elementId() const { return m_elementId; }
    [[nodiscard]] QString kind() const;
    [[nodiscard]] int count() const { return static_cast<int>(m_rows.size()); }
    [[nodiscard]] QString error() const { return m_error.message; }
    [[nodiscard]] QString errorKey() const { return m_error.key; }
    [[nodiscard]] int previewSample() const { return m_previewSample; }
    void setPreviewSample(int index);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    // The row of `key`, -1 when the element has no such property.
    Q_INVOKABLE int rowOf(const QString &key) const;
    // The value of `key` as the value role gives it.
    Q_INVOKABLE QVariant valueOf(const QString &key) const;

    // Sets `key` to `value` (what the field's control holds: text for JSON) as one undoable
    // command. False, with the refusal in `error`, when the model refuses it; a value equal to
    // the current one changes nothing and succeeds.
    Q_INVOKABLE bool setValue(const QString &key, const QVariant &value);
    // Adds an entry to the list `listKey` (`value`, when given, names what it refers to), or
    // removes the entry `entryKey`; one undoable command each.
    Q_INVOKABLE bool addEntry(const QString &listKey, const QVariant &value = {});
    Q_INVOKABLE bool removeEntry(const QString &entryKey);
    Q_INVOKABLE void clearError();

    // Whether `value` would be accepted for `key`, committing nothing: a map of valid, message,
    // line, column and position (a character index into `value`'s text, -1 when unknown).
    Q_INVOKABLE QVariantMap checkValue(const QString &key, const QVariant &value) const;
    // The pattern editor's live check: valid, empty, message, line, column, position, and
    // matches: one map per sample event of the project's event types (eventType, sampleIndex,
    // label, matched, status as SandboxEventModel::Status) with matchCount.
    Q_INVOKABLE QVariantMap checkPattern(const QString &text) const;

    // Values being typed but not committed yet, which the target input previews (and the pattern
    // they match with) take into account; cleared by a commit of that key or another selection.
    Q_INVOKABLE void setDraft(const QString &key, const QVariant &value);
    Q_INVOKABLE void clearDraft(const QString &key);

Q_SIGNALS:
    void documentChanged();
    void elementChanged();
    void countChanged();
    void errorChanged();
    void previewSampleChanged();

private:
    static constexpr int kRoleCount = DefaultValueRole - KeyRole + 1;

    struct Row {
        QString key;
        QString control;
        std::optional<sg::model::Property> property; // none for a preview row
        int target = -1;                             // a preview row's target index
        std::array<QVariant, kRoleCount> roles;      // indexed by role - KeyRole
    };

    struct Refusal {
        QString key;
        QString message;
        int line = 0;
        int column = 0;
        int position = -1;
    };

    // A value from QML, as the model takes it; a refusal (positioned in the text) when it cannot
    // be one.
    struct Converted {
        sg::model::Json value;
        std::optional<Refusal> refusal;
    };

    void refresh();
    [[nodiscard]] std::vector<Row> buildRows() const;
    [[nodiscard]] Row rowFor(const sg::model::Property &property) const;
    [[nodiscard]] Row previewRow(int target, const QString &key,
                                 const std::vector<sg::model::SampleEvent> &samples) const;
    [[nodiscard]] QVariantMap preview(int target,
                                      const std::vector<sg::model::SampleEvent> &samples) const;
    // The choices of a property as QML takes them, rebuilt only when they change: a reference
    // may have thousands of candidates, and every edit refreshes the rows.
    [[nodiscard]] QVariantList choicesOf(const sg::model::Property &property) const;
    [[nodiscard]] QVariantList
    sampleChoices(const std::vector<sg::model::SampleEvent> &samples) const;
    void refreshPreviews();
    void updateRow(int row, Row fresh);
    [[nodiscard]] const sg::model::Element *element() const;
    [[nodiscard]] const sg::model::Property *propertyOf(const QString &key) const;
    [[nodiscard]] Converted convert(const sg::model::Property &property, const QVariant &value,
                                    bool forCommit) const;
    // The element with every draft applied (the first refusal in `problem`).
    [[nodiscard]] std::optional<sg::model::Element> drafted(QString *problem) const;
    void setRefusal(std::optional<Refusal> refusal);
    void fail(const QString &key, const QString &message);
    [[nodiscard]] static Refusal refusalFrom(const QString &key, const sg::Error &error,
                                             const QString &text);

    QPointer<ProjectDocument> m_document;
    QString m_elementId;
    std::vector<Row> m_rows;
    Refusal m_error;
    QHash<QString, QVariant> m_drafts;
    int m_previewSample = -1;
    struct CachedChoices {
        std::vector<sg::model::PropertyChoice> choices;
        QVariantList list;
    };
    mutable std::unordered_map<std::string, CachedChoices> m_choiceCache; // by property key
    mutable std::vector<std::string> m_sampleLabels;
    mutable QVariantList m_sampleChoices;
};

} // namespace sg::app
