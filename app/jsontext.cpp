#include "jsontext.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

namespace sg::app {

namespace {

bool isContinuationByte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

bool isJsonWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isStructural(char c) {
    return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':';
}

// nlohmann's what(): "[json.exception.parse_error.101] parse error at line 1, column 5: <reason>".
std::string reasonOf(const std::string &what) {
    const std::size_t at = what.find("column ");
    if (at != std::string::npos) {
        const std::size_t colon = what.find(": ", at);
        if (colon != std::string::npos) {
            return what.substr(colon + 2);
        }
    }
    const std::size_t bracket = what.find("] ");
    return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

// Reads JSON without building a document, keeping the first error.
struct SyntaxCheck : nlohmann::json_sax<nlohmann::ordered_json> {
    std::size_t byte = 0;
    std::string what;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t &) override { return true; }
    bool string(string_t &) override { return true; }
    bool binary(binary_t &) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t &) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string &,
                     const nlohmann::detail::exception &error) override {
        byte = position;
        what = error.what();
        return false;
    }
};

enum class TokenKind { Open, Close, Comma, Colon, Scalar };

struct Token {
    TokenKind kind;
    std::string_view text;
    std::size_t match = 0;       // Open: index of the matching Close
    std::size_t compactSize = 0; // Open: characters of the container printed on one line
};

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (isJsonWhitespace(c)) {
            ++i;
            continue;
        }
        std::size_t end = i + 1;
        TokenKind kind = TokenKind::Scalar;
        if (c == '{' || c == '[') {
            kind = TokenKind::Open;
        } else if (c == '}' || c == ']') {
            kind = TokenKind::Close;
        } else if (c == ',') {
            kind = TokenKind::Comma;
        } else if (c == ':') {
            kind = TokenKind::Colon;
        } else if (c == '"') {
            while (end < text.size() && text[end] != '"') {
                end += text[end] == '\\' ? 2 : 1;
            }
            end = std::min(end + 1, text.size());
        } else {
            while (end < text.size() && !isJsonWhitespace(text[end]) && !isStructural(text[end])) {
                ++end;
            }
        }
        tokens.push_back({kind, text.substr(i, end - i)});
        i = end;
    }

    // Match brackets and measure each container as it would print on one line.
    std::vector<std::size_t> open;
    std::vector<std::size_t> size(tokens.size() + 1, 0); // prefix sums of one-line widths
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        std::size_t width = tokens[t].text.size();
        if (tokens[t].kind == TokenKind::Comma || tokens[t].kind == TokenKind::Colon) {
            width += 1; // ", " and ": "
        }
        size[t + 1] = size[t] + width;
        if (tokens[t].kind == TokenKind::Open) {
            open.push_back(t);
        } else if (tokens[t].kind == TokenKind::Close && !open.empty()) {
            Token &opener = tokens[open.back()];
            opener.match = t;
            opener.compactSize = size[t + 1] - size[open.back()];
            open.pop_back();
        }
    }
    return tokens;
}

class Formatter {
public:
    Formatter(const std::vector<Token> &tokens, int indent) : m_tokens(tokens), m_indent(indent) {}

    std::string run() {
        std::size_t t = 0;
        value(t, 0, false);
        return m_out;
    }

private:
    static constexpr std::size_t kInlineWidth = 72;

    void newline(int depth) {
        m_out += '\n';
        m_out.append(static_cast<std::size_t>(depth * m_indent), ' ');
    }

    void compact(std::size_t from, std::size_t to) {
        for (std::size_t t = from; t <= to; ++t) {
            m_out += m_tokens[t].text;
            if (m_tokens[t].kind == TokenKind::Comma || m_tokens[t].kind == TokenKind::Colon) {
                m_out += ' ';
            }
        }
    }

