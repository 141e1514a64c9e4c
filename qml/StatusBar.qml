pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The window's status bar: the sandbox's live verdict, the last message, the version.
ToolBar {
    id: root

    required property PatternSandbox sandbox
    required property string version

    implicitHeight: 30
    background: Rectangle {
        color: Theme.paneHeader
        Rectangle {
            width: parent.width
            height: 1
            color: Theme.border
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        spacing: Theme.spacing

        Rectangle {
            width: 9
            height: 9
            radius: 4.5
            color: root.sandbox.patternEmpty ? Theme.faintText
                 : !root.sandbox.valid ? Theme.invalid
                 : root.sandbox.matchCount > 0 ? Theme.match : Theme.noMatch
        }
        Label {
            objectName: "statusText"
            text: root.sandbox.statusText
            color: Theme.text
            font.pixelSize: 12
        }
        Label {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.margin
            text: root.sandbox.message
            color: Theme.mutedText
            font.pixelSize: 12
            elide: Text.ElideRight
        }
        Label {
            objectName: "versionLabel"
            text: qsTr("Stormglass %1").arg(root.version)
            color: Theme.mutedText
            font.pixelSize: 12
        }
    }
}
