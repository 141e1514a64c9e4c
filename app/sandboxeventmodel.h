#pragma once
// SandboxEventModel: the sandbox's test events (name and JSON text) with the latest verdict for
// each: match or not, why an event is invalid, and what the target would receive.

#include "sandboxevaluator.h"

#include <QAbstractListModel>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace sg::app {

class SandboxEventModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The events of a PatternSandbox")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Status { Pending, Match, NoMatch, Invalid };
    Q_ENUM(Status)

    enum Role {
        NameRole = Qt::UserRole + 1,
        TextRole,
        StatusRole,
        MatchesRole,
        ErrorRole,
        ErrorLineRole,
        ErrorColumnRole,
        ErrorPositionRole,
        SummaryRole,
        WarningRole,
        DeliveredRole,
        TransformedTextRole,
        TransformErrorRole,
    };
    Q_ENUM(Role)

    struct Event {
        QString name;
        QString text;
    };

    explicit SandboxEventModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    // Appends an event and returns its row.
    int append(const Event &event);
    bool removeAt(int row);
    // Replaces every event (their verdicts become Pending).
    void reset(const std::vector<Event> &events);

    [[nodiscard]] QString name(int row) const;
    [[nodiscard]] QString text(int row) const;
    bool setName(int row, const QString &name);
    bool setText(int row, const QString &text);
    [[nodiscard]] std::vector<Event> events() const;

    [[nodiscard]] Status status(int row) const;
    [[nodiscard]] QString error(int row) const;
    [[nodiscard]] int errorPosition(int row) const;
    [[nodiscard]] int errorLine(int row) const;
    [[nodiscard]] QString warning(int row) const;
    [[nodiscard]] int errorColumn(int row) const;
    [[nodiscard]] int countWithStatus(Status status) const;

    // Shows the verdicts of one evaluation; `verdicts[i]` belongs to row i. Only rows whose
    // results changed are reported as changed.
    void applyVerdicts(const std::vector<EventVerdict> &verdicts);

Q_SIGNALS:
    void countChanged();
    void textEdited(int row);

private:
    struct Row {
        Event event;
        Status status = Pending;
        QString error;
        int errorLine = 0;
        int errorColumn = 0;
        int errorPosition = -1;
        QString summary;
        QString warning;
        bool delivered = false;
        QString transformedText;
        QString transformError;

        [[nodiscard]] static Row from(const Event &event) {
            Row row;
            row.event = event;
            return row;
        }
        [[nodiscard]] bool sameResultAs(const Row &other) const;
    };

    [[nodiscard]] bool isValidRow(int row) const;

    std::vector<Row> m_rows;
};

} // namespace sg::app
