pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// What an import left out, one line each, so nothing is dropped silently.
Dialog {
    id: root

    required property ProjectDocument document

    title: qsTr("Imported, with omissions")
    modal: true
    padding: 16
    width: 620
    height: Math.min(520, implicitHeight)
    standardButtons: Dialog.Ok

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: root.document.skipped.length === 1 ? qsTr("One part of the file could not be imported into the model:") : qsTr("%1 parts of the file could not be imported into the model:").arg(root.document.skipped.length)
        }
        ScrollView {
            id: scroller
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: Math.min(360, lines.implicitHeight)
            clip: true
            contentWidth: availableWidth

            ColumnLayout {
                id: lines
                width: scroller.availableWidth
                spacing: 4

                Repeater {
                    model: root.document.skipped
                    delegate: Label {
                        required property string modelData

                        objectName: "skippedLine"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: "\u2022 " + modelData
                        font: Theme.smallMonoFont
                        color: Theme.text
                    }
                }
            }
        }
    }
}
