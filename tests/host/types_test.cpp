#include <gtest/gtest.h>
#include <lib/types.h>

TEST(Types, Sizes)
{
    static_assert(sizeof(u8) == 1 && sizeof(u16) == 2 && sizeof(u32) == 4 && sizeof(u64) == 8);
    static_assert(sizeof(i8) == 1 && sizeof(i16) == 2 && sizeof(i32) == 4 && sizeof(i64) == 8);
    static_assert(static_cast<isize>(-1) < 0 && static_cast<usize>(-1) > 0);
}

TEST(Types, AlignmentHelpers)
{
    EXPECT_EQ(lib::align_up<u64>(0, 4096), 0u);
    EXPECT_EQ(lib::align_up<u64>(1, 4096), 4096u);
    EXPECT_EQ(lib::align_up<u64>(4096, 4096), 4096u);
    EXPECT_EQ(lib::align_up<u64>(4097, 4096), 8192u);
    u64 address = 0x1234'5678;
    EXPECT_EQ(lib::align_down(address, 4096), 0x1234'5000u);
    EXPECT_TRUE(lib::is_aligned(lib::align_up(address, 64), 64));
    EXPECT_FALSE(lib::is_aligned(address + 1, 2));
    EXPECT_TRUE(lib::is_power_of_two(4096u));
    EXPECT_FALSE(lib::is_power_of_two(0u));
    EXPECT_FALSE(lib::is_power_of_two(6u));
    EXPECT_TRUE(lib::is_power_of_two(u64(1) << 63));
}

TEST(Types, DivRoundUpAndMinMax)
{
    EXPECT_EQ(lib::div_round_up<u64>(0, 4096), 0u);
    EXPECT_EQ(lib::div_round_up<u64>(1, 4096), 1u);
    EXPECT_EQ(lib::div_round_up<u64>(8192, 4096), 2u);
    EXPECT_EQ(lib::div_round_up<u64>(8193, 4096), 3u);
    // The naive (n + d - 1) / d would wrap here.
    EXPECT_EQ(lib::div_round_up<u64>(~u64(0), 2), u64(1) << 63);
    EXPECT_EQ(lib::min(3, 5), 3);
    EXPECT_EQ(lib::max(-3, -5), -3);
    usize n = 10;
    EXPECT_EQ(lib::min(n, 4), 4u);
}
