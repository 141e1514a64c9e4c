pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The window's status bar: on the model page the model's size and lint verdict, on the sandbox
// page the sandbox's live verdict; then the last message and the version.
ToolBar {
    id: root

    required property PatternSandbox sandbox
    required property ProjectDocument document
    required property bool showModel
    required property string version

    readonly property FindingListModel findings: document.findings

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
            color: root.showModel
                   ? (root.findings.errorCount > 0 ? Theme.invalid
                      : root.findings.warningCount > 0 ? Theme.warning : Theme.match)
                   : root.sandbox.patternEmpty ? Theme.faintText
                   : !root.sandbox.valid ? Theme.invalid
                   : root.sandbox.matchCount > 0 ? Theme.match : Theme.noMatch
        }
        Label {
            objectName: "statusText"
            text: root.showModel
                  ? (root.document.elements.totalCount === 1 ? qsTr("1 element") : qsTr("%1 elements").arg(root.document.elements.totalCount))
                    + " \u00b7 "
                    + (root.findings.errorCount + root.findings.warningCount === 0
                       ? qsTr("no lint errors or warnings")
                       : (root.findings.errorCount === 1 ? qsTr("1 error") : qsTr("%1 errors").arg(root.findings.errorCount))
                         + ", "
                         + (root.findings.warningCount === 1 ? qsTr("1 warning") : qsTr("%1 warnings").arg(root.findings.warningCount)))
                  : root.sandbox.statusText
            color: Theme.text
            font.pixelSize: 12
        }
        Label {
            objectName: "statusMessage"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.margin
            text: root.showModel ? root.document.message : root.sandbox.message
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
