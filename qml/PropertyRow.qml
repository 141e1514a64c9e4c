pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// One row of the inspector: a property of the selected element with the control that edits it,
// or the heading of a section, a list (with Add) or a list entry (with Remove). Every edit goes
// through the ElementEditor as one undoable command; a refusal is shown under the field, and
// what is being typed is checked before it is committed.
Item {
    id: row

    required property ElementEditor editor
    required property int index
    required property string key
    required property string label
    required property string control
    required property var value
    required property var min
    required property var max
    required property real step
    required property var choices
    required property string help
    required property string error
    required property int errorLine
    required property int errorColumn
    required property int errorPosition
    required property string jsonKind
    required property string unit
    required property int depth
    required property bool removable
    required property bool canAdd
    required property bool optional
    required property var defaultValue

    // A field of this row took the keyboard focus (the pane scrolls it into view).
    signal focused(Item item)

    readonly property bool isHeading: control === "list" || control === "entry" || control === "section"
    readonly property bool atDefault: defaultValue !== undefined && value === defaultValue
    readonly property string valueText: value === undefined || value === null ? "" : String(value)
    // The pane edits these above the list (the window's tests and shortcuts know them there).
    readonly property bool shownAbove: key === "name" || key === "enabled"
    // An editor of this row has the keyboard focus.
    property bool editing: false
    // The live check of what is being typed (valid, message, line, column, position).
    property bool typing: false
    property var live: ({})
    readonly property string shownError: typing ? (live.valid === false ? live.message : "") : error
    readonly property int indent: depth * 14

    function commit(newValue: var): bool {
        const applied = row.editor.setValue(row.key, newValue);
        if (applied)
            row.typing = false;
        return applied;
    }

    function check(text: string) {
        row.typing = true;
        row.live = row.editor.checkValue(row.key, text);
    }

    function revert() {
        row.typing = false;
        if (row.editor.errorKey === row.key)
            row.editor.clearError();
    }

    function noteFocus(item: Item, hasFocus: bool) {
        row.editing = hasFocus;
        if (hasFocus)
            row.focused(item);
    }

    objectName: "inspectorField"
    visible: !shownAbove
    implicitHeight: content.implicitHeight + (control === "section" || control === "list" ? 6 : 0)
    onValueChanged: row.typing = false

    // Rows inside a list entry hang off a guide line.
    Rectangle {
        visible: row.depth > 0 && row.control !== "entry"
        x: row.indent - 8
        width: 2
        height: row.height
        color: Theme.border
    }

    Column {
        id: content
        x: row.indent
        y: row.control === "section" || row.control === "list" ? 6 : 0
        width: row.width - row.indent
        spacing: 4

        // --- Headings ------------------------------------------------------------------------

        RowLayout {
            visible: row.control === "section"
            width: content.width
            spacing: 8

            Label {
                text: row.label
                color: Theme.text
                font.pixelSize: 14
                font.weight: Font.DemiBold
            }
            Rectangle {
                Layout.fillWidth: true
                height: 1
                color: Theme.border
            }
        }

        RowLayout {
            visible: row.control === "list"
            width: content.width
            spacing: 6

            Label {
                Layout.fillWidth: true
                text: qsTr("%1 (%2)").arg(row.label).arg(row.valueText)
                color: Theme.text
                font.pixelSize: 13
                font.weight: Font.DemiBold
                elide: Text.ElideRight

                HoverHandler {
                    id: listHover
                }
                ToolTip.visible: listHover.hovered
                ToolTip.text: row.help
                ToolTip.delay: 500
            }
            Button {
                objectName: "add:" + row.key
                visible: row.control === "list"
                enabled: row.canAdd
                flat: true
                text: qsTr("+ Add")
                font.pixelSize: 12
                ToolTip.visible: hovered
                ToolTip.delay: 500
                ToolTip.text: row.canAdd ? row.help : qsTr("This list is full (%1 at most).").arg(row.max)
                onClicked: row.editor.addEntry(row.key)
            }
        }

        Rectangle {
            visible: row.control === "entry"
            width: content.width
            implicitHeight: entryRow.implicitHeight + 8
            radius: 4
            color: Theme.paneHeader
            border.color: Theme.border

            RowLayout {
                id: entryRow
                anchors.fill: parent
                anchors.leftMargin: 8
                anchors.rightMargin: 2
                spacing: 6

                Label {
                    text: row.label
                    color: Theme.text
                    font.pixelSize: 12
                    font.weight: Font.DemiBold
                }
                Label {
                    Layout.fillWidth: true
                    text: row.valueText
                    color: Theme.mutedText
                    font.pixelSize: 12
                    elide: Text.ElideRight
                }
                ToolButton {
                    objectName: "remove:" + row.key
                    text: "\u2715"
                    font.pixelSize: 11
                    ToolTip.visible: hovered
                    ToolTip.delay: 500
                    ToolTip.text: qsTr("Remove %1").arg(row.label.toLowerCase())
                    onClicked: row.editor.removeEntry(row.key)
                }
            }
        }

        // --- A value -------------------------------------------------------------------------

        RowLayout {
            visible: !row.isHeading && row.control !== "preview"
            width: content.width
            spacing: 6

            Label {
                id: fieldLabel
                text: row.label
                color: row.editing ? Theme.accent : Theme.mutedText
                font.pixelSize: 11
                font.weight: Font.DemiBold

                HoverHandler {
                    id: labelHover
                }
                ToolTip.visible: labelHover.hovered && !row.editing
                ToolTip.text: row.help
                ToolTip.delay: 400
            }
            Label {
                // Numbers say it in their field.
                visible: row.atDefault && row.control !== "integer" && row.control !== "number"
                text: qsTr("(AWS default)")
                color: Theme.faintText
                font.pixelSize: 11
            }
            Item {
                Layout.fillWidth: true
                implicitHeight: 1
            }
            ToolButton {
                objectName: "remove:" + row.key
                visible: row.removable
                implicitHeight: 22
                text: "\u2715"
                font.pixelSize: 10
                ToolTip.visible: hovered
                ToolTip.delay: 500
                ToolTip.text: qsTr("Remove %1").arg(row.label.toLowerCase())
                onClicked: row.editor.removeEntry(row.key)
            }
        }

        Label {
            visible: row.control === "preview"
            text: row.label
            color: Theme.mutedText
            font.pixelSize: 11
            font.weight: Font.DemiBold
        }

        // The editor of the row's control: a Repeater of one or none, because Qt 6.4's Loader
        // cannot create a bound inline component ("outside its creation context").
        Repeater {
            model: row.control === "text" ? 1 : 0
            delegate: TextField {
                id: textField
                width: content.width
                objectName: "field:" + row.key
                text: row.valueText
                selectByMouse: true
                onActiveFocusChanged: row.noteFocus(textField, activeFocus)
                onTextEdited: row.check(text)
                onEditingFinished: {
                    if (text !== row.valueText)
                        row.commit(text);
                }
                Keys.onEscapePressed: {
                    textField.text = Qt.binding(() => row.valueText);
                    row.revert();
                }
            }
        }

        Repeater {
            model: row.control === "multiline" ? 1 : 0
            delegate: TextArea {
                id: area
                width: content.width
                objectName: "field:" + row.key
                text: row.valueText
                wrapMode: TextEdit.Wrap
                selectByMouse: true
                // Framed like the other fields, so that it reads as editable.
                background: Rectangle {
                    color: Theme.pane
                    border.color: area.activeFocus ? Theme.selectionBorder : Theme.border
                    radius: 3
                }
                onActiveFocusChanged: {
                    row.noteFocus(area, activeFocus);
                    if (!activeFocus && text !== row.valueText)
                        row.commit(text);
                }
                onTextChanged: {
                    if (activeFocus && text !== row.valueText)
                        row.check(text);
                }
                // Tab moves on (a description has no use for tab characters); Ctrl+Enter applies.
                Keys.onTabPressed: area.nextItemInFocusChain(true).forceActiveFocus(Qt.TabFocusReason)
                Keys.onBacktabPressed: area.nextItemInFocusChain(false).forceActiveFocus(Qt.BacktabFocusReason)
                Keys.onEscapePressed: {
                    area.text = Qt.binding(() => row.valueText);
                    row.revert();
                }
                Keys.onReturnPressed: event => {
                    if (event.modifiers & Qt.ControlModifier)
                        row.commit(area.text);
                    else
                        event.accepted = false;
                }
            }
        }

        Repeater {
            model: row.control === "integer" || row.control === "number" ? 1 : 0
            delegate: NumberField {
                id: number
                width: content.width
                fieldName: "field:" + row.key
                value: row.value
                minimum: row.min
                maximum: row.max
                step: row.step
                integer: row.control === "integer"
                unit: row.unit
                defaultValue: row.defaultValue
                onCheckRequested: text => row.check(text)
                onCommitRequested: text => row.commit(text)
                onRevertRequested: row.revert()
                onFieldFocusChanged: hasFocus => row.noteFocus(number, hasFocus)
            }
        }

        Repeater {
            model: row.control === "boolean" ? 1 : 0
            delegate: Switch {
                id: toggle
                width: content.width
                objectName: "field:" + row.key
                checked: row.value === true
                text: checked ? qsTr("Yes") : qsTr("No")
                onActiveFocusChanged: row.noteFocus(toggle, activeFocus)
                onToggled: {
                    if (!row.commit(checked))
                        toggle.checked = Qt.binding(() => row.value === true);
                }
            }
        }

        Repeater {
            model: row.control === "choice" || row.control === "reference" ? 1 : 0
            delegate: RowLayout {
                width: content.width
                spacing: 4

                ComboBox {
                    id: combo
                    objectName: "field:" + row.key
                    Layout.fillWidth: true
                    model: row.choices
                    textRole: "label"
                    valueRole: "value"
                    currentIndex: row.choices.findIndex(c => c.value === row.value)
                    displayText: currentIndex < 0 && row.valueText.length > 0
                                 ? qsTr("%1 (missing)").arg(row.valueText) : currentText
                    onActiveFocusChanged: row.noteFocus(combo, activeFocus)
                    onActivated: {
                        if (currentValue !== row.value && !row.commit(currentValue))
                            combo.currentIndex = Qt.binding(() => row.choices.findIndex(c => c.value === row.value));
                    }
                }
                ToolButton {
                    visible: row.control === "reference" && row.valueText.length > 0
                    text: "\u2192"
                    focusPolicy: Qt.NoFocus
                    ToolTip.visible: hovered
                    ToolTip.delay: 500
                    ToolTip.text: qsTr("Show %1").arg(row.valueText)
                    onClicked: row.editor.document.select(row.valueText)
                }
            }
        }

        Repeater {
            model: row.control === "json" ? 1 : 0
            delegate: JsonField {
                width: content.width
                editor: row.editor
                key: row.key
                value: row.valueText
                jsonKind: row.jsonKind
                error: row.error
                errorLine: row.errorLine
                errorColumn: row.errorColumn
                errorPosition: row.errorPosition
                onFocused: item => row.focused(item)
            }
        }

        Repeater {
            model: row.control === "preview" ? 1 : 0
            delegate: InputPreview {
                width: content.width
                objectName: "inputPreview"
                editor: row.editor
                value: row.value
                choices: row.choices
            }
        }

        Label {
            objectName: "fieldError"
            width: content.width
            visible: row.shownError.length > 0 && row.control !== "json"
            wrapMode: Text.Wrap
            color: Theme.invalid
            font.pixelSize: 12
            text: row.shownError
        }

        Label {
            width: content.width
            visible: row.editing && row.help.length > 0
            wrapMode: Text.Wrap
            color: Theme.faintText
            font.pixelSize: 11
            text: row.help
        }
    }
}
