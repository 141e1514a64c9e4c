pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// A number typed as text, with its unit: Up and Down step it within its range, what is typed is
// checked as it goes (checkRequested), and the value is committed once, when editing finishes
// (Return, Tab, or leaving the field); Escape goes back to the committed value.
RowLayout {
    id: root

    // The committed value (a number), undefined when there is none.
    required property var value
    property var minimum
    property var maximum
    property real step: 1
    property bool integer: false
    property string unit
    // AWS's default, undefined when there is none; the field says when the value is it.
    property var defaultValue
    // The field's objectName (tests and the inspector find it by it).
    property string fieldName
    readonly property alias field: input
    readonly property string committedText: root.value === undefined || root.value === null
                                            ? "" : String(root.value)

    signal checkRequested(string text)
    signal commitRequested(string text)
    signal revertRequested()
    signal fieldFocusChanged(bool focused)

    // Steps the typed value by `steps` steps, within the range; committed with the field.
    function stepBy(steps: int) {
        let number = Number(input.text.trim());
        if (input.text.trim().length === 0 || isNaN(number))
            number = root.value === undefined ? 0 : Number(root.value);
        number += steps * root.step;
        if (root.minimum !== undefined)
            number = Math.max(Number(root.minimum), number);
        if (root.maximum !== undefined)
            number = Math.min(Number(root.maximum), number);
        if (root.integer)
            number = Math.round(number);
        else
            number = Math.round(number * 1e9) / 1e9;
        input.text = String(number);
        root.checkRequested(input.text);
    }

    spacing: 6
    // A new committed value (an edit applied, an undo) shows in the field, also after Up or Down
    // replaced the field's text and with it the binding that shows it.
    onCommittedTextChanged: input.text = Qt.binding(() => root.committedText)

    TextField {
        id: input
        objectName: root.fieldName
        Layout.fillWidth: true
        Layout.minimumWidth: 80
        text: root.committedText
        selectByMouse: true
        inputMethodHints: Qt.ImhFormattedNumbersOnly
        font.family: Theme.monoFont.family
        font.pixelSize: 13
        onTextEdited: root.checkRequested(text)
        onActiveFocusChanged: root.fieldFocusChanged(activeFocus)
        onEditingFinished: {
            if (text.trim() !== root.committedText)
                root.commitRequested(text.trim());
        }
        Keys.onUpPressed: root.stepBy(1)
        Keys.onDownPressed: root.stepBy(-1)
        Keys.onEscapePressed: {
            input.text = Qt.binding(() => root.committedText);
            root.revertRequested();
        }
    }

    Label {
        visible: root.unit.length > 0
        text: root.unit
        color: Theme.mutedText
        font.pixelSize: 12
    }

    Label {
        objectName: "awsDefault"
        visible: root.defaultValue !== undefined && root.value === root.defaultValue
                 && input.text.trim() === root.committedText
        text: qsTr("(AWS default)")
        color: Theme.faintText
        font.pixelSize: 12
    }
}
