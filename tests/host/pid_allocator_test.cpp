#include <gtest/gtest.h>
#include <proc/pid_allocator.h>

// The allocation order is Linux's (kernel/pid.c alloc_pid, lib/idr.c idr_alloc_cyclic): these
// tests pin it so that pids on Sprout come out in the order a Linux user would see.

namespace {

i32 must_allocate(PidAllocator& pids)
{
    auto result = pids.allocate();
    EXPECT_FALSE(result.is_error());
    return result.is_error() ? -1 : result.value();
}

// Allocate every free id, so that the next allocate() fails.
void fill(PidAllocator& pids)
{
    while (!pids.allocate().is_error()) { }
}

} // namespace

TEST(PidAllocator, DefaultsToLinuxPidMax)
{
    PidAllocator pids;
    EXPECT_EQ(pids.pid_max(), 32768);
    EXPECT_EQ(pids.in_use(), 0u);
}

TEST(PidAllocator, SequentialFromOne)
{
    PidAllocator pids;
    for (i32 expected = 1; expected <= 1000; ++expected)
        EXPECT_EQ(must_allocate(pids), expected);
    EXPECT_EQ(pids.in_use(), 1000u);
    EXPECT_FALSE(pids.is_allocated(0));
    EXPECT_TRUE(pids.is_allocated(1));
    EXPECT_TRUE(pids.is_allocated(1000));
    EXPECT_FALSE(pids.is_allocated(1001));
}

TEST(PidAllocator, FreedIdIsNotReusedBeforeTheWrap)
{
    PidAllocator pids(400);
    for (i32 i = 1; i <= 10; ++i)
        must_allocate(pids);
    pids.free(5);
    pids.free(10); // the last one handed out: still not the next one
    EXPECT_FALSE(pids.is_allocated(5));
    EXPECT_EQ(pids.in_use(), 8u);
    EXPECT_EQ(must_allocate(pids), 11);
    EXPECT_EQ(must_allocate(pids), 12);
    EXPECT_FALSE(pids.is_allocated(5));
    EXPECT_FALSE(pids.is_allocated(10));
}

TEST(PidAllocator, WrapsToReservedPids)
{
    PidAllocator pids(400);
    for (i32 expected = 1; expected < 400; ++expected)
        EXPECT_EQ(must_allocate(pids), expected);
    // Free some below and above RESERVED_PIDS: after the wrap only those >= 300 come back, in
    // increasing order, and ids below 300 stay unused even though they are free.
    pids.free(2);
    pids.free(299);
    pids.free(300);
    pids.free(350);
    pids.free(399);
    EXPECT_EQ(must_allocate(pids), 300);
    EXPECT_EQ(must_allocate(pids), 350);
    EXPECT_EQ(must_allocate(pids), 399);
    EXPECT_TRUE(pids.allocate().is_error());
    EXPECT_FALSE(pids.is_allocated(2));
    EXPECT_FALSE(pids.is_allocated(299));
}

TEST(PidAllocator, CursorContinuesAfterTheWrap)
{
    PidAllocator pids(400);
    for (i32 i = 1; i < 400; ++i)
        must_allocate(pids);
    for (i32 pid = 300; pid < 400; ++pid)
        pids.free(pid);
    EXPECT_EQ(must_allocate(pids), 300);
    EXPECT_EQ(must_allocate(pids), 301);
    pids.free(300); // behind the cursor: its turn comes at the next wrap
    EXPECT_EQ(must_allocate(pids), 302);
    for (i32 expected = 303; expected < 400; ++expected)
        EXPECT_EQ(must_allocate(pids), expected);
    EXPECT_EQ(must_allocate(pids), 300);
}

