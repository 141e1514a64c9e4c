#pragma once
// Canvas edits: each thing a user does on the canvas (add, connect, delete, copy and paste, align)
// or to the project's settings as ONE model Command with a label for the undo menu, or a refusal a
// status bar can show as it is (what is wrong and what to do instead). Qt-free; app/ wraps each
// command in one QUndoCommand.
//
// Names in labels and messages are element ids: they are unique and readable ("orders-bus").

#include "arch/project.h"
#include "core/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sg::model {

// --- Adding ----------------------------------------------------------------------------------

// The default size of a new bounded context's region.
inline constexpr double kNewContextWidth = 800;
inline constexpr double kNewContextHeight = 500;

// A new element of `kind` with its top-left corner at `at`: a fresh id, a numbered name ("Rule 2",
// "Function 3"; a bus gets a unique EventBridge name such as "bus-2"), and defaults that make a
// valid element on its own. An element dropped inside a bounded context's region joins it.
// - event type: source "com.example.app", detail-type from the name, one sample event agreeing
//   with both;
// - rule: on the bus nearest to `at` (by distance between boxes), refused without a bus; its
//   pattern selects the nearest event type (or source "com.example.app" when there is none);
// - producer: puts on the nearest bus, or on none yet when the project has no bus (the model
//   allows it; lint asks for one);
// - API destination: with a new connection below it, in the same command (EventBridge requires
//   one);
// - bounded context: a region of kNewContextWidth x kNewContextHeight;
// - sticky: as addNewSticky() with a domain event.
[[nodiscard]] Result<Command> addNewElement(const Project &project, ElementKind kind, Point at);

// A new sticky of `kind` at `at` with a short placeholder text ("Domain event", "Policy"...), in
// bounded context `context` when given, else in the one whose region it is dropped in.
[[nodiscard]] Result<Command> addNewSticky(const Project &project, StickyKind kind, Point at,
                                           const ElementId &context = {});

// --- Connecting ------------------------------------------------------------------------------

// What a drag from `from`'s port to `to` means, as one command ("Connect checkout to orders-bus"):
// - producer -> bus: the bus it puts on; producer -> event type: a new emission (1 per second);
// - bus -> rule: moves the rule to the bus (not onto a bus the rule sends to: a loop);
// - bus -> bus: a new rule on `from` ("Forward to <name>") forwarding every event to `to`;
// - rule -> function, state machine, queue, API destination or bus: a new target (Id from the
//   destination's name, default retry policy); at most kMaxTargetsPerRule, never twice the same
//   destination, never the rule's own bus;
// - function -> queue: the function's on-failure destination (asyncInvocation.onFailure, a
//   standard queue), where Lambda sends what fails for good;
// - a rule target's destination (state machine, queue, API destination, bus) -> queue: the
//   dead-letter queue of every target delivering to `from` (a standard queue only);
// - function, state machine, API destination, external system -> event type: a follow-up event
//   (probability 1, on a bus a producer puts that type on, else the first bus);
// - function, state machine, API destination -> function, state machine, API destination or
//   external system: a synchronous dependency (behavior.dependsOn);
// - queue -> function or state machine: the queue's reader;
// - API destination -> connection: its connection;
// - sticky -> any architecture element: what the sticky became (`linked`).
// Anything else is refused with what `from` can connect to. Costs at most one pass over the
// elements, so it can run while the pointer hovers.
[[nodiscard]] Result<Command> connectElements(const Project &project, const ElementId &from,
                                              const ElementId &to);

// Whether connectElements() would succeed (for hover feedback).
[[nodiscard]] bool canConnect(const Project &project, const ElementId &from, const ElementId &to);

// --- Deleting --------------------------------------------------------------------------------

