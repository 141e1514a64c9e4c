// InlineFunction: calls its target, keeps mutable and move-only state, and constructs, moves and
// destroys non-trivial targets exactly once each.

#include "eventqueue.h"
#include "inlinefunction.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace sg::sim {
namespace {

using SmallFunction = InlineFunction<int(int), 32>;

// Counts live instances, so that leaks and double destruction show.
struct Tracked {
    static inline int live = 0;
    int value;
    explicit Tracked(int v) : value(v) { ++live; }
    Tracked(Tracked &&other) noexcept : value(other.value) { ++live; }
    Tracked(const Tracked &) = delete;
    Tracked &operator=(const Tracked &) = delete;
    Tracked &operator=(Tracked &&) = delete;
    ~Tracked() { --live; }
    int operator()(int x) const { return value + x; }
};

TEST(InlineFunction, EventCallbackIsOneCacheLine) {
    EXPECT_EQ(sizeof(EventCallback), 64U);
    EXPECT_EQ(EventCallback::kCapacity, 48U);
}

TEST(InlineFunction, EmptyByDefaultAndAfterNull) {
    SmallFunction f;
    EXPECT_FALSE(f);
    f = [](int x) {
        return x;
    };
    EXPECT_TRUE(f);
    f = nullptr;
    EXPECT_FALSE(f);
    const SmallFunction g(nullptr);
    EXPECT_FALSE(g);
}

TEST(InlineFunction, CallsTheTargetWithItsArguments) {
    SmallFunction twice = [](int x) {
        return 2 * x;
    };
    EXPECT_EQ(twice(21), 42);
    int (*pointer)(int) = [](int x) {
        return x - 1;
    };
    SmallFunction fromPointer = pointer;
    EXPECT_EQ(fromPointer(10), 9);
}

TEST(InlineFunction, KeepsMutableState) {
    SmallFunction counter = [n = 0](int step) mutable {
        return n += step;
    };
    EXPECT_EQ(counter(1), 1);
    EXPECT_EQ(counter(5), 6);
    SmallFunction moved = std::move(counter);
    EXPECT_FALSE(counter); // NOLINT(bugprone-use-after-move): moved-from is empty by contract
    EXPECT_EQ(moved(1), 7);
}

TEST(InlineFunction, HoldsMoveOnlyTargets) {
    auto owned = std::make_unique<int>(40);
    SmallFunction f = [p = std::move(owned)](int x) {
        return *p + x;
    };
    SmallFunction g = std::move(f);
    EXPECT_EQ(g(2), 42);
}

TEST(InlineFunction, DestroysNonTrivialTargetsExactlyOnce) {
    Tracked::live = 0;
    {
        SmallFunction f = Tracked(1);
        EXPECT_EQ(Tracked::live, 1);
        SmallFunction g = std::move(f);
        EXPECT_EQ(Tracked::live, 1);
        EXPECT_EQ(g(1), 2);
        SmallFunction h = Tracked(10);
        EXPECT_EQ(Tracked::live, 2);
        h = std::move(g); // destroys Tracked(10), relocates Tracked(1)
        EXPECT_EQ(Tracked::live, 1);
        EXPECT_EQ(h(1), 2);
        h.reset();
        EXPECT_EQ(Tracked::live, 0);
        h = Tracked(5);
        EXPECT_EQ(Tracked::live, 1);
    }
    EXPECT_EQ(Tracked::live, 0);
}

TEST(InlineFunction, ReleasesSharedOwnership) {
    auto shared = std::make_shared<std::string>("payload");
    {
        SmallFunction f = [shared](int) {
            return static_cast<int>(shared->size());
        };
        EXPECT_EQ(shared.use_count(), 2);
        SmallFunction g = std::move(f);
        EXPECT_EQ(shared.use_count(), 2);
        EXPECT_EQ(g(0), 7);
    }
    EXPECT_EQ(shared.use_count(), 1);
}

TEST(InlineFunction, SelfMoveAssignmentKeepsTheTarget) {
    SmallFunction f = [](int x) {
        return x + 1;
    };
    SmallFunction &alias = f;
    f = std::move(alias);
    ASSERT_TRUE(f);
    EXPECT_EQ(f(1), 2);
}

} // namespace
} // namespace sg::sim
