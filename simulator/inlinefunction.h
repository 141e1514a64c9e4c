#pragma once
// InlineFunction: a move-only callable wrapper that keeps its target inside itself, never on the
// heap, so that scheduling an event costs no allocation.

#include <cassert>
#include <cstddef>
#include <cstring>
#include <functional>
#include <new>
#include <type_traits>
#include <utility>

namespace sg::sim {

template <typename Signature, std::size_t Capacity> class InlineFunction;

namespace detail {
// A callable that an InlineFunction<R(Args...)> `Self` can hold (and not a Self, which moves).
template <typename F, typename Self, typename R, typename... Args>
concept InlineTarget = !std::is_same_v<std::remove_cvref_t<F>, Self> &&
                       std::is_invocable_r_v<R, std::decay_t<F> &, Args...>;
} // namespace detail

// A move-only std::function whose target is stored in `Capacity` bytes inside the object. A target
// that does not fit is a compile error, never a silent allocation: capture ids, pointers or small
// values, not containers. Trivially copyable targets (the common lambda capturing a pointer and a
// few numbers; trivially copyable implies trivially destructible) move with one fixed-size memcpy
// and need no destructor call.
template <typename R, typename... Args, std::size_t Capacity>
class InlineFunction<R(Args...), Capacity> {
public:
    static constexpr std::size_t kCapacity = Capacity;
    static constexpr std::size_t kAlignment = alignof(std::max_align_t);

    InlineFunction() noexcept = default;
    InlineFunction(std::nullptr_t) noexcept {}

    // Implicit, like std::function's.
    template <detail::InlineTarget<InlineFunction, R, Args...> F>
    InlineFunction(F &&target) { // NOLINT(google-explicit-constructor)
        using Target = std::decay_t<F>;
        static_assert(sizeof(Target) <= Capacity,
                      "callable too large for InlineFunction: capture an id or a pointer instead "
                      "of the data itself");
        static_assert(alignof(Target) <= kAlignment, "callable over-aligned for InlineFunction");
        static_assert(std::is_nothrow_move_constructible_v<Target>,
                      "InlineFunction needs a callable that moves without throwing");
        ::new (static_cast<void *>(m_storage)) Target(std::forward<F>(target));
        m_ops = &kOps<Target>;
    }

    InlineFunction(InlineFunction &&other) noexcept { takeFrom(other); }
    InlineFunction &operator=(InlineFunction &&other) noexcept {
        if (this != &other) {
            reset();
            takeFrom(other);
        }
        return *this;
    }
    InlineFunction &operator=(std::nullptr_t) noexcept {
        reset();
        return *this;
    }
    InlineFunction(const InlineFunction &) = delete;
    InlineFunction &operator=(const InlineFunction &) = delete;
    ~InlineFunction() { reset(); }

    [[nodiscard]] explicit operator bool() const noexcept { return m_ops != nullptr; }

    // Calls the target; calling an empty InlineFunction is a bug.
    R operator()(Args... args) {
        assert(m_ops != nullptr && "calling an empty InlineFunction");
        return m_ops->invoke(m_storage, std::forward<Args>(args)...);
    }

    void reset() noexcept {
        if (m_ops != nullptr && m_ops->destroy != nullptr) {
            m_ops->destroy(m_storage);
        }
        m_ops = nullptr;
    }

private:
    struct Ops {
        R (*invoke)(void *storage, Args &&...args);
        // Move-constructs the target at `to` from the one at `from` and destroys the latter;
        // nullptr when a memcpy does that.
        void (*relocate)(void *to, void *from) noexcept;
        // nullptr when the target is trivially destructible.
        void (*destroy)(void *storage) noexcept;
    };

    template <typename T> static T *target(void *storage) noexcept {
        return std::launder(static_cast<T *>(storage));
    }

    template <typename T> static R invokeTarget(void *storage, Args &&...args) {
        return std::invoke(*target<T>(storage), std::forward<Args>(args)...);
    }
    template <typename T> static void relocateTarget(void *to, void *from) noexcept {
        ::new (to) T(std::move(*target<T>(from)));
        target<T>(from)->~T();
    }
    template <typename T> static void destroyTarget(void *storage) noexcept {
        target<T>(storage)->~T();
    }

    template <typename T>
    static constexpr Ops kOps{&invokeTarget<T>,
                              std::is_trivially_copyable_v<T> ? nullptr : &relocateTarget<T>,
                              std::is_trivially_destructible_v<T> ? nullptr : &destroyTarget<T>};

    void takeFrom(InlineFunction &other) noexcept {
        if (other.m_ops == nullptr) {
            return;
        }
        if (other.m_ops->relocate == nullptr) {
            std::memcpy(m_storage, other.m_storage, Capacity);
        } else {
            other.m_ops->relocate(m_storage, other.m_storage);
        }
        m_ops = other.m_ops;
        other.m_ops = nullptr;
    }

    alignas(kAlignment) std::byte m_storage[Capacity];
    const Ops *m_ops = nullptr;
};

} // namespace sg::sim
