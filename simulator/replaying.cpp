// Replays: the window of an archive put back on its bus, read a chunk at a time, at the original
// pace or as fast as allowed, each event stamped with `replay-name`.

#include "engine.h"

#include "core/jsoncheck.h"
#include <algorithm>
#include <cmath>
#include <sstream>

namespace sg::sim {

namespace engine {

SimTime minuteFloor(SimTime t) {
    const SimTime::Rep minute = SimTime::minutes(1).micros();
    SimTime::Rep m = t.micros() / minute;
    if (t.micros() % minute < 0) {
        --m;
    }
    return SimTime::microseconds(m * minute);
}

} // namespace engine

namespace {

// Sets "replay-name" on an event. A new member goes last; when the members vector is full it is
// built again with room for it, as growing an ordered_json object in place would copy every
// member deeply (its keys are const, so the vector cannot move them).
void stampReplayName(Json &event, const std::string &replayName) {
    auto &members = event.get_ref<Json::object_t &>();
    for (auto &member : members) {
        if (member.first == "replay-name") {
            member.second = replayName;
            return;
        }
    }
    if (members.size() < members.capacity()) {
        members.emplace_back("replay-name", replayName);
        return;
    }
    Json out(Json::value_t::object);
    auto &grown = out.get_ref<Json::object_t &>();
    grown.reserve(members.size() + 1);
    for (auto &member : members) {
        grown.emplace_back(member.first, std::move(member.second));
    }
    grown.emplace_back("replay-name", replayName);
    event = std::move(out);
}

} // namespace

void Simulation::Impl::scheduleReplay(std::size_t index, bool load) {
    ReplayRt &r = *replays[index];
    const SimTime at = load || r.pending.empty() ? kernel.now() : r.pending.front().first;
    kernel.schedule(at, [this, index](Kernel &) { replayStep(index); });
}

void Simulation::Impl::finishReplay(ReplayRt &r, ReplayState state, std::string error) {
    r.status.state = state;
    r.status.error = std::move(error);
    r.pending.clear();
    if (std::none_of(replays.begin(), replays.end(),
                     [](const auto &other) { return isActive(other->status.state); })) {
        replayDocuments.clear(); // no replay is left to read into them
    }
}

// Loads the next chunk (or bucket part) of the window into `pending`.
Result<bool> Simulation::Impl::loadChunk(ReplayRt &r) {
    std::string parseError;
    auto take = [&](const ArchiveRecord &record, std::int64_t position) {
        r.cursor = ArchiveCursor{record.eventTime, position};
        std::shared_ptr<Json> event = replayDocuments.next();
        if (!jsonParser.parseInto(record.event, *event) || !event->is_object()) {
            if (parseError.empty()) {
                parseError = "archived event '" + std::string(record.eventId) +
                             "' is not a JSON object (or nests deeper than " +
                             std::to_string(kMaxJsonNesting) + " levels)";
            }
            return;
        }
        stampReplayName(*event, r.spec.name);
        SimTime due = r.start;
        if (r.spec.pace == ReplayPace::OriginalPace) {
            due += (r.spec.order == ReplayOrder::Buckets ? r.bucketFrom : record.eventTime) -
                   r.spec.from;
        } else if (r.spec.rate > 0) {
            due += SimTime::microseconds(static_cast<SimTime::Rep>(
                std::floor(static_cast<double>(r.loaded) * 1e6 / r.spec.rate)));
        }
        ++r.loaded;
        r.pending.emplace_back(std::max(due, kernel.now()), std::move(event));
    };
    while (r.pending.empty() && !r.allRead) {
        if (r.spec.order == ReplayOrder::Original) {
            Result<std::size_t> read =
                r.source->readChunk(r.spec.archive, r.spec.from, r.spec.to, ArchiveOrder::EventTime,
                                    r.cursor, kReplayChunkSize, take);
            if (!read.ok()) {
                return read.error();
            }
            r.allRead = read.value() < kReplayChunkSize;
        } else {
            Result<std::size_t> read =
                r.source->readChunk(r.spec.archive, r.bucketFrom, r.bucketTo, ArchiveOrder::Append,
                                    r.cursor, kReplayChunkSize, take);
            if (!read.ok()) {
                return read.error();
            }
            if (read.value() < kReplayChunkSize) {
                // This bucket is done: on to the minute of the next event, so that a long
                // window with few events costs a query per bucket that has any.
                r.cursor.reset();
                std::optional<SimTime> next;
                if (r.bucketTo < r.spec.to) {
                    Result<std::size_t> peek = r.source->readChunk(
                        r.spec.archive, r.bucketTo, r.spec.to, ArchiveOrder::EventTime,
                        std::nullopt, 1, [&](const ArchiveRecord &record, std::int64_t) {
                            next = record.eventTime;
                        });
                    if (!peek.ok()) {
                        return peek.error();
                    }
                }
                if (!next) {
                    r.allRead = true;
                } else {
                    r.bucketFrom = std::max(r.bucketTo, minuteFloor(*next));
                    r.bucketTo = std::min(r.spec.to, minuteFloor(*next) + SimTime::minutes(1));
                }
            }
        }
        if (!parseError.empty()) {
            Error error;
            error.message = parseError;
            return error;
        }
    }
    return true;
}

void Simulation::Impl::replayStep(std::size_t index) {
    ReplayRt &r = *replays[index];
    if (r.status.state == ReplayState::Cancelling) {
        finishReplay(r, ReplayState::Cancelled);
        return;
    }
    if (!isActive(r.status.state)) {
        return;
    }
    r.status.state = ReplayState::Running;
    if (r.pending.empty()) {
        if (Result<bool> loaded = loadChunk(r); !loaded.ok()) {
            finishReplay(r, ReplayState::Failed, loaded.error().message);
            return;
        }
    }
    const std::uint32_t bus = r.bus;
    while (!r.pending.empty() && r.pending.front().first <= kernel.now()) {
        std::shared_ptr<const Json> event = std::move(r.pending.front().second);
        r.pending.pop_front();
        ++r.status.replayed;
        ruleFilter = r.ruleMask.empty() ? nullptr : &r.ruleMask;
        putOnBus(bus, std::move(event), 0, 0, 0, 0);
        ruleFilter = nullptr;
    }
    if (r.pending.empty() && r.allRead) {
        finishReplay(r, ReplayState::Completed);
        return;
    }
    scheduleReplay(index, r.pending.empty());
}

Result<bool> Simulation::startReplay(const ReplaySpec &spec, ArchiveSource &source) {
    Impl &impl = *m_impl;
    auto refuse = [&](const std::string &what) {
        Error error;
        error.message = "replay '" + spec.name + "': " + what;
        return error;
    };
    if (spec.name.empty()) {
        return refuse("a replay needs a name");
    }
    std::size_t active = 0;
    for (const auto &r : impl.replays) {
        if (r->spec.name == spec.name) {
            return refuse("a replay of this name was already started");
        }
        active += isActive(r->status.state) ? 1 : 0;
    }
    if (active >= kMaxConcurrentReplays) {
        return refuse("at most " + std::to_string(kMaxConcurrentReplays) +
                      " replays can run at once");
    }
    const auto bus = impl.busIndex.find(spec.archive.bus);
    if (bus == impl.busIndex.end()) {
        return refuse("bus '" + spec.archive.bus + "' does not exist");
    }
    const BusRt &b = impl.buses[bus->second];
    if (!b.archiveByName.contains(spec.archive.name)) {
        return refuse("bus '" + spec.archive.bus + "' has no archive '" + spec.archive.name + "'");
    }
    if (!(spec.rate >= 0) || !std::isfinite(spec.rate)) {
        std::ostringstream found;
        found << spec.rate;
        return refuse("the rate must be a number of events per second, 0 or more (found " +
                      found.str() + ")");
    }
    if (!(spec.from < spec.to)) {
        return refuse("the window must start before it ends (from " + formatDuration(spec.from) +
                      ", to " + formatDuration(spec.to) + ")");
    }
    auto replay = std::make_unique<ReplayRt>();
    if (!spec.rules.empty()) {
        replay->ruleMask.assign(impl.rules.size(), false);
        for (const std::string &rule : spec.rules) {
            const auto it = impl.ruleIndex.find(rule);
            if (it == impl.ruleIndex.end() || impl.rules[it->second].bus != bus->second) {
                return refuse("rule '" + rule + "' is not a rule of bus '" + spec.archive.bus +
                              "'");
            }
            replay->ruleMask[it->second] = true;
        }
    }
    Result<std::uint64_t> total = source.count(spec.archive, spec.from, spec.to);
    if (!total.ok()) {
        return refuse(total.error().message);
    }
    replay->spec = spec;
    replay->status.name = spec.name;
    replay->status.total = total.value();
    replay->source = &source;
    replay->bus = bus->second;
    replay->start = impl.kernel.now();
    replay->bucketFrom = spec.from;
    replay->bucketTo = std::min(spec.to, minuteFloor(spec.from) + SimTime::minutes(1));
    impl.replays.push_back(std::move(replay));
    impl.scheduleReplay(impl.replays.size() - 1, true);
    return true;
}

Result<bool> Simulation::cancelReplay(std::string_view name) {
    for (std::size_t i = 0; i < m_impl->replays.size(); ++i) {
        ReplayRt &r = *m_impl->replays[i];
        if (r.spec.name != name) {
            continue;
        }
        if (r.status.state != ReplayState::Starting && r.status.state != ReplayState::Running) {
            Error error;
            error.message = "replay '" + std::string(name) + "' is " +
                            std::string(replayStateName(r.status.state)) + ", not running";
            return error;
        }
        r.status.state = ReplayState::Cancelling;
        m_impl->scheduleReplay(i, true);
        return true;
    }
    Error error;
    error.message = "there is no replay '" + std::string(name) + "'";
    return error;
}

std::optional<ReplayStatus> Simulation::replayStatus(std::string_view name) const {
    for (const auto &r : m_impl->replays) {
        if (r->spec.name == name) {
            return r->status;
        }
    }
    return std::nullopt;
}

std::vector<ReplayStatus> Simulation::replays() const {
    std::vector<ReplayStatus> out;
    for (const auto &r : m_impl->replays) {
        out.push_back(r->status);
    }
    return out;
}

} // namespace sg::sim
