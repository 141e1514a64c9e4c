pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The target's input configuration and, for every event, the text the target would receive.
Pane {
    id: root

    required property PatternSandbox sandbox

    readonly property bool usesPath: sandbox.targetMode === PatternSandbox.InputPath
    readonly property bool usesTransformer: sandbox.targetMode === PatternSandbox.InputTransformer

    padding: Theme.margin
    background: Rectangle {
        color: Theme.pane
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        PaneHeader {
            Layout.fillWidth: true
            title: qsTr("Target input")
            subtitle: qsTr("What the rule's target receives for each matching event")
        }

        ComboBox {
            id: mode
            objectName: "targetModeChooser"
            Layout.fillWidth: true
            model: [qsTr("Matched event (unchanged)"),
                    qsTr("Part of the matched event (InputPath)"),
                    qsTr("Input transformer (InputPathsMap + InputTemplate)")]
            currentIndex: root.sandbox.targetMode
            onActivated: index => root.sandbox.targetMode = index
        }

        Label {
            visible: root.usesPath
            text: qsTr("InputPath")
            font.weight: Font.DemiBold
            color: Theme.mutedText
        }
        TextField {
            objectName: "inputPathField"
            Layout.fillWidth: true
            visible: root.usesPath
            text: root.sandbox.inputPath
            font: Theme.monoFont
            placeholderText: "$.detail"
            selectByMouse: true
            onTextEdited: root.sandbox.inputPath = text
        }

        Label {
            visible: root.usesTransformer
            text: qsTr("InputPathsMap")
            font.weight: Font.DemiBold
            color: Theme.mutedText
        }
        JsonEditor {
            objectName: "inputPathsMapEditor"
            Layout.fillWidth: true
            Layout.preferredHeight: 130
            visible: root.usesTransformer
            text: root.sandbox.inputPathsMapText
            errorPosition: root.sandbox.targetErrorField === PatternSandbox.InputPathsMapField
                           ? root.sandbox.targetErrorPosition : -1
            placeholderText: "{\n  \"instance\": \"$.detail.instance-id\"\n}"
            onEdited: text => root.sandbox.inputPathsMapText = text
        }

        Label {
            visible: root.usesTransformer
            text: qsTr("InputTemplate")
            font.weight: Font.DemiBold
            color: Theme.mutedText
        }
        JsonEditor {
            objectName: "inputTemplateEditor"
            Layout.fillWidth: true
            Layout.preferredHeight: 96
            visible: root.usesTransformer
            templateMode: true
            showLineNumbers: false
            wrap: true
            text: root.sandbox.inputTemplate
            errorPosition: root.sandbox.targetErrorField === PatternSandbox.InputTemplateField
                           ? root.sandbox.targetErrorPosition : -1
            placeholderText: "\"Instance <instance> changed state\""
            onEdited: text => root.sandbox.inputTemplate = text
        }

        MessageBanner {
            objectName: "targetVerdict"
            Layout.fillWidth: true
            visible: root.sandbox.targetError.length > 0
            kind: MessageBanner.Error
            text: root.sandbox.targetError
        }
        MessageBanner {
            Layout.fillWidth: true
            visible: root.sandbox.targetError.length === 0 && root.sandbox.targetWarningText.length > 0
            kind: MessageBanner.Warning
            text: root.sandbox.targetWarningText
        }

        Label {
            Layout.topMargin: 4
            text: qsTr("Received by the target")
            font.weight: Font.DemiBold
            color: Theme.mutedText
        }

        ListView {
            id: outputs
            objectName: "targetOutputs"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 6
            model: root.sandbox.events
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}

            delegate: TargetOutputDelegate {
                width: ListView.view.width - 10
            }
        }
    }
}
