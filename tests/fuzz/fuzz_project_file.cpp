// Fuzzes the `.stormglass` reader (an SQLite database): a damaged, truncated or hostile file must
// give an error, never a crash, a hang or a leak; and whatever it opens must save and open again
// to an equal project.

#include "io/projectfile.h"

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

std::string scratchPath(const char *name) {
    static const std::filesystem::path folder = [] {
        std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("sg-fuzz-project-file-" + std::to_string(::getpid()));
        std::filesystem::create_directories(path);
        return path;
    }();
    return (folder / name).string();
}

void removeWithSideFiles(const std::string &path) {
    for (const char *suffix : {"", "-journal", "-wal", "-shm"}) {
        std::filesystem::remove(path + suffix);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string input = scratchPath("input.stormglass");
    const std::string saved = scratchPath("saved.stormglass");
    removeWithSideFiles(input);
    {
        std::ofstream out(input, std::ios::binary);
        out.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
    }
    const auto project = sg::model::openProjectFile(input);
    if (project.ok()) {
        removeWithSideFiles(saved);
        if (!sg::model::saveProjectFile(*project, saved).ok()) {
            std::abort(); // an opened project must save
        }
        const auto again = sg::model::openProjectFile(saved);
        if (!again.ok() || !(*again == *project)) {
            std::abort(); // saved and opened again, the project changed
        }
        removeWithSideFiles(saved);
    }
    removeWithSideFiles(input);
    return 0;
}
