// ElementListModel under QAbstractItemModelTester: the outline's rows follow every command
// applied to the project with minimal signals, stay grouped by kind, filter, and count findings.

#include "elementlistmodel.h"

#include "arch/lint.h"
#include "io/projectfile.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <map>

using sg::app::ElementListModel;
using sg::model::Command;
using sg::model::Element;
using sg::model::ElementId;
using sg::model::ElementKind;
using sg::model::Project;

namespace {

Project loadFixture() {
    sg::Result<Project> project =
        sg::model::loadProject(SG_SOURCE_DIR "/tests/data/app/orders.stormglass.json");
    if (!project) {
        qWarning("%s", project.error().message.c_str());
        return {};
    }
    return std::move(project).value();
}

QString qs(const std::string &text) {
    return QString::fromStdString(text);
}

sg::model::Sticky sticky(const char *id, const char *text) {
    sg::model::Sticky s;
    s.id = ElementId{id};
    s.kind = sg::model::StickyKind::Hotspot;
    s.text = text;
    s.geometry = sg::model::defaultStickyGeometry(s.kind, {0, 0});
    return s;
}

} // namespace

class TestElementListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void rowsAreTheElementsGroupedByKindInModelOrder();
    void roleNamesAreWhatTheViewsBindTo();
    void anAddedElementIsOneInsertedRowInItsGroup();
    void aRemovedElementIsOneRemovedRow();
    void aRenameChangesTheRowInPlace();
    void aBatchAndItsUndoLeaveTheRowsAsBefore();
    void theFilterKeepsMatchingRows_data();
    void theFilterKeepsMatchingRows();
    void findingsAreCountedPerElement();
    void groupCountsFollowTheFilter();
    void reloadShowsAReplacedProject();
    void outOfRangeAccessIsHarmless();

private:
    [[nodiscard]] QStringList ids() const;
    void apply(const Command &command);

    Project m_project;
    ElementListModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
    std::vector<Command> m_inverses;
};

void TestElementListModel::init() {
    m_project = loadFixture();
    QVERIFY(m_project.size() > 0);
    m_model = new ElementListModel(this);
    m_model->setProject(&m_project);
    m_tester = new QAbstractItemModelTester(
        m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    m_inverses.clear();
}

void TestElementListModel::cleanup() {
    delete m_tester;
    delete m_model;
    m_tester = nullptr;
    m_model = nullptr;
}

QStringList TestElementListModel::ids() const {
    QStringList out;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        out.append(m_model->data(m_model->index(row), ElementListModel::ElementIdRole).toString());
    }
    return out;
}

void TestElementListModel::apply(const Command &command) {
    sg::Result<sg::model::Applied> applied = m_project.apply(command);
    QVERIFY2(applied.ok(), applied.ok() ? "" : applied.error().message.c_str());
    m_inverses.push_back(applied->inverse);
}

void TestElementListModel::rowsAreTheElementsGroupedByKindInModelOrder() {
    QCOMPARE(m_model->rowCount(), static_cast<int>(m_project.size()));
    QCOMPARE(m_model->totalCount(), static_cast<int>(m_project.size()));
    for (int row = 1; row < m_model->rowCount(); ++row) {
        const int kindBefore =
            m_model->data(m_model->index(row - 1), ElementListModel::KindRole).toInt();
        const int kind = m_model->data(m_model->index(row), ElementListModel::KindRole).toInt();
        QVERIFY(kindBefore <= kind);
        if (kindBefore == kind) {
            QVERIFY(m_project.indexOf(ElementId{m_model->idAt(row - 1).toStdString()}) <
                    m_project.indexOf(ElementId{m_model->idAt(row).toStdString()}));
        }
    }
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const Element *element = m_project.find(ElementId{m_model->idAt(row).toStdString()});
        QVERIFY(element);
        const ElementKind kind = sg::model::elementKind(*element);
        QCOMPARE(m_model->data(m_model->index(row), ElementListModel::KindRole).toInt(),
                 static_cast<int>(kind));
        QCOMPARE(m_model->data(m_model->index(row), ElementListModel::KindLabelRole).toString(),
                 ElementListModel::kindLabel(kind));
        QCOMPARE(m_model->data(m_model->index(row), ElementListModel::KindNameRole).toString(),
                 qs(std::string(sg::model::elementKindName(kind))));
        QCOMPARE(m_model->data(m_model->index(row), ElementListModel::NameRole).toString(),
                 qs(sg::model::elementName(*element)));
        QCOMPARE(m_model->rowOf(m_model->idAt(row)), row);
    }
    // Every element's context column names its bounded context.
    for (const sg::model::Rule *rule : m_project.all<sg::model::Rule>()) {
        const int row = m_model->rowOf(qs(rule->id.value));
        const QString context =
            m_model->data(m_model->index(row), ElementListModel::ContextRole).toString();
        if (rule->context.empty()) {
            QVERIFY(context.isEmpty());
        } else {
            QCOMPARE(context, qs(m_project.get<sg::model::BoundedContext>(rule->context)->name));
        }
    }
}

