// Opening and saving a large workshop model: 2,000 architecture elements and 5,000 stickies, as
// `.stormglass` (a new file, a save in place, an open) and as `.stormglass.json`. Each must stay
// under 200 ms (Release). The files go to $TMPDIR (or /tmp): run it on a real disk, since a
// tmpfs makes the fsyncs free. Run:
//   build/release/tests/bench/sg_bench_projectio --benchmark_repetitions=5
//   --benchmark_report_aggregates_only=true

#include "io/projectfile.h"

#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace sg::model;

constexpr int kBuses = 10;
constexpr int kContexts = 20;
constexpr int kEventTypes = 400;
constexpr int kProducers = 40;
constexpr int kFunctions = 450;
constexpr int kQueues = 150;
constexpr int kConnections = 20;
constexpr int kApiDestinations = 40;
constexpr int kExternalSystems = 20;
constexpr int kRules = 2000 - kBuses - kContexts - kEventTypes - kProducers - kFunctions - kQueues -
                       kConnections - kApiDestinations - kExternalSystems;
constexpr int kStickies = 5000;

ElementId idOf(const char *prefix, int index) {
    return {std::string(prefix) + "-" + std::to_string(index)};
}

Json sampleEvent(int type, std::mt19937 &random) {
    Json event = Json::object();
    event["version"] = "0";
    event["id"] = "6a7e8feb-b491-4cf7-a9f1-bf3703467718";
    event["detail-type"] = "Event" + std::to_string(type);
    event["source"] = "com.shop.service" + std::to_string(type % 25);
    event["account"] = "123456789012";
    event["time"] = "2026-11-23T10:00:00Z";
    event["region"] = "eu-west-1";
    event["resources"] = Json::array();
    Json detail = Json::object();
    detail["orderId"] = "o-" + std::to_string(random() % 100000);
    detail["customer"] = {{"id", "c-" + std::to_string(random() % 5000)}, {"tier", "gold"}};
    detail["total"] = static_cast<double>(random() % 100000) / 100.0;
    detail["country"] = random() % 2 ? "DE" : "FR";
    detail["items"] = Json::array({{{"sku", "SKU-1"}, {"qty", 2}}, {{"sku", "SKU-2"}, {"qty", 1}}});
    event["detail"] = std::move(detail);
    return event;
}

Behavior behavior(std::mt19937 &random) {
    Behavior b;
    b.latency.kind = LatencyKind::LogNormal;
    b.latency.medianMs = 20 + static_cast<double>(random() % 200);
    b.latency.sigma = 0.5;
    b.concurrency = static_cast<int>(random() % 100);
    b.failures.push_back({FailureKind::Throttled, 0.01});
    b.failures.push_back({FailureKind::ServerError, 0.002});
    return b;
}

