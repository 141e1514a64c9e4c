// Fuzzes target input transformation. Input: a JSON object shaped like a `transform --batch` line
// ({"input_path": ...} or {"input_paths_map": ..., "input_template": ...}), a newline, then an
// event. Compiling and applying must never crash, hang or throw, and CompiledInput::delivers()
// must say what applyTo() does.

#include "transform/inputtransformer.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const std::size_t newline = input.find('\n');
    const std::string_view configText = input.substr(0, newline);
    const std::string_view eventText =
        newline == std::string_view::npos ? std::string_view("{}") : input.substr(newline + 1);
    const auto config = nlohmann::ordered_json::parse(configText, nullptr, false);
    if (config.is_discarded() || !config.is_object()) {
        return 0;
    }
    auto target = sg::model::targetInputFromJson(config);
    if (!target) {
        return 0;
    }
    auto compiled = sg::model::compileTargetInput(*target, "fuzz-target");
    if (!compiled) {
        return 0;
    }
    auto event = nlohmann::ordered_json::parse(eventText, nullptr, false);
    if (event.is_discarded()) {
        event = nlohmann::ordered_json::object();
    }
    const sg::model::TransformContext context{"arn:aws:events:us-east-1:123456789012:rule/r", "r",
                                              "2026-11-23T12:00:00Z"};
    std::string out;
    const bool delivered = compiled->applyTo(event, context, out);
    (void)compiled->apply(event, context);
    // The simulator's check, which prints nothing where the values decide, must agree.
    std::string scratch;
    if (compiled->delivers(event, context, scratch) != delivered) {
        std::abort();
    }
    return 0;
}
