// Simulation: the public face of the engine (engine.h); running, stopping, observers.

#include "engine.h"

#include <algorithm>
#include <memory>
#include <utility>

namespace sg::sim {

Simulation::Simulation(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {
}

Simulation::Simulation(Simulation &&) noexcept = default;

Simulation &Simulation::operator=(Simulation &&) noexcept = default;

Simulation::~Simulation() = default;

Result<Simulation> Simulation::create(const model::Project &project,
                                      const SimulationOptions &options) {
    auto impl = std::make_unique<Impl>(options);
    Result<bool> built = impl->build(project);
    if (!built.ok()) {
        return built.error();
    }
    return Simulation(std::move(impl));
}

bool Simulation::hasBus(std::string_view busId) const {
    return m_impl->busIndex.find(busId) != m_impl->busIndex.end();
}

RunStatus Simulation::runUntil(SimTime until) {
    if (m_impl->limitError) {
        return RunStatus::Stopped;
    }
    const RunStatus status = m_impl->kernel.runUntil(until);
    m_impl->flushSteps();
    static_cast<void>(m_impl->flushArchives()); // an error is kept for archiveError()
    return status;
}

RunStatus Simulation::run() {
    if (m_impl->limitError) {
        return RunStatus::Stopped;
    }
    const RunStatus status = m_impl->kernel.run();
    m_impl->flushSteps();
    static_cast<void>(m_impl->flushArchives());
    return status;
}

std::optional<Error> Simulation::limitError() const {
    return m_impl->limitError;
}

void Simulation::stop() noexcept {
    m_impl->kernel.stop();
}

SimTime Simulation::now() const {
    return m_impl->kernel.now();
}

Kernel &Simulation::kernel() {
    return m_impl->kernel;
}

void Simulation::addObserver(SimulationObserver *observer) {
    m_impl->observers.push_back(observer);
}

void Simulation::removeObserver(SimulationObserver *observer) {
    auto &list = m_impl->observers;
    list.erase(std::remove(list.begin(), list.end(), observer), list.end());
}

void Simulation::setTraceOutput(std::ostream *out) {
    m_impl->traceOut = out;
}

std::uint64_t Simulation::traceHash() const {
    return m_impl->traceHash;
}

} // namespace sg::sim
