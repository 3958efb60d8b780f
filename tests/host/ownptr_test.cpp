#include <gtest/gtest.h>
#include <lib/ownptr.h>

namespace {

struct Tracked {
    explicit Tracked(int& destroyed, int value = 0)
        : m_destroyed(destroyed)
        , m_value(value)
    {
    }
    virtual ~Tracked() { ++m_destroyed; }

    int& m_destroyed;
    int m_value;
};

struct TrackedChild : Tracked {
    using Tracked::Tracked;
};

} // namespace

TEST(OwnPtr, DeletesOnceOnScopeExitAndMove)
{
    int destroyed = 0;
    {
        NonnullOwnPtr<Tracked> first = adopt_own(*new Tracked(destroyed, 4));
        EXPECT_EQ(first->m_value, 4);
        NonnullOwnPtr<Tracked> second = std::move(first);
        EXPECT_EQ((*second).m_value, 4);
        OwnPtr<Tracked> nullable = std::move(second);
        EXPECT_TRUE(nullable);
        EXPECT_EQ(destroyed, 0);
    }
    EXPECT_EQ(destroyed, 1);
}

TEST(OwnPtr, NullableOperations)
{
    int destroyed = 0;
    OwnPtr<Tracked> empty;
    EXPECT_FALSE(empty);
    EXPECT_TRUE(empty == nullptr);
    EXPECT_TRUE(adopt_own_if_nonnull<Tracked>(nullptr).is_null());

    OwnPtr<Tracked> owner = adopt_own_if_nonnull(new Tracked(destroyed));
    Tracked* raw = owner.ptr();
    EXPECT_TRUE(owner == raw);
    owner = nullptr;
    EXPECT_EQ(destroyed, 1);

    owner = adopt_own_if_nonnull(new Tracked(destroyed));
    owner = adopt_own_if_nonnull(new Tracked(destroyed));
    EXPECT_EQ(destroyed, 2); // assigning over an owner deletes the old object
    owner.clear();
    EXPECT_EQ(destroyed, 3);
}

TEST(OwnPtr, LeakPtrAndReleaseNonnull)
{
    int destroyed = 0;
    OwnPtr<Tracked> owner = adopt_own_if_nonnull(new Tracked(destroyed, 2));
    NonnullOwnPtr<Tracked> nonnull = owner.release_nonnull();
    EXPECT_FALSE(owner);
    Tracked* raw = nonnull.leak_ptr();
    EXPECT_EQ(destroyed, 0);
    delete raw;
    EXPECT_EQ(destroyed, 1);
}

TEST(OwnPtr, TryMakeAndDerivedToBase)
{
    int destroyed = 0;
    {
        auto result = try_make<TrackedChild>(destroyed, 6);
        ASSERT_FALSE(result.is_error());
        NonnullOwnPtr<Tracked> base = result.release_value();
        EXPECT_EQ(base->m_value, 6);
        OwnPtr<Tracked> nullable = try_make<TrackedChild>(destroyed, 7).release_value();
        nullable = std::move(base);
        EXPECT_EQ(destroyed, 1); // the 7 went when the 6 replaced it
        EXPECT_EQ(nullable->m_value, 6);
    }
    EXPECT_EQ(destroyed, 2);
}

static_assert(!std::is_copy_constructible_v<OwnPtr<int>>);
static_assert(!std::is_copy_constructible_v<NonnullOwnPtr<int>>);
