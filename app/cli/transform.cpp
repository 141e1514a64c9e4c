// transform: target input transformation, offline.

#include "cli.h"
#include "jsonlines.h"

#include "transform/inputtransformer.h"

#include <iostream>

namespace sg::cli {

namespace {

constexpr std::string_view kCommand = "transform";

} // namespace

nlohmann::ordered_json transformLine(const nlohmann::ordered_json &line) {
    nlohmann::ordered_json result;
    result["id"] = line.contains("id") ? line["id"] : nlohmann::ordered_json();
    if (!line.contains("event")) {
        result["error"] = "missing field \"event\"";
        return result;
    }
    auto input = model::targetInputFromJson(line);
    if (!input) {
        result["error"] = input.error().message;
        return result;
    }
    auto stringField = [&](const char *key) {
        return line.contains(key) && line[key].is_string() ? line[key].get<std::string>()
                                                           : std::string();
    };
    const std::string ruleArn = stringField("rule_arn");
    const std::string ruleName = stringField("rule_name");
    const std::string ingestionTime = stringField("ingestion_time");
    std::string targetId = stringField("target_id");
    if (targetId.empty()) {
        targetId = "target";
    }
    auto delivery =
        model::transformEvent(*input, targetId, line["event"], {ruleArn, ruleName, ingestionTime});
    if (!delivery) {
        result["error"] = delivery.error().message;
    } else if (!delivery->delivered) {
        result["error"] = delivery->reason;
    } else {
        result["output"] = delivery->text;
    }
    return result;
}

int runTransform(const std::vector<std::string> &argv) {
    Args args(argv, {});
    if (!args.checkKnown(kCommand, {"batch"})) {
        return kExitBadInput;
    }
    auto batch = args.value("batch");
    if (!batch) {
        fail(kCommand, "needs --batch FILE.jsonl");
        return kExitBadInput;
    }
    return forEachJsonLine(*batch, std::cout, transformLine) ? kExitOk : kExitBadInput;
}

} // namespace sg::cli
