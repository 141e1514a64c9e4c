// Fuzzes the importer of `aws events list-rules` / `list-targets-by-rule` output, including
// concatenated documents. Any text must give a project or an Error, never a crash, hang, leak
// or exception; a project it gives must be consistent.

#include "io/import.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto imported = sg::model::importAwsCliListing(text);
    if (imported.ok() && !imported->project.checkReferences().ok()) {
        std::abort(); // the importer handed out a project with dangling references
    }
    return 0;
}
