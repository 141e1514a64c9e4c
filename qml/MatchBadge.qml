pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Stormglass

// A pill saying whether an event matches: MATCH, NO MATCH, INVALID, or a dash while pending.
Rectangle {
    id: root

    required property int status
    readonly property string label: status === SandboxEventModel.Match ? qsTr("MATCH")
                                  : status === SandboxEventModel.NoMatch ? qsTr("NO MATCH")
                                  : status === SandboxEventModel.Invalid ? qsTr("INVALID")
                                  : "\u2014"
    readonly property color foreground: status === SandboxEventModel.Match ? Theme.match
                                      : status === SandboxEventModel.Invalid ? Theme.invalid
                                      : Theme.noMatch

    objectName: "matchBadge"
    implicitWidth: Math.max(78, caption.implicitWidth + 18)
    implicitHeight: 22
    radius: height / 2
    color: status === SandboxEventModel.Match ? Theme.matchBackground
         : status === SandboxEventModel.Invalid ? Theme.invalidBackground
         : Theme.noMatchBackground
    border.color: Qt.rgba(foreground.r, foreground.g, foreground.b, 0.4)

    Label {
        id: caption
        anchors.centerIn: parent
        text: root.label
        color: root.foreground
        font.pixelSize: 11
        font.weight: Font.Bold
        font.letterSpacing: 0.6
    }
}
