#include "scenariorun.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace sg::sim {

namespace {

// How many copies of an extra put go into the queue at once.
constexpr int kPutChunk = 1000;

struct PendingPut {
    Simulation *simulation = nullptr;
    std::string bus;
    model::Json event;
    int remaining = 0;
    GeneratorSettings settings;
    // Shared by every extra put of the scenario, and alive as long as any of them still has
    // copies to put (a chunk reschedules only its own PendingPut).
    std::shared_ptr<RandomStream> stream;
};

// Puts one chunk of `put` at now(), then schedules itself again (after the routing of this
// chunk, which was queued first at the same time) while copies remain.
void putChunk(const std::shared_ptr<PendingPut> &put, Kernel &kernel) {
    const int n = std::min(put->remaining, kPutChunk);
    for (int i = 0; i < n; ++i) {
        auto event = completeEnvelope(put->event, kernel.now(), *put->stream, put->settings);
        // The bus was checked before anything was scheduled.
        static_cast<void>(put->simulation->put(put->bus, std::move(event), kernel.now()));
    }
    put->remaining -= n;
    if (put->remaining > 0) {
        kernel.schedule(kernel.now(), [put](Kernel &k) { putChunk(put, k); });
    }
}

// A scenario put of `entries`: one PutEvents call.
struct PendingCall {
    Simulation *simulation = nullptr;
    ExtraPut put;
    GeneratorSettings settings;
    std::shared_ptr<RandomStream> stream;
};

// Makes the call at now(), each entry's envelope completed as a put's would be.
void putCall(PendingCall &call, Kernel &kernel) {
    std::vector<model::Json> entries;
    entries.reserve(call.put.entries.size());
    for (const model::Json &entry : call.put.entries) {
        entries.push_back(completeEnvelope(entry, kernel.now(), *call.stream, call.settings));
    }
    // The bus and the size of the call were checked before anything was scheduled.
    static_cast<void>(
        call.simulation->putEvents(call.put.bus.value, std::move(entries), kernel.now()));
}

double nearestRank(const std::vector<double> &sorted, double percentile) {
    const auto n = static_cast<double>(sorted.size());
    const auto rank = static_cast<std::size_t>(std::ceil(percentile / 100.0 * n));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

void summariseInto(const std::vector<const model::Json *> &values, model::Json &out) {
    const model::Json &first = *values.front();
    if (first.is_number()) {
        std::vector<double> numbers;
        numbers.reserve(values.size());
        for (const model::Json *v : values) {
            if (!v->is_number()) {
                return;
            }
            numbers.push_back(v->get<double>());
        }
        const Spread s = spreadOf(std::move(numbers));
        out = model::Json{
            {"median", s.median}, {"min", s.min}, {"max", s.max}, {"p10", s.p10}, {"p90", s.p90}};
        return;
    }
    if (!first.is_object()) {
        return;
    }
    model::Json object = model::Json::object();
    for (const auto &[key, value] : first.items()) {
        if (key == "seed") {
            continue;
        }
        std::vector<const model::Json *> children;
        children.reserve(values.size());
        for (const model::Json *v : values) {
            auto it = v->find(key);
            if (!v->is_object() || it == v->end()) {
                break;
            }
            children.push_back(&*it);
        }
        if (children.size() != values.size()) {
            continue;
        }
        model::Json summary;
        summariseInto(children, summary);
        if (!summary.is_null() && !(summary.is_object() && summary.empty())) {
            object[key] = std::move(summary);
        }
    }
    out = std::move(object);
}

} // namespace

SimulationOptions scenarioOptions(const Scenario &scenario, std::uint64_t seed,
                                  SimulationOptions base) {
    base.seed = seed;
    base.faults = scenario.faults;
    base.duplicateRate = scenario.duplicateRate;
    return base;
}

Result<bool> scheduleScenarioPuts(Simulation &simulation, const Scenario &scenario,
                                  const GeneratorSettings &settings) {
    for (std::size_t i = 0; i < scenario.puts.size(); ++i) {
        if (!simulation.hasBus(scenario.puts[i].bus.value)) {
            Error error;
            error.message = "puts[" + std::to_string(i) + "].bus: the model has no bus '" +
                            scenario.puts[i].bus.value + "'";
            error.field = "puts[" + std::to_string(i) + "].bus";
            return error;
        }
    }
    // One stream for every extra put, owned by their PendingPuts.
    auto stream = std::make_shared<RandomStream>(simulation.kernel().randomStream("scenario-puts"));
    for (const ExtraPut &extra : scenario.puts) {
        if (!extra.entries.empty()) {
            auto call = std::make_shared<PendingCall>();
            call->simulation = &simulation;
            call->put = extra;
            call->settings = settings;
            call->stream = stream;
            simulation.kernel().schedule(extra.at, [call](Kernel &k) { putCall(*call, k); });
            continue;
        }
        auto put = std::make_shared<PendingPut>();
        put->simulation = &simulation;
        put->bus = extra.bus.value;
        put->event = extra.event;
        put->remaining = extra.count;
        put->settings = settings;
        put->stream = stream;
        simulation.kernel().schedule(extra.at, [put](Kernel &k) { putChunk(put, k); });
    }
    return true;
}

Spread spreadOf(std::vector<double> values) {
    Spread s;
    if (values.empty()) {
        return s;
    }
    std::sort(values.begin(), values.end());
    s.min = values.front();
    s.max = values.back();
    s.p10 = nearestRank(values, 10);
    s.median = nearestRank(values, 50);
    s.p90 = nearestRank(values, 90);
    return s;
}

model::Json summariseReports(const std::vector<model::Json> &reports) {
    if (reports.empty()) {
        return model::Json::object();
    }
    std::vector<const model::Json *> values;
    values.reserve(reports.size());
    for (const model::Json &r : reports) {
        values.push_back(&r);
    }
    model::Json out;
    summariseInto(values, out);
    return out;
}

std::vector<model::Json> runSweep(std::uint64_t firstSeed, std::size_t runs, std::size_t threads,
                                  const std::function<model::Json(std::uint64_t seed)> &runOne,
                                  const std::function<void(std::size_t done)> &progress) {
    std::vector<model::Json> reports(runs);
    if (threads == 0) {
        threads = std::max(1U, std::thread::hardware_concurrency());
    }
    threads = std::min(threads, runs);
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::mutex progressMutex;
    auto worker = [&] {
        for (std::size_t i = next.fetch_add(1); i < runs; i = next.fetch_add(1)) {
            reports[i] = runOne(firstSeed + i);
            const std::size_t finished = done.fetch_add(1) + 1;
            if (progress) {
                const std::lock_guard lock(progressMutex);
                progress(finished);
            }
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) {
        pool.emplace_back(worker);
    }
    worker();
    for (std::thread &t : pool) {
        t.join();
    }
    return reports;
}

} // namespace sg::sim
