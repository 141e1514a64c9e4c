pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls

// Asked before unsaved changes would be lost: Save (accepted), Discard (discarded) or Cancel
// (rejected).
Dialog {
    id: root

    required property string modelTitle
    // What happens next, to finish the question: "before opening another model".
    property string consequence

    title: qsTr("Save changes?")
    modal: true
    padding: 16
    width: 480
    standardButtons: Dialog.Save | Dialog.Discard | Dialog.Cancel

    onDiscarded: close()

    Label {
        anchors.fill: parent
        wrapMode: Text.Wrap
        text: qsTr("\u201c%1\u201d has changes that are not saved. Save them %2?").arg(root.modelTitle).arg(root.consequence)
    }
}
