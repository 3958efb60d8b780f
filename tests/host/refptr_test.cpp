#include <gtest/gtest.h>
#include <lib/refptr.h>

namespace {

struct Counters {
    int destroyed { 0 };
    int will_be_destroyed { 0 };
};

class Object : public RefCounted<Object> {
public:
    explicit Object(Counters& counters, int value = 0)
        : m_counters(counters)
        , m_value(value)
    {
    }
    virtual ~Object() { ++m_counters.destroyed; }

    int value() const { return m_value; }

protected:
    Counters& m_counters;

private:
    int m_value;
};

class Derived final : public Object {
public:
    using Object::Object;
};

class WithHook : public RefCounted<WithHook> {
public:
    explicit WithHook(Counters& counters)
        : m_counters(counters)
    {
    }
    ~WithHook() { ++m_counters.destroyed; }

    // Must run before the destructor, while the object is whole.
    void will_be_destroyed()
    {
        EXPECT_EQ(m_counters.destroyed, 0);
        ++m_counters.will_be_destroyed;
    }

private:
    Counters& m_counters;
};

} // namespace

TEST(RefPtr, AdoptCopyMoveAndDestroyOnce)
{
    Counters counters;
    {
        auto first = adopt_ref(*new Object(counters, 5));
        EXPECT_EQ(first->ref_count(), 1u);
        {
            NonnullRefPtr<Object> second = first;
            EXPECT_EQ(first->ref_count(), 2u);
            EXPECT_EQ(second->value(), 5);
            EXPECT_TRUE(second == first);

            NonnullRefPtr<Object> third = std::move(second);
            EXPECT_EQ(first->ref_count(), 2u); // a move takes no reference
        }
        EXPECT_EQ(first->ref_count(), 1u);
        EXPECT_EQ(counters.destroyed, 0);
    }
    EXPECT_EQ(counters.destroyed, 1);
}

TEST(RefPtr, TryMakeRefCounted)
{
    Counters counters;
    {
        auto result = try_make_ref_counted<Object>(counters, 3);
        ASSERT_FALSE(result.is_error());
        NonnullRefPtr<Object> object = result.release_value();
        EXPECT_EQ(object->value(), 3);
        EXPECT_EQ(object->ref_count(), 1u);
    }
    EXPECT_EQ(counters.destroyed, 1);
}

TEST(RefPtr, NullableBehaviour)
{
    Counters counters;
    RefPtr<Object> empty;
    EXPECT_FALSE(empty);
    EXPECT_TRUE(empty.is_null());
    EXPECT_TRUE(empty == nullptr);
    EXPECT_EQ(empty.ptr(), nullptr);

    RefPtr<Object> none = adopt_ref_if_nonnull<Object>(nullptr);
    EXPECT_FALSE(none);

    auto nonnull = adopt_ref(*new Object(counters));
    RefPtr<Object> maybe = nonnull;
    EXPECT_TRUE(maybe);
    EXPECT_EQ(nonnull->ref_count(), 2u);
    EXPECT_TRUE(maybe == nonnull);
    EXPECT_TRUE(nonnull == maybe);
    EXPECT_TRUE(maybe == nonnull.ptr());

    maybe = nullptr;
    EXPECT_EQ(nonnull->ref_count(), 1u);

    RefPtr<Object> raw = nonnull.ptr(); // from a raw pointer: takes a reference
    EXPECT_EQ(nonnull->ref_count(), 2u);
    raw.clear();
    EXPECT_EQ(nonnull->ref_count(), 1u);
    EXPECT_EQ(counters.destroyed, 0);
}

TEST(RefPtr, LastReferenceThroughRefPtrDestroys)
{
    Counters counters;
    RefPtr<Object> only = adopt_ref_if_nonnull(new Object(counters));
    RefPtr<Object> copy = only;
    only = nullptr;
    EXPECT_EQ(counters.destroyed, 0);
    copy = nullptr;
    EXPECT_EQ(counters.destroyed, 1);
}

TEST(RefPtr, DerivedToBaseConversions)
{
    Counters counters;
    {
        NonnullRefPtr<Derived> derived = adopt_ref(*new Derived(counters, 9));
        NonnullRefPtr<Object> base = derived;
        EXPECT_EQ(base->ref_count(), 2u);
        RefPtr<Object> nullable_base = std::move(derived);
        EXPECT_EQ(base->ref_count(), 2u);
        EXPECT_EQ(nullable_base->value(), 9);
        RefPtr<Derived> nullable_derived = adopt_ref(*new Derived(counters, 1));
        nullable_base = nullable_derived;
        EXPECT_EQ(nullable_base->value(), 1);
        EXPECT_EQ(base->ref_count(), 1u);
    }
    EXPECT_EQ(counters.destroyed, 2);
}

TEST(RefPtr, LeakAndReleaseNonnull)
{
    Counters counters;
    auto object = adopt_ref(*new Object(counters));
    Object& leaked = object.leak_ref();
    EXPECT_EQ(leaked.ref_count(), 1u);
    RefPtr<Object> again = adopt_ref_if_nonnull(&leaked);
    NonnullRefPtr<Object> nonnull = again.release_nonnull();
    EXPECT_FALSE(again);
    EXPECT_EQ(nonnull->ref_count(), 1u);
    EXPECT_EQ(counters.destroyed, 0);
}

TEST(RefPtr, AssignmentReleasesOldObject)
{
    Counters a;
    Counters b;
    auto p = adopt_ref(*new Object(a));
    auto q = adopt_ref(*new Object(b));
    p = q;
    EXPECT_EQ(a.destroyed, 1);
    EXPECT_EQ(q->ref_count(), 2u);
    auto& alias = p;
    p = alias; // self-assignment must not drop a reference
    EXPECT_EQ(b.destroyed, 0);
    EXPECT_EQ(q->ref_count(), 2u);
}

TEST(RefPtr, WillBeDestroyedHookRunsFirst)
{
    Counters counters;
    {
        auto object = adopt_ref(*new WithHook(counters));
        auto copy = object;
    }
    EXPECT_EQ(counters.will_be_destroyed, 1);
    EXPECT_EQ(counters.destroyed, 1);
}

TEST(RefPtr, TryRefFailsOnceDying)
{
    Counters counters;
    auto object = adopt_ref(*new Object(counters));
    ASSERT_TRUE(object->try_ref());
    EXPECT_EQ(object->ref_count(), 2u);
    object->unref();
    EXPECT_EQ(object->ref_count(), 1u);
}