TEST(PidAllocator, IdsBelowReservedAreNotReusedAfterTheWrap)
{
    // Every id below 300 is free again, and so is one at the top: the wrap skips the low ones.
    PidAllocator pids(400);
    for (i32 i = 1; i < 400; ++i)
        must_allocate(pids);
    for (i32 pid = 1; pid < 300; ++pid)
        pids.free(pid);
    pids.free(399);
    EXPECT_EQ(pids.in_use(), 99u); // 300..398
    EXPECT_EQ(must_allocate(pids), 399);
    EXPECT_EQ(pids.allocate().error(), Errno::EAGAIN);
    EXPECT_EQ(pids.in_use(), 100u);
}

TEST(PidAllocator, ExhaustionIsEagainUntilAnIdIsFreed)
{
    PidAllocator pids(400);
    fill(pids);
    EXPECT_EQ(pids.in_use(), 399u);
    auto result = pids.allocate();
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), Errno::EAGAIN);
    EXPECT_EQ(pids.in_use(), 399u);

    pids.free(345);
    EXPECT_EQ(pids.in_use(), 398u);
    EXPECT_EQ(must_allocate(pids), 345);
    EXPECT_EQ(pids.allocate().error(), Errno::EAGAIN);
}

TEST(PidAllocator, FullCycleAtLinuxPidMax)
{
    PidAllocator pids;
    fill(pids);
    EXPECT_EQ(pids.in_use(), 32767u);
    EXPECT_TRUE(pids.is_allocated(32767));
    EXPECT_FALSE(pids.is_allocated(32768));
    pids.free(1);
    pids.free(32767);
    EXPECT_EQ(must_allocate(pids), 32767);
    EXPECT_EQ(pids.allocate().error(), Errno::EAGAIN);
}

TEST(PidAllocator, OutOfRangeIsNotAllocated)
{
    PidAllocator pids(400);
    fill(pids);
    EXPECT_FALSE(pids.is_allocated(-1));
    EXPECT_FALSE(pids.is_allocated(0));
    EXPECT_FALSE(pids.is_allocated(400));
    EXPECT_FALSE(pids.is_allocated(32767));
}

TEST(PidAllocatorDeathTest, DoubleFreeIsCaught)
{
    PidAllocator pids(400);
    i32 pid = must_allocate(pids);
    pids.free(pid);
    EXPECT_DEATH(pids.free(pid), "VERIFY");
}

TEST(PidAllocatorDeathTest, FreeOfBadIdsIsCaught)
{
    PidAllocator pids(400);
    EXPECT_DEATH(pids.free(0), "VERIFY");
    EXPECT_DEATH(pids.free(-1), "VERIFY");
    EXPECT_DEATH(pids.free(400), "VERIFY");
    EXPECT_DEATH(pids.free(7), "VERIFY"); // never allocated
}

TEST(PidAllocatorDeathTest, PidMaxOutsideLinuxLimitsIsCaught)
{
    EXPECT_DEATH(PidAllocator(300), "VERIFY");
    EXPECT_DEATH(PidAllocator(PidAllocator::PID_MAX_CAPACITY + 1), "VERIFY");
}

// clone3's set_tid: exactly that id, or EEXIST / EINVAL; the cyclic cursor does not move.
TEST(PidAllocator, AllocateExact)
{
    PidAllocator pids(1000);
    EXPECT_EQ(must_allocate(pids), 1);
    auto exact = pids.allocate_exact(500);
    ASSERT_FALSE(exact.is_error());
    EXPECT_EQ(exact.value(), 500);
    EXPECT_TRUE(pids.is_allocated(500));
    EXPECT_EQ(pids.allocate_exact(500).error(), Errno::EEXIST);
    EXPECT_EQ(pids.allocate_exact(1).error(), Errno::EEXIST);
    EXPECT_EQ(pids.allocate_exact(0).error(), Errno::EINVAL);
    EXPECT_EQ(pids.allocate_exact(-1).error(), Errno::EINVAL);
    EXPECT_EQ(pids.allocate_exact(1000).error(), Errno::EINVAL);
    EXPECT_EQ(must_allocate(pids), 2); // the cursor did not jump past 500
    EXPECT_EQ(pids.in_use(), 3u);
    pids.free(500);
    EXPECT_FALSE(pids.is_allocated(500));
}
