pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// Every element of the model, grouped by kind with counts, filtered as you type; choosing one
// selects it for the inspector.
Pane {
    id: root

    required property ProjectDocument document

    // Scrolls the selected element into view (after a click on a finding, say).
    function showSelected() {
        let row = root.document.elements.rowOf(root.document.selectedId);
        if (row < 0 && root.document.selectedId.length > 0 && filter.text.length > 0) {
            filter.clear();
            row = root.document.elements.rowOf(root.document.selectedId);
        }
        if (row >= 0)
            list.positionViewAtIndex(row, ListView.Contain);
    }

    padding: Theme.margin
    background: Rectangle {
        color: Theme.pane
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        PaneHeader {
            Layout.fillWidth: true
            title: qsTr("Outline")
            subtitle: root.document.elements.totalCount === 0
                      ? qsTr("The model is empty")
                      : filter.text.length > 0
                        ? qsTr("%1 of %2 elements match").arg(root.document.elements.count).arg(root.document.elements.totalCount)
                        : root.document.elements.totalCount === 1 ? qsTr("1 element") : qsTr("%1 elements").arg(root.document.elements.totalCount)
        }

        TextField {
            id: filter
            objectName: "outlineFilter"
            Layout.fillWidth: true
            placeholderText: qsTr("Filter by name, id or kind")
            selectByMouse: true
            onTextChanged: root.document.elements.filterText = text
            Keys.onEscapePressed: clear()
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: Theme.pane
            border.color: Theme.border
            radius: 4

            ListView {
                id: list
                objectName: "outlineList"
                anchors.fill: parent
                anchors.margins: 4
                clip: true
                spacing: 2
                model: root.document.elements
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {}

                section.property: "kindLabel"
                section.criteria: ViewSection.FullString
                section.delegate: sections.delegate

                delegate: ElementDelegate {
                    objectName: "elementDelegate"
                    width: ListView.view.width
                    selected: elementId === root.document.selectedId
                    onChosen: chosenId => root.document.select(chosenId)
                }

                Label {
                    anchors.centerIn: parent
                    width: parent.width - 24
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    visible: list.count === 0
                    text: root.document.elements.totalCount === 0
                          ? qsTr("Open a model, or import a CloudFormation template, to see its elements here")
                          : qsTr("Nothing matches \u201c%1\u201d").arg(filter.text)
                    color: Theme.faintText
                }
            }
        }
    }

    OutlineSections {
        id: sections
    }

    Connections {
        target: root.document
        function onSelectionChanged() {
            root.showSelected();
        }
        function onProjectReplaced() {
            filter.clear();
            list.positionViewAtBeginning();
        }
    }
}
