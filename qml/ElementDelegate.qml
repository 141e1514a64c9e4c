pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// One element in the outline: a dot in its kind's colour, its name, what it is, and how many
// lint findings it has.
ItemDelegate {
    id: root

    required property int index
    required property string elementId
    required property int kind
    required property string name
    required property string detail
    required property string context
    required property int findingCount
    required property int severity
    property bool selected: false

    signal chosen(string elementId)

    // Kinds in sg::model::ElementKind order.
    readonly property var kindColors: ["#8250df", "#bf8700", "#1a7f37", "#0969da", "#cf222e",
                                       "#d1570b", "#bc4c00", "#0a3069", "#6e7781", "#953800",
                                       "#57606a", "#fb8f44"]

    implicitHeight: Math.max(40, contentItem.implicitHeight + topPadding + bottomPadding)
    topPadding: 5
    bottomPadding: 5
    leftPadding: 10
    rightPadding: 8
    hoverEnabled: true
    onClicked: root.chosen(root.elementId)

    background: Rectangle {
        color: root.selected ? Theme.selection : root.hovered ? "#f6f8fa" : Theme.pane
        border.color: root.selected ? Theme.selectionBorder : "transparent"
        radius: 4
    }

    contentItem: RowLayout {
        spacing: 8

        Rectangle {
            Layout.alignment: Qt.AlignVCenter
            width: 8
            height: 8
            radius: 4
            color: root.kindColors[root.kind] ?? Theme.faintText
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            spacing: 1

            Label {
                objectName: "elementName"
                Layout.fillWidth: true
                text: root.name
                font.pixelSize: 13
                font.weight: Font.DemiBold
                color: Theme.text
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                visible: text.length > 0
                text: root.context.length > 0 && root.detail.length > 0
                      ? root.detail + " \u00b7 " + root.context
                      : root.detail + root.context
                font.pixelSize: 11
                color: Theme.mutedText
                elide: Text.ElideRight
            }
        }

        RowLayout {
            Layout.alignment: Qt.AlignVCenter
            visible: root.findingCount > 0
            spacing: 3

            SeverityIcon {
                severity: root.severity
                implicitWidth: 16
                implicitHeight: 16
            }
            Label {
                text: root.findingCount
                font.pixelSize: 11
                color: Theme.mutedText
            }
        }
    }

    ToolTip.visible: hovered && root.findingCount > 0
    ToolTip.delay: 600
    ToolTip.text: root.findingCount === 1 ? qsTr("1 lint finding") : qsTr("%1 lint findings").arg(root.findingCount)
}
