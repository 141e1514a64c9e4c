pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The board: the model's canvas with its zoom controls and a line of hints. Everything drawn on
// the board comes from CanvasView (C++); this file only lays out the controls around it.
Item {
    id: root

    required property ProjectDocument document
    readonly property alias canvas: canvas
    property bool showMinimap: true

    CanvasView {
        id: canvas
        objectName: "canvas"
        anchors.fill: parent
        document: root.document
        darkTheme: Theme.dark
        focus: true

        onEditRequested: id => labelEditor.begin(id)
        onAddRequested: (x, y) => {
            quickAdd.at = Qt.point(x, y);
            quickAdd.popup(x, y);
        }
        onViewChanged: labelEditor.follow()
    }

    // Editing a label in place: over the element, as wide as it; Enter keeps the text (one
    // undoable rename), Escape or clicking elsewhere leaves it as it was.
    TextField {
        id: labelEditor
        objectName: "labelEditor"

        property string elementId

        function begin(id: string) {
            root.document.select(id);
            if (root.document.selectedId !== id)
                return;
            elementId = id;
            text = root.document.selectedName;
            follow();
            visible = true;
            forceActiveFocus();
            selectAll();
        }
        function follow() {
            if (!visible && elementId.length === 0)
                return;
            const r = canvas.viewRectOf(elementId);
            x = r.x;
            y = r.y + Math.max(0, (r.height - height) / 2);
            width = Math.max(160, r.width);
        }
        function finish(keep: bool) {
            if (!visible)
                return;
            const id = elementId;
            visible = false;
            elementId = "";
            if (keep && text.trim().length > 0)
                root.document.renameElement(id, text);
            canvas.forceActiveFocus();
        }

        visible: false
        z: 10
        selectByMouse: true
        font.pixelSize: 14
        onAccepted: finish(true)
        onActiveFocusChanged: if (!activeFocus) finish(false)
        Keys.onEscapePressed: finish(false)
    }

    // Double-clicking the empty board offers what can be added there.
    Menu {
        id: quickAdd
        objectName: "quickAddMenu"

        property point at

        Instantiator {
            model: PaletteModel {}
            delegate: MenuItem {
                required property string key
                required property string title
                text: qsTr("Add %1").arg(title)
                onTriggered: canvas.addElementAt(key, quickAdd.at.x, quickAdd.at.y)
            }
            onObjectAdded: (index, object) => quickAdd.insertItem(index, object as MenuItem)
            onObjectRemoved: (index, object) => quickAdd.removeItem(object as MenuItem)
        }
    }

    Rectangle {
        objectName: "emptyHint"
        anchors.centerIn: parent
        visible: canvas.elementCount === 0
        width: emptyText.implicitWidth + 40
        height: emptyText.implicitHeight + 28
        radius: Theme.radius
        color: Theme.pane
        border.color: Theme.border
        Label {
            id: emptyText
            anchors.centerIn: parent
            text: qsTr("An empty board. Open an example from the File menu, or import a template.")
            color: Theme.mutedText
        }
    }

    // The whole model in miniature, with the visible area framed; click or drag to go there.
    Rectangle {
        objectName: "minimap"
        anchors.right: parent.right
        anchors.bottom: zoomBar.top
        anchors.rightMargin: Theme.margin
        anchors.bottomMargin: Theme.spacing
        // A fifth of a small board at most, so that it never hides what it maps; none at all
        // on a board too small to spare the corner.
        width: Math.round(Math.min(200, root.width * 0.2))
        height: Math.round(width * 0.65)
        visible: root.showMinimap && canvas.elementCount > 0 && root.width >= 480
                 && root.height >= 320
        color: Theme.pane
        border.color: Theme.border
        radius: 3
        clip: true

        CanvasView {
            objectName: "minimapView"
            anchors.fill: parent
            anchors.margins: 1
            document: root.document
            overviewOf: canvas
            darkTheme: canvas.darkTheme
        }
    }

    // What the canvas says about the gesture under way, or why an edit was refused.
    Rectangle {
        id: noticeBanner
        objectName: "canvasNotice"
        anchors.top: parent.top
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.topMargin: Theme.margin
        visible: canvas.notice.length > 0
        width: Math.min(parent.width - 40, noticeText.implicitWidth + 32)
        height: noticeText.implicitHeight + 16
        radius: Theme.radius
        color: canvas.noticeIsRefusal ? Theme.invalidBackground : Theme.infoBackground
        border.color: canvas.noticeIsRefusal ? Theme.invalid : Theme.selectionBorder

        Label {
            id: noticeText
            objectName: "canvasNoticeText"
            anchors.centerIn: parent
            width: parent.width - 32
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: canvas.notice
            color: canvas.noticeIsRefusal ? Theme.invalid : Theme.text
        }
        Timer {
            running: noticeBanner.visible && canvas.noticeIsRefusal
            interval: 6000
            onTriggered: canvas.clearNotice()
        }
    }

    // Zoom controls, bottom right.
    Rectangle {
        id: zoomBar
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        width: zoomRow.implicitWidth + 8
        height: zoomRow.implicitHeight + 8
        radius: Theme.radius
        color: Theme.pane
        border.color: Theme.border

        RowLayout {
            id: zoomRow
            anchors.centerIn: parent
            spacing: 2

            ToolButton {
                text: "\u2212"
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Zoom out (Ctrl+-)")
                onClicked: canvas.zoomOut()
            }
            Label {
                objectName: "zoomLabel"
                Layout.preferredWidth: 48
                horizontalAlignment: Text.AlignHCenter
                text: Math.round(canvas.zoom * 100) + "%"
                color: Theme.text
                TapHandler {
                    onTapped: canvas.resetZoom()
                }
                ToolTip.visible: zoomHover.hovered
                ToolTip.text: qsTr("Click for 100% (Ctrl+0)")
                HoverHandler {
                    id: zoomHover
                }
            }
            ToolButton {
                text: "+"
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Zoom in (Ctrl+=)")
                onClicked: canvas.zoomIn()
            }
            ToolButton {
                text: qsTr("Fit")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Zoom to fit the whole model (Ctrl+1)")
                onClicked: canvas.zoomToFit()
            }
        }
    }

    // What the mouse does, bottom left.
    Label {
        anchors.left: parent.left
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin + 4
        text: canvas.selectionCount > 1
              ? qsTr("%1 selected \u00b7 drag to move them together \u00b7 Delete removes them").arg(canvas.selectionCount)
              : qsTr("Drag the board to pan \u00b7 Ctrl+wheel zooms \u00b7 Shift+drag selects an area")
        color: Theme.mutedText
        font.pixelSize: 12
    }
}
