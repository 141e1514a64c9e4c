pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A one-glance verdict under an editor: a coloured strip with a symbol, an optional bold lead
// ("Line 3, column 14") and the message, wrapped.
Rectangle {
    id: root

    enum Kind { Info, Success, Warning, Error }

    property int kind: MessageBanner.Info
    property string lead
    property string text

    readonly property color accent: kind === MessageBanner.Success ? Theme.match
                                  : kind === MessageBanner.Warning ? Theme.warning
                                  : kind === MessageBanner.Error ? Theme.invalid
                                  : Theme.info

    implicitHeight: row.implicitHeight + 16
    radius: 4
    color: kind === MessageBanner.Success ? Theme.matchBackground
         : kind === MessageBanner.Warning ? Theme.warningBackground
         : kind === MessageBanner.Error ? Theme.invalidBackground
         : Theme.infoBackground
    border.color: Qt.rgba(accent.r, accent.g, accent.b, 0.35)

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: 8
        anchors.leftMargin: 10
        spacing: 8

        Label {
            Layout.alignment: Qt.AlignTop
            text: root.kind === MessageBanner.Success ? "\u2713"
                : root.kind === MessageBanner.Error ? "\u2715"
                : root.kind === MessageBanner.Warning ? "!" : "i"
            color: root.accent
            font.pixelSize: 14
            font.weight: Font.Bold
        }
        Label {
            objectName: "bannerText"
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignVCenter
            wrapMode: Text.Wrap
            textFormat: Text.StyledText
            color: Theme.text
            font.pixelSize: 13
            text: (root.lead.length > 0 ? "<b>" + root.lead + "</b>&nbsp;&nbsp;" : "")
                  + root.text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n/g, "<br>")
        }
    }
}
