pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The Pattern sandbox: pattern, test events and target input side by side, re-checked as you
// type. Self-contained so that later steps can place it beside the canvas.
Item {
    id: root

    required property PatternSandbox sandbox

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: heading.implicitHeight + 20
            color: Theme.paneHeader
            visible: root.sandbox.title.length > 0 || root.sandbox.description.length > 0

            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: Theme.border
            }

            ColumnLayout {
                id: heading
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.leftMargin: Theme.margin + 4
                anchors.rightMargin: Theme.margin + 4
                spacing: 2

                Label {
                    Layout.fillWidth: true
                    text: qsTr("Pattern sandbox \u2014 %1").arg(root.sandbox.title.length > 0 ? root.sandbox.title : qsTr("untitled"))
                    font.pixelSize: 17
                    font.weight: Font.DemiBold
                    color: Theme.text
                    elide: Text.ElideRight
                }
                Label {
                    Layout.fillWidth: true
                    visible: root.sandbox.description.length > 0
                    text: root.sandbox.description
                    font.pixelSize: 12
                    color: Theme.mutedText
                    elide: Text.ElideRight
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

            PatternPane {
                SplitView.preferredWidth: root.width * 0.33
                SplitView.minimumWidth: 280
                sandbox: root.sandbox
            }
            EventsPane {
                SplitView.preferredWidth: root.width * 0.33
                SplitView.minimumWidth: 300
                sandbox: root.sandbox
            }
            TargetInputPane {
                SplitView.fillWidth: true
                SplitView.minimumWidth: 280
                sandbox: root.sandbox
            }
        }
    }
}
