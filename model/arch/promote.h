#pragma once
// Promote actions: turn workshop stickies into the architecture they describe, each as one
// command (so one undo step) that also links the stickies to what they became.

#include "arch/project.h"
#include "core/result.h"

namespace sg::model {

// A domain-event sticky becomes an event type (source from its bounded context, detail-type from
// its text).
[[nodiscard]] Result<Command> promoteDomainEvent(const Project &project, const ElementId &sticky);

// A policy sticky between a domain event (to its left) and a command (to its right) becomes a rule
// on `bus` (empty: the project's first bus, or a new default bus) matching that event type and
// targeting a new function named after the command. The event sticky is promoted too when needed.
[[nodiscard]] Result<Command> promotePolicy(const Project &project, const ElementId &sticky,
                                            const ElementId &bus = {});

// An external-system sticky becomes an API destination, with a connection and an external system
// element for the simulator's behaviour.
[[nodiscard]] Result<Command> promoteExternalSystem(const Project &project,
                                                    const ElementId &sticky);

} // namespace sg::model
