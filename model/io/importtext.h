#pragma once
// Text readers for the importers: JSON (one document or several concatenated ones) and YAML with
// CloudFormation's short-form tags turned into their long forms, each into one JSON tree. Syntax
// errors carry line and column; nesting and alias expansion are bounded so no input can exhaust
// the stack or memory.

#include "arch/elements.h"
#include "core/result.h"

#include <cstddef>
#include <string_view>
#include <vector>

namespace sg::model {

// Deeper documents are refused before any recursive code sees them (a YAML short-form tag
// counts as one more level, as its long form does).
inline constexpr std::size_t kMaxImportDepth = 200;
// Values a YAML document may expand to, aliases included ("billion laughs" documents).
inline constexpr std::size_t kMaxYamlNodes = 500'000;
// Bytes of text (scalars and keys) a YAML document may expand to, aliases included: one long
// string behind many aliases is as much a bomb as many values. CloudFormation takes templates of
// at most 1 MB, so 32 MiB leaves room for any real one.
inline constexpr std::size_t kMaxYamlBytes = 32U * 1024U * 1024U;

// One JSON document of a concatenated text, with where it starts.
struct JsonDocument {
    Json value;
    std::size_t offset = 0;
    int line = 1;
    int column = 1;
};

// The text without a leading UTF-8 byte-order mark.
[[nodiscard]] std::string_view withoutByteOrderMark(std::string_view text);
// Whether the first non-blank character is '{' (how templates and listings written as JSON are
// told from YAML).
[[nodiscard]] bool startsLikeJson(std::string_view text);

// An Error at byte `offset` of `text`: line and column filled in and appended to `message`
// ("... (line 3, column 7)").
[[nodiscard]] Error errorAt(std::string_view text, std::size_t offset, std::string_view message);

// Exactly one JSON document (blank text around it allowed).
[[nodiscard]] Result<Json> parseJsonText(std::string_view text);
// One or more JSON documents one after another, as `cmd >> file` appends them.
[[nodiscard]] Result<std::vector<JsonDocument>> parseJsonDocuments(std::string_view text);
// The first YAML document; !Ref, !GetAtt, !Sub and the other short forms become {"Ref": ...},
// {"Fn::GetAtt": [...]}, {"Fn::Sub": ...}; plain scalars become numbers, booleans and null as
// YAML 1.2's core schema reads them.
[[nodiscard]] Result<Json> parseYamlText(std::string_view text);

} // namespace sg::model
