#pragma once
// The sample events bundled with Stormglass for common sources, offered by the sandbox's
// "Add sample event" menu.

#include <QString>
#include <QStringList>

#include <vector>

namespace sg::app {

struct SampleEvent {
    QString name;     // what the menu shows, and the event's name once added
    QString resource; // a ":/..." resource path to the event's JSON
};

[[nodiscard]] const std::vector<SampleEvent> &sampleEvents();
[[nodiscard]] QStringList sampleEventNames();
// The sample's JSON, formatted for an editor; empty when `index` is out of range.
[[nodiscard]] QString sampleEventText(int index);

} // namespace sg::app
