#include "palettemodel.h"

#include "canvaspalette.h"

namespace sg::app {

using sg::model::ElementKind;
using sg::model::StickyKind;

namespace {

QString keyOf(ElementKind kind) {
    const std::string_view name = sg::model::elementKindName(kind);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

QString keyOf(StickyKind kind) {
    const std::string_view name = sg::model::stickyKindName(kind);
    return QStringLiteral("sticky:") +
           QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

} // namespace

PaletteModel::PaletteModel(QObject *parent) : QAbstractListModel(parent) {
    const auto element = [this](ElementKind kind, const QString &title, const QString &text) {
        m_entries.push_back({keyOf(kind), title, text, kindAccent(kind), false});
    };
    const auto sticky = [this](StickyKind kind, const QString &title, const QString &text) {
        m_entries.push_back({keyOf(kind), title, text, stickyPaper(kind), true});
    };
    element(ElementKind::EventType, tr("Event type"),
            tr("A family of events: its source, detail-type, schema and sample events."));
    element(ElementKind::Producer, tr("Producer"),
            tr("A service or job that puts events on a bus, at a rate you set."));
    element(ElementKind::Bus, tr("Event bus"),
            tr("Receives events and routes them to the rules that match."));
    element(ElementKind::Rule, tr("Rule"),
            tr("An event pattern on a bus and up to five targets. Drop it near its bus."));
    element(ElementKind::Function, tr("Lambda function"),
            tr("A function target: latency, concurrency and failure rates for the simulator."));
    element(ElementKind::StateMachine, tr("State machine"),
            tr("A Step Functions workflow target."));
    element(ElementKind::Queue, tr("SQS queue"),
            tr("A queue target, or a dead-letter queue for failed deliveries."));
    element(ElementKind::ApiDestination, tr("API destination"),
            tr("An HTTP endpoint called through a connection, with a rate limit."));
    element(ElementKind::Connection, tr("Connection"),
            tr("How API destinations authorise: API key, basic or OAuth."));
    element(ElementKind::ExternalSystem, tr("External system"),
            tr("Something outside the architecture that consumers call, like a payment provider."));
    element(ElementKind::BoundedContext, tr("Bounded context"),
            tr("A region of the board that groups stickies and elements of one domain."));
    sticky(StickyKind::DomainEvent, tr("Domain event"),
           tr("Something that happened, in the past tense: \u201cOrder placed\u201d."));
    sticky(StickyKind::Command, tr("Command"),
           tr("An intent that causes events: \u201cPlace order\u201d."));
    sticky(StickyKind::Policy, tr("Policy"),
           tr("\u201cWhenever \u2026 then \u2026\u201d: reacts to an event with a command."));
    sticky(StickyKind::Actor, tr("Actor"), tr("A person or role who issues commands."));
    sticky(StickyKind::Aggregate, tr("Aggregate"),
           tr("What decides whether a command succeeds and which events follow."));
    sticky(StickyKind::ReadModel, tr("Read model"),
           tr("The information an actor needs to decide."));
    sticky(StickyKind::ExternalSystem, tr("External system"),
           tr("A system outside the domain that takes part in the flow."));
    sticky(StickyKind::Hotspot, tr("Hotspot"),
           tr("A question, a risk or a disagreement to come back to."));
}

int PaletteModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QVariant PaletteModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Entry &entry = m_entries[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return entry.title;
    case KeyRole:
        return entry.key;
    case DescriptionRole:
    case Qt::ToolTipRole:
        return entry.description;
    case ColorRole:
        return entry.color;
    case SectionRole:
        return entry.sticky ? tr("Event storming") : tr("Architecture");
    case IsStickyRole:
        return entry.sticky;
    default:
        return {};
    }
}

QHash<int, QByteArray> PaletteModel::roleNames() const {
    return {{KeyRole, "key"},      {TitleRole, "title"},     {DescriptionRole, "description"},
            {ColorRole, "swatch"}, {SectionRole, "section"}, {IsStickyRole, "isSticky"}};
}

QString PaletteModel::titleOf(const QString &key) const {
    for (const Entry &entry : m_entries) {
        if (entry.key == key) {
            return entry.title;
        }
    }
    return {};
}

} // namespace sg::app
