pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// What the target receives for one event: the exact text, or why nothing is delivered.
Rectangle {
    id: root

    required property int index
    required property string name
    required property int status
    required property bool delivered
    required property string transformedText
    required property string transformError

    readonly property string reason: status === SandboxEventModel.NoMatch ? qsTr("Not delivered: the event does not match")
                                   : status === SandboxEventModel.Invalid ? qsTr("Not delivered: the event is not valid JSON")
                                   : status === SandboxEventModel.Pending ? qsTr("Waiting for a valid pattern and event")
                                   : transformError.length > 0 ? transformError
                                   : qsTr("Not delivered")

    implicitHeight: column.implicitHeight + 20
    radius: 4
    color: Theme.pane
    border.color: root.delivered ? Qt.rgba(0.10, 0.50, 0.22, 0.35) : Theme.border

    ColumnLayout {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: 10
        spacing: 6

        RowLayout {
            Layout.fillWidth: true
            spacing: 8

            MatchBadge {
                status: root.status
            }
            Label {
                Layout.fillWidth: true
                text: root.name
                font.pixelSize: 13
                font.weight: Font.DemiBold
                color: Theme.text
                elide: Text.ElideRight
            }
        }

        TextEdit {
            objectName: "targetOutput"
            Layout.fillWidth: true
            Layout.margins: 6
            visible: root.delivered
            readOnly: true
            selectByMouse: true
            wrapMode: TextEdit.WrapAtWordBoundaryOrAnywhere
            textFormat: TextEdit.PlainText
            font: Theme.monoFont
            color: Theme.text
            selectionColor: Theme.textSelection
            text: root.transformedText

            Rectangle {
                z: -1
                anchors.fill: parent
                anchors.margins: -6
                color: Theme.editorBackground
                border.color: Theme.border
                radius: 3
            }
        }

        Label {
            Layout.fillWidth: true
            visible: !root.delivered
            text: root.reason
            wrapMode: Text.Wrap
            font.pixelSize: 12
            font.italic: true
            color: root.status === SandboxEventModel.Match ? Theme.invalid : Theme.mutedText
        }
    }
}
