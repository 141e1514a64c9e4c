pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Stormglass

// The model's lint findings; choosing one selects the element it concerns.
Pane {
    id: root

    required property ProjectDocument document

    // A finding was chosen: the board centres its element.
    signal elementChosen(string elementId)

    readonly property FindingListModel findings: document.findings

    padding: Theme.margin
    background: Rectangle {
        color: Theme.pane
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        PaneHeader {
            Layout.fillWidth: true
            title: qsTr("Findings")
            subtitle: root.findings.count === 0
                      ? qsTr("No findings: nothing EventBridge would refuse, no smells")
                      : (root.findings.errorCount === 1 ? qsTr("1 error") : qsTr("%1 errors").arg(root.findings.errorCount))
                        + " \u00b7 "
                        + (root.findings.warningCount === 1 ? qsTr("1 warning") : qsTr("%1 warnings").arg(root.findings.warningCount))
                        + " \u00b7 "
                        + (root.findings.infoCount === 1 ? qsTr("1 note") : qsTr("%1 notes").arg(root.findings.infoCount))
        }

        RowLayout {
            Layout.fillWidth: true
            visible: root.findings.count > 0
            spacing: 12

            Repeater {
                model: [FindingListModel.Error, FindingListModel.Warning, FindingListModel.Info]
                delegate: RowLayout {
                    id: tally

                    required property int modelData

                    spacing: 4
                    SeverityIcon {
                        severity: tally.modelData
                    }
                    Label {
                        text: tally.modelData === FindingListModel.Error ? root.findings.errorCount
                            : tally.modelData === FindingListModel.Warning ? root.findings.warningCount
                            : root.findings.infoCount
                        font.pixelSize: 12
                        font.weight: Font.DemiBold
                        color: Theme.text
                    }
                }
            }
            Item {
                Layout.fillWidth: true
            }
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: Theme.pane
            border.color: Theme.border
            radius: 4

            ListView {
                id: list
                objectName: "findingList"
                anchors.fill: parent
                anchors.margins: 4
                clip: true
                spacing: 2
                model: root.findings
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {}

                delegate: FindingDelegate {
                    objectName: "findingDelegate"
                    width: ListView.view.width
                    selected: elementId.length > 0 && elementId === root.document.selectedId
                    onChosen: chosenId => {
                        root.document.select(chosenId);
                        root.elementChosen(chosenId);
                    }
                }

                Label {
                    anchors.centerIn: parent
                    width: parent.width - 24
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    visible: list.count === 0
                    text: qsTr("Lint checks EventBridge's limits and design smells as you edit.")
                    color: Theme.faintText
                }
            }
        }
    }
}
