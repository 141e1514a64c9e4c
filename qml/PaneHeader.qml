pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The title row of a sandbox pane: a title, an optional subtitle, and actions on the right.
RowLayout {
    id: root

    required property string title
    property string subtitle
    default property alias actions: actionRow.data

    spacing: Theme.spacing

    ColumnLayout {
        Layout.fillWidth: true
        spacing: 1

        Label {
            Layout.fillWidth: true
            text: root.title
            font.pixelSize: 15
            font.weight: Font.DemiBold
            color: Theme.text
            elide: Text.ElideRight
        }
        Label {
            Layout.fillWidth: true
            visible: root.subtitle.length > 0
            text: root.subtitle
            font.pixelSize: 12
            color: Theme.mutedText
            elide: Text.ElideRight
        }
    }

    RowLayout {
        id: actionRow
        spacing: 6
    }
}
