pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// Offered at start when Stormglass last closed without saving: the work it autosaved, to open
// again (then save it) or throw away.
Dialog {
    id: root
    anchors.centerIn: Overlay.overlay

    required property ProjectDocument document

    title: qsTr("Recover Unsaved Work")
    width: 560
    modal: true
    standardButtons: Dialog.Close
    closePolicy: Popup.CloseOnEscape

    onAboutToShow: if (root.document.recoverable.length === 0) root.close()

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.margin

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Stormglass closed without saving the changes below. Recover one to open it with its changes, then save it; discard it to throw the changes away.")
        }

        Repeater {
            model: root.document.recoverable

            delegate: Rectangle {
                id: entry
                required property int index
                required property var modelData

                Layout.fillWidth: true
                implicitHeight: entryRow.implicitHeight + 16
                radius: Theme.radius
                color: Theme.paneHeader
                border.color: Theme.border

                RowLayout {
                    id: entryRow
                    anchors.fill: parent
                    anchors.margins: 8
                    spacing: Theme.spacing

                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label {
                            Layout.fillWidth: true
                            text: entry.modelData.title
                            font.weight: Font.DemiBold
                            elide: Text.ElideRight
                        }
                        Label {
                            Layout.fillWidth: true
                            text: (entry.modelData.file.length > 0 ? entry.modelData.file : qsTr("never saved"))
                                  + " \u00b7 " + qsTr("autosaved %1").arg(entry.modelData.savedAt)
                            color: Theme.mutedText
                            font.pixelSize: 12
                            elide: Text.ElideMiddle
                        }
                    }
                    Button {
                        objectName: "recoverButton"
                        text: qsTr("Recover")
                        highlighted: true
                        onClicked: {
                            if (root.document.recover(entry.index))
                                root.close();
                        }
                    }
                    Button {
                        objectName: "discardRecoveryButton"
                        text: qsTr("Discard")
                        onClicked: {
                            root.document.discardRecoverable(entry.index);
                            if (root.document.recoverable.length === 0)
                                root.close();
                        }
                    }
                }
            }
        }
    }
}
