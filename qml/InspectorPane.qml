pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The selected element: its name and (for a rule) whether it is enabled can be changed here,
// each change one undoable edit; every other field is shown read-only.
Pane {
    id: root

    required property ProjectDocument document

    // The user asked to try the selected rule in the Pattern sandbox.
    signal tryRuleRequested(string ruleId)

    readonly property bool hasSelection: document.selectedId.length > 0

    padding: Theme.margin
    background: Rectangle {
        color: Theme.pane
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        PaneHeader {
            Layout.fillWidth: true
            title: root.hasSelection ? root.document.selectedKind : qsTr("Inspector")
            subtitle: root.hasSelection ? root.document.selectedId
                                        : qsTr("Select an element in the outline or a finding")

            Button {
                objectName: "tryInSandboxButton"
                visible: root.document.selectedIsRule
                text: qsTr("Try in sandbox")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Open this rule's pattern with the model's sample events in the Pattern sandbox")
                onClicked: root.tryRuleRequested(root.document.selectedId)
            }
        }

        GridLayout {
            Layout.fillWidth: true
            visible: root.hasSelection
            columns: 2
            columnSpacing: Theme.spacing
            rowSpacing: 6

            Label {
                text: qsTr("Name")
                color: Theme.mutedText
                font.pixelSize: 12
            }
            TextField {
                id: nameField
                objectName: "nameField"
                Layout.fillWidth: true
                text: root.document.selectedName
                selectByMouse: true
                onEditingFinished: {
                    if (text !== root.document.selectedName && !root.document.renameElement(root.document.selectedId, text))
                        text = Qt.binding(() => root.document.selectedName);
                }
                Keys.onEscapePressed: text = Qt.binding(() => root.document.selectedName)
            }

            Label {
                visible: root.document.selectedIsRule
                text: qsTr("Enabled")
                color: Theme.mutedText
                font.pixelSize: 12
            }
            Switch {
                objectName: "enabledSwitch"
                visible: root.document.selectedIsRule
                checked: root.document.selectedEnabled
                text: checked ? qsTr("EventBridge delivers matching events") : qsTr("Disabled: the rule matches nothing")
                onToggled: root.document.setRuleEnabled(root.document.selectedId, checked)
            }
        }

        // Positioners, not layouts, hold the repeated rows: Qt 6.4's layouts can keep a row that
        // a Repeater deleted when the selection changes twice in one event, and crash.
        Column {
            id: findingsColumn
            Layout.fillWidth: true
            spacing: Theme.spacing
            visible: root.hasSelection

            Repeater {
            model: root.document.selectedFindings
            delegate: MessageBanner {
                required property var modelData

                objectName: "inspectorFinding"
                width: findingsColumn.width
                kind: modelData.severity === FindingListModel.Error ? MessageBanner.Error
                    : modelData.severity === FindingListModel.Warning ? MessageBanner.Warning
                    : MessageBanner.Info
                lead: modelData.code
                text: modelData.message
            }
            }
        }

        ScrollView {
            id: scroller
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: root.hasSelection
            clip: true
            contentWidth: availableWidth

            Column {
                id: fieldsColumn
                width: scroller.availableWidth
                spacing: 12

                Repeater {
                    model: root.document.selectedFields
                    delegate: InspectorField {
                        required property var modelData

                        objectName: "inspectorField"
                        width: fieldsColumn.width
                        label: modelData.label
                        value: modelData.value
                        mono: modelData.mono
                        ref: modelData.ref
                        detail: modelData.detail
                        onFollowed: elementId => root.document.select(elementId)
                    }
                }
            }
        }

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !root.hasSelection

            Label {
                anchors.centerIn: parent
                width: Math.min(parent.width - 24, 360)
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: qsTr("Choose an element on the left to see its fields here. Names and a rule's enabled state can be edited; Edit \u25b8 Undo takes any change back.")
                color: Theme.faintText
            }
        }
    }
}
