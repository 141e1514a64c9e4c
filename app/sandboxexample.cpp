#include "sandboxexample.h"

#include "jsontext.h"

#include "io/inputfile.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <nlohmann/json.hpp>

namespace sg::app {

namespace {

using Json = nlohmann::ordered_json;

// A JSON value becomes formatted editor text; a string is the editor text itself.
QString editorText(const Json &value) {
    if (value.is_string()) {
        return toQString(value.get<std::string>());
    }
    const std::string compact = value.dump();
    return toQString(formatJson(compact).value_or(compact));
}

// The reverse: text that is valid JSON is stored as a value, unless storing it as a value would
// change it (duplicate keys, number spellings, escapes); then, like anything else, as a string.
Json storedValue(const QString &text) {
    const std::string utf8 = toStdString(text);
    if (const std::optional<std::string> minified = minifyJson(utf8)) {
        Json value = Json::parse(utf8);
        if (value.dump() == *minified) {
            return value;
        }
    }
    return utf8;
}

QString stringMember(const Json &object, const char *key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? toQString(it->get<std::string>()) : QString();
}

SandboxExampleRead failure(const QString &message) {
    return {std::nullopt, message};
}

} // namespace

SandboxExampleRead parseSandboxExample(const QByteArray &json) {
    const std::string_view text(json.constData(), static_cast<std::size_t>(json.size()));
    if (std::optional<TextProblem> syntax = checkJsonSyntax(text)) {
        return failure(QStringLiteral("Not a valid JSON file (line %1, column %2): %3")
                           .arg(syntax->line)
                           .arg(syntax->column)
                           .arg(toQString(syntax->message)));
    }
    const Json root = Json::parse(text);
    if (!root.is_object()) {
        return failure(QStringLiteral("A sandbox example must be a JSON object."));
    }
    if (const auto version = root.find("formatVersion"); version != root.end()) {
        if (!version->is_number_integer()) {
            return failure(QStringLiteral("\"formatVersion\" must be an integer."));
        }
        if (const auto v = version->get<std::int64_t>(); v > SandboxExample::kFormatVersion) {
            return failure(QStringLiteral("This example uses format version %1; this version of "
                                          "Stormglass reads version %2 and older.")
                               .arg(v)
                               .arg(SandboxExample::kFormatVersion));
        }
    }
    if (!root.contains("pattern") && !root.contains("events")) {
        return failure(QStringLiteral("Not a sandbox example: it has neither \"pattern\" nor "
                                      "\"events\"."));
    }

    SandboxExample example;
    example.name = stringMember(root, "name");
    example.description = stringMember(root, "description");
    if (const auto pattern = root.find("pattern"); pattern != root.end() && !pattern->is_null()) {
        example.pattern = editorText(*pattern);
    }

    if (const auto events = root.find("events"); events != root.end()) {
        if (!events->is_array()) {
            return failure(QStringLiteral("\"events\" must be an array."));
        }
        int number = 0;
        for (const Json &entry : *events) {
            ++number;
            SandboxEventModel::Event event;
            // Either {"name": ..., "event": ...} or the event itself.
            if (entry.is_object() && entry.contains("event") &&
                (entry["event"].is_object() || entry["event"].is_string())) {
                event.name = stringMember(entry, "name");
                event.text = editorText(entry["event"]);
            } else {
                event.text = editorText(entry);
            }
            if (event.name.isEmpty()) {
                event.name = QStringLiteral("Event %1").arg(number);
            }
            example.events.push_back(std::move(event));
        }
    }

    if (const auto transformer = root.find("transformer");
        transformer != root.end() && !transformer->is_null()) {
        if (!transformer->is_object()) {
            return failure(QStringLiteral("\"transformer\" must be an object."));
        }
        if (transformer->contains("inputPathsMap") || transformer->contains("inputTemplate")) {
            example.targetMode = TargetInputMode::InputTransformer;
            if (const auto map = transformer->find("inputPathsMap"); map != transformer->end()) {
                example.inputPathsMap = editorText(*map);
            }
            example.inputTemplate = stringMember(*transformer, "inputTemplate");
        } else if (transformer->contains("inputPath")) {
            example.targetMode = TargetInputMode::InputPath;
            example.inputPath = stringMember(*transformer, "inputPath");
        }
    }
    return {std::move(example), {}};
}

SandboxExampleRead readSandboxExample(const QString &path) {
    constexpr std::uint64_t kMaxSize = std::uint64_t{16} << 20;
    QByteArray bytes;
    if (path.startsWith(u':')) { // a bundled example, compiled into the program
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            return failure(QStringLiteral("Cannot open %1: %2").arg(path, file.errorString()));
        }
        bytes = file.readAll();
    } else {
        // The readers' shared way in: regular files only (a FIFO would hang the window).
        sg::Result<std::string> text = sg::model::readDocumentFile(path.toStdString(), kMaxSize);
        if (!text) {
            return failure(QString::fromStdString(text.error().message));
        }
        bytes = QByteArray::fromStdString(*text);
    }
    SandboxExampleRead read = parseSandboxExample(bytes);
    if (!read.example) {
        read.error = QFileInfo(path).fileName() % QStringLiteral(": ") % read.error;
    }
    return read;
}

QByteArray serializeSandboxExample(const SandboxExample &example) {
    Json root = Json::object();
    root["formatVersion"] = SandboxExample::kFormatVersion;
    if (!example.name.isEmpty()) {
        root["name"] = toStdString(example.name);
    }
    if (!example.description.isEmpty()) {
        root["description"] = toStdString(example.description);
    }
    root["pattern"] = storedValue(example.pattern);
    Json events = Json::array();
    for (const SandboxEventModel::Event &event : example.events) {
        events.push_back({{"name", toStdString(event.name)}, {"event", storedValue(event.text)}});
    }
    root["events"] = std::move(events);
    switch (example.targetMode) {
    case TargetInputMode::WholeEvent:
        break;
    case TargetInputMode::InputPath:
        root["transformer"] = {{"inputPath", toStdString(example.inputPath)}};
        break;
    case TargetInputMode::InputTransformer:
        root["transformer"] = {{"inputPathsMap", storedValue(example.inputPathsMap)},
                               {"inputTemplate", toStdString(example.inputTemplate)}};
        break;
    }
    const std::string compact = root.dump();
    const std::string pretty = formatJson(compact).value_or(compact) + '\n';
    return {pretty.data(), static_cast<qsizetype>(pretty.size())};
}

QString writeSandboxExample(const QString &path, const SandboxExample &example) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    }
    file.write(serializeSandboxExample(example));
    if (!file.commit()) {
        return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    }
    return {};
}

const std::vector<BundledExample> &bundledExamples() {
    static const std::vector<BundledExample> examples{
        {QStringLiteral("Order routing (custom source, input transformer)"),
         QStringLiteral(":/Stormglass/resources/examples/order-routing.sandbox.json")},
        {QStringLiteral("EC2 instance stopped (InputPath)"),
         QStringLiteral(":/Stormglass/resources/examples/ec2-stopped.sandbox.json")},
        {QStringLiteral("Console sign-in without MFA (login alert)"),
         QStringLiteral(":/Stormglass/resources/examples/signin-alert.sandbox.json")},
    };
    return examples;
}

} // namespace sg::app
