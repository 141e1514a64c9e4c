// Routing: an accepted event on a bus goes to the bus's archives, is matched against the bus's
// rules, and starts one delivery per target of every matching rule (twice now and then, when
// duplicates are on). A consumer's follow-up events are routed the same way.

#include "engine.h"

#include <utility>

namespace sg::sim {

// Routes an event on a bus. `seq` 0 makes it a new event; a bus hop keeps its number.
void Simulation::Impl::putOnBus(std::uint32_t bus, std::shared_ptr<const Json> event,
                                std::uint64_t seq, std::uint64_t parent, int depth, int hops) {
    BusRt &b = buses[bus];
    if (seq == 0) {
        if (!chargeEvent()) {
            return;
        }
        seq = nextEventSeq++;
    }
    ++b.counters.put;
    const SimTime now = kernel.now();
    if (tracing) {
        addStep(seq, parent, depth, StepKind::Put, b.id, 0, {},
                event->dump(-1, ' ', false, Json::error_handler_t::replace));
    }
    if (archiveSink != nullptr) {
        archiveEvent(b, *event);
    }
    const std::vector<bool> *filter = ruleFilter;
    ruleFilter = nullptr; // only the replayed put itself, not what it leads to
    b.matcher.match(*event, matchedScratch);
    if (filter != nullptr) {
        std::erase_if(matchedScratch, [&](model::RuleId id) { return !(*filter)[b.rules[id]]; });
    }
    if (matchedScratch.empty()) {
        return;
    }
    ++b.counters.matched;
    // Nested puts (a bus target routes synchronously) reuse the scratch vector, so the matched
    // rules are moved onto a stack first and read by index, as the stack may grow meanwhile.
    const std::size_t base = matchStack.size();
    for (const model::RuleId id : matchedScratch) {
        matchStack.push_back(b.rules[id]);
    }
    const std::size_t end = matchStack.size();
    for (std::size_t i = base; i < end; ++i) {
        RuleRt &r = rules[matchStack[i]];
        ++r.counters.matched;
        for (const std::uint32_t target : r.targets) {
            startDelivery(target, event, seq, parent, depth, hops, now);
            if (options.duplicateRate > 0 &&
                targets[target].stream.bernoulli(options.duplicateRate)) {
                startDelivery(target, event, seq, parent, depth, hops, now);
            }
        }
    }
    matchStack.resize(base);
}

void Simulation::Impl::startDelivery(std::uint32_t target, const std::shared_ptr<const Json> &event,
                                     std::uint64_t seq, std::uint64_t parent, int depth, int hops,
                                     SimTime putTime) {
    ++deliveries;
    const std::uint32_t index = allocRecord();
    Record &r = records[index];
    TargetRt &t = targets[target];
    r.event = event;
    r.origin = target;
    ++t.outcomes.delivered;
    r.putTime = putTime;
    r.eventSeq = seq;
    r.parentSeq = parent;
    r.target = target;
    r.node = t.node;
    r.depth = depth;
    r.hops = hops;
    const RuleRt &rule = rules[t.rule];
    const model::TransformContext context{rule.arn, rule.name, {}};
    if (tracing) {
        inputScratch.clear();
        records[index].invalidInput =
            !t.input->applyTo(*event, context, inputScratch, &reasonScratch);
        addStep(records[index], StepKind::Matched, t.key, 0, {},
                t.wholeEvent ? std::string() : inputScratch);
    } else if (!t.wholeEvent) {
        // Whether the input is delivered, without printing it where the values alone decide.
        records[index].invalidInput = !t.input->delivers(*event, context, inputScratch);
    }
    beginAttempt(index);
}

// `r` is a copy: the puts below may move the record pool.
void Simulation::Impl::emitFollowUps(std::uint32_t nodeIdx, Record r) {
    Node &n = nodes[nodeIdx];
    for (FollowUpSpec &f : n.followUps) {
        if (!f.stream.bernoulli(f.probability)) {
            continue;
        }
        const int depth = r.depth + 1;
        if (depth > options.maxLineageDepth) {
            ++loopsStopped;
            ++n.loopsStopped;
            if (tracing) {
                addStep(r, StepKind::LoopStopped, n.id, 0, {}, buses[f.bus].id);
            }
            continue;
        }
        if (!chargeEvent()) {
            return;
        }
        std::shared_ptr<const Json> event = f.generator->next(kernel.now(), f.stream).event;
        const std::uint64_t seq = nextEventSeq++;
        if (tracing) {
            addStep(r, StepKind::FollowUp, n.id, 0, {}, std::to_string(seq));
        }
        putOnBus(f.bus, std::move(event), seq, r.eventSeq, depth, 0);
    }
}

} // namespace sg::sim
