pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// One read-only field of the inspected element: a label over its value. A value that names
// another element is a link to it; code (patterns, samples, schemas) is shown monospaced.
ColumnLayout {
    id: root

    required property string label
    required property string value
    property bool mono: false
    property string ref
    // Plain lines under a linked value (a target's retries and input).
    property string detail

    signal followed(string elementId)

    spacing: 3

    Label {
        Layout.fillWidth: true
        text: root.label
        font.pixelSize: 11
        font.weight: Font.DemiBold
        color: Theme.mutedText
        elide: Text.ElideRight
    }

    Rectangle {
        Layout.fillWidth: true
        visible: root.mono
        implicitHeight: code.implicitHeight + 12
        color: Theme.editorBackground
        border.color: Theme.border
        radius: 4

        TextEdit {
            id: code
            anchors.fill: parent
            anchors.margins: 6
            readOnly: true
            selectByMouse: true
            wrapMode: TextEdit.WrapAnywhere
            text: root.mono ? root.value : ""
            font: Theme.smallMonoFont
            color: Theme.text
            selectionColor: Theme.textSelection
            selectedTextColor: Theme.text
        }
    }

    TextEdit {
        Layout.fillWidth: true
        visible: !root.mono
        readOnly: true
        selectByMouse: root.ref.length === 0
        wrapMode: TextEdit.Wrap
        text: root.mono ? "" : (root.value.length > 0 ? root.value : "\u2014")
        font.pixelSize: 13
        font.underline: root.ref.length > 0 && link.containsMouse
        color: root.ref.length > 0 ? Theme.accent : root.value.length > 0 ? Theme.text : Theme.faintText
        selectionColor: Theme.textSelection
        selectedTextColor: Theme.text

        MouseArea {
            id: link
            anchors.fill: parent
            enabled: root.ref.length > 0
            hoverEnabled: true
            cursorShape: Qt.PointingHandCursor
            onClicked: root.followed(root.ref)
        }
    }

    TextEdit {
        Layout.fillWidth: true
        visible: root.detail.length > 0
        readOnly: true
        selectByMouse: true
        wrapMode: TextEdit.Wrap
        text: root.detail
        font.pixelSize: 12
        color: Theme.mutedText
        selectionColor: Theme.textSelection
        selectedTextColor: Theme.text
    }
}
