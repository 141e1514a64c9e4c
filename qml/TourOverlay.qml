pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// A short tour for a first start: what each part of the window is for, one card at a time.
Popup {
    id: root

    signal finished()

    property int step: 0
    readonly property var steps: [
        { title: qsTr("The board"),
          text: qsTr("Everything of the model is on the board. Drag empty space to pan, Ctrl+wheel to zoom, Shift+drag to select an area. Ctrl+1 fits the whole model.") },
        { title: qsTr("The palette"),
          text: qsTr("Drag stickies and architecture elements from the palette on the left onto the board, or double-click the board to add one there.") },
        { title: qsTr("Connecting"),
          text: qsTr("Hover an element to see its port on the right side, and drag from it to another element: a producer to a bus, a bus to a rule, a rule to its targets. What EventBridge would not allow is refused, with the reason.") },
        { title: qsTr("Inspector and findings"),
          text: qsTr("The inspector on the right edits the selection: names, patterns, retry policies, behaviour. Findings below the board list what lint found; click one to go to its element.") },
        { title: qsTr("Undo anything"),
          text: qsTr("Every change is one step of Edit \u25b8 Undo (Ctrl+Z). Changes are autosaved for recovery every minute. F1 lists the keyboard and mouse.") }
    ]

    function start() {
        step = 0;
        open();
    }

    parent: Overlay.overlay
    x: parent ? (parent.width - width) / 2 : 0
    y: parent ? parent.height - height - 80 : 0
    width: 460
    modal: false
    closePolicy: Popup.CloseOnEscape
    padding: 18
    onClosed: root.finished()

    background: Rectangle {
        radius: Theme.radius
        color: Theme.pane
        border.color: Theme.selectionBorder
        border.width: 2
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 10

        Label {
            objectName: "tourTitle"
            text: root.steps[root.step].title
            font.pixelSize: 16
            font.weight: Font.DemiBold
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: root.steps[root.step].text
            color: Theme.text
        }
        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                color: Theme.faintText
                text: qsTr("%1 of %2").arg(root.step + 1).arg(root.steps.length)
            }
            Button {
                text: qsTr("Skip")
                flat: true
                visible: root.step < root.steps.length - 1
                onClicked: root.close()
            }
            Button {
                objectName: "tourNext"
                highlighted: true
                text: root.step < root.steps.length - 1 ? qsTr("Next") : qsTr("Got it")
                onClicked: {
                    if (root.step < root.steps.length - 1)
                        root.step += 1;
                    else
                        root.close();
                }
            }
        }
    }
}
