pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The settings of the whole model, which the inspector shows when no element is selected: the
// account's invocation quota. As in the element rows, what is typed is checked as it goes, a
// change is committed as one undoable edit when editing finishes, and a refusal is said under
// the field.
Column {
    id: root

    required property ProjectDocument document

    readonly property string quotaKey: "accountInvocationQuotaPerSecond"
    // The live check of what is being typed (valid, message).
    property bool typing: false
    property var live: ({})
    readonly property string quotaError: root.typing ? (root.live.valid === false ? root.live.message : "")
                                         : editor.errorKey === root.quotaKey ? editor.error : ""

    // Takes the keyboard to the quota, its value selected to type over.
    function focusQuota() {
        quota.field.forceActiveFocus(Qt.OtherFocusReason);
        quota.field.selectAll();
    }

    function grouped(n: int): string {
        return Number(n).toLocaleString(Qt.locale(), "f", 0);
    }

    spacing: 4

    ProjectEditor {
        id: editor
        document: root.document
        // Undo, redo and another model show the committed value again.
        onValuesChanged: root.typing = false
    }

    RowLayout {
        width: root.width
        spacing: 8

        Label {
            text: qsTr("EventBridge account")
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

    Item {
        width: 1
        height: 4
    }

    Label {
        text: qsTr("Account invocation quota")
        color: quota.field.activeFocus ? Theme.accent : Theme.mutedText
        font.pixelSize: 11
        font.weight: Font.DemiBold

        HoverHandler {
            id: labelHover
        }
        ToolTip.visible: labelHover.hovered
        ToolTip.text: qsTr("AWS calls it \u201cInvocations throttle limit in transactions per second\u201d (Service Quotas \u25b8 Amazon EventBridge).")
        ToolTip.delay: 400
    }

    NumberField {
        id: quota
        width: root.width
        fieldName: "projectField:" + root.quotaKey
        value: editor.accountInvocationQuota
        minimum: 0
        maximum: editor.maxAccountInvocationQuota
        step: 100
        integer: true
        unit: qsTr("invocations per second")
        onCheckRequested: text => {
            root.typing = true;
            root.live = editor.checkAccountInvocationQuota(text);
        }
        onCommitRequested: text => {
            editor.setAccountInvocationQuota(text);
            root.typing = false;
        }
        onRevertRequested: {
            root.typing = false;
            if (editor.errorKey === root.quotaKey)
                editor.clearError();
        }
    }

    Label {
        objectName: "projectFieldError"
        width: root.width
        visible: root.quotaError.length > 0
        wrapMode: Text.Wrap
        color: Theme.invalid
        font.pixelSize: 12
        text: root.quotaError
    }

    Label {
        objectName: "quotaSummary"
        width: root.width
        wrapMode: Text.Wrap
        color: Theme.text
        font.pixelSize: 12
        text: editor.accountInvocationQuota === 0
              ? qsTr("No quota: the simulator never holds invocations back for the account.")
              : qsTr("Beyond %1 target invocations per second, across every rule of every bus, the simulator holds invocations back; the wait counts against each target's maximum event age.")
                .arg(root.grouped(editor.accountInvocationQuota))
    }

    Label {
        objectName: "quotaHelp"
        width: root.width
        wrapMode: Text.Wrap
        color: Theme.faintText
        font.pixelSize: 11
        text: qsTr("0 means no quota. AWS's default is %1 to %2 per second, depending on the Region, and can be raised; a model may set up to %3.")
            .arg(root.grouped(editor.awsDefaultQuotaLowest))
            .arg(root.grouped(editor.awsDefaultQuotaHighest))
            .arg(root.grouped(editor.maxAccountInvocationQuota))
    }
}
