pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Stormglass

// A finding's severity at a glance: a cross for an error, "!" for a warning, "i" for a note, in
// a tinted disc of the severity's colour.
Rectangle {
    id: root

    // FindingListModel.Error, .Warning or .Info; anything else shows nothing.
    property int severity: -1

    readonly property color tone: severity === FindingListModel.Error ? Theme.invalid
                                : severity === FindingListModel.Warning ? Theme.warning
                                : Theme.info

    implicitWidth: 18
    implicitHeight: 18
    radius: width / 2
    visible: severity >= FindingListModel.Error && severity <= FindingListModel.Info
    color: severity === FindingListModel.Error ? Theme.invalidBackground
         : severity === FindingListModel.Warning ? Theme.warningBackground
         : Theme.infoBackground
    border.color: Qt.rgba(tone.r, tone.g, tone.b, 0.55)

    Label {
        anchors.centerIn: parent
        text: root.severity === FindingListModel.Error ? "\u2715"
            : root.severity === FindingListModel.Warning ? "!" : "i"
        color: root.tone
        font.pixelSize: root.severity === FindingListModel.Error ? 10 : 11
        font.weight: Font.Bold
    }
}
