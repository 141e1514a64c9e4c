pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// One lint finding: its severity, message, code and the element it concerns.
ItemDelegate {
    id: root

    required property int index
    required property int severity
    required property string code
    required property string message
    required property string elementId
    required property string elementName
    property bool selected: false

    signal chosen(string elementId)

    implicitHeight: contentItem.implicitHeight + topPadding + bottomPadding
    topPadding: 7
    bottomPadding: 7
    leftPadding: 8
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

        SeverityIcon {
            objectName: "severityIcon"
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: 1
            severity: root.severity
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            Label {
                objectName: "findingMessage"
                Layout.fillWidth: true
                text: root.message
                wrapMode: Text.Wrap
                font.pixelSize: 12
                color: Theme.text
            }
            Label {
                Layout.fillWidth: true
                text: root.elementName.length > 0 ? root.code + " \u00b7 " + root.elementName : root.code
                font.pixelSize: 11
                font.family: Theme.smallMonoFont.family
                color: Theme.mutedText
                elide: Text.ElideRight
            }
        }
    }
}
