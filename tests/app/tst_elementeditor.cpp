// ElementEditor under QAbstractItemModelTester: its rows are the selected element's properties,
// each edit is one undoable command (or a refusal keyed by its field), undo and redo update rows
// in place, and the live checks (values, patterns with their matches, target input previews)
// commit nothing.

#include "inspector/elementeditor.h"
#include "projectdocument.h"
#include "sandboxeventmodel.h"

#include "arch/properties.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using sg::app::ElementEditor;
using sg::app::ProjectDocument;
using sg::app::SandboxEventModel;
using sg::model::ElementId;

namespace {

const QString kAttempts = QStringLiteral("targets[0].retryPolicy.maximumRetryAttempts");

QString qs(const std::string &text) {
    return QString::fromStdString(text);
}

} // namespace

class TestElementEditor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void theRowsAreTheSelectedElementsProperties();
    void rolesAreWhatTheInspectorBindsTo();
    void settingAValueIsOneUndoableCommand();
    void aValueTypedAsTextIsTakenAsANumber();
    void aRefusalIsShownBesideItsField();
    void anUnchangedValueIsNoCommand();
    void undoAndRedoUpdateRowsInPlace();
    void aNewLatencyKindReplacesOnlyItsParameters();
    void selectingAnotherElementResetsTheRows();
    void checkingAValueCommitsNothing_data();
    void checkingAValueCommitsNothing();
    void thePatternCheckPointsAtTheErrorAndListsMatches();
    void aPatternIsCommittedAsOneCommand();
    void jsonIsEditedAsTextAndItsSyntaxErrorsArePositioned();
    void listEntriesAreAddedAndRemoved();
    void thePreviewShowsWhatTheTargetReceivesAsTyped();
    void referencesOfferTheElementsTheyMayName();

private:
    [[nodiscard]] int row(const QString &key) const;
    [[nodiscard]] QVariant roleOf(const QString &key, int role) const;
    [[nodiscard]] const sg::model::Rule &billOrder() const;

    std::unique_ptr<ProjectDocument> m_document;
    std::unique_ptr<ElementEditor> m_editor;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestElementEditor::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QDir(sg::app::RecoveryFile::folder()).removeRecursively();
}

