pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The test events: a list with each event's verdict, and an editor for the selected one.
Pane {
    id: root

    required property PatternSandbox sandbox

    padding: Theme.margin
    background: Rectangle {
        color: Theme.pane
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        PaneHeader {
            Layout.fillWidth: true
            title: qsTr("Test events")
            subtitle: root.sandbox.events.count === 0 ? qsTr("Add a sample or type your own")
                    : root.sandbox.patternEmpty ? qsTr("Type a pattern to test them against")
                    : !root.sandbox.valid ? qsTr("Fix the pattern to test them")
                    : qsTr("%1 of %2 match").arg(root.sandbox.matchCount).arg(root.sandbox.events.count)

            ComboBox {
                id: samples
                objectName: "sampleChooser"
                Layout.preferredWidth: 200
                model: root.sandbox.sampleNames
                displayText: qsTr("Add sample event\u2026")
                ToolTip.visible: hovered && !popup.visible
                ToolTip.text: qsTr("Add a bundled sample event for a common source")
                onActivated: index => root.sandbox.addSampleEvent(index)
            }
            Button {
                objectName: "newEventButton"
                text: qsTr("New")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Add an empty event to type or paste into")
                onClicked: root.sandbox.addEvent()
            }
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(Math.max(list.contentHeight, 50), 4 * 54) + 8
            color: Theme.pane
            border.color: Theme.border
            radius: 4

            ListView {
                id: list
                objectName: "eventList"
                anchors.fill: parent
                anchors.margins: 4
                clip: true
                spacing: 4
                model: root.sandbox.events
                currentIndex: root.sandbox.currentIndex
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {}

                delegate: EventListDelegate {
                    width: ListView.view.width
                    onChosen: index => root.sandbox.currentIndex = index
                    onRemoveRequested: index => root.sandbox.removeEvent(index)
                }

                Label {
                    anchors.centerIn: parent
                    visible: list.count === 0
                    text: qsTr("No events yet")
                    color: Theme.faintText
                }
            }
        }

        JsonEditor {
            objectName: "eventEditor"
            Layout.fillWidth: true
            Layout.fillHeight: true
            text: root.sandbox.currentEventText
            errorPosition: root.sandbox.currentEventErrorPosition
            errorLine: root.sandbox.currentEventErrorLine
            errorText: root.sandbox.currentEventError
            placeholderText: qsTr("Paste an event here, e.g. one from CloudTrail or your own producer")
            onEdited: text => root.sandbox.currentEventText = text
        }

        MessageBanner {
            objectName: "eventVerdict"
            Layout.fillWidth: true
            visible: root.sandbox.currentEventError.length > 0
            kind: MessageBanner.Error
            lead: root.sandbox.currentEventErrorLine > 0
                  ? qsTr("Line %1, column %2").arg(root.sandbox.currentEventErrorLine).arg(root.sandbox.currentEventErrorColumn)
                  : ""
            text: root.sandbox.currentEventError
        }
        MessageBanner {
            objectName: "eventWarning"
            Layout.fillWidth: true
            visible: root.sandbox.currentEventError.length === 0
                     && root.sandbox.currentEventWarning.length > 0
            kind: MessageBanner.Warning
            text: root.sandbox.currentEventWarning
        }
    }
}
