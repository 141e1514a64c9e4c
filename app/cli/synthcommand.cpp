// synth: writes a synthetic model of a given size, for benchmarks, stress tests and demos.

#include "cli.h"

#include "arch/synth.h"
#include "io/projectfile.h"

#include <filesystem>
#include <iostream>

#include <fcntl.h>
#include <unistd.h>

namespace sg::cli {

namespace {

constexpr std::uint64_t kMaxElements = 100000;
constexpr std::uint64_t kMaxStickies = 100000;

// The value of --`name`, a whole number in [low, high]; nullopt (after saying why) otherwise.
// Without the option the value is `fallback`, and a required option has none.
std::optional<std::uint64_t> countOption(const Args &args, const std::string &name,
                                         std::uint64_t low, std::uint64_t high,
                                         std::optional<std::uint64_t> fallback) {
    const std::optional<std::string> text = args.value(name);
    if (!text) {
        if (!fallback) {
            fail("synth", "--" + name + " is required: a whole number from " + std::to_string(low) +
                              " to " + std::to_string(high));
        }
        return fallback;
    }
    const std::optional<std::uint64_t> value = parseWholeNumber(*text);
    if (!value || *value < low || *value > high) {
        fail("synth", "--" + name + " must be a whole number from " + std::to_string(low) + " to " +
                          std::to_string(high) + ", not '" + *text + "'");
        return std::nullopt;
    }
    return value;
}

// Saves `project` as a new file at `path`, replacing whatever file is there. saveProject() alone
// would update an existing .stormglass file in place (keeping its archives and runs, and bytes
// that depend on its history); a generated model must be the same file for the same seed.
Result<bool> saveAsNewFile(const model::Project &project, const std::string &path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        return model::saveProject(project, path);
    }
    const std::string_view extension = path.ends_with(".stormglass.json") ? ".stormglass.json"
                                       : path.ends_with(".stormglass")    ? ".stormglass"
                                                                          : "";
    if (extension.empty()) {
        return model::saveProject(project, path); // which names the unknown extension
    }
    // As saveProject(): a symbolic link is saved through, to the file it names.
    fs::path target(path);
    if (fs::is_symlink(target, ec)) {
        if (fs::path resolved = fs::canonical(target, ec); !ec) {
            target = std::move(resolved);
        }
    }
    const fs::path temporary =
        target.parent_path() / ("." + target.filename().string() + ".synth-" +
                                std::to_string(::getpid()) + std::string(extension));
    Result<bool> saved = model::saveProject(project, temporary.string());
    if (saved) {
        fs::rename(temporary, target, ec);
        if (!ec) {
            // Make the rename itself durable; a folder that cannot be synced is no failed save.
            const fs::path folder = target.has_parent_path() ? target.parent_path() : ".";
            if (const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                fd >= 0) {
                static_cast<void>(::fsync(fd));
                ::close(fd);
            }
            return true;
        }
        saved = Error{.message = path + ": cannot replace the file: " + ec.message()};
    }
    fs::remove(temporary, ec);
    return saved;
}

} // namespace

int runSynth(const std::vector<std::string> &argv) {
    const Args args(argv, {"force"});
    if (!args.checkKnown("synth", {"elements", "stickies", "seed", "out", "force"})) {
        return kExitBadInput;
    }
    if (!args.positional().empty()) {
        fail("synth",
             "unexpected argument '" + args.positional()[0] + "' (see: stormglass-cli help synth)");
        return kExitBadInput;
    }
    const std::optional<std::uint64_t> elements =
        countOption(args, "elements", 1, kMaxElements, std::nullopt);
    if (!elements) {
        return kExitBadInput;
    }
    const std::optional<std::uint64_t> stickies = countOption(args, "stickies", 0, kMaxStickies, 0);
    if (!stickies) {
        return kExitBadInput;
    }
    std::uint64_t seed = 1;
    if (const std::optional<std::string> text = args.value("seed")) {
        const std::optional<std::uint64_t> value = parseWholeNumber(*text);
        if (!value) {
            fail("synth", "--seed must be a whole number from 0 to 18446744073709551615, not '" +
                              *text + "'");
            return kExitBadInput;
        }
        seed = *value;
    }
    const std::optional<std::string> out = args.value("out");
    if (!out || out->empty()) {
        fail("synth", "--out is required: the model file to write (.stormglass or "
                      ".stormglass.json)");
        return kExitBadInput;
    }
    // As import: never replace a file by accident, and never replace what is not a file at all.
    std::error_code ec;
    const std::filesystem::file_status status = std::filesystem::status(*out, ec);
    if (std::filesystem::exists(status)) {
        if (!args.has("force")) {
            fail("synth",
                 *out + " already exists; choose another --out or add --force to replace it");
            return kExitBadInput;
        }
        if (!std::filesystem::is_regular_file(status)) {
            fail("synth", *out + " exists and is not a regular file; choose another --out");
            return kExitBadInput;
        }
    }

    model::SynthOptions options;
    options.elements = static_cast<std::size_t>(*elements);
    options.stickies = static_cast<std::size_t>(*stickies);
    options.seed = seed;
    const model::Project project = model::synthesizeProject(options);
    const Result<bool> saved = saveAsNewFile(project, *out);
    if (!saved) {
        fail("synth", saved.error().message);
        return kExitBadInput;
    }
    std::size_t contexts = 0;
    for (const model::Element &element : project.elements()) {
        contexts += std::holds_alternative<model::BoundedContext>(element) ? 1 : 0;
    }
    std::cerr << "stormglass-cli synth: wrote " << options.elements << " architecture elements, "
              << options.stickies << " stickies, " << contexts << " bounded contexts to " << *out
              << "\n";
    return kExitOk;
}

} // namespace sg::cli
