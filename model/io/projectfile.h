#pragma once
// The project file, `.stormglass`: one SQLite database holding the model, and (from step 3) event
// archives and simulation runs. Versioned with PRAGMA user_version; older files are migrated
// forward, newer ones refused; saves are atomic.

#include "arch/project.h"
#include "core/result.h"

#include <cstdint>
#include <functional>
#include <string>

namespace sg::model {

// The schema version this build writes (PRAGMA user_version).
[[nodiscard]] int projectSchemaVersion();

// Opens a `.stormglass` file. Errors name the file and what is wrong with it.
[[nodiscard]] Result<Project> openProjectFile(const std::string &path);

// Saves atomically: after a crash at any point the file holds either the previous or the new
// project, never a mix. Archives and runs already in the file are kept.
[[nodiscard]] Result<bool> saveProjectFile(const Project &project, const std::string &path);

// By extension: `.stormglass` or `.stormglass.json` (anything else is an error naming the path).
[[nodiscard]] Result<Project> loadProject(const std::string &path);
[[nodiscard]] Result<bool> saveProject(const Project &project, const std::string &path);

// --- Test support ---------------------------------------------------------------------------

// The points of a save at which a test simulates a crash (a forked child that _exit()s there).
enum class SaveStage : std::uint8_t {
    RowsWritten,    // in place: every new row written, the transaction not yet committed
    TempFileSynced, // new file: the temporary file complete and synced, not yet renamed
    Renamed,        // new file: renamed over the path, the directory not yet synced
};
using SaveHook = std::function<void(SaveStage)>;
[[nodiscard]] Result<bool> saveProjectFile(const Project &project, const std::string &path,
                                           const SaveHook &hook);

// Creates an empty project file of schema `version` (1..projectSchemaVersion()) by applying the
// first `version` migration steps, as the Stormglass that wrote that version did.
[[nodiscard]] Result<bool> createProjectFileAtVersion(const std::string &path, int version);

} // namespace sg::model
