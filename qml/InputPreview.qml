pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// What a rule target receives for one of the model's sample events, through the target's input
// settings as they are being typed: the text delivered, or why nothing would be.
Column {
    id: root

    required property ElementEditor editor
    // A map of delivered, text, error, reason, sample, sampleIndex and matches.
    required property var value
    // The samples to choose from: maps of value (an index, -1 for the first matching) and label.
    required property var choices

    readonly property bool delivered: value.delivered === true
    readonly property string problem: value.error !== undefined && value.error.length > 0
                                      ? value.error : ""

    spacing: 6

    RowLayout {
        width: root.width
        spacing: 6

        Label {
            text: qsTr("For")
            color: Theme.mutedText
            font.pixelSize: 12
        }
        ComboBox {
            id: sampleChoice
            objectName: "previewSample"
            Layout.fillWidth: true
            model: root.choices
            textRole: "label"
            valueRole: "value"
            currentIndex: root.choices.findIndex(c => c.value === root.editor.previewSample)
            onActivated: root.editor.previewSample = currentValue
        }
    }

    Label {
        width: root.width
        wrapMode: Text.Wrap
        font.pixelSize: 12
        color: root.problem.length > 0 ? Theme.invalid : Theme.mutedText
        text: root.problem.length > 0 ? root.problem
            : root.value.sampleIndex === undefined || root.value.sampleIndex < 0
              ? (root.value.reason !== undefined ? root.value.reason : "")
            : (root.value.matches ? qsTr("%1 matches the rule; the target receives:").arg(root.value.sample)
                                  : qsTr("%1 does not match the rule; if it did, the target would receive:").arg(root.value.sample))
    }

    Rectangle {
        width: root.width
        visible: root.problem.length === 0 && root.value.sampleIndex !== undefined && root.value.sampleIndex >= 0
        implicitHeight: received.implicitHeight + 12
        color: Theme.editorBackground
        border.color: root.delivered ? Theme.border : Theme.invalid
        radius: 4

        TextEdit {
            id: received
            objectName: "inputPreviewText"
            anchors.fill: parent
            anchors.margins: 6
            readOnly: true
            selectByMouse: true
            wrapMode: TextEdit.WrapAnywhere
            font: Theme.smallMonoFont
            color: root.delivered ? Theme.text : Theme.invalid
            selectionColor: Theme.textSelection
            selectedTextColor: Theme.text
            text: root.delivered ? root.value.text
                : qsTr("Nothing is delivered: %1").arg(root.value.reason !== undefined ? root.value.reason : "")
        }
    }
}
