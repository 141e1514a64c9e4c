// validate, convert, export, import: the model-file commands of stormglass-cli.

#include "cli.h"

#include "arch/lint.h"
#include "io/atomicfile.h"
#include "io/export.h"
#include "io/import.h"
#include "io/projectfile.h"

#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

namespace sg::cli {

namespace {

std::optional<model::Project> load(std::string_view command, const std::string &path) {
    Result<model::Project> project = model::loadProject(path);
    if (!project) {
        fail(command, project.error().message);
        return std::nullopt;
    }
    return std::move(project).value();
}

bool exists(const std::string &path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

} // namespace

int runValidate(const std::vector<std::string> &argv) {
    const Args args(argv, {});
    if (!args.checkKnown("validate", {})) {
        return kExitBadInput;
    }
    if (args.positional().size() != 1) {
        fail("validate", "expected one MODEL file (see: stormglass-cli help validate)");
        return kExitBadInput;
    }
    std::optional<model::Project> project = load("validate", args.positional()[0]);
    if (!project) {
        return kExitBadInput;
    }
    bool anyError = false;
    for (const model::Finding &f : model::lintProject(*project)) {
        nlohmann::ordered_json line;
        line["severity"] = std::string(model::severityName(f.severity));
        line["code"] = f.code;
        line["message"] = f.message;
        line["element"] = f.element.value;
        std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        anyError = anyError || f.severity == model::Severity::Error;
    }
    std::cout.flush();
    return anyError ? kExitCheckFailed : kExitOk;
}

int runConvert(const std::vector<std::string> &argv) {
    const Args args(argv, {"force"});
    if (!args.checkKnown("convert", {"force"})) {
        return kExitBadInput;
    }
    if (args.positional().size() != 2) {
        fail("convert", "expected IN and OUT files (see: stormglass-cli help convert)");
        return kExitBadInput;
    }
    const std::string &in = args.positional()[0];
    const std::string &out = args.positional()[1];
    if (!outputIsNotAnInput("convert", "OUT", out, {in})) {
        return kExitBadInput;
    }
    std::optional<model::Project> project = load("convert", in);
    if (!project) {
        return kExitBadInput;
    }
    Result<bool> saved = model::saveProject(*project, out);
    if (!saved) {
        fail("convert", saved.error().message);
        return kExitBadInput;
    }
    return kExitOk;
}

int runExport(const std::vector<std::string> &argv) {
    const Args args(argv, {});
    if (!args.checkKnown("export", {"format", "out", "account", "region"})) {
        return kExitBadInput;
    }
    if (args.positional().size() != 1) {
        fail("export", "expected one MODEL file (see: stormglass-cli help export)");
        return kExitBadInput;
    }
    const std::optional<std::string> formatName = args.value("format");
    if (!formatName) {
        fail("export", "--format is required: rules-json, cloudformation-json, "
                       "cloudformation-yaml or mermaid");
        return kExitBadInput;
    }
    const std::optional<model::ExportFormat> format = model::exportFormatFromName(*formatName);
    if (!format) {
        fail("export",
             "unknown --format '" + *formatName +
                 "': use rules-json, cloudformation-json, cloudformation-yaml or mermaid");
        return kExitBadInput;
    }
    model::ExportOptions options;
    if (auto account = args.value("account")) {
        if (account->size() != 12 ||
            account->find_first_not_of("0123456789") != std::string::npos) {
            fail("export", "--account must be a 12-digit AWS account id");
            return kExitBadInput;
        }
        options.account = *account;
    }
    if (auto region = args.value("region")) {
        options.region = *region;
    }
    if (const auto out = args.value("out");
        out && !outputIsNotAnInput("export", "--out", *out, {args.positional()[0]})) {
        return kExitBadInput;
    }
    std::optional<model::Project> project = load("export", args.positional()[0]);
    if (!project) {
        return kExitBadInput;
    }
    Result<std::string> text = model::exportProject(*project, *format, options);
    if (!text) {
        fail("export", args.positional()[0] + ": " + text.error().message);
        return kExitBadInput;
    }
    if (auto out = args.value("out"); out && *out != "-") {
        Result<bool> written = model::writeFileAtomically(*out, *text);
        if (!written) {
            fail("export", written.error().message);
            return kExitBadInput;
        }
    } else {
        std::cout << *text;
        std::cout.flush();
    }
    return kExitOk;
}

int runImport(const std::vector<std::string> &argv) {
    const Args args(argv, {"force"});
    if (!args.checkKnown("import", {"out", "force"})) {
        return kExitBadInput;
    }
    const std::optional<std::string> out = args.value("out");
    if (args.positional().size() != 1 || !out) {
        fail("import", "expected FILE and --out MODEL (see: stormglass-cli help import)");
        return kExitBadInput;
    }
    if (!outputIsNotAnInput("import", "--out", *out, {args.positional()[0]})) {
        return kExitBadInput;
    }
    if (exists(*out) && !args.has("force")) {
        fail("import", *out + " already exists; choose another --out or add --force to replace it");
        return kExitBadInput;
    }
    Result<model::ImportResult> imported = model::importFile(args.positional()[0]);
    if (!imported) {
        fail("import", imported.error().message);
        return kExitBadInput;
    }
    Result<bool> saved = model::saveProject(imported->project, *out);
    if (!saved) {
        fail("import", saved.error().message);
        return kExitBadInput;
    }
    for (const std::string &line : imported->skipped) {
        std::cout << "not imported: " << line << "\n";
    }
    std::cerr << "stormglass-cli import: " << imported->project.size() << " elements written to "
              << *out << ", " << imported->skipped.size() << " not imported\n";
    std::cout.flush();
    return kExitOk;
}

} // namespace sg::cli
