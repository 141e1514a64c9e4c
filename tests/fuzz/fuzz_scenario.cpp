// Fuzzes the scenario file reader: any text must give a scenario or an error that names the file
// and a position, never a crash, hang or leak; an accepted scenario must keep the limits the
// format documents, and its assertions must evaluate (one result each, as written) against a
// run's metrics.

#include "scenario.h"

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace {

constexpr std::string_view kFileName = "fuzz.scenario.json";

// Metrics of a pretend run: elements whose id starts with a letter before 'n' exist (so both
// the known and the unknown branches of evaluate() run); latencies grow with the percentile.
class FakeMetrics final : public sg::sim::MetricsLookup {
public:
    [[nodiscard]] std::optional<sg::sim::ElementCounters>
    counters(std::string_view name) const override {
        if (name.empty() || name.front() >= 'n') {
            return std::nullopt;
        }
        sg::sim::ElementCounters c;
        c.put = name.size();
        c.succeeded = 1000;
        c.failed = 3;
        return c;
    }
    [[nodiscard]] std::optional<sg::sim::SimTime>
    latencyPercentile(std::string_view name, double percentile) const override {
        if (name.empty() || name.front() >= 'n' || percentile <= 0 || percentile > 100) {
            return std::nullopt;
        }
        return sg::sim::SimTime::milliseconds(static_cast<sg::sim::SimTime::Rep>(percentile * 10));
    }
    [[nodiscard]] std::uint64_t totalDropped() const override { return 1; }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto scenario = sg::sim::parseScenario(text, kFileName);
    if (!scenario.ok()) {
        const std::string &message = scenario.error().message;
        if (!message.starts_with(kFileName) || message.size() <= kFileName.size() ||
            message[kFileName.size()] != ':' || scenario.error().line < 1) {
            std::abort(); // every error says where: file, line and column
        }
        return 0;
    }
    if (scenario->duplicateRate < 0 || scenario->duplicateRate > 1 ||
        scenario->duration <= sg::sim::SimTime::zero()) {
        std::abort();
    }
    for (const auto &fault : scenario->faults) {
        if (!(fault.from < fault.to) || fault.rate < 0 || fault.rate > 1) {
            std::abort(); // the reader promised to refuse these
        }
    }
    for (const auto &put : scenario->puts) {
        if (put.count < 1 || put.count > 1'000'000'000 || !put.event.is_object()) {
            std::abort();
        }
    }
    const FakeMetrics metrics;
    const auto results = sg::sim::evaluate(scenario->assertions, metrics);
    if (results.size() != scenario->assertions.size()) {
        std::abort();
    }
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i].text != scenario->assertions[i].text || results[i].actual.empty()) {
            std::abort(); // a report line with no figure, or not the assertion as written
        }
    }
    return 0;
}