// Removes the elements `ids` ("Delete 3 elements"), referrers within the selection first, and
// cuts the references that other elements hold to them when a reference is an edge between
// independent elements:
// - a rule target delivering to a deleted element is removed; a deleted dead-letter queue is
//   cleared from the targets using it;
// - dependsOn entries and follow-ups (event type or bus) naming a deleted element are removed;
// - a queue read by a deleted consumer is left unread;
// - a producer's bus and emissions of deleted event types are cleared (a producer without a bus is
//   valid; lint asks for one);
// - a sticky linked to a deleted element is unlinked; an API destination's external system link
//   is cleared;
// - elements in a deleted bounded context stay, outside any context.
// References that are containment refuse the deletion, naming the referrer and field, because
// cutting them would silently change what the referrer is: a rule's bus (a rule lives on its bus)
// and an API destination's connection (EventBridge requires it). Delete those referrers too or
// change them first. The result always passes Project::checkReferences().
[[nodiscard]] Result<Command> deleteElements(const Project &project,
                                             const std::vector<ElementId> &ids);

// --- Clipboard -------------------------------------------------------------------------------

// The elements `ids` (in model order; unknown ids are skipped) as a `.stormglass.json` document
// holding only them. References to elements outside the selection are kept as they are, so the
// text may not load as a project file on its own; pasteElements() resolves them.
[[nodiscard]] std::string copyElements(const Project &project, const std::vector<ElementId> &ids);

// Adds the elements of `json` ("Paste 4 elements"), moved by `offset`. `json` is a
// `.stormglass.json` document (what copyElements() writes, or a whole project file), one element
// object, or an array of them. Pasted ids that are already used get fresh ones, and references
// among the pasted elements follow them. A reference to an element that was not pasted is kept
// when this project has an element of that id and an allowed kind, and otherwise dropped or
// cleared (a target or follow-up goes; a dead-letter queue, connection or link is cleared), except
// a rule's bus, which becomes the bus nearest to the pasted rule (refused when the project has no
// bus). Text that is not such JSON is refused,
// naming the problem (with line and column when the parser knows them).
[[nodiscard]] Result<Command> pasteElements(const Project &project, std::string_view json,
                                            Point offset);

// copyElements() then pasteElements(), labelled "Duplicate 3 elements".
[[nodiscard]] Result<Command> duplicateElements(const Project &project,
                                                const std::vector<ElementId> &ids, Point offset);

// --- Resizing --------------------------------------------------------------------------------

// The smallest a sticky and a bounded context's region can be made.
inline constexpr double kMinStickySize = 60;
inline constexpr double kMinRegionWidth = 200;
inline constexpr double kMinRegionHeight = 120;

// Gives a sticky or a bounded context the rectangle `to` (clamped to the smallest size), as one
// command ("Resize sticky s-order"). Other kinds have a fixed box and are refused.
[[nodiscard]] Result<Command> resizeElement(const Project &project, const ElementId &id, Rect to);

// --- Arranging -------------------------------------------------------------------------------

enum class Alignment : std::uint8_t { Left, HorizontalCenter, Right, Top, VerticalCenter, Bottom };
enum class Orientation : std::uint8_t { Horizontal, Vertical };

// Moves the elements `ids` so that their boxes (elementBounds) share the selection's left edge,
// centre, right edge... ("Align left"). Unknown ids are ignored; elements already in place are
// left out of the move.
[[nodiscard]] Command alignElements(const Project &project, const std::vector<ElementId> &ids,
                                    Alignment alignment);

// Moves the elements `ids` so that the gaps between consecutive boxes along `orientation` are
// equal; the first and the last (by left or top edge) stay where they are ("Distribute
// horizontally"). Fewer than three elements make an empty move.
[[nodiscard]] Command distributeElements(const Project &project, const std::vector<ElementId> &ids,
                                         Orientation orientation);

// --- Project settings ------------------------------------------------------------------------

// Sets the account's invocation quota (Project::accountInvocationQuotaPerSecond(); 0: none) as one
// command that keeps the name and description ("Set account invocation quota to 5000 per second",
// "Remove account invocation quota"). Refused outside 0 to kMaxAccountInvocationQuotaPerSecond,
// naming the setting, the range and the value; wide, so that a value typed far out of range is
// refused rather than wrapped into it.
[[nodiscard]] Result<Command> setAccountInvocationQuota(const Project &project,
                                                        std::int64_t perSecond);

} // namespace sg::model
