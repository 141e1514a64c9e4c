pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// One test event in the events list: its verdict badge, name, and source or problem.
ItemDelegate {
    id: root

    required property int index
    required property string name
    required property int status
    required property string summary
    required property string error
    required property int errorLine
    required property int errorColumn
    required property string warning
    readonly property bool current: ListView.isCurrentItem

    signal chosen(int index)
    signal removeRequested(int index)

    readonly property string detail: error.length > 0
                                     ? (errorLine > 0 ? qsTr("Line %1, column %2: ").arg(errorLine).arg(errorColumn) : "") + error
                                     : summary.length > 0 ? summary : qsTr("Empty: type or paste an event")

    implicitHeight: 50
    padding: 0
    leftPadding: 10
    rightPadding: 6
    hoverEnabled: true
    onClicked: root.chosen(root.index)

    background: Rectangle {
        color: root.current ? Theme.selection : root.hovered ? "#f6f8fa" : Theme.pane
        border.color: root.current ? Theme.selectionBorder : "transparent"
        radius: 4
    }

    contentItem: RowLayout {
        spacing: 10

        MatchBadge {
            Layout.alignment: Qt.AlignVCenter
            status: root.status
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            spacing: 2

            Label {
                Layout.fillWidth: true
                text: root.name
                font.pixelSize: 13
                font.weight: Font.DemiBold
                color: Theme.text
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                text: root.detail
                font.pixelSize: 12
                color: root.error.length > 0 ? Theme.invalid : Theme.mutedText
                elide: Text.ElideRight
            }
        }

        ToolButton {
            visible: root.warning.length > 0
            text: "!"
            font.weight: Font.Bold
            palette.buttonText: Theme.warning
            ToolTip.visible: hovered
            ToolTip.text: root.warning
        }

        ToolButton {
            text: "\u2715"
            font.pixelSize: 11
            opacity: root.hovered || root.current ? 0.8 : 0
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Remove this event")
            onClicked: root.removeRequested(root.index)
        }
    }
}
