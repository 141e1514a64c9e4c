pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import Stormglass

// A JSON editor: line numbers, syntax colours, an error marker (gutter bar and underlined
// token), two-space indentation. Shows `text`; reports the user's changes through edited().
Rectangle {
    id: root

    required property string text
    property int errorPosition: -1
    property int errorLine: 0
    property string errorText
    property bool templateMode: false
    property string placeholderText
    property bool showLineNumbers: true
    property bool wrap: false
    readonly property alias textArea: area
    readonly property real lineHeight: area.lineCount > 0 ? area.contentHeight / area.lineCount
                                                          : metrics.height

    signal edited(string text)

    color: Theme.editorBackground
    border.color: area.activeFocus ? Theme.selectionBorder : Theme.border
    border.width: 1
    radius: 4
    clip: true

    FontMetrics {
        id: metrics
        font: Theme.monoFont
    }

    Rectangle {
        id: gutter
        visible: root.showLineNumbers
        x: 1
        y: 1
        width: visible ? metrics.advanceWidth("0") * Math.max(2, String(area.lineCount).length) + 18
                       : 0
        height: root.height - 2
        color: Theme.gutter
        radius: 3
        clip: true

        Text {
            y: area.topPadding - flick.contentY
            width: gutter.width - 10
            horizontalAlignment: Text.AlignRight
            font: Theme.smallMonoFont
            color: Theme.gutterText
            lineHeightMode: Text.FixedHeight
            lineHeight: root.lineHeight
            text: Array.from({ length: Math.max(1, area.lineCount) }, (_, i) => i + 1).join("\n")
        }

        Rectangle {
            id: errorMark
            objectName: "errorMark"
            visible: root.errorLine > 0
            x: 0
            y: area.topPadding + (root.errorLine - 1) * root.lineHeight - flick.contentY
            width: gutter.width
            height: root.lineHeight
            color: Theme.invalidBackground

            Rectangle {
                width: 3
                height: parent.height
                color: Theme.invalid
            }
            Text {
                anchors.right: parent.right
                anchors.rightMargin: 10
                height: parent.height
                verticalAlignment: Text.AlignVCenter
                font: Theme.smallMonoFont
                color: Theme.invalid
                text: root.errorLine
            }
            HoverHandler {
                id: markHover
            }
            ToolTip.visible: markHover.hovered && root.errorText.length > 0
            ToolTip.text: root.errorText
        }
    }

    Flickable {
        id: flick
        anchors.fill: parent
        anchors.leftMargin: gutter.width + 1
        anchors.topMargin: 1
        anchors.bottomMargin: 1
        anchors.rightMargin: 1
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        ScrollBar.vertical: ScrollBar {}
        ScrollBar.horizontal: ScrollBar {
            policy: root.wrap ? ScrollBar.AlwaysOff : ScrollBar.AsNeeded
        }

        TextArea.flickable: TextArea {
            id: area

            objectName: root.objectName.length > 0 ? root.objectName + "TextArea" : ""
            text: root.text
            textFormat: TextEdit.PlainText
            wrapMode: root.wrap ? TextEdit.WrapAtWordBoundaryOrAnywhere : TextEdit.NoWrap
            font: Theme.monoFont
            color: Theme.text
            selectionColor: Theme.textSelection
            selectedTextColor: Theme.text
            placeholderText: root.placeholderText
            placeholderTextColor: Theme.faintText
            selectByMouse: true
            persistentSelection: true
            leftPadding: 8
            rightPadding: 12
            topPadding: 6
            bottomPadding: 6
            background: null

            onTextChanged: {
                if (text !== root.text)
                    root.edited(text);
            }

            Keys.onPressed: event => {
                if (event.key === Qt.Key_Tab && !(event.modifiers & Qt.ControlModifier)) {
                    area.remove(area.selectionStart, area.selectionEnd);
                    area.insert(area.cursorPosition, "  ");
                    event.accepted = true;
                } else if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                           && event.modifiers === Qt.NoModifier) {
                    area.remove(area.selectionStart, area.selectionEnd);
                    area.insert(area.cursorPosition,
                                highlighter.newlineWithIndent(area.text, area.cursorPosition));
                    event.accepted = true;
                }
            }

            // Qt 6.4 cannot call a static invokable through the type's name: call it on this.
            JsonHighlighter {
                id: highlighter
                document: area.textDocument
                errorPosition: root.errorPosition
                templateMode: root.templateMode
            }
        }
    }
}
