pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The event pattern editor and its verdict.
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
            title: qsTr("Event pattern")
            subtitle: qsTr("The rule's filter, as you would give it to PutRule")

            Button {
                text: qsTr("Format")
                flat: true
                enabled: !root.sandbox.patternEmpty
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Pretty-print the pattern (Ctrl+Shift+F formats every editor)")
                onClicked: root.sandbox.formatPattern()
            }
        }

        JsonEditor {
            objectName: "patternEditor"
            Layout.fillWidth: true
            Layout.fillHeight: true
            text: root.sandbox.patternText
            errorPosition: root.sandbox.valid ? -1 : root.sandbox.errorPosition
            errorLine: root.sandbox.valid ? 0 : root.sandbox.errorLine
            errorText: root.sandbox.errorMessage
            placeholderText: "{\n  \"source\": [\"aws.ec2\"],\n  \"detail-type\": [\"EC2 Instance State-change Notification\"]\n}"
            onEdited: text => root.sandbox.patternText = text
        }

        MessageBanner {
            objectName: "patternVerdict"
            Layout.fillWidth: true
            kind: root.sandbox.patternEmpty ? MessageBanner.Info
                : root.sandbox.valid ? MessageBanner.Success : MessageBanner.Error
            lead: !root.sandbox.patternEmpty && !root.sandbox.valid && root.sandbox.errorLine > 0
                  ? qsTr("Line %1, column %2").arg(root.sandbox.errorLine).arg(root.sandbox.errorColumn)
                  : ""
            text: root.sandbox.patternEmpty ? qsTr("Type or paste an event pattern to test it.")
                : root.sandbox.valid ? qsTr("Valid pattern")
                : root.sandbox.errorMessage
        }
    }
}
