// Fuzzes the `.stormglass.json` reader, differentially: whatever it accepts must write back and
// read again to an equal project (the file is lossless), and nothing may crash, hang or leak.

#include "io/projectjson.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto project = sg::model::readProjectJson(text);
    if (!project.ok()) {
        return 0;
    }
    const std::string written = sg::model::writeProjectJson(*project);
    const auto again = sg::model::readProjectJson(written);
    if (!again.ok() || again->name() != project->name() ||
        again->description() != project->description() ||
        again->elements() != project->elements()) {
        std::abort(); // written and read back, the project changed
    }
    if (sg::model::writeProjectJson(*again) != written) {
        std::abort(); // the writer is not stable
    }
    return 0;
}
