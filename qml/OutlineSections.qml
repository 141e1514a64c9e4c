// No `pragma ComponentBehavior: Bound` here, on purpose: Qt 6.4's ListView cannot create a
// section delegate declared in a bound file ("Component is not ready"). This file only holds
// that delegate, so every other view stays bound.
import QtQuick
import QtQuick.Controls
import Stormglass

// The outline's group headers: a kind's title and how many of its elements are shown.
QtObject {
    readonly property Component delegate: Item {
        id: header

        required property string section
        readonly property ElementListModel elements: ListView.view ? ListView.view.model as ElementListModel : null
        readonly property int shown: elements ? elements.groupCounts[header.section] ?? 0 : 0
        readonly property int total: elements ? elements.groupTotals[header.section] ?? 0 : 0

        width: ListView.view ? ListView.view.width : 0
        height: 30

        Label {
            anchors.left: parent.left
            anchors.leftMargin: 6
            anchors.bottom: parent.bottom
            anchors.bottomMargin: 5
            text: header.section.toUpperCase()
            font.pixelSize: 11
            font.weight: Font.DemiBold
            font.letterSpacing: 0.6
            color: Theme.mutedText
        }
        Label {
            objectName: "groupCount"
            anchors.right: parent.right
            anchors.rightMargin: 8
            anchors.bottom: parent.bottom
            anchors.bottomMargin: 5
            text: header.shown === header.total ? header.total
                                                : qsTr("%1 of %2").arg(header.shown).arg(header.total)
            font.pixelSize: 11
            color: Theme.faintText
        }
    }
}
