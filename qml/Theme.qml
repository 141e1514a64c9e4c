pragma Singleton
pragma ComponentBehavior: Bound
import QtQuick

// Colours, type and spacing shared by every view. The JSON colours match
// JsonSyntaxHighlighter::colorOf() in app/jsonhighlighter.cpp.
QtObject {
    readonly property color window: "#eef1f5"
    readonly property color pane: "#ffffff"
    readonly property color paneHeader: "#f7f9fb"
    readonly property color border: "#d0d7de"
    readonly property color text: "#1f2328"
    readonly property color mutedText: "#57606a"
    readonly property color faintText: "#8c959f"
    readonly property color accent: "#0969da"
    readonly property color selection: "#ddf4ff"
    readonly property color selectionBorder: "#54aeff"

    readonly property color editorBackground: "#fcfdfe"
    readonly property color gutter: "#f2f4f7"
    readonly property color gutterText: "#8c959f"
    readonly property color textSelection: "#b6d6fd"

    readonly property color match: "#1a7f37"
    readonly property color matchBackground: "#dafbe1"
    readonly property color noMatch: "#57606a"
    readonly property color noMatchBackground: "#eaeef2"
    readonly property color invalid: "#cf222e"
    readonly property color invalidBackground: "#ffebe9"
    readonly property color warning: "#9a6700"
    readonly property color warningBackground: "#fff8c5"
    readonly property color info: "#0969da"
    readonly property color infoBackground: "#ddf4ff"

    readonly property int spacing: 8
    readonly property int margin: 12
    readonly property int radius: 6
    readonly property font monoFont: Qt.font({ family: "monospace", pixelSize: 13 })
    readonly property font smallMonoFont: Qt.font({ family: "monospace", pixelSize: 12 })
}