    void value(std::size_t &t, int depth, bool insideArray) {
        const Token &token = m_tokens[t];
        if (token.kind != TokenKind::Open) {
            m_out += token.text;
            ++t;
            return;
        }
        const bool isArray = token.text == "[";
        const std::size_t close = token.match;
        const bool empty = close == t + 1;
        const bool fitsOnALine = token.compactSize <= kInlineWidth && (isArray || insideArray);
        if (empty || fitsOnALine) {
            compact(t, close);
            t = close + 1;
            return;
        }
        m_out += token.text;
        ++t;
        while (t < close) {
            newline(depth + 1);
            if (!isArray) {
                m_out += m_tokens[t].text; // key
                m_out += ": ";
                t += 2; // key and colon
            }
            value(t, depth + 1, isArray);
            if (t < close && m_tokens[t].kind == TokenKind::Comma) {
                m_out += ',';
                ++t;
            }
        }
        newline(depth);
        m_out += m_tokens[close].text;
        t = close + 1;
    }

    const std::vector<Token> &m_tokens;
    int m_indent;
    std::string m_out;
};

} // namespace

LineColumn lineColumnAt(std::string_view text, std::size_t offset) {
    LineColumn pos;
    const std::size_t end = std::min(offset, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if (!isContinuationByte(text[i])) {
            ++pos.column;
        }
    }
    return pos;
}

std::size_t offsetOf(std::string_view text, int line, int column) {
    std::size_t i = 0;
    for (int l = 1; l < line && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++l;
        }
    }
    for (int c = 1; c < column && i < text.size() && text[i] != '\n'; ++c) {
        ++i;
        while (i < text.size() && isContinuationByte(text[i])) {
            ++i;
        }
    }
    return i;
}

void completePosition(std::string_view text, TextProblem &problem) {
    if (problem.offset != TextProblem::kNoOffset) {
        problem.offset = std::min(problem.offset, text.size());
        if (problem.line <= 0) {
            const LineColumn pos = lineColumnAt(text, problem.offset);
            problem.line = pos.line;
            problem.column = pos.column;
        }
    } else if (problem.line > 0) {
        problem.offset = offsetOf(text, problem.line, std::max(problem.column, 1));
        if (problem.column <= 0) {
            problem.column = 1;
        }
    }
}

std::optional<TextProblem> checkJsonSyntax(std::string_view text) {
    SyntaxCheck check;
    if (nlohmann::ordered_json::sax_parse(text, &check)) {
        return std::nullopt;
    }
    TextProblem problem;
    problem.message = reasonOf(check.what);
    std::size_t offset = check.byte > 0 ? check.byte - 1 : 0;
    offset = std::min(offset, text.size());
    // "invalid literal" stops after the literal: point at the literal's first character.
    if (problem.message.find("invalid literal") != std::string::npos) {
        std::size_t start = offset;
        if (start > 0 &&
            (start == text.size() || isJsonWhitespace(text[start]) || isStructural(text[start]))) {
            --start;
        }
        while (start > 0 && !isJsonWhitespace(text[start - 1]) && !isStructural(text[start - 1]) &&
               text[start - 1] != '"') {
            --start;
        }
        offset = start;
    }
    problem.offset = offset;
    completePosition(text, problem);
    return problem;
}

std::optional<std::string> formatJson(std::string_view text, int indent) {
    if (checkJsonSyntax(text)) {
        return std::nullopt;
    }
    const std::vector<Token> tokens = tokenize(text);
    if (tokens.empty()) {
        return std::nullopt;
    }
    return Formatter(tokens, indent).run();
}

std::optional<std::string> minifyJson(std::string_view text) {
    if (checkJsonSyntax(text)) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(text.size());
    for (const Token &token : tokenize(text)) {
        out += token.text;
    }
    return out;
}

int indexOfUtf8Offset(const QString &text, std::size_t offset) {
    if (offset == TextProblem::kNoOffset) {
        return -1;
    }
    const QByteArray utf8 = text.toUtf8();
    const auto clamped = static_cast<qsizetype>(std::min<std::size_t>(offset, utf8.size()));
    return static_cast<int>(QString::fromUtf8(utf8.constData(), clamped).size());
}

} // namespace sg::app
