#pragma once
// Small models for the simulator's tests: one call per element, AWS's defaults unless given.

#include "simulation.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace sg::sim::testmodels {

using model::ElementId;
using model::Json;
using namespace sg::sim::literals;

inline model::Behavior behavior(double latencyMs, std::vector<model::FailureMode> failures = {},
                                int concurrency = 0) {
    model::Behavior b;
    b.latency.kind = model::LatencyKind::Fixed;
    b.latency.valueMs = latencyMs;
    b.failures = std::move(failures);
    b.concurrency = concurrency;
    return b;
}

inline model::Bus makeBus(const std::string &id, const std::string &name,
                          const std::string &region = {}) {
    model::Bus b;
    b.id = ElementId{id};
    b.name = name;
    b.region = region;
    return b;
}

inline model::Consumer makeFunction(const std::string &id, model::Behavior b) {
    model::Consumer c;
    c.id = ElementId{id};
    c.name = id;
    c.behavior = std::move(b);
    return c;
}

inline model::Queue makeQueue(const std::string &id, const std::string &readBy = {}) {
    model::Queue q;
    q.id = ElementId{id};
    q.name = id;
    q.readBy = ElementId{readBy};
    return q;
}

inline model::Target makeTarget(const std::string &id, const std::string &destination,
                                model::RetryPolicy retry = {}, const std::string &dlq = {}) {
    model::Target t;
    t.id = id;
    t.destination = ElementId{destination};
    t.retryPolicy = retry;
    t.deadLetterQueue = ElementId{dlq};
    return t;
}

inline model::Rule makeRule(const std::string &id, const std::string &bus,
                            const std::string &pattern, std::vector<model::Target> targets,
                            bool enabled = true) {
    model::Rule r;
    r.id = ElementId{id};
    r.name = id;
    r.bus = ElementId{bus};
    r.pattern = pattern;
    r.enabled = enabled;
    r.targets = std::move(targets);
    return r;
}

inline model::EventType makeEventType(const std::string &id, const std::string &source,
                                      const std::string &detailType) {
    model::EventType e;
    e.id = ElementId{id};
    e.name = id;
    e.source = source;
    e.detailType = detailType;
    return e;
}

inline model::Project project(std::vector<model::Element> elements) {
    model::Project p;
    for (auto &element : elements) {
        const Result<bool> added = p.appendUnchecked(std::move(element));
        EXPECT_TRUE(added.ok()) << added.error().message;
    }
    return p;
}

inline Json event(const std::string &source = "shop",
                  const std::string &detailType = "OrderPlaced") {
    Json e = Json::object();
    e["source"] = source;
    e["detail-type"] = detailType;
    e["detail"] = Json{{"amount", 42}};
    return e;
}

inline constexpr const char *kShopPattern = R"({"source":["shop"]})";

inline SimulationOptions exactOptions() {
    SimulationOptions o;
    o.seed = 7;
    o.backoff.jitter = 0; // exact retry times
    o.runProducers = false;
    return o;
}

inline Simulation create(const model::Project &p,
                         const SimulationOptions &options = exactOptions()) {
    Result<Simulation> sim = Simulation::create(p, options);
    EXPECT_TRUE(sim.ok()) << (sim.ok() ? std::string() : sim.error().message);
    return std::move(sim).value();
}

inline void putAt(Simulation &sim, SimTime at, int count = 1, const std::string &bus = "bus") {
    for (int i = 0; i < count; ++i) {
        ASSERT_TRUE(sim.put(bus, event(), at).ok());
    }
}

inline model::FailureMode always(model::FailureKind kind) {
    return {kind, 1.0};
}

} // namespace sg::sim::testmodels
