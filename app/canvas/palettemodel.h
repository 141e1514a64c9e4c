#pragma once
// PaletteModel: what can be dropped on the canvas — the architecture element kinds and the
// event-storming sticky kinds — with the title, the tooltip and the colour the palette shows.
// `key` is what CanvasView::addElementAt() takes: an element kind's file name ("rule") or
// "sticky:" and a sticky kind's name ("sticky:policy").

#include <QAbstractListModel>
#include <QColor>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace sg::app {

class PaletteModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT

public:
    enum Role {
        KeyRole = Qt::UserRole + 1,
        TitleRole,
        DescriptionRole,
        ColorRole,
        SectionRole, // "Architecture" or "Event storming"
        IsStickyRole,
    };
    Q_ENUM(Role)

    explicit PaletteModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    // The title of the entry with `key` ("Rule"), or an empty string.
    Q_INVOKABLE QString titleOf(const QString &key) const;

private:
    struct Entry {
        QString key;
        QString title;
        QString description;
        QColor color;
        bool sticky = false;
    };
    std::vector<Entry> m_entries;
};

} // namespace sg::app
