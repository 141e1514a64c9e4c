pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The welcome screen: start a new model, open or import one, reopen a recent file, or start
// from a bundled example.
Dialog {
    id: root
    anchors.centerIn: Overlay.overlay

    required property ProjectDocument document
    required property AppSettings settings

    signal newRequested()
    signal openRequested()
    signal importRequested()
    signal recentRequested(string path)
    signal exampleRequested(int index)

    title: qsTr("Welcome to Stormglass")
    width: 820
    modal: true
    padding: 20
    standardButtons: Dialog.Close

    function choose(action: var) {
        root.close();
        action();
    }

    RowLayout {
        anchors.fill: parent
        spacing: 28

        ColumnLayout {
            Layout.alignment: Qt.AlignTop
            Layout.preferredWidth: 220
            spacing: 6

            Label {
                text: qsTr("Start")
                font.pixelSize: 15
                font.weight: Font.DemiBold
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.mutedText
                text: qsTr("Model a domain with stickies, turn them into buses, rules and targets, and see how events flow.")
            }
            Button {
                objectName: "startNewButton"
                Layout.fillWidth: true
                text: qsTr("New Model")
                onClicked: root.choose(root.newRequested)
            }
            Button {
                objectName: "startOpenButton"
                Layout.fillWidth: true
                text: qsTr("Open\u2026")
                onClicked: root.choose(root.openRequested)
            }
            Button {
                Layout.fillWidth: true
                text: qsTr("Import a Template\u2026")
                onClicked: root.choose(root.importRequested)
            }
        }

        ColumnLayout {
            Layout.alignment: Qt.AlignTop
            Layout.fillWidth: true
            spacing: 6

            Label {
                text: qsTr("Examples")
                font.pixelSize: 15
                font.weight: Font.DemiBold
            }
            Repeater {
                model: root.document.exampleNames
                delegate: ItemDelegate {
                    required property int index
                    required property string modelData
                    objectName: "startExample"
                    Layout.fillWidth: true
                    text: modelData
                    onClicked: root.choose(() => root.exampleRequested(index))
                }
            }

            Label {
                Layout.topMargin: 12
                text: qsTr("Recent")
                font.pixelSize: 15
                font.weight: Font.DemiBold
            }
            Label {
                visible: root.settings.recentFiles.length === 0
                color: Theme.faintText
                text: qsTr("Files you open or save appear here.")
            }
            Repeater {
                model: root.settings.recentFiles
                delegate: ItemDelegate {
                    required property string modelData
                    objectName: "startRecent"
                    Layout.fillWidth: true
                    text: modelData.substring(modelData.lastIndexOf("/") + 1)
                    ToolTip.visible: hovered
                    ToolTip.text: modelData
                    onClicked: root.choose(() => root.recentRequested(modelData))
                }
            }
        }
    }
}
