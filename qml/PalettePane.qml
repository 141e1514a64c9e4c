pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The palette: every kind of element and sticky, to drag onto the board.
Pane {
    id: root

    required property CanvasView canvas

    padding: Theme.margin
    background: Rectangle {
        color: Theme.pane
    }

    PaletteModel {
        id: entries
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        PaneHeader {
            Layout.fillWidth: true
            title: qsTr("Palette")
            subtitle: qsTr("Drag onto the board")
        }

        Flickable {
            id: list
            objectName: "paletteList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentHeight: column.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}

            Column {
                id: column
                width: list.width
                spacing: 1

                Repeater {
                    model: [qsTr("Architecture"), qsTr("Event storming")]

                    delegate: Column {
                        id: section
                        required property int index
                        required property string modelData
                        width: column.width
                        spacing: 1

                        Label {
                            width: section.width
                            topPadding: section.index === 0 ? 2 : 12
                            bottomPadding: 4
                            leftPadding: 8
                            text: section.modelData.toUpperCase()
                            font.pixelSize: 11
                            font.weight: Font.DemiBold
                            font.letterSpacing: 0.6
                            color: Theme.mutedText
                        }
                        Repeater {
                            model: entries
                            delegate: PaletteTile {
                                width: section.width
                                visible: isSticky === (section.index === 1)
                                height: visible ? implicitHeight : 0
                                canvas: root.canvas
                            }
                        }
                    }
                }
            }
        }
    }
}
