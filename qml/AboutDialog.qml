pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Help > About Stormglass.
Dialog {
    id: root

    required property string version

    title: qsTr("About Stormglass")
    modal: true
    standardButtons: Dialog.Close
    width: 440

    RowLayout {
        anchors.fill: parent
        spacing: 18

        Image {
            Layout.alignment: Qt.AlignTop
            Layout.preferredWidth: 72
            Layout.preferredHeight: 72
            source: "qrc:/Stormglass/resources/icons/stormglass.png"
            sourceSize.width: 144
            sourceSize.height: 144
            smooth: true
        }

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 6

            Label {
                text: qsTr("Stormglass %1").arg(root.version)
                font.pixelSize: 18
                font.weight: Font.DemiBold
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Event storming and EventBridge architecture simulation. Test event patterns and input transformers offline, exactly as EventBridge would evaluate them.")
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: Theme.mutedText
                font.pixelSize: 12
                text: qsTr("The same checks run headless with stormglass-cli (test-pattern, transform).")
            }
        }
    }
}