void TestElementEditor::init() {
    m_document = std::make_unique<ProjectDocument>();
    QVERIFY(m_document->open(QUrl::fromLocalFile(
        QStringLiteral(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json"))));
    m_editor = std::make_unique<ElementEditor>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_editor.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_editor->setDocument(m_document.get());
    m_document->select(QStringLiteral("bill-order"));
}

void TestElementEditor::cleanup() {
    m_tester.reset();
    m_editor.reset();
    m_document.reset();
}

int TestElementEditor::row(const QString &key) const {
    return m_editor->rowOf(key);
}

QVariant TestElementEditor::roleOf(const QString &key, int role) const {
    return m_editor->data(m_editor->index(row(key)), role);
}

const sg::model::Rule &TestElementEditor::billOrder() const {
    return *m_document->project().get<sg::model::Rule>(ElementId{"bill-order"});
}

void TestElementEditor::theRowsAreTheSelectedElementsProperties() {
    QCOMPARE(m_editor->elementId(), QStringLiteral("bill-order"));
    QCOMPARE(m_editor->kind(), QStringLiteral("rule"));
    const std::vector<sg::model::Property> properties =
        sg::model::describeProperties(m_document->project(), ElementId{"bill-order"});
    // One more row: what the one target receives, after its input fields.
    QCOMPARE(m_editor->rowCount(), static_cast<int>(properties.size()) + 1);
    QCOMPARE(m_editor->count(), m_editor->rowCount());
    for (const sg::model::Property &p : properties) {
        QVERIFY2(row(qs(p.key)) >= 0, p.key.c_str());
    }
    const int preview = row(QStringLiteral("targets[0].preview"));
    QVERIFY(preview > row(QStringLiteral("targets[0].input.inputPath")));
    QCOMPARE(roleOf(QStringLiteral("targets[0].preview"), ElementEditor::ControlRole).toString(),
             QStringLiteral("preview"));

    m_document->select({});
    QCOMPARE(m_editor->rowCount(), 0);
    QVERIFY(m_editor->elementId().isEmpty());
}

void TestElementEditor::rolesAreWhatTheInspectorBindsTo() {
    const QHash<int, QByteArray> names = m_editor->roleNames();
    for (const char *name :
         {"key",     "label", "control",   "value",     "min",         "max",           "step",
          "choices", "help",  "error",     "errorLine", "errorColumn", "errorPosition", "jsonKind",
          "unit",    "depth", "removable", "canAdd",    "optional",    "defaultValue"}) {
        QVERIFY2(names.values().contains(QByteArray(name)), name);
    }
    QCOMPARE(roleOf(kAttempts, ElementEditor::ControlRole).toString(), QStringLiteral("integer"));
    QCOMPARE(roleOf(kAttempts, ElementEditor::ValueRole).toInt(), 185);
    QCOMPARE(roleOf(kAttempts, ElementEditor::MinRole).toDouble(), 0.0);
    QCOMPARE(roleOf(kAttempts, ElementEditor::MaxRole).toDouble(), 185.0);
    QCOMPARE(roleOf(kAttempts, ElementEditor::DefaultValueRole).toInt(), 185);
    QCOMPARE(roleOf(kAttempts, ElementEditor::DepthRole).toInt(), 1);
    QVERIFY(roleOf(kAttempts, ElementEditor::HelpRole).toString().contains(u"AWS default"));
    QVERIFY(roleOf(kAttempts, ElementEditor::ErrorRole).toString().isEmpty());
    QVERIFY(!roleOf(QStringLiteral("description"), ElementEditor::MinRole).isValid());

    QCOMPARE(roleOf(QStringLiteral("enabled"), ElementEditor::ValueRole), QVariant(true));
    QCOMPARE(roleOf(QStringLiteral("pattern"), ElementEditor::JsonKindRole).toString(),
             QStringLiteral("pattern"));
    // A pattern is shown formatted.
    QVERIFY(roleOf(QStringLiteral("pattern"), ElementEditor::ValueRole)
                .toString()
                .contains(u"\n  \"source\""));
    QCOMPARE(roleOf(QStringLiteral("targets"), ElementEditor::ControlRole).toString(),
             QStringLiteral("list"));
    QVERIFY(roleOf(QStringLiteral("targets"), ElementEditor::CanAddRole).toBool());
    QVERIFY(roleOf(QStringLiteral("targets[0]"), ElementEditor::RemovableRole).toBool());
    const QVariantList kinds =
        roleOf(QStringLiteral("targets[0].input.kind"), ElementEditor::ChoicesRole).toList();
    QCOMPARE(kinds.size(), 4);
    QCOMPARE(kinds.first().toMap().value(QStringLiteral("value")).toString(),
             QStringLiteral("wholeEvent"));
}

void TestElementEditor::settingAValueIsOneUndoableCommand() {
    const int before = m_document->undoStack()->count();
    QSignalSpy changed(m_editor.get(), &ElementEditor::dataChanged);
    QVERIFY2(m_editor->setValue(kAttempts, 10), qPrintable(m_editor->error()));
    QCOMPARE(billOrder().targets[0].retryPolicy.maximumRetryAttempts, 10);
    QCOMPARE(m_document->undoStack()->count(), before + 1);
    QCOMPARE(m_document->undoText(),
             QStringLiteral("Set maximum retry attempts of bill-order/billing to 10"));
    QCOMPARE(roleOf(kAttempts, ElementEditor::ValueRole).toInt(), 10);
    QVERIFY(!changed.isEmpty());
    QVERIFY(m_editor->error().isEmpty());

    m_document->undo();
    QCOMPARE(billOrder().targets[0].retryPolicy.maximumRetryAttempts, 185);
    QCOMPARE(roleOf(kAttempts, ElementEditor::ValueRole).toInt(), 185);
}

void TestElementEditor::aValueTypedAsTextIsTakenAsANumber() {
    QVERIFY(m_editor->setValue(kAttempts, QStringLiteral(" 12 ")));
    QCOMPARE(billOrder().targets[0].retryPolicy.maximumRetryAttempts, 12);
    QVERIFY(!m_editor->setValue(kAttempts, QStringLiteral("twelve")));
    QVERIFY(m_editor->error().contains(u"whole number"));
    QCOMPARE(m_editor->errorKey(), kAttempts);
}

void TestElementEditor::aRefusalIsShownBesideItsField() {
    const int before = m_document->undoStack()->count();
    QSignalSpy errors(m_editor.get(), &ElementEditor::errorChanged);
    QSignalSpy changed(m_editor.get(), &ElementEditor::dataChanged);
    QVERIFY(!m_editor->setValue(kAttempts, 200));
    QCOMPARE(m_document->undoStack()->count(), before);
    QCOMPARE(billOrder().targets[0].retryPolicy.maximumRetryAttempts, 185);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(m_editor->errorKey(), kAttempts);
    QVERIFY2(m_editor->error().contains(u"between 0 and 185"), qPrintable(m_editor->error()));
    QCOMPARE(roleOf(kAttempts, ElementEditor::ErrorRole).toString(), m_editor->error());
    QVERIFY(roleOf(QStringLiteral("name"), ElementEditor::ErrorRole).toString().isEmpty());
    // Only the field's row was told, and only its error roles.
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), row(kAttempts));
    QVERIFY(changed.first().at(2).value<QList<int>>().contains(ElementEditor::ErrorRole));

    // A successful edit of the field clears its refusal.
    QVERIFY(m_editor->setValue(kAttempts, 3));
    QVERIFY(m_editor->error().isEmpty());
    QVERIFY(roleOf(kAttempts, ElementEditor::ErrorRole).toString().isEmpty());
}

void TestElementEditor::anUnchangedValueIsNoCommand() {
    const int before = m_document->undoStack()->count();
    QVERIFY(m_editor->setValue(kAttempts, 185));
    QVERIFY(m_editor->setValue(QStringLiteral("name"), QStringLiteral("Bill order")));
    // The pattern as shown (formatted) is the pattern as stored.
    QVERIFY(m_editor->setValue(QStringLiteral("pattern"),
                               roleOf(QStringLiteral("pattern"), ElementEditor::ValueRole)));
    QCOMPARE(m_document->undoStack()->count(), before);
}

void TestElementEditor::undoAndRedoUpdateRowsInPlace() {
    QVERIFY(m_editor->setValue(QStringLiteral("description"), QStringLiteral("Changed")));
    QSignalSpy reset(m_editor.get(), &ElementEditor::modelReset);
    QSignalSpy inserted(m_editor.get(), &ElementEditor::rowsInserted);
    QSignalSpy removed(m_editor.get(), &ElementEditor::rowsRemoved);
    QSignalSpy changed(m_editor.get(), &ElementEditor::dataChanged);
    m_document->undo();
    QCOMPARE(roleOf(QStringLiteral("description"), ElementEditor::ValueRole).toString(),
             QStringLiteral("Charge every placed order"));
    m_document->redo();
    QCOMPARE(roleOf(QStringLiteral("description"), ElementEditor::ValueRole).toString(),
             QStringLiteral("Changed"));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    // One row changed each time, with the value role among the roles named.
    QCOMPARE(changed.count(), 2);
    for (const QList<QVariant> &signal : changed) {
        QCOMPARE(signal.at(0).toModelIndex().row(), row(QStringLiteral("description")));
        QVERIFY(signal.at(2).value<QList<int>>().contains(ElementEditor::ValueRole));
    }
}

void TestElementEditor::aNewLatencyKindReplacesOnlyItsParameters() {
    m_document->select(QStringLiteral("billing-fn"));
    const int rows = m_editor->rowCount();
    QSignalSpy reset(m_editor.get(), &ElementEditor::modelReset);
    QSignalSpy inserted(m_editor.get(), &ElementEditor::rowsInserted);
    QSignalSpy removed(m_editor.get(), &ElementEditor::rowsRemoved);
    QVERIFY(m_editor->setValue(QStringLiteral("behavior.latency.kind"), QStringLiteral("uniform")));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(removed.count(), 1);  // valueMs
    QCOMPARE(inserted.count(), 1); // minMs and maxMs
    QCOMPARE(inserted.first().at(2).toInt() - inserted.first().at(1).toInt() + 1, 2);
    QCOMPARE(m_editor->rowCount(), rows + 1);
    QVERIFY(row(QStringLiteral("behavior.latency.valueMs")) < 0);
    QCOMPARE(roleOf(QStringLiteral("behavior.latency.maxMs"), ElementEditor::ValueRole).toDouble(),
             30.0);
    QVERIFY(m_editor->setValue(QStringLiteral("behavior.failures"), 1) == false);
    QVERIFY(m_editor->error().contains(u"heading"));
}

void TestElementEditor::selectingAnotherElementResetsTheRows() {
    QVERIFY(!m_editor->setValue(kAttempts, 999));
    QVERIFY(!m_editor->error().isEmpty());
    QSignalSpy reset(m_editor.get(), &ElementEditor::modelReset);
    QSignalSpy element(m_editor.get(), &ElementEditor::elementChanged);
    m_document->select(QStringLiteral("billing-dlq"));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(element.count(), 1);
    QVERIFY(m_editor->error().isEmpty());
    QCOMPARE(roleOf(QStringLiteral("messageRetentionSeconds"), ElementEditor::ValueRole).toInt(),
             345600);
    QCOMPARE(roleOf(QStringLiteral("messageRetentionSeconds"), ElementEditor::UnitRole).toString(),
             QStringLiteral("s"));
}

void TestElementEditor::checkingAValueCommitsNothing_data() {
    QTest::addColumn<QString>("element");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("words");

    const auto row = [](const char *name, const char *element, const QString &key,
                        const QVariant &value, bool valid, const char *words) {
        QTest::newRow(name) << QString::fromLatin1(element) << key << value << valid
                            << QString::fromLatin1(words);
    };
    row("retry attempts in range", "bill-order", kAttempts, QStringLiteral("100"), true, "");
    row("retry attempts out of range", "bill-order", kAttempts, QStringLiteral("186"), false,
        "between 0 and 185");
    row("event age below a minute", "bill-order",
        QStringLiteral("targets[0].retryPolicy.maximumEventAgeSeconds"), 30, false,
        "between 60 and 86,400 s");
    row("a negative latency", "billing-fn", QStringLiteral("behavior.latency.valueMs"),
        QStringLiteral("-5"), false, "between 0 and 86,400,000 ms");
    row("retention of fifteen days", "billing-dlq", QStringLiteral("messageRetentionSeconds"),
        1296000, false, "1,209,600");
    row("a destination that is an event type", "bill-order",
        QStringLiteral("targets[0].destination"), QStringLiteral("order-placed"), false,
        "must name a");
    row("an input path without $", "bill-order", QStringLiteral("targets[0].input.inputPath"),
        QStringLiteral("detail"), false, "InputPath");
}

void TestElementEditor::checkingAValueCommitsNothing() {
    QFETCH(QString, element);
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    QFETCH(bool, valid);
    QFETCH(QString, words);
    m_document->select(element);
    const sg::model::Project before = m_document->project();
    const QVariantMap check = m_editor->checkValue(key, value);
    QCOMPARE(check.value(QStringLiteral("valid")).toBool(), valid);
    QVERIFY2(check.value(QStringLiteral("message")).toString().contains(words),
             qPrintable(check.value(QStringLiteral("message")).toString()));
    QVERIFY(m_document->project() == before);
    QVERIFY(m_editor->error().isEmpty());
}

void TestElementEditor::thePatternCheckPointsAtTheErrorAndListsMatches() {
    // Broken: a trailing comma on line 2.
    const QString broken = QStringLiteral("{\n  \"source\": [\"com.shop.orders\",]\n}");
    const QVariantMap bad = m_editor->checkPattern(broken);
    QVERIFY(!bad.value(QStringLiteral("valid")).toBool());
    QVERIFY(
        bad.value(QStringLiteral("message")).toString().startsWith(u"Event pattern is not valid"));
    QCOMPARE(bad.value(QStringLiteral("line")).toInt(), 2);
    QVERIFY(bad.value(QStringLiteral("column")).toInt() > 1);
    const int position = bad.value(QStringLiteral("position")).toInt();
    QVERIFY(position > broken.indexOf(u'[') && position < broken.size());
    const QVariantList pending = bad.value(QStringLiteral("matches")).toList();
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.first().toMap().value(QStringLiteral("status")).toInt(),
             static_cast<int>(SandboxEventModel::Pending));

    const QVariantMap good = m_editor->checkPattern(
        QStringLiteral(R"({"detail": {"total": [{"numeric": [">", 40]}]}})"));
    QVERIFY(good.value(QStringLiteral("valid")).toBool());
    QCOMPARE(good.value(QStringLiteral("matchCount")).toInt(), 1);
    const QVariantMap match = good.value(QStringLiteral("matches")).toList().first().toMap();
    QCOMPARE(match.value(QStringLiteral("eventType")).toString(), QStringLiteral("order-placed"));
    QCOMPARE(match.value(QStringLiteral("sampleIndex")).toInt(), 0);
    QCOMPARE(match.value(QStringLiteral("label")).toString(), QStringLiteral("OrderPlaced"));
    QVERIFY(match.value(QStringLiteral("matched")).toBool());
    QCOMPARE(match.value(QStringLiteral("status")).toInt(),
             static_cast<int>(SandboxEventModel::Match));

    const QVariantMap none = m_editor->checkPattern(
        QStringLiteral(R"({"detail": {"total": [{"numeric": [">", 50]}]}})"));
    QCOMPARE(none.value(QStringLiteral("matchCount")).toInt(), 0);
    QCOMPARE(none.value(QStringLiteral("matches"))
                 .toList()
                 .first()
                 .toMap()
                 .value(QStringLiteral("status")),
             QVariant(static_cast<int>(SandboxEventModel::NoMatch)));
}

void TestElementEditor::aPatternIsCommittedAsOneCommand() {
    const int before = m_document->undoStack()->count();
    const QString typed = QStringLiteral("{\n  \"source\": [\"com.shop.orders\"],\n  \"detail\": "
                                         "{\"total\": [{\"numeric\": [\">\", 10]}]}\n}");
    QVERIFY2(m_editor->setValue(QStringLiteral("pattern"), typed), qPrintable(m_editor->error()));
    QCOMPARE(m_document->undoStack()->count(), before + 1);
    QCOMPARE(m_document->undoText(), QStringLiteral("Edit event pattern of bill-order"));
    // Stored without the layout, shown with it.
    QCOMPARE(qs(billOrder().pattern),
             QStringLiteral(
                 R"({"source":["com.shop.orders"],"detail":{"total":[{"numeric":[">",10]}]}})"));

    // A broken pattern is refused where it is broken.
    const QString broken = QStringLiteral("{\n  \"source\": [\"com.shop.orders\",]\n}");
    QVERIFY(!m_editor->setValue(QStringLiteral("pattern"), broken));
    QCOMPARE(m_document->undoStack()->count(), before + 1);
    QCOMPARE(m_editor->errorKey(), QStringLiteral("pattern"));
    QCOMPARE(roleOf(QStringLiteral("pattern"), ElementEditor::ErrorLineRole).toInt(), 2);
    QVERIFY(roleOf(QStringLiteral("pattern"), ElementEditor::ErrorPositionRole).toInt() > 0);
}

void TestElementEditor::jsonIsEditedAsTextAndItsSyntaxErrorsArePositioned() {
    m_document->select(QStringLiteral("order-placed"));
    const QString key = QStringLiteral("samples[0]");
    QVERIFY(roleOf(key, ElementEditor::ValueRole).toString().contains(u"\"orderId\": \"o-1\""));
    QVERIFY(!m_editor->setValue(key, QStringLiteral("{\n  \"source\": \"x\",\n  oops\n}")));
    QCOMPARE(roleOf(key, ElementEditor::ErrorLineRole).toInt(), 3);
    QVERIFY(m_editor->error().contains(u"not valid JSON"));
    QVERIFY(!m_editor->setValue(key, QStringLiteral("[1, 2]")));
    QVERIFY(m_editor->error().contains(u"JSON object"));

    QVERIFY(m_editor->setValue(key, QStringLiteral(R"({"source": "com.shop.orders"})")));
    const auto *type = m_document->project().get<sg::model::EventType>(ElementId{"order-placed"});
    QVERIFY(type->samples[0] == (sg::model::Json{{"source", "com.shop.orders"}}));

    // An empty schema editor means no schema.
    QVERIFY(m_editor->setValue(QStringLiteral("schema"), QStringLiteral(R"({"type": "object"})")));
    QVERIFY(!type->schema.is_null());
    QVERIFY(m_editor->setValue(QStringLiteral("schema"), QString()));
    QVERIFY(m_document->project()
                .get<sg::model::EventType>(ElementId{"order-placed"})
                ->schema.is_null());
}

void TestElementEditor::listEntriesAreAddedAndRemoved() {
    m_document->select(QStringLiteral("billing-fn"));
    const int rows = m_editor->rowCount();
    QSignalSpy reset(m_editor.get(), &ElementEditor::modelReset);
    QVERIFY2(m_editor->addEntry(QStringLiteral("behavior.failures")),
             qPrintable(m_editor->error()));
    QCOMPARE(m_editor->rowCount(), rows + 3); // the entry, its kind and its rate
    QCOMPARE(m_document->undoText(), QStringLiteral("Add failure mode serverError to billing-fn"));
    QVERIFY(m_editor->setValue(QStringLiteral("behavior.failures[0].rate"), 0.2));
    QCOMPARE(m_document->project()
                 .get<sg::model::Consumer>(ElementId{"billing-fn"})
                 ->behavior.failures[0]
                 .rate,
             0.2);
    QVERIFY(m_editor->removeEntry(QStringLiteral("behavior.failures[0]")));
    QCOMPARE(m_editor->rowCount(), rows);
    QCOMPARE(reset.count(), 0);

    m_document->select(QStringLiteral("bill-order"));
    QVERIFY(m_editor->addEntry(QStringLiteral("targets"), QStringLiteral("audit-fn")));
    QCOMPARE(billOrder().targets.size(), std::size_t{2});
    QVERIFY(row(QStringLiteral("targets[1].preview")) >
            row(QStringLiteral("targets[1].input.kind")));
    QVERIFY(!m_editor->addEntry(QStringLiteral("targets"), QStringLiteral("order-placed")));
    QCOMPARE(m_editor->errorKey(), QStringLiteral("targets"));
    QVERIFY(!m_editor->removeEntry(QStringLiteral("targets[7]")));
}

void TestElementEditor::thePreviewShowsWhatTheTargetReceivesAsTyped() {
    const QString key = QStringLiteral("targets[0].preview");
    QVariantMap preview = roleOf(key, ElementEditor::ValueRole).toMap();
    QVERIFY(preview.value(QStringLiteral("delivered")).toBool());
    QVERIFY(preview.value(QStringLiteral("matches")).toBool());
    QCOMPARE(preview.value(QStringLiteral("sample")).toString(), QStringLiteral("OrderPlaced"));
    QCOMPARE(preview.value(QStringLiteral("text")).toString(),
             QStringLiteral(R"({"orderId":"o-1","total":42})"));

    // A draft changes the preview, not the model.
    const int before = m_document->undoStack()->count();
    QSignalSpy changed(m_editor.get(), &ElementEditor::dataChanged);
    m_editor->setDraft(QStringLiteral("targets[0].input.inputPath"),
                       QStringLiteral("$.detail.orderId"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), row(key));
    preview = roleOf(key, ElementEditor::ValueRole).toMap();
    QCOMPARE(preview.value(QStringLiteral("text")).toString(), QStringLiteral("\"o-1\""));
    QCOMPARE(m_document->undoStack()->count(), before);
    QCOMPARE(billOrder().targets[0].input.inputPath.value_or(""), std::string("$.detail"));

    m_editor->setDraft(QStringLiteral("targets[0].input.inputPath"), QStringLiteral("detail"));
    preview = roleOf(key, ElementEditor::ValueRole).toMap();
    QVERIFY(preview.value(QStringLiteral("error")).toString().contains(u"InputPath"));

    m_editor->clearDraft(QStringLiteral("targets[0].input.inputPath"));
    preview = roleOf(key, ElementEditor::ValueRole).toMap();
    QCOMPARE(preview.value(QStringLiteral("text")).toString(),
             QStringLiteral(R"({"orderId":"o-1","total":42})"));

    // An input transformer, committed: the template fills in the rule's name.
    QVERIFY(m_editor->setValue(QStringLiteral("targets[0].input.kind"),
                               QStringLiteral("inputTransformer")));
    QVERIFY(m_editor->setValue(
        QStringLiteral("targets[0].input.inputPathsMap"),
        QStringLiteral(R"({"detail": "$.detail", "order": "$.detail.orderId"})")));
    QVERIFY2(m_editor->setValue(QStringLiteral("targets[0].input.inputTemplate"),
                                QStringLiteral(R"("Order <order> by <aws.events.rule-name>")")),
             qPrintable(m_editor->error()));
    preview = roleOf(key, ElementEditor::ValueRole).toMap();
    QCOMPARE(preview.value(QStringLiteral("text")).toString(),
             QStringLiteral(R"("Order o-1 by Bill order")"));
}

void TestElementEditor::referencesOfferTheElementsTheyMayName() {
    const QVariantList choices =
        roleOf(QStringLiteral("targets[0].destination"), ElementEditor::ChoicesRole).toList();
    QStringList values;
    for (const QVariant &choice : choices) {
        values.append(choice.toMap().value(QStringLiteral("value")).toString());
    }
    QCOMPARE(values, (QStringList{QStringLiteral("orders-bus"), QStringLiteral("billing-fn"),
                                  QStringLiteral("audit-fn"), QStringLiteral("billing-dlq")}));
    QVERIFY(
        m_editor->setValue(QStringLiteral("targets[0].destination"), QStringLiteral("audit-fn")));
    QVERIFY(billOrder().targets[0].destination == ElementId{"audit-fn"});
    QVERIFY(m_editor->setValue(QStringLiteral("targets[0].deadLetterQueue"), QString()));
    QVERIFY(billOrder().targets[0].deadLetterQueue.empty());
    QCOMPARE(m_document->undoText(),
             QStringLiteral("Clear dead-letter queue of bill-order/billing"));
}

QTEST_MAIN(TestElementEditor)
#include "tst_elementeditor.moc"