// `edit` is appended to every element's name or text: two projects made with different
// edits differ in every element.
Project makeProject(const std::string &edit) {
    std::mt19937 random(7);
    Project project;
    project.setInfo("Benchmark", "2,000 architecture elements and 5,000 stickies");
    auto add = [&project](Element element) {
        if (!project.appendUnchecked(std::move(element))) {
            std::abort();
        }
    };
    for (int i = 0; i < kContexts; ++i) {
        BoundedContext c;
        c.id = idOf("context", i);
        c.name = "Context " + std::to_string(i) + edit;
        c.region = {i * 2000.0, 0, 1800, 4000};
        add(c);
    }
    for (int i = 0; i < kBuses; ++i) {
        Bus b;
        b.id = idOf("bus", i);
        b.name = i == 0 ? "default" : "bus-" + std::to_string(i);
        b.position = {i * 300.0, -400};
        b.description = "Bus " + std::to_string(i) + edit;
        b.archives.push_back({"all", "", "", 30});
        add(b);
    }
    for (int i = 0; i < kEventTypes; ++i) {
        EventType t;
        t.id = idOf("event", i);
        t.name = "Event" + std::to_string(i) + edit;
        t.context = idOf("context", i % kContexts);
        t.position = {static_cast<double>(i % 40) * 200, static_cast<double>(i / 40) * 200};
        t.source = "com.shop.service" + std::to_string(i % 25);
        t.detailType = "Event" + std::to_string(i);
        t.schema = Json::parse(R"({"type":"object","required":["orderId"],"properties":
            {"orderId":{"type":"string"},"total":{"type":"number"},"country":{"type":"string"}}})");
        t.samples.push_back(sampleEvent(i, random));
        add(t);
    }
    for (int i = 0; i < kExternalSystems; ++i) {
        ExternalSystem s;
        s.id = idOf("external", i);
        s.name = "External " + std::to_string(i) + edit;
        s.behavior = behavior(random);
        add(s);
    }
    for (int i = 0; i < kFunctions; ++i) {
        Consumer c;
        c.id = idOf("function", i);
        c.kind = i % 10 == 0 ? ElementKind::StateMachine : ElementKind::Function;
        c.name = "handler-" + std::to_string(i) + edit;
        c.context = idOf("context", i % kContexts);
        c.position = {static_cast<double>(i % 30) * 250, 3000 + static_cast<double>(i / 30) * 150};
        c.behavior = behavior(random);
        c.behavior.followUps.push_back({idOf("event", static_cast<int>(random() % kEventTypes)),
                                        idOf("bus", i % kBuses), 0.5});
        c.behavior.dependsOn.push_back(idOf("external", i % kExternalSystems));
        add(c);
    }
    for (int i = 0; i < kQueues; ++i) {
        Queue q;
        q.id = idOf("queue", i);
        q.name = "queue-" + std::to_string(i) + edit;
        q.readBy = idOf("function", i % kFunctions);
        add(q);
    }
    for (int i = 0; i < kConnections; ++i) {
        Connection c;
        c.id = idOf("connection", i);
        c.name = "connection-" + std::to_string(i) + edit;
        c.apiKeyName = "x-api-key";
        add(c);
    }
    for (int i = 0; i < kApiDestinations; ++i) {
        ApiDestination d;
        d.id = idOf("api", i);
        d.name = "api-" + std::to_string(i) + edit;
        d.connection = idOf("connection", i % kConnections);
        d.endpoint = "https://partner" + std::to_string(i) + ".example.com/events/*";
        d.externalSystem = idOf("external", i % kExternalSystems);
        d.behavior = behavior(random);
        add(d);
    }
    for (int i = 0; i < kProducers; ++i) {
        Producer p;
        p.id = idOf("producer", i);
        p.name = "service-" + std::to_string(i) + edit;
        p.bus = idOf("bus", i % kBuses);
        for (int k = 0; k < 3; ++k) {
            Emission e;
            e.eventType = idOf("event", (i * 3 + k) % kEventTypes);
            e.rate.kind = RateKind::Poisson;
            e.rate.perSecond = 5;
            FieldVariation v;
            v.path = "detail.country";
            v.values = Json::array({"DE", "FR", "NL"});
            e.variations.push_back(v);
            p.emits.push_back(e);
        }
        add(p);
    }
    for (int i = 0; i < kRules; ++i) {
        Rule r;
        r.id = idOf("rule", i);
        r.name = "rule-" + std::to_string(i);
        r.description = "Routes Event" + std::to_string(i % kEventTypes) + edit;
        r.bus = idOf("bus", i % kBuses);
        r.position = {static_cast<double>(i % 30) * 250, -2000 - static_cast<double>(i / 30) * 150};
        r.pattern =
            R"({"source":["com.shop.service)" + std::to_string(i % 25) +
            R"("],"detail-type":["Event)" + std::to_string(i % kEventTypes) +
            R"("],"detail":{"total":[{"numeric":[">",)" + std::to_string(i % 500) +
            R"(]}],"country":[{"anything-but":["XX"]}],"customer":{"id":[{"prefix":"c-"}]}}})";
        const int targets = 1 + i % 3;
        for (int k = 0; k < targets; ++k) {
            Target t;
            t.id = "target-" + std::to_string(k);
            if (k == 2) {
                t.destination = idOf("api", i % kApiDestinations);
                t.input = TargetInput::transformer(
                    {{"order", "$.detail.orderId"}, {"total", "$.detail.total"}},
                    R"({"order": <order>, "total": <total>})");
            } else {
                t.destination = idOf("function", (i * 3 + k) % kFunctions);
                t.input = k == 1 ? TargetInput::path("$.detail") : TargetInput::wholeEvent();
            }
            t.retryPolicy = {10, 3600};
            t.deadLetterQueue = idOf("queue", i % kQueues);
            r.targets.push_back(t);
        }
        add(r);
    }
    constexpr std::array kTexts{"Order placed",
                                "Place order",
                                "Whenever an order is placed, bill it",
                                "Order summary",
                                "Payment provider",
                                "Customer",
                                "Order",
                                "What happens when the payment provider times out?"};
    for (int i = 0; i < kStickies; ++i) {
        Sticky s;
        s.id = idOf("sticky", i);
        s.kind = static_cast<StickyKind>(i % 8);
        s.text =
            std::string(kTexts[static_cast<std::size_t>(i % 8)]) + " #" + std::to_string(i) + edit;
        s.context = idOf("context", i % kContexts);
        s.geometry = defaultStickyGeometry(
            s.kind, {static_cast<double>(i % 100) * 180, static_cast<double>(i / 100) * 180});
        if (i % 8 == 0 && i / 8 < kEventTypes) {
            s.linked = idOf("event", i / 8);
        }
        add(s);
    }
    if (!project.checkReferences()) {
        std::abort();
    }
    return project;
}

const Project &benchProject() {
    static const Project project = makeProject("");
    return project;
}

const Project &editedProject() {
    static const Project project = makeProject(" (edited)");
    return project;
}

std::string benchFile(const char *name) {
    static const std::filesystem::path dir = [] {
        auto path = std::filesystem::temp_directory_path() / "sg-bench-projectio";
        std::filesystem::create_directories(path);
        return path;
    }();
    return (dir / name).string();
}

void check(bool ok, benchmark::State &state, const char *what) {
    if (!ok) {
        state.SkipWithError(what);
    }
}

void BM_SaveStormglassNewFile(benchmark::State &state) {
    const Project &project = benchProject();
    const std::string path = benchFile("new.stormglass");
    for (auto _ : state) {
        state.PauseTiming();
        std::remove(path.c_str());
        state.ResumeTiming();
        check(saveProjectFile(project, path).ok(), state, "save failed");
    }
}
BENCHMARK(BM_SaveStormglassNewFile)->Unit(benchmark::kMillisecond);

// A save with nothing changed, or (as after a typical edit) very little.
void BM_SaveStormglassInPlace(benchmark::State &state) {
    const Project &project = benchProject();
    const std::string path = benchFile("inplace.stormglass");
    check(saveProjectFile(project, path).ok(), state, "first save failed");
    for (auto _ : state) {
        check(saveProjectFile(project, path).ok(), state, "save failed");
    }
}
BENCHMARK(BM_SaveStormglassInPlace)->Unit(benchmark::kMillisecond);

// The worst case of a save in place: every element differs from the file's.
void BM_SaveStormglassInPlaceAllChanged(benchmark::State &state) {
    const Project *projects[] = {&benchProject(), &editedProject()};
    const std::string path = benchFile("allchanged.stormglass");
    check(saveProjectFile(*projects[0], path).ok(), state, "first save failed");
    std::size_t next = 1;
    for (auto _ : state) {
        check(saveProjectFile(*projects[next], path).ok(), state, "save failed");
        next = 1 - next;
    }
}
BENCHMARK(BM_SaveStormglassInPlaceAllChanged)->Unit(benchmark::kMillisecond);

void BM_OpenStormglass(benchmark::State &state) {
    const std::string path = benchFile("open.stormglass");
    check(saveProjectFile(benchProject(), path).ok(), state, "save failed");
    for (auto _ : state) {
        auto opened = openProjectFile(path);
        check(opened.ok() && opened->size() == benchProject().size(), state, "open failed");
        benchmark::DoNotOptimize(opened);
    }
}
BENCHMARK(BM_OpenStormglass)->Unit(benchmark::kMillisecond);

void BM_WriteJson(benchmark::State &state) {
    const Project &project = benchProject();
    const std::string path = benchFile("project.stormglass.json");
    for (auto _ : state) {
        check(saveProject(project, path).ok(), state, "save failed");
    }
}
BENCHMARK(BM_WriteJson)->Unit(benchmark::kMillisecond);

void BM_ReadJson(benchmark::State &state) {
    const std::string path = benchFile("read.stormglass.json");
    check(saveProject(benchProject(), path).ok(), state, "save failed");
    for (auto _ : state) {
        auto loaded = loadProject(path);
        check(loaded.ok() && loaded->size() == benchProject().size(), state, "load failed");
        benchmark::DoNotOptimize(loaded);
    }
}
BENCHMARK(BM_ReadJson)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
