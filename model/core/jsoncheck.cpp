#include "core/jsoncheck.h"

namespace sg {

namespace {

bool isContinuationByte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

void locate(std::string_view text, Error &error) {
    int line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < error.offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    int column = 1;
    for (std::size_t i = lineStart; i < error.offset; ++i) {
        if (!isContinuationByte(text[i])) {
            ++column;
        }
    }
    error.line = line;
    error.column = column;
}

} // namespace

std::optional<Error> findExcessiveJsonNesting(std::string_view text, std::size_t maxDepth) {
    std::size_t depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') {
                ++i; // the escaped character cannot end the string
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '[':
        case '{':
            if (++depth > maxDepth) {
                Error error;
                error.message = "nested deeper than " + std::to_string(maxDepth) + " levels";
                error.offset = i;
                locate(text, error);
                return error;
            }
            break;
        case ']':
        case '}':
            if (depth > 0) {
                --depth;
            }
            break;
        default:
            break;
        }
    }
    return std::nullopt;
}

std::optional<Error> findNulByte(std::string_view text) {
    const std::size_t at = text.find('\0');
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    Error error;
    error.message = "a NUL byte (\\0), which JSON text cannot contain";
    error.offset = at;
    locate(text, error);
    return error;
}

std::optional<Error> checkJsonText(std::string_view text, std::size_t maxDepth) {
    if (std::optional<Error> deep = findExcessiveJsonNesting(text, maxDepth)) {
        return deep;
    }
    return findNulByte(text);
}

} // namespace sg
