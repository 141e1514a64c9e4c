// Fuzzes the simulator's retry layers. The input is not a file: its bytes choose a model of every
// kind of target and layer setting (latencies down to zero, visibility timeouts of zero, any
// failure rate, on-failure destinations that feed back into a bus, redrive chains, reserved
// concurrency, rate limits, input transformers) and the events put into it. Compiling and running
// three simulated hours must never crash, hang or trip a sanitizer, and "where did my events go"
// must add up for every target at a pause and at the end (processed + in flight + each kind of
// dead letter + discarded = delivered); a run that stayed within its budget ends with nothing in
// flight.

#include "simulation.h"

#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace {

using sg::model::ElementId;

// The fuzzer's bytes as a stream of choices; zeros once they run out.
class Choices {
public:
    explicit Choices(std::span<const std::uint8_t> bytes) : m_bytes(bytes) {}

    int pick(int n) { // 0 .. n-1
        if (n <= 1) {
            return 0;
        }
        unsigned value = next();
        if (n > 256) {
            value = (value << 8) | next();
        }
        return static_cast<int>(value % static_cast<unsigned>(n));
    }
    bool flag(int oneIn = 2) { return pick(oneIn) == 0; }
    double fraction() { return pick(101) / 100.0; }

private:
    unsigned next() { return m_at < m_bytes.size() ? m_bytes[m_at++] : 0U; }
    std::span<const std::uint8_t> m_bytes;
    std::size_t m_at = 0;
};

sg::model::Behavior behavior(Choices &c) {
    sg::model::Behavior b;
    b.latency.kind = sg::model::LatencyKind::Fixed;
    b.latency.valueMs = c.flag(4) ? 0.0 : c.pick(3001);
    const int modes = c.pick(3);
    for (int m = 0; m < modes; ++m) {
        b.failures.push_back({static_cast<sg::model::FailureKind>(c.pick(7)), c.fraction()});
    }
    b.concurrency = c.pick(4);
    return b;
}

sg::model::TargetInput input(Choices &c) {
    switch (c.pick(5)) {
    case 1:
        return sg::model::TargetInput::path("$.detail");
    case 2:
        return sg::model::TargetInput::transformer({{"a", "$.detail.amount"}}, R"({"a": <a>})");
    case 3:
        return sg::model::TargetInput::transformer({{"a", "$.detail"}}, R"({"a": "<a>"})");
    case 4:
        return sg::model::TargetInput::transformer({{"a", "$.detail.amount"}}, "amount <a>");
    default:
        return sg::model::TargetInput::wholeEvent();
    }
}

