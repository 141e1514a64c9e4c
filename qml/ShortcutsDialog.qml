pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Stormglass

// Every keyboard shortcut and mouse gesture of the board, in one list.
Dialog {
    id: root
    anchors.centerIn: Overlay.overlay

    title: qsTr("Keyboard and Mouse")
    width: 560
    height: 560
    modal: false
    standardButtons: Dialog.Close

    readonly property var rows: [
        [qsTr("Pan"), qsTr("Drag the empty board, middle button, Space+drag, or the wheel")],
        [qsTr("Zoom at the pointer"), qsTr("Ctrl+wheel, or pinch")],
        [qsTr("Zoom in / out / 100%"), "Ctrl+=  /  Ctrl+-  /  Ctrl+0"],
        [qsTr("Fit the model / the selection"), "Ctrl+1  /  Ctrl+2"],
        [qsTr("Select, add to selection"), qsTr("Click, Ctrl+click, Shift+drag an area")],
        [qsTr("Select everything"), "Ctrl+A"],
        [qsTr("Move the selection"), qsTr("Drag it; arrow keys nudge (Shift: five steps)")],
        [qsTr("Connect"), qsTr("Drag from an element's port (right side) to another element")],
        [qsTr("Resize a sticky or context"), qsTr("Drag its bottom-right corner")],
        [qsTr("Rename in place"), qsTr("Double-click, F2 or Enter; Enter keeps, Escape cancels")],
        [qsTr("Add an element"), qsTr("Drag from the palette, or double-click the board")],
        [qsTr("Cut / copy / paste / duplicate"), "Ctrl+X  /  Ctrl+C  /  Ctrl+V  /  Ctrl+D"],
        [qsTr("Delete"), "Delete"],
        [qsTr("Promote a sticky"), "Ctrl+P"],
        [qsTr("Arrange automatically"), "Ctrl+Shift+L"],
        [qsTr("Undo / redo / history"), "Ctrl+Z  /  Ctrl+Shift+Z  /  Ctrl+H"],
        [qsTr("New / open / save / save as"), "Ctrl+N  /  Ctrl+O  /  Ctrl+S  /  Ctrl+Shift+S"],
        [qsTr("Board / Pattern sandbox"), "Ctrl+Shift+1  /  Ctrl+Shift+2"]
    ]

    ScrollView {
        anchors.fill: parent
        clip: true

        Column {
            width: root.availableWidth
            spacing: 6

            Repeater {
                model: root.rows
                delegate: Row {
                    id: row
                    required property var modelData
                    spacing: 12
                    Label {
                        width: 200
                        text: row.modelData[0]
                        color: Theme.mutedText
                        wrapMode: Text.Wrap
                    }
                    Label {
                        width: root.availableWidth - 212
                        text: row.modelData[1]
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }
}
