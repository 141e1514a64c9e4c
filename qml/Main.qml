pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Stormglass

// The main window: the open model (outline, inspector, findings) and the Pattern sandbox, each
// a page; the canvas comes around the model later.
ApplicationWindow {
    id: window

    required property PatternSandbox sandbox
    required property ProjectDocument document
    required property string version
    required property string startupError
    // 0: the model, 1: the Pattern sandbox.
    required property int startPage
    // Whether to offer back work a crash left unsaved.
    required property bool offerRecovery
    // The welcome screen (started without a file) and the first-run tour.
    required property bool showStartScreen
    required property bool showTour
    required property AppSettings settings

    // What to do once unsaved changes are saved or discarded ("open", "import", "new",
    // "example", "quit"); see whenChangesAreSafe().
    property string pendingAction
    property int pendingIndex: -1
    property string pendingPath
    property bool closeConfirmed: false

    readonly property int modelPage: 0
    readonly property int sandboxPage: 1
    readonly property CanvasView canvas: modelView.canvas
    // Whether the board is what the user is working on (clipboard and delete go to it).
    readonly property bool onBoard: pages.currentIndex === window.modelPage

    width: 1560
    height: 960
    minimumWidth: 1000
    minimumHeight: 600
    visible: true
    color: Theme.window
    title: document.windowTitle
    // The controls' own colours follow the theme too.
    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.pane
    palette.alternateBase: Theme.paneHeader
    palette.text: Theme.text
    palette.button: Theme.paneHeader
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: "#ffffff"
    palette.placeholderText: Theme.faintText
    palette.toolTipBase: Theme.pane
    palette.toolTipText: Theme.text
    palette.mid: Theme.border
    palette.light: Theme.pane
    palette.midlight: Theme.paneHeader
    palette.dark: Theme.border
    palette.shadow: Theme.dark ? "#000000" : "#8c959f"

    function startTour() {
        tour.popup().start();
    }

    // The sandbox page is built the first time it is shown.
    function ensureSandboxPage() {
        if (pages.currentIndex === window.sandboxPage && !sandboxLoader.active) {
            sandboxLoader.active = true;
            sandboxLoader.setSource("PatternSandboxView.qml",
                                  { objectName: "sandboxView", sandbox: window.sandbox });
        }
    }

    function showError(heading: string, message: string) {
        errorDialog.title = heading;
        errorDialog.message = message;
        errorDialog.open();
    }

    // Runs `action` at once, or after asking what to do with unsaved changes.
    function whenChangesAreSafe(action: string, index: int, consequence: string) {
        window.pendingAction = action;
        window.pendingIndex = index;
        if (!window.document.dirty) {
            window.runPendingAction();
            return;
        }
        saveChangesDialog.consequence = consequence;
        saveChangesDialog.open();
    }

    function runPendingAction() {
        const action = window.pendingAction;
        window.pendingAction = "";
        if (action === "open")
            openDialog.open();
        else if (action === "import")
            importDialog.open();
        else if (action === "new")
            window.document.newProject();
        else if (action === "example")
            window.document.openBundledExample(window.pendingIndex);
        else if (action === "recent")
            window.document.open(window.pendingPath);
        else if (action === "quit") {
            window.closeConfirmed = true;
            window.close();
        }
        if (action === "new" || action === "example" || action === "recent")
            pages.currentIndex = window.modelPage;
    }

    // Save to the model's file, or ask for one; the pending action runs after a successful save.
    function save() {
        if (window.document.canSave) {
            if (window.document.save())
                window.runPendingAction();
        } else {
            saveAsDialog.open();
        }
    }

    // Opens a file from the recent list or the welcome screen, asking about unsaved changes.
    function openRecent(path: string) {
        window.pendingPath = path;
        window.whenChangesAreSafe("recent", -1, qsTr("before opening another file"));
    }

    function openChosenFile(url: url) {
        if (String(url).endsWith(".sandbox.json")) {
            if (window.sandbox.openUrl(url))
                pages.currentIndex = window.sandboxPage;
        } else if (window.document.open(url)) {
            pages.currentIndex = window.modelPage;
        }
    }

    function startExport(format: string) {
        exportDialog.format = format;
        exportDialog.currentFolder = window.document.folder;
        exportDialog.selectedFile = window.document.suggestedExportUrl(format);
        exportDialog.open();
    }

    function startPictureExport(format: string, selectionOnly: bool) {
        pictureDialog.format = format;
        pictureDialog.selectionOnly = selectionOnly;
        pictureDialog.currentFolder = window.document.folder;
        pictureDialog.open();
    }

    onClosing: event => {
        if (window.document.dirty && !window.closeConfirmed) {
            event.accepted = false;
            window.whenChangesAreSafe("quit", -1, qsTr("before quitting"));
        }
    }

    menuBar: MenuBar {
        Menu {
            title: qsTr("&File")

            Action {
                text: qsTr("&New Model")
                shortcut: "Ctrl+N"
                onTriggered: window.whenChangesAreSafe("new", -1, qsTr("before starting a new model"))
            }
            Action {
                text: qsTr("&Open\u2026")
                shortcut: "Ctrl+O"
                onTriggered: window.whenChangesAreSafe("open", -1, qsTr("before opening another file"))
            }
            Menu {
                id: recentMenu
                objectName: "recentMenu"
                title: qsTr("Open &Recent")
                enabled: window.settings.recentFiles.length > 0

                Instantiator {
                    model: window.settings.recentFiles
                    delegate: MenuItem {
                        required property string modelData
                        text: modelData
                        onTriggered: window.openRecent(modelData)
                    }
                    onObjectAdded: (index, object) => recentMenu.insertItem(index, object as MenuItem)
                    onObjectRemoved: (index, object) => recentMenu.removeItem(object as MenuItem)
                }
                MenuSeparator {}
                Action {
                    text: qsTr("&Clear Recent Files")
                    onTriggered: window.settings.clearRecentFiles()
                }
            }
            Menu {
                id: exampleModelsMenu
                title: qsTr("Open E&xample Model")

                Instantiator {
                    model: window.document.exampleNames
                    delegate: MenuItem {
                        required property int index
                        required property string modelData
                        text: modelData
                        onTriggered: window.whenChangesAreSafe("example", index, qsTr("before opening the example"))
                    }
                    onObjectAdded: (index, object) => exampleModelsMenu.insertItem(index, object as MenuItem)
                    onObjectRemoved: (index, object) => exampleModelsMenu.removeItem(object as MenuItem)
                }
            }
            MenuSeparator {}
            Action {
                text: qsTr("&Save")
                shortcut: "Ctrl+S"
                onTriggered: {
                    window.pendingAction = "";
                    window.save();
                }
            }
            Action {
                text: qsTr("Save &As\u2026")
                shortcut: "Ctrl+Shift+S"
                onTriggered: {
                    window.pendingAction = "";
                    saveAsDialog.open();
                }
            }
            MenuSeparator {}
            Action {
                text: qsTr("&Import\u2026")
                shortcut: "Ctrl+I"
                onTriggered: window.whenChangesAreSafe("import", -1, qsTr("before importing"))
            }
            Menu {
                title: qsTr("&Export")

                Action {
                    text: qsTr("EventBridge &Rules JSON\u2026")
                    onTriggered: window.startExport("rules-json")
                }
                Action {
                    text: qsTr("CloudFormation &JSON\u2026")
                    onTriggered: window.startExport("cloudformation-json")
                }
                Action {
                    text: qsTr("CloudFormation &YAML\u2026")
                    onTriggered: window.startExport("cloudformation-yaml")
                }
                Action {
                    text: qsTr("&Mermaid Flowchart\u2026")
                    onTriggered: window.startExport("mermaid")
                }
                MenuSeparator {}
                Action {
                    text: qsTr("Board as &PNG\u2026")
                    onTriggered: window.startPictureExport("png", false)
                }
                Action {
                    text: qsTr("Board as &SVG\u2026")
                    onTriggered: window.startPictureExport("svg", false)
                }
                Action {
                    text: qsTr("Selection as P&NG\u2026")
                    enabled: window.canvas.selectionCount > 0
                    onTriggered: window.startPictureExport("png", true)
                }
                Action {
                    text: qsTr("Selection as S&VG\u2026")
                    enabled: window.canvas.selectionCount > 0
                    onTriggered: window.startPictureExport("svg", true)
                }
            }
            MenuSeparator {}
            Action {
                text: qsTr("Open Sandbox Example\u2026")
                onTriggered: openSandboxDialog.open()
            }
            Menu {
                id: examplesMenu
                title: qsTr("Bundled Sandbox &Examples")

                Instantiator {
                    model: window.sandbox.exampleNames
                    delegate: MenuItem {
                        required property int index
                        required property string modelData
                        text: modelData
                        onTriggered: {
                            window.sandbox.loadBundledExample(index);
                            pages.currentIndex = window.sandboxPage;
                        }
                    }
                    onObjectAdded: (index, object) => examplesMenu.insertItem(index, object as MenuItem)
                    onObjectRemoved: (index, object) => examplesMenu.removeItem(object as MenuItem)
                }
            }
            Action {
                text: qsTr("Save Sandbox As\u2026")
                onTriggered: saveSandboxDialog.open()
            }
            MenuSeparator {}
            Action {
                text: qsTr("&Quit")
                shortcut: "Ctrl+Q"
                onTriggered: window.close()
            }
        }
        Menu {
            title: qsTr("&Edit")

            Action {
                text: window.document.canUndo ? qsTr("&Undo %1").arg(window.document.undoText) : qsTr("&Undo")
                enabled: window.document.canUndo
                shortcut: "Ctrl+Z"
                onTriggered: window.document.undo()
            }
            Action {
                text: window.document.canRedo ? qsTr("&Redo %1").arg(window.document.redoText) : qsTr("&Redo")
                enabled: window.document.canRedo
                shortcut: "Ctrl+Shift+Z"
                onTriggered: window.document.redo()
            }
            Action {
                text: qsTr("Undo &History…")
                shortcut: "Ctrl+H"
                onTriggered: undoHistory.popup().open()
            }
            MenuSeparator {}
            Action {
                text: qsTr("Cu&t")
                shortcut: "Ctrl+X"
                enabled: window.onBoard && window.canvas.selectionCount > 0
                onTriggered: window.canvas.cutSelection()
            }
            Action {
                text: qsTr("&Copy")
                shortcut: "Ctrl+C"
                enabled: window.onBoard && window.canvas.selectionCount > 0
                onTriggered: window.canvas.copySelection()
            }
            Action {
                text: qsTr("&Paste")
                shortcut: "Ctrl+V"
                enabled: window.onBoard
                onTriggered: window.canvas.paste()
            }
            Action {
                text: qsTr("D&uplicate")
                shortcut: "Ctrl+D"
                enabled: window.onBoard && window.canvas.selectionCount > 0
                onTriggered: window.canvas.duplicateSelection()
            }
            Action {
                text: qsTr("&Delete")
                shortcut: "Del"
                enabled: window.onBoard && window.canvas.selectionCount > 0
                onTriggered: window.canvas.deleteSelection()
            }
            Action {
                text: qsTr("Select &All")
                shortcut: "Ctrl+A"
                enabled: window.onBoard
                onTriggered: window.canvas.selectAll()
            }
            MenuSeparator {}
            Action {
                text: qsTr("&Format JSON")
                shortcut: "Ctrl+Shift+F"
                onTriggered: window.sandbox.formatAll()
            }
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
            title: qsTr("&View")

            Action {
                text: qsTr("Zoom &In")
                shortcut: "Ctrl+="
                onTriggered: window.canvas.zoomIn()
            }
            Action {
                text: qsTr("Zoom &Out")
                shortcut: "Ctrl+-"
                onTriggered: window.canvas.zoomOut()
            }
            Action {
                text: qsTr("&Actual Size")
                shortcut: "Ctrl+0"
                onTriggered: window.canvas.resetZoom()
            }
            Action {
                text: qsTr("Zoom to &Fit")
                shortcut: "Ctrl+1"
                onTriggered: window.canvas.zoomToFit()
            }
            Action {
                text: qsTr("Zoom to &Selection")
                shortcut: "Ctrl+2"
                enabled: window.canvas.selectionCount > 0
                onTriggered: window.canvas.zoomToSelection()
            }
            MenuSeparator {}
            ActionGroup {
                id: boardModes
            }
            Action {
                text: qsTr("&Everything")
                checkable: true
                ActionGroup.group: boardModes
                checked: window.canvas.boardMode === CanvasView.Everything
                onTriggered: window.canvas.boardMode = CanvasView.Everything
            }
            Action {
                text: qsTr("&Event Storming (stickies on a timeline)")
                shortcut: "Ctrl+E"
                checkable: true
                ActionGroup.group: boardModes
                checked: window.canvas.boardMode === CanvasView.EventStorming
                onTriggered: window.canvas.boardMode = CanvasView.EventStorming
            }
            Action {
                text: qsTr("&Architecture Only")
                checkable: true
                ActionGroup.group: boardModes
                checked: window.canvas.boardMode === CanvasView.Architecture
                onTriggered: window.canvas.boardMode = CanvasView.Architecture
            }
            MenuSeparator {}
            Action {
                text: qsTr("Show &Grid")
                checkable: true
                checked: window.canvas.showGrid
                onTriggered: window.canvas.showGrid = checked
            }
            Action {
                text: qsTr("S&nap to Grid")
                checkable: true
                checked: window.canvas.snapToGrid
                onTriggered: window.canvas.snapToGrid = checked
            }
            Action {
                text: qsTr("&Dark Theme")
                checkable: true
                checked: window.settings.darkTheme
                onTriggered: window.settings.darkTheme = checked
            }
            Action {
                text: qsTr("Show &Minimap")
                checkable: true
                checked: modelView.showMinimap
                onTriggered: modelView.showMinimap = checked
            }
            MenuSeparator {}
            Action {
                text: qsTr("&Board")
                shortcut: "Ctrl+Shift+1"
                onTriggered: pages.currentIndex = window.modelPage
            }
            Action {
                text: qsTr("&Pattern Sandbox")
                shortcut: "Ctrl+Shift+2"
                onTriggered: pages.currentIndex = window.sandboxPage
            }
        }
        Menu {
            title: qsTr("&Model")

            Menu {
                id: addMenu
                title: qsTr("&Add")

                Instantiator {
                    model: PaletteModel {}
                    delegate: MenuItem {
                        required property string key
                        required property string title
                        text: title
                        onTriggered: {
                            pages.currentIndex = window.modelPage;
                            window.canvas.addElementAt(key, window.canvas.width / 2 - 100 * window.canvas.zoom,
                                                       window.canvas.height / 2 - 40 * window.canvas.zoom);
                        }
                    }
                    onObjectAdded: (index, object) => addMenu.insertItem(index, object as MenuItem)
                    onObjectRemoved: (index, object) => addMenu.removeItem(object as MenuItem)
                }
            }
            Action {
                text: qsTr("&Promote Sticky")
                shortcut: "Ctrl+P"
                enabled: window.canvas.canPromote
                onTriggered: window.canvas.promoteSelection()
            }
            MenuSeparator {}
            Action {
                text: qsTr("Arrange &All")
                shortcut: "Ctrl+Shift+L"
                onTriggered: window.canvas.arrange(false)
            }
            Action {
                text: qsTr("Arrange &Selection")
                enabled: window.canvas.selectionCount > 1
                onTriggered: window.canvas.arrange(true)
            }
            Menu {
                title: qsTr("A&lign")
                enabled: window.canvas.selectionCount > 1

                Action {
                    text: qsTr("&Left Edges")
                    onTriggered: window.canvas.align(0)
                }
                Action {
                    text: qsTr("&Centres")
                    onTriggered: window.canvas.align(1)
                }
                Action {
                    text: qsTr("&Right Edges")
                    onTriggered: window.canvas.align(2)
                }
                Action {
                    text: qsTr("&Top Edges")
                    onTriggered: window.canvas.align(3)
                }
                Action {
                    text: qsTr("&Middles")
                    onTriggered: window.canvas.align(4)
                }
                Action {
                    text: qsTr("&Bottom Edges")
                    onTriggered: window.canvas.align(5)
                }
            }
            Menu {
                title: qsTr("&Distribute")
                enabled: window.canvas.selectionCount > 2

                Action {
                    text: qsTr("&Horizontally")
                    onTriggered: window.canvas.distribute(true)
                }
                Action {
                    text: qsTr("&Vertically")
                    onTriggered: window.canvas.distribute(false)
                }
            }
            MenuSeparator {}
            // The inspector shows the settings of the whole model when nothing is selected.
            Action {
                text: qsTr("Pro&ject Settings")
                onTriggered: {
                    pages.currentIndex = window.modelPage;
                    modelView.showProjectSettings();
                }
            }
        }
        Menu {
            title: qsTr("&Simulate")

            Action {
                text: qsTr("&Try Selected Rule in the Sandbox")
                enabled: window.document.selectedIsRule
                shortcut: "Ctrl+T"
                onTriggered: {
                    if (window.document.openRuleInSandbox(window.document.selectedId, window.sandbox))
                        pages.currentIndex = window.sandboxPage;
                }
            }
            Action {
                text: qsTr("Test &Patterns in the Sandbox")
                onTriggered: pages.currentIndex = window.sandboxPage
            }
        }
        Menu {
            title: qsTr("&Help")

            Action {
                text: qsTr("&Welcome Screen")
                onTriggered: startScreen.popup().open()
            }
            Action {
                text: qsTr("&Tour of the Board")
                onTriggered: window.startTour()
            }
            Action {
                text: qsTr("&Keyboard and Mouse")
                shortcut: "F1"
                onTriggered: shortcutsDialog.popup().open()
            }
            MenuSeparator {}
            Action {
                text: qsTr("&About Stormglass")
                onTriggered: aboutDialog.open()
            }
        }
    }

    header: ToolBar {
        layer.enabled: true // drawn once, not every frame the board animates
        implicitHeight: pages.implicitHeight + 6
        background: Rectangle {
            color: Theme.paneHeader
            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: Theme.border
            }
        }

        TabBar {
            id: pages
            onCurrentIndexChanged: window.ensureSandboxPage()
            objectName: "pageTabs"
            anchors.left: parent.left
            anchors.leftMargin: Theme.margin
            anchors.bottom: parent.bottom
            currentIndex: window.startPage
            background: null

            TabButton {
                objectName: "modelTab"
                width: implicitWidth + 24
                text: qsTr("Model")
            }
            TabButton {
                objectName: "sandboxTab"
                width: implicitWidth + 24
                text: qsTr("Pattern sandbox")
            }
        }

        // The actions a workshop reaches for most, each with its shortcut in the tooltip.
        RowLayout {
            objectName: "toolbarActions"
            anchors.right: parent.right
            anchors.rightMargin: Theme.margin
            anchors.verticalCenter: parent.verticalCenter
            spacing: 2

            component BarButton: ToolButton {
                required property string tip
                font.pixelSize: 13
                ToolTip.visible: hovered
                ToolTip.delay: 500
                ToolTip.text: tip
            }

            BarButton {
                text: qsTr("New")
                tip: qsTr("A new, empty model (Ctrl+N)")
                onClicked: window.whenChangesAreSafe("new", -1, qsTr("before starting a new model"))
            }
            BarButton {
                text: qsTr("Open")
                tip: qsTr("Open a model (Ctrl+O)")
                onClicked: window.whenChangesAreSafe("open", -1, qsTr("before opening another file"))
            }
            BarButton {
                text: qsTr("Save")
                tip: qsTr("Save the model (Ctrl+S)")
                onClicked: {
                    window.pendingAction = "";
                    window.save();
                }
            }
            ToolSeparator {}
            BarButton {
                objectName: "undoButton"
                text: qsTr("Undo")
                enabled: window.document.canUndo
                tip: qsTr("Undo %1 (Ctrl+Z)").arg(window.document.undoText)
                onClicked: window.document.undo()
            }
            BarButton {
                text: qsTr("Redo")
                enabled: window.document.canRedo
                tip: qsTr("Redo %1 (Ctrl+Shift+Z)").arg(window.document.redoText)
                onClicked: window.document.redo()
            }
            ToolSeparator {}
            BarButton {
                text: qsTr("Fit")
                tip: qsTr("Zoom to fit the whole model (Ctrl+1)")
                onClicked: window.canvas.zoomToFit()
            }
            BarButton {
                text: qsTr("Arrange")
                tip: qsTr("Lay the architecture out left to right (Ctrl+Shift+L)")
                onClicked: window.canvas.arrange(false)
            }
            BarButton {
                text: qsTr("Promote")
                enabled: window.canvas.canPromote
                tip: qsTr("Turn the selected sticky into the architecture it describes (Ctrl+P)")
                onClicked: window.canvas.promoteSelection()
            }
        }
    }

    footer: StatusBar {
        layer.enabled: true
        sandbox: window.sandbox
        document: window.document
        showModel: pages.currentIndex === window.modelPage
        version: window.version
    }

    StackLayout {
        anchors.fill: parent
        currentIndex: pages.currentIndex

        ModelView {
            id: modelView
            objectName: "modelView"
            document: window.document
            onTryRuleRequested: ruleId => {
                if (window.document.openRuleInSandbox(ruleId, window.sandbox))
                    pages.currentIndex = window.sandboxPage;
            }
        }
        // Built the first time the sandbox is shown: most sessions start on the board.
        Loader {
            id: sandboxLoader
            active: false
        }
    }

    LazyPopup {
        id: undoHistory
        popupSource: "UndoHistoryDialog.qml"
        popupProperties: ({ objectName: "undoHistory", document: window.document })
    }

    AboutDialog {
        id: aboutDialog
        objectName: "aboutDialog"
        anchors.centerIn: Overlay.overlay
        version: window.version
    }

    Dialog {
        id: errorDialog
        objectName: "errorDialog"

        property string message

        anchors.centerIn: Overlay.overlay
        width: 520
        padding: 16
        modal: true
        title: qsTr("Something went wrong")
        standardButtons: Dialog.Ok

        Label {
            objectName: "errorDialogText"
            anchors.fill: parent
            wrapMode: Text.Wrap
            text: errorDialog.message
        }
    }

    SaveChangesDialog {
        id: saveChangesDialog
        objectName: "saveChangesDialog"
        anchors.centerIn: Overlay.overlay
        modelTitle: window.document.title
        onAccepted: window.save()
        onDiscarded: window.runPendingAction()
        onRejected: window.pendingAction = ""
    }

    ImportReportDialog {
        id: importReport
        objectName: "importReport"
        anchors.centerIn: Overlay.overlay
        document: window.document
    }

    FileDialog {
        id: openDialog
        objectName: "openDialog"
        currentFolder: window.document.folder
        title: qsTr("Open")
        nameFilters: [qsTr("Stormglass models (*.stormglass *.stormglass.json)"),
                      qsTr("Pattern sandbox examples (*.sandbox.json)"),
                      qsTr("All files (*)")]
        onAccepted: window.openChosenFile(selectedFile)
    }

    FileDialog {
        id: saveAsDialog
        objectName: "saveAsDialog"
        title: qsTr("Save Model As")
        fileMode: FileDialog.SaveFile
        currentFolder: window.document.folder
        nameFilters: [qsTr("Stormglass project (*.stormglass)"),
                      qsTr("Git-friendly JSON (*.stormglass.json)")]
        defaultSuffix: selectedNameFilter.index === 1 ? "stormglass.json" : "stormglass"
        onAccepted: {
            if (window.document.saveAs(selectedFile))
                window.runPendingAction();
        }
        onRejected: window.pendingAction = ""
    }

    FileDialog {
        id: importDialog
        objectName: "importDialog"
        title: qsTr("Import CloudFormation, SAM or AWS CLI Listing")
        currentFolder: window.document.folder
        nameFilters: [qsTr("Templates and listings (*.yaml *.yml *.json *.template)"),
                      qsTr("All files (*)")]
        onAccepted: {
            if (window.document.importFrom(selectedFile)) {
                pages.currentIndex = window.modelPage;
                if (window.document.skipped.length > 0)
                    importReport.open();
            }
        }
    }

    FileDialog {
        id: exportDialog
        objectName: "exportDialog"

        property string format

        title: format === "rules-json" ? qsTr("Export EventBridge Rules JSON")
             : format === "mermaid" ? qsTr("Export Mermaid Flowchart")
             : qsTr("Export CloudFormation Template")
        fileMode: FileDialog.SaveFile
        nameFilters: format === "rules-json" ? [qsTr("JSON (*.json)")]
                   : format === "cloudformation-json" ? [qsTr("CloudFormation JSON (*.json *.template)")]
                   : format === "cloudformation-yaml" ? [qsTr("CloudFormation YAML (*.yaml *.yml)")]
                   : [qsTr("Mermaid (*.mmd *.md)")]
        onAccepted: window.document.exportTo(selectedFile, format)
    }

    FileDialog {
        id: pictureDialog
        objectName: "pictureDialog"

        property string format: "png"
        property bool selectionOnly: false

        title: selectionOnly ? qsTr("Export the Selection as a Picture") : qsTr("Export the Board as a Picture")
        fileMode: FileDialog.SaveFile
        defaultSuffix: format
        nameFilters: format === "svg" ? [qsTr("SVG pictures (*.svg)")] : [qsTr("PNG pictures (*.png)")]
        onAccepted: window.canvas.exportPicture(selectedFile, selectionOnly)
    }

    FileDialog {
        id: openSandboxDialog
        objectName: "openSandboxDialog"
        currentFolder: window.sandbox.sourceFolder
        title: qsTr("Open Sandbox Example")
        nameFilters: [qsTr("Sandbox examples (*.sandbox.json *.json)"), qsTr("All files (*)")]
        onAccepted: {
            if (window.sandbox.openUrl(selectedFile))
                pages.currentIndex = window.sandboxPage;
        }
    }

    FileDialog {
        id: saveSandboxDialog
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
            window.showError(qsTr("Could not open or save the sandbox"), message);
        }
    }

    Connections {
        target: window.document
        function onOperationFailed(heading: string, message: string) {
            // A failed save leaves the pending action (open, quit...) undone.
            window.pendingAction = "";
            window.showError(heading, message);
        }
    }

    LazyPopup {
        id: recoveryDialog
        popupSource: "RecoveryDialog.qml"
        popupProperties: ({ objectName: "recoveryDialog", document: window.document })
    }

    LazyPopup {
        id: startScreen
        popupSource: "StartScreen.qml"
        popupProperties: ({ objectName: "startScreen", document: window.document,
                            settings: window.settings })
    }

    Connections {
        target: startScreen.item
        function onNewRequested() {
            window.whenChangesAreSafe("new", -1, qsTr("before starting a new model"));
        }
        function onOpenRequested() {
            window.whenChangesAreSafe("open", -1, qsTr("before opening another file"));
        }
        function onImportRequested() {
            window.whenChangesAreSafe("import", -1, qsTr("before importing"));
        }
        function onRecentRequested(path: string) {
            window.openRecent(path);
        }
        function onExampleRequested(index: int) {
            window.whenChangesAreSafe("example", index, qsTr("before opening the example"));
        }
        function onClosed() {
            if (window.showTour && !window.settings.tourSeen)
                window.startTour();
        }
    }

    LazyPopup {
        id: tour
        popupSource: "TourOverlay.qml"
        popupProperties: ({ objectName: "tour" })
    }

    Connections {
        target: tour.item
        function onFinished() {
            window.settings.tourSeen = true;
        }
    }

    LazyPopup {
        id: shortcutsDialog
        popupSource: "ShortcutsDialog.qml"
        popupProperties: ({ objectName: "shortcutsDialog" })
    }

    Connections {
        target: window.document
        function onFileChanged() {
            window.settings.addRecentFile(window.document.fileName);
        }
    }

    Connections {
        target: window.settings
        function onDarkThemeChanged() {
            Theme.dark = window.settings.darkTheme;
        }
    }

    Component.onCompleted: {
        Theme.dark = window.settings.darkTheme;
        if (window.startupError.length > 0)
            window.showError(qsTr("Could not open the file"), window.startupError);
        else if (window.offerRecovery && window.document.recoverable.length > 0)
            recoveryDialog.popup().open();
        else if (window.showStartScreen)
            startScreen.popup().open();
        else if (window.showTour)
            window.startTour();
        window.ensureSandboxPage();
    }
}
