pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The model page: the outline on the left, the board (canvas) in the centre with lint's
// findings below it, and the selected element's inspector on the right.
Item {
    id: root

    required property ProjectDocument document

    readonly property CanvasView canvas: board.canvas
    property alias showMinimap: board.showMinimap

    // Shows the outline tab (the tests and the problems panel use it to reveal an element).
    function showOutline() {
        leftTabs.currentIndex = 1;
    }

    // Clears the selection so that the inspector shows the settings of the whole model, and
    // takes the keyboard there.
    function showProjectSettings() {
        board.canvas.clearSelection();
        inspector.showProjectSettings();
    }

    signal tryRuleRequested(string ruleId)

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // The panes around the board are drawn once into textures and reused while the board
        // animates: Qt Quick redraws the whole window every frame, and on a software renderer
        // their text costs more than the board itself.
        Rectangle {
            layer.enabled: true
            Layout.fillWidth: true
            implicitHeight: heading.implicitHeight + 20
            color: Theme.paneHeader

            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: Theme.border
            }

            RowLayout {
                id: heading
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.leftMargin: Theme.margin + 4
                anchors.rightMargin: Theme.margin + 4
                spacing: Theme.margin

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2

                    Label {
                        objectName: "modelTitle"
                        Layout.fillWidth: true
                        text: root.document.title
                        font.pixelSize: 17
                        font.weight: Font.DemiBold
                        color: Theme.text
                        elide: Text.ElideRight
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: root.document.description.length > 0
                        text: root.document.description
                        font.pixelSize: 12
                        color: Theme.mutedText
                        elide: Text.ElideRight
                        maximumLineCount: 2
                        wrapMode: Text.Wrap
                    }
                }

                Label {
                    objectName: "modelFile"
                    Layout.maximumWidth: root.width * 0.4
                    text: root.document.fileName.length > 0 ? root.document.fileName
                        : root.document.displayFileName.length > 0 ? qsTr("Bundled example \u00b7 %1").arg(root.document.displayFileName)
                        : qsTr("Not saved yet")
                    font.pixelSize: 12
                    color: Theme.mutedText
                    elide: Text.ElideMiddle
                }
            }
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            orientation: Qt.Horizontal

            handle: Rectangle {
                implicitWidth: 6
                color: SplitHandle.hovered || SplitHandle.pressed ? Theme.selectionBorder : Theme.window
            }

            ColumnLayout {
                layer.enabled: true
                SplitView.preferredWidth: Math.max(240, root.width * 0.16)
                SplitView.minimumWidth: 200
                spacing: 0

                TabBar {
                    id: leftTabs
                    objectName: "leftTabs"
                    Layout.fillWidth: true
                    TabButton {
                        objectName: "paletteTab"
                        text: qsTr("Palette")
                    }
                    TabButton {
                        objectName: "outlineTab"
                        text: qsTr("Outline")
                    }
                }
                StackLayout {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    currentIndex: leftTabs.currentIndex

                    PalettePane {
                        objectName: "palettePane"
                        canvas: board.canvas
                    }
                    OutlinePane {
                        objectName: "outlinePane"
                        document: root.document
                    }
                }
            }
            SplitView {
                SplitView.fillWidth: true
                SplitView.minimumWidth: 400
                orientation: Qt.Vertical

                handle: Rectangle {
                    implicitHeight: 6
                    color: SplitHandle.hovered || SplitHandle.pressed ? Theme.selectionBorder : Theme.window
                }

                CanvasPane {
                    id: board
                    objectName: "canvasPane"
                    SplitView.fillHeight: true
                    SplitView.minimumHeight: 200
                    document: root.document
                }
                FindingsPane {
                    objectName: "findingsPane"
                    layer.enabled: true
                    onElementChosen: elementId => board.canvas.centerOn(elementId)
                    SplitView.preferredHeight: Math.max(170, root.height * 0.2)
                    SplitView.minimumHeight: 100
                    document: root.document
                }
            }
            InspectorPane {
                id: inspector
                objectName: "inspectorPane"
                layer.enabled: true
                SplitView.preferredWidth: Math.max(340, root.width * 0.22)
                SplitView.minimumWidth: 280
                document: root.document
                onTryRuleRequested: ruleId => root.tryRuleRequested(ruleId)
            }
        }
    }
}
