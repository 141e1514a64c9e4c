pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import Stormglass

// The main window. For now its content is the Pattern sandbox; the canvas comes around it later.
ApplicationWindow {
    id: window

    required property PatternSandbox sandbox
    required property string version
    required property string startupError

    width: 1560
    height: 960
    minimumWidth: 1000
    minimumHeight: 600
    visible: true
    color: Theme.window
    title: sandbox.title.length > 0 ? qsTr("%1 \u2014 Stormglass").arg(sandbox.title) : "Stormglass"

    function showError(message: string) {
        errorDialog.message = message;
        errorDialog.open();
    }

    menuBar: MenuBar {
        Menu {
            title: qsTr("&File")

            Action {
                text: qsTr("&Open Sandbox Example\u2026")
                shortcut: "Ctrl+O"
                onTriggered: openDialog.open()
            }
            Menu {
                id: examplesMenu
                title: qsTr("Bundled &Examples")

                Instantiator {
                    model: window.sandbox.exampleNames
                    delegate: MenuItem {
                        required property int index
                        required property string modelData
                        text: modelData
                        onTriggered: window.sandbox.loadBundledExample(index)
                    }
                    onObjectAdded: (index, object) => examplesMenu.insertItem(index, object as MenuItem)
                    onObjectRemoved: (index, object) => examplesMenu.removeItem(object as MenuItem)
                }
            }
            Action {
                text: qsTr("&Save Sandbox As\u2026")
                shortcut: "Ctrl+Shift+S"
                onTriggered: saveDialog.open()
            }
            MenuSeparator {}
            Action {
                text: qsTr("&Quit")
                shortcut: "Ctrl+Q"
                onTriggered: Qt.quit()
            }
        }
        Menu {
            title: qsTr("&Edit")

            Action {
                text: qsTr("&Format JSON")
                shortcut: "Ctrl+Shift+F"
                onTriggered: window.sandbox.formatAll()
            }
            MenuSeparator {}
            Action {
                text: qsTr("&New Event")
                shortcut: "Ctrl+Shift+E"
                onTriggered: window.sandbox.addEvent()
            }
            Menu {
                id: samplesMenu
                title: qsTr("Add &Sample Event")

                Instantiator {
                    model: window.sandbox.sampleNames
                    delegate: MenuItem {
                        required property int index
                        required property string modelData
                        text: modelData
                        onTriggered: window.sandbox.addSampleEvent(index)
                    }
                    onObjectAdded: (index, object) => samplesMenu.insertItem(index, object as MenuItem)
                    onObjectRemoved: (index, object) => samplesMenu.removeItem(object as MenuItem)
                }
            }
            Action {
                text: qsTr("&Remove Event")
                enabled: window.sandbox.currentIndex >= 0
                onTriggered: window.sandbox.removeEvent(window.sandbox.currentIndex)
            }
        }
        Menu {
            title: qsTr("&Help")

            Action {
                text: qsTr("&About Stormglass")
                onTriggered: aboutDialog.open()
            }
        }
    }

    footer: StatusBar {
        sandbox: window.sandbox
        version: window.version
    }

    PatternSandboxView {
        anchors.fill: parent
        sandbox: window.sandbox
    }

    AboutDialog {
        id: aboutDialog
        objectName: "aboutDialog"
        anchors.centerIn: Overlay.overlay
        version: window.version
    }

    Dialog {
        id: errorDialog

        property string message

        anchors.centerIn: Overlay.overlay
        width: 460
        modal: true
        title: qsTr("Could not open or save the sandbox")
        standardButtons: Dialog.Ok

        Label {
            anchors.fill: parent
            wrapMode: Text.Wrap
            text: errorDialog.message
        }
    }

    FileDialog {
        id: openDialog
        objectName: "openDialog"
        currentFolder: window.sandbox.sourceFolder
        title: qsTr("Open Sandbox Example")
        nameFilters: [qsTr("Sandbox examples (*.sandbox.json *.json)"), qsTr("All files (*)")]
        onAccepted: window.sandbox.openUrl(selectedFile)
    }

    FileDialog {
        id: saveDialog
        title: qsTr("Save Sandbox As")
        fileMode: FileDialog.SaveFile
        currentFolder: window.sandbox.sourceFolder
        defaultSuffix: "sandbox.json"
        nameFilters: [qsTr("Sandbox examples (*.sandbox.json)")]
        onAccepted: window.sandbox.saveToUrl(selectedFile)
    }

    Connections {
        target: window.sandbox
        function onOperationFailed(message: string) {
            window.showError(message);
        }
    }

    Component.onCompleted: {
        if (startupError.length > 0)
            showError(startupError);
    }
}
