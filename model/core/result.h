#pragma once
// Result<T>: the value of an operation that can fail with a user-facing Error (the model layer's
// error channel; exceptions never cross model/ or simulator/ boundaries).

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace sg {

// What went wrong and where. `message` is complete on its own (for patterns it is AWS's exact
// text); the position fields are extra context for editors and error reports.
struct Error {
    static constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);

    std::string message{};
    std::size_t offset = kNoOffset; // byte offset in the input text, when known
    int line = 0;                   // 1-based, 0 when unknown
    int column = 0;                 // 1-based, 0 when unknown
    std::string field{};            // dotted field path or JSON pointer, when known

    [[nodiscard]] bool hasPosition() const { return line > 0; }
};

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    [[nodiscard]] bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] T &value() & { return std::get<0>(m_state); }
    [[nodiscard]] const T &value() const & { return std::get<0>(m_state); }
    [[nodiscard]] T &&value() && { return std::get<0>(std::move(m_state)); }
    [[nodiscard]] const Error &error() const { return std::get<1>(m_state); }

    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

private:
    std::variant<T, Error> m_state;
};

} // namespace sg
