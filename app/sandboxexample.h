#pragma once
// SandboxExample: a saved Pattern sandbox (pattern, named test events, target input) in a small
// JSON file format, `*.sandbox.json`:
//
//   { "formatVersion": 1, "name": "...", "description": "...",
//     "pattern": { ... } or "raw pattern text",
//     "events": [ { "name": "...", "event": { ... } or "raw event text" }, ... ],
//     "transformer": { "inputPath": "$.detail" }
//                 or { "inputPathsMap": { "var": "$.path" }, "inputTemplate": "..." } }
//
// JSON values are shown formatted in the editors; strings are taken as the exact editor text, so
// an example can also hold broken input.

#include "sandboxevaluator.h"
#include "sandboxeventmodel.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace sg::app {

struct SandboxExample {
    static constexpr int kFormatVersion = 1;

    QString name;
    QString description;
    QString pattern;
    std::vector<SandboxEventModel::Event> events;
    TargetInputMode targetMode = TargetInputMode::WholeEvent;
    QString inputPath;
    QString inputPathsMap;
    QString inputTemplate;
};

struct SandboxExampleRead {
    std::optional<SandboxExample> example;
    QString error; // set when example is empty: what is wrong with the file, for a person
};

[[nodiscard]] SandboxExampleRead parseSandboxExample(const QByteArray &json);
[[nodiscard]] SandboxExampleRead readSandboxExample(const QString &path);

[[nodiscard]] QByteArray serializeSandboxExample(const SandboxExample &example);
// Writes atomically (QSaveFile); returns an error message, empty on success.
[[nodiscard]] QString writeSandboxExample(const QString &path, const SandboxExample &example);

// The examples bundled in the application's resources.
struct BundledExample {
    QString title;
    QString path; // a ":/..." resource path
};
[[nodiscard]] const std::vector<BundledExample> &bundledExamples();

} // namespace sg::app
