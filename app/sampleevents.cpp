#include "sampleevents.h"

#include "jsontext.h"

#include <QFile>

namespace sg::app {

const std::vector<SampleEvent> &sampleEvents() {
    static const std::vector<SampleEvent> samples{
        {QStringLiteral("Order placed (custom source)"),
         QStringLiteral(":/Stormglass/resources/samples/order-placed.json")},
        {QStringLiteral("EC2 instance state change"),
         QStringLiteral(":/Stormglass/resources/samples/ec2-instance-state-change.json")},
        {QStringLiteral("S3 object created"),
         QStringLiteral(":/Stormglass/resources/samples/s3-object-created.json")},
        {QStringLiteral("Console sign-in (login alert)"),
         QStringLiteral(":/Stormglass/resources/samples/console-signin.json")},
    };
    return samples;
}

QStringList sampleEventNames() {
    QStringList names;
    for (const SampleEvent &sample : sampleEvents()) {
        names.append(sample.name);
    }
    return names;
}

QString sampleEventText(int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= sampleEvents().size()) {
        return {};
    }
    QFile file(sampleEvents()[static_cast<std::size_t>(index)].resource);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QByteArray json = file.readAll();
    const std::string_view text(json.constData(), static_cast<std::size_t>(json.size()));
    const std::optional<std::string> formatted = formatJson(text);
    return formatted ? toQString(*formatted) : QString::fromUtf8(json);
}

} // namespace sg::app
