pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Stormglass

// A JSON property of the selected element in the JSON editor. What is typed is checked as it
// goes — a pattern also against every sample event of the model — and committed as one edit when
// the editor loses the focus or on Ctrl+Enter; Escape goes back to the committed text.
Column {
    id: root

    required property ElementEditor editor
    required property string key
    // The committed value as the editor shows it.
    required property string value
    required property string jsonKind
    // The refusal of the last commit, positioned in the text when the model knows where.
    property string error
    property int errorLine
    property int errorColumn
    property int errorPosition: -1

    readonly property bool isPattern: jsonKind === "pattern"
    // Target inputs (and the pattern) feed the previews of what a target receives.
    readonly property bool drafts: key.startsWith("targets[") || key === "pattern"
    // What is in the editor now, and whether it differs from the committed value.
    property string typed: value
    property bool dirty: false
    // The live check of `typed`: valid, message, line, column, position (and matches).
    property var check: ({})
    // While typing, the live check speaks; otherwise the refusal of the last commit, if any.
    readonly property bool invalidTyped: dirty && check.valid === false
    readonly property string shownError: dirty ? (invalidTyped ? check.message : "") : error
    readonly property int shownLine: dirty ? (invalidTyped ? check.line : 0) : errorLine
    readonly property int shownColumn: dirty ? (invalidTyped ? check.column : 0) : errorColumn
    readonly property int shownPosition: dirty ? (invalidTyped ? check.position : -1) : errorPosition

    signal focused(Item item)

    function runCheck() {
        root.check = root.isPattern ? root.editor.checkPattern(root.typed)
                                    : root.editor.checkValue(root.key, root.typed);
    }

    function commit() {
        checkTimer.stop();
        if (!root.dirty)
            return;
        if (root.editor.setValue(root.key, root.typed))
            root.dirty = false;
        root.runCheck();
    }

    function revert() {
        checkTimer.stop();
        // Editing the text (not assigning it) keeps the editor's binding to the value.
        jsonEditor.textArea.remove(0, jsonEditor.textArea.length);
        jsonEditor.textArea.insert(0, root.value);
        root.typed = root.value;
        root.dirty = false;
        root.editor.clearDraft(root.key);
        if (root.editor.errorKey === root.key)
            root.editor.clearError();
        root.runCheck();
    }

    spacing: 6
    onValueChanged: {
        root.typed = root.value;
        root.dirty = false;
        root.runCheck();
    }
    Component.onCompleted: root.runCheck()

    Keys.onPressed: event => {
        if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                && (event.modifiers & Qt.ControlModifier)) {
            root.commit();
            event.accepted = true;
        } else if (event.key === Qt.Key_Escape) {
            root.revert();
            event.accepted = true;
        } else if ((event.key === Qt.Key_Tab || event.key === Qt.Key_Backtab)
                   && (event.modifiers & Qt.ControlModifier)) {
            // Tab indents in the editor; Ctrl+Tab moves on to the next field.
            const forward = event.key === Qt.Key_Tab && !(event.modifiers & Qt.ShiftModifier);
            jsonEditor.textArea.nextItemInFocusChain(forward)
                .forceActiveFocus(forward ? Qt.TabFocusReason : Qt.BacktabFocusReason);
            event.accepted = true;
        }
    }

    Timer {
        id: checkTimer
        interval: 120
        onTriggered: root.runCheck()
    }

    JsonEditor {
        id: jsonEditor
        objectName: "field:" + root.key
        width: root.width
        height: Math.min(Math.max(textArea.lineCount, 3) * lineHeight + 16,
                         root.isPattern ? 320 : 240)
        text: root.value
        templateMode: root.jsonKind === "template"
        wrap: root.jsonKind === "template" || root.jsonKind === "constant"
        showLineNumbers: root.jsonKind !== "template"
        placeholderText: root.isPattern ? qsTr("{ \"source\": [\"com.example.orders\"] }") : ""
        errorPosition: root.shownPosition
        errorLine: root.shownLine
        errorText: root.shownError
        onEdited: text => {
            root.typed = text;
            root.dirty = true;
            checkTimer.restart();
            if (root.drafts)
                root.editor.setDraft(root.key, text);
        }
    }

    Connections {
        target: jsonEditor.textArea
        function onActiveFocusChanged() {
            if (jsonEditor.textArea.activeFocus)
                root.focused(jsonEditor);
            else
                root.commit();
        }
    }

    Label {
        objectName: "jsonFieldError"
        width: root.width
        visible: root.shownError.length > 0
        wrapMode: Text.Wrap
        color: Theme.invalid
        font.pixelSize: 12
        text: (root.shownLine > 0 ? qsTr("Line %1, column %2: ").arg(root.shownLine).arg(root.shownColumn) : "")
              + root.shownError
    }

    Label {
        objectName: "jsonFieldPending"
        width: root.width
        visible: root.dirty && root.shownError.length === 0
        wrapMode: Text.Wrap
        color: Theme.faintText
        font.pixelSize: 11
        text: qsTr("Not applied yet: Ctrl+Enter or leaving the editor (Ctrl+Tab) applies it, Esc goes back.")
    }

    // The pattern against every sample event of the model.
    Label {
        objectName: "patternMatchSummary"
        visible: root.isPattern
        width: root.width
        wrapMode: Text.Wrap
        color: Theme.mutedText
        font.pixelSize: 12
        readonly property int sampleCount: root.check.matches === undefined ? 0 : root.check.matches.length
        text: sampleCount === 0 ? qsTr("The model has no sample events to try the pattern on.")
            : root.check.empty ? qsTr("No pattern: the rule selects no events.")
            : root.check.valid === false ? qsTr("Fix the pattern to see which sample events it matches.")
            : qsTr("Matches %1 of %2 sample events").arg(root.check.matchCount).arg(sampleCount)
    }

    Column {
        id: matchList
        visible: root.isPattern
        width: root.width
        spacing: 4

        Repeater {
            model: root.isPattern && root.check.matches !== undefined ? root.check.matches : []
            delegate: Row {
                id: matchRow
                required property var modelData

                objectName: "patternMatch"
                spacing: 8

                MatchBadge {
                    anchors.verticalCenter: parent.verticalCenter
                    status: matchRow.modelData.status
                }
                Label {
                    anchors.verticalCenter: parent.verticalCenter
                    width: matchList.width - 100
                    elide: Text.ElideRight
                    text: matchRow.modelData.label
                    color: matchRow.modelData.matched ? Theme.text : Theme.mutedText
                    font.pixelSize: 12
                }
            }
        }
    }
}
