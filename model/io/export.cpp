#include "io/export.h"

#include "io/exportsupport.h"
#include "io/yamlwriter.h"

#include <array>
#include <utility>

namespace sg::model {

namespace {

constexpr std::array<std::pair<ExportFormat, std::string_view>, 4> kFormatNames{{
    {ExportFormat::RulesJson, "rules-json"},
    {ExportFormat::CloudFormationJson, "cloudformation-json"},
    {ExportFormat::CloudFormationYaml, "cloudformation-yaml"},
    {ExportFormat::Mermaid, "mermaid"},
}};

// The EventBusName of put-rule / put-targets: a name for the project's own buses, the ARN for a
// bus in another account or region (the API accepts either).
std::string eventBusName(const ResolvedRule &rule, const ExportOptions &options) {
    if (rule.bus == nullptr) {
        return std::string(kDefaultBusName);
    }
    return isExternalBus(*rule.bus) ? busArn(*rule.bus, options) : rule.bus->name;
}

std::string writeRulesJson(const std::vector<ResolvedRule> &rules, const ExportOptions &options) {
    Json out = Json::array();
    for (const ResolvedRule &rule : rules) {
        const std::string busName = eventBusName(rule, options);
        Json putRule = Json::object();
        putRule["Name"] = rule.rule->name;
        putRule["EventPattern"] = rule.rule->pattern;
        putRule["State"] = rule.rule->enabled ? "ENABLED" : "DISABLED";
        if (!rule.rule->description.empty()) {
            putRule["Description"] = rule.rule->description;
        }
        putRule["EventBusName"] = busName;

        Json targets = Json::array();
        for (const ResolvedTarget &target : rule.targets) {
            std::optional<Json> role;
            if (target.needsRole) {
                role = targetRoleArn(options);
            }
            std::optional<Json> deadLetterArn;
            if (target.deadLetterQueue != nullptr) {
                deadLetterArn = queueArn(*target.deadLetterQueue, options);
            }
            targets.push_back(targetJson(rule, target, destinationArn(*target.destination, options),
                                         std::move(role), std::move(deadLetterArn)));
        }
        Json putTargets = Json::object();
        putTargets["Rule"] = rule.rule->name;
        putTargets["EventBusName"] = busName;
        putTargets["Targets"] = std::move(targets);

        Json entry = Json::object();
        entry["rule"] = rule.rule->name;
        entry["putRule"] = std::move(putRule);
        entry["putTargets"] = std::move(putTargets);
        out.push_back(std::move(entry));
    }
    return dumpJson(out);
}

} // namespace

std::optional<ExportFormat> exportFormatFromName(std::string_view name) {
    for (const auto &[format, formatName] : kFormatNames) {
        if (formatName == name) {
            return format;
        }
    }
    return std::nullopt;
}

std::string_view exportFormatName(ExportFormat format) {
    for (const auto &[candidate, name] : kFormatNames) {
        if (candidate == format) {
            return name;
        }
    }
    return {};
}

Result<std::string> exportProject(const Project &project, ExportFormat format,
                                  const ExportOptions &options) {
    if (format == ExportFormat::Mermaid) {
        return writeMermaid(project);
    }
    auto rules = resolveRules(project);
    if (!rules) {
        return rules.error();
    }
    switch (format) {
    case ExportFormat::RulesJson:
        return writeRulesJson(*rules, options);
    case ExportFormat::CloudFormationJson:
    case ExportFormat::CloudFormationYaml: {
        auto tmpl = buildCloudFormation(project, *rules, options);
        if (!tmpl) {
            return tmpl.error();
        }
        return format == ExportFormat::CloudFormationJson ? dumpJson(*tmpl) : writeYaml(*tmpl);
    }
    case ExportFormat::Mermaid:
        break;
    }
    return Error{.message = "unknown export format"};
}

} // namespace sg::model
