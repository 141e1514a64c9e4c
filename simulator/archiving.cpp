// Archives: each archive of a bus is a managed rule that takes the events it matches (replayed
// events excepted) and hands them to the archive sink in batches.

#include "engine.h"

#include "core/jsoncheck.h"

namespace sg::sim {

void Simulation::Impl::archiveEvent(const BusRt &b, const Json &event) {
    if (b.archivesOfAll.empty() && b.archivesWithPattern.empty()) {
        return;
    }
    if (event.is_object() && event.contains("replay-name")) {
        return; // the managed rule skips replayed events
    }
    matchedScratch.clear();
    if (!b.archivesWithPattern.empty()) {
        b.archiveMatcher.match(event, matchedScratch);
    }
    if (matchedScratch.empty() && b.archivesOfAll.empty()) {
        return;
    }
    ArchivedEvent archived;
    archived.ingestionTime = kernel.now();
    archived.eventTime = kernel.now();
    if (event.is_object()) {
        if (const auto it = event.find("id"); it != event.end() && it->is_string()) {
            archived.eventId = it->get<std::string>();
        }
        if (const auto it = event.find("time"); it != event.end() && it->is_string()) {
            if (const auto parsed =
                    parseIsoTime(it->get_ref<const std::string &>(), options.generator)) {
                archived.eventTime = *parsed;
            }
        }
    }
    archived.event = event.dump(-1, ' ', false, Json::error_handler_t::replace);
    auto take = [&](std::uint32_t index) {
        ArchiveRt &a = archives[index];
        ++a.received;
        a.pending.push_back(archived);
        if (a.pending.size() >= archiveBatchSize) {
            flushArchive(a);
        }
    };
    for (const std::uint32_t index : b.archivesOfAll) {
        take(index);
    }
    for (const model::RuleId id : matchedScratch) {
        take(b.archivesWithPattern[id]);
    }
}

void Simulation::Impl::flushArchive(ArchiveRt &a) {
    if (a.pending.empty()) {
        return;
    }
    if (archiveSink != nullptr) {
        Result<bool> appended = archiveSink->append(a.ref, a.pending);
        if (!appended.ok()) {
            archiveError = appended.error();
            archiveSink = nullptr;
        }
    }
    a.pending.clear();
}

Result<bool> Simulation::Impl::flushArchives() {
    for (ArchiveRt &a : archives) {
        flushArchive(a);
    }
    if (archiveError) {
        return *archiveError;
    }
    return true;
}

void Simulation::setArchiveSink(ArchiveSink *sink, std::size_t batchSize) {
    m_impl->archiveSink = sink;
    m_impl->archiveBatchSize = std::max<std::size_t>(1, batchSize);
}

Result<bool> Simulation::flushArchives() {
    return m_impl->flushArchives();
}

std::optional<Error> Simulation::archiveError() const {
    return m_impl->archiveError;
}

std::optional<std::uint64_t> Simulation::archived(std::string_view busId,
                                                  std::string_view name) const {
    const auto bus = m_impl->busIndex.find(busId);
    if (bus == m_impl->busIndex.end()) {
        return std::nullopt;
    }
    const BusRt &b = m_impl->buses[bus->second];
    const auto it = b.archiveByName.find(name);
    if (it == b.archiveByName.end()) {
        return std::nullopt;
    }
    return m_impl->archives[it->second].received;
}

} // namespace sg::sim
