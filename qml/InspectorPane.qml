pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The selected element: every property with the control that edits it (ranges, choices, the
// elements a reference may name, JSON with live checks), each change one undoable edit and each
// refusal explained beside its field. Rows are updated in place when the model changes, so an
// undo elsewhere does not take the focus from a field being typed in.
Pane {
    id: root

    required property ProjectDocument document

    // The user asked to try the selected rule in the Pattern sandbox.
    signal tryRuleRequested(string ruleId)

    readonly property bool hasSelection: document.selectedId.length > 0
    readonly property bool isSticky: elementEditor.kind === "sticky"

    // Shows the settings of the whole model (the selection is cleared first) with the keyboard
    // in the invocation quota.
    function showProjectSettings() {
        root.document.select("");
        projectSettings.focusQuota();
    }

    // Scrolls the fields so that `item` (a field that took the focus) is in view.
    function reveal(item: Item) {
        // Not before the pane is laid out: there is nothing to scroll yet.
        if (fields.height <= 0 || fieldsColumn.height <= fields.height)
            return;
        const top = item.mapToItem(fieldsColumn, 0, 0).y;
        const bottom = top + item.height;
        if (top < fields.contentY)
            fields.contentY = Math.max(0, top - 8);
        else if (bottom > fields.contentY + fields.height)
            fields.contentY = Math.min(fields.contentHeight - fields.height, bottom - fields.height + 8);
    }

    padding: Theme.margin
    background: Rectangle {
        color: Theme.pane
    }

    ElementEditor {
        id: elementEditor
        document: root.document
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        PaneHeader {
            Layout.fillWidth: true
            title: root.hasSelection ? root.document.selectedKind : qsTr("Project")
            subtitle: root.hasSelection ? root.document.selectedId
                                        : qsTr("Settings of the whole model")

            Button {
                objectName: "tryInSandboxButton"
                visible: root.document.selectedIsRule
                text: qsTr("Try in sandbox")
                focusPolicy: Qt.NoFocus
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Open this rule's pattern with the model's sample events in the Pattern sandbox")
                onClicked: root.tryRuleRequested(root.document.selectedId)
            }
        }

        // The name and a rule's enabled state, first and always in the same place.
        GridLayout {
            Layout.fillWidth: true
            visible: root.hasSelection && !root.isSticky
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
                Layout.minimumWidth: 60
                text: root.document.selectedName
                selectByMouse: true
                onEditingFinished: {
                    if (text !== root.document.selectedName)
                        elementEditor.setValue("name", text);
                }
                Keys.onEscapePressed: {
                    text = Qt.binding(() => root.document.selectedName);
                    if (elementEditor.errorKey === "name")
                        elementEditor.clearError();
                }
            }

            Item {
                visible: nameError.visible
                implicitWidth: 1
                implicitHeight: 1
            }
            Label {
                id: nameError
                objectName: "nameError"
                Layout.fillWidth: true
                visible: elementEditor.errorKey === "name" && elementEditor.error.length > 0
                text: elementEditor.error
                color: Theme.invalid
                font.pixelSize: 12
                wrapMode: Text.Wrap
            }

            Label {
                visible: root.document.selectedIsRule
                text: qsTr("Enabled")
                color: Theme.mutedText
                font.pixelSize: 12
            }
            Switch {
                id: enabledSwitch
                objectName: "enabledSwitch"
                visible: root.document.selectedIsRule
                // A narrow pane elides the text rather than growing past its edge.
                Layout.fillWidth: true
                Layout.minimumWidth: 60
                checked: root.document.selectedEnabled
                text: checked ? qsTr("Delivers matching events") : qsTr("Disabled: matches nothing")
                onToggled: {
                    if (!elementEditor.setValue("enabled", checked))
                        checked = Qt.binding(() => root.document.selectedEnabled);
                }
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

        Flickable {
            id: fields
            objectName: "inspectorFields"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: root.hasSelection
            clip: true
            contentWidth: width
            contentHeight: fieldsColumn.height + 12
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}

            Column {
                id: fieldsColumn
                width: fields.width - 12
                spacing: 10

                Repeater {
                    model: elementEditor
                    delegate: PropertyRow {
                        width: fieldsColumn.width
                        editor: elementEditor
                        // After the rows are positioned, which may be later in this event.
                        onFocused: item => Qt.callLater(root.reveal, item)
                    }
                }
            }
        }

        // Without a selection, the settings of the whole model, and how to reach an element's.
        ProjectSettings {
            id: projectSettings
            objectName: "projectSettings"
            Layout.fillWidth: true
            Layout.topMargin: 4
            // Level with the element rows, which leave room for their scroll bar.
            Layout.rightMargin: 12
            visible: !root.hasSelection
            document: root.document
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
                text: qsTr("Select an element on the board, in the outline or in a finding to edit its properties here. Each change is one step of Edit \u25b8 Undo.")
                color: Theme.faintText
            }
        }
    }
}
