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
        width: 200
        height: 130
        visible: root.showMinimap && canvas.elementCount > 0
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
