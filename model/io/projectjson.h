#pragma once
// The git-friendly project file, `.stormglass.json`: stable key order and one field per line, so
// that a one-field edit is a one-line diff. Round-trips losslessly with the `.stormglass` file.

#include "arch/project.h"
#include "core/result.h"

#include <string>
#include <string_view>

namespace sg::model {

// The `formatVersion` this build writes; readers refuse a newer one. Version 2 added functions'
// timeouts and asynchronous-invocation settings, and queues' visibility timeout, redrive policy
// and reader settings; a version 1 file reads with AWS's defaults for them.
// The optional top-level `accountInvocationQuotaPerSecond` (Project::
// accountInvocationQuotaPerSecond(); absent means none) needs no new version: a file without it
// reads as before, and an older reader refuses a file with it as an unknown field.
inline constexpr int kProjectJsonFormatVersion = 2;

// The whole file text (UTF-8, 2-space indentation, ends with a newline).
[[nodiscard]] std::string writeProjectJson(const Project &project);

// Reads a file's text. Errors carry line/column for syntax errors and `field` (a JSON pointer
// such as "/elements/3/targets/0/destination") for content errors; the message says both.
[[nodiscard]] Result<Project> readProjectJson(std::string_view text);

// One element as its JSON object ("kind" and "id" first, then the fields in a fixed order).
[[nodiscard]] Json elementToJson(const Element &element);
// The inverse; `where` (a JSON pointer) prefixes the `field` of any error.
[[nodiscard]] Result<Element> elementFromJson(const Json &json, std::string_view where);

} // namespace sg::model