void TestElementListModel::roleNamesAreWhatTheViewsBindTo() {
    const QHash<int, QByteArray> roles = m_model->roleNames();
    for (const char *name : {"elementId", "kind", "kindLabel", "name", "context", "detail",
                             "findingCount", "severity"}) {
        QVERIFY2(roles.values().contains(QByteArray(name)), name);
    }
}

void TestElementListModel::anAddedElementIsOneInsertedRowInItsGroup() {
    const QStringList before = ids();
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    // Added at the front of the model: the first of the stickies in the outline.
    apply(Command{sg::model::AddElement{sticky("new-hotspot", "Who refunds?"), 0}, "Add"});
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 1);
    const int row = inserted.at(0).at(1).toInt();
    QCOMPARE(inserted.at(0).at(2).toInt(), row);
    QCOMPARE(m_model->idAt(row), QStringLiteral("new-hotspot"));
    QStringList expected = before;
    expected.insert(row, QStringLiteral("new-hotspot"));
    QCOMPARE(ids(), expected);
    // It is the first sticky: everything above is of an earlier kind.
    QVERIFY(row == 0 || m_model->data(m_model->index(row - 1), ElementListModel::KindRole).toInt() <
                            static_cast<int>(ElementKind::Sticky));
}

void TestElementListModel::aRemovedElementIsOneRemovedRow() {
    const auto stickies = m_project.all<sg::model::Sticky>();
    QVERIFY(!stickies.empty());
    const QString id = qs(stickies.front()->id.value);
    const int row = m_model->rowOf(id);
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    apply(Command{sg::model::RemoveElement{stickies.front()->id}, "Remove"});
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), row);
    QCOMPARE(removed.at(0).at(2).toInt(), row);
    QCOMPARE(m_model->rowOf(id), -1);
    QCOMPARE(m_model->rowCount(), static_cast<int>(m_project.size()));

    // Undo puts it back where it was.
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    apply(m_inverses.back());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m_model->rowOf(id), row);
}

void TestElementListModel::aRenameChangesTheRowInPlace() {
    const sg::model::Rule *rule = m_project.all<sg::model::Rule>().front();
    sg::model::Rule renamed = *rule;
    renamed.name = "Charge the card";
    const int row = m_model->rowOf(qs(rule->id.value));
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    apply(Command{sg::model::ReplaceElement{renamed}, "Rename"});
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QVERIFY(changed.count() >= 1);
    bool rowReported = false;
    for (const QList<QVariant> &signal : changed) {
        const int first = signal.at(0).toModelIndex().row();
        const int last = signal.at(1).toModelIndex().row();
        rowReported = rowReported || (first <= row && row <= last);
    }
    QVERIFY(rowReported);
    QCOMPARE(m_model->rowOf(qs(rule->id.value)), row);
    QCOMPARE(m_model->data(m_model->index(row), ElementListModel::NameRole).toString(),
             QStringLiteral("Charge the card"));
}

void TestElementListModel::aBatchAndItsUndoLeaveTheRowsAsBefore() {
    const QStringList before = ids();
    sg::model::Batch batch;
    batch.commands.push_back(Command{sg::model::AddElement{sticky("a", "A")}, "Add"});
    batch.commands.push_back(Command{sg::model::AddElement{sticky("b", "B"), 1}, "Add"});
    const ElementId removed = m_project.all<sg::model::Sticky>().front()->id;
    batch.commands.push_back(Command{sg::model::RemoveElement{removed}, "Remove"});
    apply(Command{batch, "Several"});
    QCOMPARE(m_model->rowCount(), static_cast<int>(m_project.size()));
    QVERIFY(m_model->rowOf(QStringLiteral("a")) >= 0);
    QVERIFY(m_model->rowOf(QStringLiteral("b")) >= 0);
    QCOMPARE(m_model->rowOf(qs(removed.value)), -1);
    apply(m_inverses.back());
    QCOMPARE(ids(), before);
}

void TestElementListModel::theFilterKeepsMatchingRows_data() {
    QTest::addColumn<QString>("filter");
    QTest::newRow("part of a name, any case") << QStringLiteral("BILL");
    QTest::newRow("an id") << QStringLiteral("orders-bus");
    QTest::newRow("a kind") << QStringLiteral("rules");
    QTest::newRow("nothing matches") << QStringLiteral("zzz-no-such-thing");
}

