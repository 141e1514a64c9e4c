pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// One entry of the palette: drag it onto the board to add that element where it is dropped, or
// double-click it to add one in the middle of the view.
Rectangle {
    id: tile

    required property string key
    required property string title
    required property string description
    required property color swatch
    required property bool isSticky
    required property CanvasView canvas

    property bool dragging: false
    property point pressPoint

    objectName: "paletteTile-" + key
    implicitHeight: 34
    radius: 4
    color: area.containsMouse ? Theme.selection : "transparent"

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 8
        anchors.rightMargin: 8
        spacing: 10

        Rectangle {
            Layout.preferredWidth: tile.isSticky ? 18 : 22
            Layout.preferredHeight: tile.isSticky ? 18 : 14
            radius: tile.isSticky ? 1 : 3
            color: tile.isSticky ? tile.swatch : Theme.pane
            border.color: tile.swatch
            border.width: tile.isSticky ? 0 : 2
        }
        Label {
            Layout.fillWidth: true
            text: tile.title
            color: Theme.text
            elide: Text.ElideRight
        }
    }

    ToolTip.visible: area.containsMouse && !tile.dragging
    ToolTip.delay: 600
    ToolTip.text: tile.description + "\n" + qsTr("Drag onto the board, or double-click to add.")

    // Where the tile would land: follows the pointer over the window while dragging.
    Rectangle {
        id: ghost
        parent: Overlay.overlay
        visible: tile.dragging
        width: tile.isSticky ? 80 : 100
        height: tile.isSticky ? 80 : 40
        radius: 3
        opacity: 0.85
        color: tile.isSticky ? tile.swatch : Theme.pane
        border.color: tile.swatch
        border.width: 2
        Label {
            anchors.centerIn: parent
            width: parent.width - 8
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: tile.title
            font.pixelSize: 11
            color: "#1f2328"
        }
    }

    MouseArea {
        id: area
        anchors.fill: parent
        hoverEnabled: true
        // The palette scrolls; a drag out of it must stay a drag of the tile.
        preventStealing: true
        cursorShape: tile.dragging ? Qt.ClosedHandCursor : Qt.OpenHandCursor

        onPressed: mouse => tile.pressPoint = Qt.point(mouse.x, mouse.y)
        onPositionChanged: mouse => {
            if (!pressed)
                return;
            if (!tile.dragging && Math.abs(mouse.x - tile.pressPoint.x) + Math.abs(mouse.y - tile.pressPoint.y) > 6)
                tile.dragging = true;
            if (tile.dragging) {
                const p = area.mapToItem(ghost.parent, mouse.x, mouse.y);
                ghost.x = p.x - ghost.width / 2;
                ghost.y = p.y - ghost.height / 2;
            }
        }
        onReleased: mouse => {
            if (!tile.dragging)
                return;
            tile.dragging = false;
            const p = area.mapToItem(tile.canvas, mouse.x, mouse.y);
            if (p.x >= 0 && p.y >= 0 && p.x < tile.canvas.width && p.y < tile.canvas.height) {
                // The ghost's top-left corner is where the element's goes.
                tile.canvas.addElementAt(tile.key, p.x - ghost.width / 2, p.y - ghost.height / 2);
            }
        }
        onCanceled: tile.dragging = false
        onDoubleClicked: tile.canvas.addElementAt(tile.key, tile.canvas.width / 2 - 100 * tile.canvas.zoom,
                                                  tile.canvas.height / 2 - 40 * tile.canvas.zoom)
    }
}
