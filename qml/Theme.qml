pragma Singleton
pragma ComponentBehavior: Bound
import QtQuick

// Colours, type and spacing shared by every view, in a light and a dark theme. The JSON colours match
// JsonSyntaxHighlighter::colorOf() in app/jsonhighlighter.cpp.
QtObject {
    // The dark theme (View > Dark Theme); every colour below has a light and a dark value.
    property bool dark: false

    readonly property color window: dark ? "#0d1117" : "#eef1f5"
    readonly property color pane: dark ? "#161b22" : "#ffffff"
    readonly property color paneHeader: dark ? "#1c2128" : "#f7f9fb"
    readonly property color border: dark ? "#30363d" : "#d0d7de"
    readonly property color text: dark ? "#e6edf3" : "#1f2328"
    readonly property color mutedText: dark ? "#9da7b3" : "#57606a"
    readonly property color faintText: dark ? "#6e7681" : "#8c959f"
    readonly property color accent: dark ? "#4c9aff" : "#0969da"
    readonly property color selection: dark ? "#1f3a5f" : "#ddf4ff"
    readonly property color selectionBorder: dark ? "#388bfd" : "#54aeff"

    readonly property color editorBackground: dark ? "#0d1117" : "#fcfdfe"
    readonly property color gutter: dark ? "#161b22" : "#f2f4f7"
    readonly property color gutterText: dark ? "#6e7681" : "#8c959f"
    readonly property color textSelection: dark ? "#264f78" : "#b6d6fd"

    readonly property color match: dark ? "#3fb950" : "#1a7f37"
    readonly property color matchBackground: dark ? "#12261e" : "#dafbe1"
    readonly property color noMatch: dark ? "#9da7b3" : "#57606a"
    readonly property color noMatchBackground: dark ? "#21262d" : "#eaeef2"
    readonly property color invalid: dark ? "#f85149" : "#cf222e"
    readonly property color invalidBackground: dark ? "#2d1416" : "#ffebe9"
    readonly property color warning: dark ? "#d29922" : "#9a6700"
    readonly property color warningBackground: dark ? "#2b2111" : "#fff8c5"
    readonly property color info: dark ? "#4c9aff" : "#0969da"
    readonly property color infoBackground: dark ? "#132339" : "#ddf4ff"

    readonly property int spacing: 8
    readonly property int margin: 12
    readonly property int radius: 6
    readonly property font monoFont: Qt.font({ family: "monospace", pixelSize: 13 })
    readonly property font smallMonoFont: Qt.font({ family: "monospace", pixelSize: 12 })
}