void TestElementListModel::theFilterKeepsMatchingRows() {
    QFETCH(QString, filter);
    const QStringList all = ids();
    QSignalSpy filterChanged(m_model, &ElementListModel::filterTextChanged);
    m_model->setFilterText(filter);
    QCOMPARE(filterChanged.count(), 1);
    // A row is kept when its name, id, kind or summary contains the text, in any case.
    const auto matches = [this, &filter](const Element &element) {
        const QStringList haystack{qs(sg::model::elementName(element)),
                                   qs(sg::model::elementId(element).value),
                                   ElementListModel::kindLabel(sg::model::elementKind(element)),
                                   ElementListModel::summary(m_project, element)};
        return std::any_of(haystack.begin(), haystack.end(), [&filter](const QString &s) {
            return s.contains(filter, Qt::CaseInsensitive);
        });
    };
    int expected = 0;
    for (const Element &element : m_project.elements()) {
        const bool match = matches(element);
        expected += match ? 1 : 0;
        QCOMPARE(m_model->rowOf(qs(sg::model::elementId(element).value)) >= 0, match);
    }
    QCOMPARE(m_model->rowCount(), expected);
    QCOMPARE(m_model->totalCount(), static_cast<int>(m_project.size()));

    // Edits while filtered keep the filter; clearing it brings every row back in order.
    apply(Command{sg::model::AddElement{sticky("filter-probe", "Unrelated")}, "Add"});
    QCOMPARE(m_model->rowOf(QStringLiteral("filter-probe")) >= 0,
             matches(*m_project.find(ElementId{"filter-probe"})));
    apply(m_inverses.back());
    m_model->setFilterText({});
    QCOMPARE(ids(), all);
}

void TestElementListModel::findingsAreCountedPerElement() {
    const std::vector<sg::model::Finding> findings = sg::model::lintProject(m_project);
    QVERIFY2(!findings.empty(), "the fixture is meant to have lint findings");
    std::map<std::string, std::pair<int, int>> expected; // count, worst severity
    for (const sg::model::Finding &finding : findings) {
        auto &[count, worst] = expected.try_emplace(finding.element.value, 0, 99).first->second;
        ++count;
        worst = std::min(worst, static_cast<int>(finding.severity));
    }
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->setFindings(findings);
    QCOMPARE(changed.count(), static_cast<int>(expected.size()));
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const auto it = expected.find(m_model->idAt(row).toStdString());
        const int count = it == expected.end() ? 0 : it->second.first;
        const int worst = it == expected.end() ? -1 : it->second.second;
        QCOMPARE(m_model->data(m_model->index(row), ElementListModel::FindingCountRole).toInt(),
                 count);
        QCOMPARE(m_model->data(m_model->index(row), ElementListModel::SeverityRole).toInt(), worst);
    }
    // The same findings again change nothing; none at all clears the counts.
    changed.clear();
    m_model->setFindings(findings);
    QCOMPARE(changed.count(), 0);
    m_model->setFindings({});
    QCOMPARE(changed.count(), static_cast<int>(expected.size()));
}

void TestElementListModel::groupCountsFollowTheFilter() {
    std::map<QString, int> totals;
    for (const Element &element : m_project.elements()) {
        ++totals[ElementListModel::kindLabel(sg::model::elementKind(element))];
    }
    const QVariantMap groupTotals = m_model->groupTotals();
    for (const auto &[label, count] : totals) {
        QCOMPARE(groupTotals.value(label).toInt(), count);
        QCOMPARE(m_model->groupCounts().value(label).toInt(), count);
    }
    const QString label = ElementListModel::kindLabel(ElementKind::Rule);
    m_model->setFilterText(QStringLiteral("zzz-no-such-thing"));
    QCOMPARE(m_model->groupCounts().value(label).toInt(), 0);
    QCOMPARE(m_model->groupTotals().value(label).toInt(), totals[label]);
}

void TestElementListModel::reloadShowsAReplacedProject() {
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    Project other;
    QVERIFY(other.appendUnchecked(sticky("only", "Only one")).ok());
    m_project = other; // assignment keeps the observers, as ProjectDocument relies on
    m_model->reload();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(ids(), QStringList{QStringLiteral("only")});
    apply(Command{sg::model::AddElement{sticky("second", "Two")}, "Add"});
    QCOMPARE(ids(), (QStringList{QStringLiteral("only"), QStringLiteral("second")}));
    m_model->setProject(nullptr);
    QCOMPARE(m_model->rowCount(), 0);
}

void TestElementListModel::outOfRangeAccessIsHarmless() {
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("is not valid")));
    QVERIFY(!m_model->data(m_model->index(m_model->rowCount()), Qt::DisplayRole).isValid());
    QVERIFY(m_model->idAt(-1).isEmpty());
    QVERIFY(m_model->idAt(m_model->rowCount()).isEmpty());
    QCOMPARE(m_model->rowOf(QStringLiteral("no-such-element")), -1);
}

QTEST_GUILESS_MAIN(TestElementListModel)
#include "tst_elementlistmodel.moc"