sg::model::Project model(Choices &c) {
    std::vector<sg::model::Element> elements;
    for (const char *bus : {"bus", "ops"}) {
        sg::model::Bus b;
        b.id = ElementId{bus};
        b.name = bus;
        elements.push_back(b);
    }
    constexpr int kQueues = 3;
    constexpr int kFunctions = 3;
    const auto queue = [&c] {
        return "q" + std::to_string(c.pick(kQueues));
    };
    const auto function = [&c] {
        return "fn" + std::to_string(c.pick(kFunctions));
    };
    for (int i = 0; i < kQueues; ++i) {
        sg::model::Queue q;
        q.id = ElementId{"q" + std::to_string(i)};
        q.name = q.id.value;
        q.visibilityTimeoutSeconds = c.pick(61);
        q.messageRetentionSeconds = 60 + c.pick(600);
        q.fifo = c.flag(5);
        q.readerBatchSize = 1 + c.pick(10);
        q.readerMaximumConcurrency = c.flag() ? 2 + c.pick(4) : 0;
        if (!c.flag(4)) {
            q.readBy = ElementId{function()};
        }
        if (i > 0 && c.flag()) {
            q.redrivePolicy.deadLetterQueue = ElementId{"q" + std::to_string(c.pick(i))};
            q.redrivePolicy.maxReceiveCount = 1 + c.pick(5);
        }
        elements.push_back(q);
    }
    for (int i = 0; i < kFunctions; ++i) {
        sg::model::Consumer fn;
        fn.id = ElementId{"fn" + std::to_string(i)};
        fn.name = fn.id.value;
        fn.behavior = behavior(c);
        fn.timeoutSeconds = 1 + c.pick(5);
        fn.asyncInvocation.maximumRetryAttempts = c.pick(3);
        fn.asyncInvocation.maximumEventAgeSeconds = 60 + c.pick(600);
        switch (c.pick(5)) {
        case 0:
            fn.asyncInvocation.onFailure = ElementId{queue()};
            break;
        case 1:
            fn.asyncInvocation.onFailure = ElementId{"ops"};
            break;
        case 2:
            fn.asyncInvocation.onFailure = ElementId{function()};
            break;
        case 3:
            fn.asyncInvocation.deadLetterQueue = ElementId{queue()};
            break;
        default:
            break;
        }
        elements.push_back(fn);
    }
    sg::model::Consumer sm;
    sm.id = ElementId{"sm"};
    sm.name = "sm";
    sm.kind = sg::model::ElementKind::StateMachine;
    sm.behavior = behavior(c);
    elements.push_back(sm);
    sg::model::ApiDestination api;
    api.id = ElementId{"api"};
    api.name = "api";
    api.invocationRateLimitPerSecond = 1 + c.pick(20);
    api.behavior = behavior(c);
    elements.push_back(api);

    const char *const destinations[] = {"fn0", "fn1", "fn2", "sm", "api", "q0", "q1", "q2", "ops"};
    for (int r = 0; r < 3; ++r) {
        sg::model::Rule rule;
        rule.id = ElementId{"r" + std::to_string(r)};
        rule.name = rule.id.value;
        rule.bus = ElementId{"bus"};
        rule.pattern = R"({"source":["shop"]})";
        const int targets = 1 + c.pick(3);
        for (int t = 0; t < targets; ++t) {
            sg::model::Target target;
            target.id = "t" + std::to_string(t);
            target.destination = ElementId{destinations[c.pick(9)]};
            target.retryPolicy = {c.pick(6), 60 + c.pick(300)};
            if (c.flag()) {
                target.deadLetterQueue = ElementId{queue()};
            }
            target.input = input(c);
            rule.targets.push_back(std::move(target));
        }
        elements.push_back(std::move(rule));
    }
    sg::model::Rule onOps;
    onOps.id = ElementId{"on-ops"};
    onOps.name = "on-ops";
    onOps.bus = ElementId{"ops"};
    onOps.pattern = R"({"source":["lambda"]})";
    sg::model::Target back;
    back.id = "t";
    back.destination = ElementId{c.flag() ? function() : std::string("sm")};
    back.retryPolicy = {c.pick(6), 60 + c.pick(300)}; // AWS's default retries for 24 hours
    onOps.targets.push_back(std::move(back));
    elements.push_back(std::move(onOps));

    sg::model::Project project;
    for (sg::model::Element &element : elements) {
        (void)project.appendUnchecked(std::move(element));
    }
    return project;
}

bool balanced(const sg::sim::Simulation &sim) {
    for (const std::string &name : sim.metricNames()) {
        if (const auto o = sim.outcomes(name); o && o->accountedFor() != o->delivered) {
            return false;
        }
    }
    const sg::sim::TargetOutcomes total = sim.totalOutcomes();
    return total.accountedFor() == total.delivered && total.delivered == sim.deliveries();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    Choices c(std::span<const std::uint8_t>(data, size));
    const sg::model::Project project = model(c);
    sg::sim::SimulationOptions options;
    options.seed = static_cast<std::uint64_t>(1 + c.pick(1000));
    options.runProducers = false;
    options.duplicateRate = c.flag(4) ? 0.05 : 0.0;
    options.backoff.jitter = c.fraction();
    options.maxEvents = 5'000; // a run's budget: it stops there, with limitError()
    options.maxInFlight = 5'000;
    auto sim = sg::sim::Simulation::create(project, options);
    if (!sim.ok()) {
        return 0;
    }
    const int puts = 1 + c.pick(300);
    for (int i = 0; i < puts; ++i) {
        sg::model::Json event = sg::model::Json::object();
        event["source"] = c.flag(8) ? "other" : "shop";
        event["detail-type"] = "OrderPlaced";
        event["detail"] = sg::model::Json{{"amount", c.pick(1000)}};
        (void)sim->put("bus", std::move(event), sg::sim::SimTime::milliseconds(c.pick(600'000)));
    }
    sim->runUntil(sg::sim::SimTime::seconds(90));
    if (!balanced(*sim)) {
        std::abort(); // outcomes do not add up mid-run
    }
    sim->runUntil(sg::sim::SimTime::seconds(3 * 3600));
    if (!balanced(*sim)) {
        std::abort(); // outcomes do not add up at the end
    }
    if (!sim->limitError() && sim->totalOutcomes().inFlight != 0) {
        std::abort(); // three hours after the last put, something is still in flight
    }
    return 0;
}
