pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Stormglass

// Every edit since the model was opened; clicking one goes back (or forward) to just after it.
Dialog {
    id: root
    anchors.centerIn: Overlay.overlay

    required property ProjectDocument document

    title: qsTr("Undo History")
    width: 420
    height: 480
    modal: false
    standardButtons: Dialog.Close

    ListView {
        id: list
        objectName: "undoHistoryList"
        anchors.fill: parent
        clip: true
        model: root.document.history
        currentIndex: root.document.history.currentRow
        ScrollBar.vertical: ScrollBar {}

        delegate: ItemDelegate {
            id: row
            required property int index
            required property string commandText
            required property bool isCurrent
            required property bool isUndone

            width: ListView.view.width
            highlighted: isCurrent
            contentItem: Label {
                text: row.commandText
                color: row.isUndone ? Theme.faintText : Theme.text
                font.italic: row.isUndone
                font.weight: row.isCurrent ? Font.DemiBold : Font.Normal
                elide: Text.ElideRight
            }
            onClicked: root.document.history.currentRow = index
        }
    }
}
