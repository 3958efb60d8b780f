#include <gtest/gtest.h>
#include <lib/bitmap.h>

TEST(Bitmap, SetClearGetAcrossWords)
{
    u64 words[3] = {};
    Bitmap bitmap(words, 150);
    EXPECT_EQ(bitmap.size(), 150u);
    bitmap.set(0);
    bitmap.set(63);
    bitmap.set(64);
    bitmap.set(149);
    EXPECT_EQ(words[0], (u64(1) << 63) | 1);
    EXPECT_EQ(words[1], 1u);
    EXPECT_EQ(words[2], u64(1) << (149 - 128));
    EXPECT_TRUE(bitmap.get(63));
    EXPECT_FALSE(bitmap.get(62));
    bitmap.clear(63);
    EXPECT_FALSE(bitmap.get(63));
    bitmap.assign(5, true);
    EXPECT_TRUE(bitmap.get(5));
    EXPECT_EQ(bitmap.count_set(), 4u);
    EXPECT_EQ(bitmap.count_clear(), 146u);
}

TEST(Bitmap, RangesSpanningWords)
{
    u64 words[4] = {};
    Bitmap bitmap(words, 256);
    bitmap.set_range(60, 140); // 60..199
    EXPECT_EQ(bitmap.count_set(), 140u);
    EXPECT_FALSE(bitmap.get(59));
    EXPECT_TRUE(bitmap.get(60));
    EXPECT_TRUE(bitmap.get(199));
    EXPECT_FALSE(bitmap.get(200));
    EXPECT_EQ(words[1], ~u64(0));
    bitmap.clear_range(64, 64);
    EXPECT_EQ(words[1], 0u);
    EXPECT_EQ(bitmap.count_set(), 76u);
    bitmap.set_range(10, 0); // empty range is fine
    EXPECT_EQ(bitmap.count_set(), 76u);
    bitmap.set_all();
    EXPECT_EQ(bitmap.count_set(), 256u);
    bitmap.clear_all();
    EXPECT_EQ(bitmap.count_set(), 0u);
}

TEST(Bitmap, FindFirstRespectsStartAndEnd)
{
    u64 words[2] = {};
    Bitmap bitmap(words, 100);
    EXPECT_EQ(bitmap.find_first_set(), Bitmap::npos);
    EXPECT_EQ(bitmap.find_first_clear(), 0u);
    bitmap.set(70);
    EXPECT_EQ(bitmap.find_first_set(), 70u);
    EXPECT_EQ(bitmap.find_first_set(70), 70u);
    EXPECT_EQ(bitmap.find_first_set(71), Bitmap::npos);
    EXPECT_EQ(bitmap.find_first_set(100), Bitmap::npos);

    bitmap.set_all();
    EXPECT_EQ(bitmap.find_first_clear(), Bitmap::npos);
    bitmap.clear(99);
    EXPECT_EQ(bitmap.find_first_clear(), 99u);
    EXPECT_EQ(bitmap.find_first_clear(3), 99u);
}

TEST(Bitmap, IgnoresGarbageBeyondSize)
{
    // Storage the bitmap does not own may have junk in the unused tail of the last word.
    u64 words[2] = { 0, ~u64(0) };
    Bitmap bitmap(words, 70);
    EXPECT_EQ(bitmap.count_set(), 6u); // bits 64..69
    bitmap.clear_range(64, 6);
    EXPECT_EQ(bitmap.count_set(), 0u);
    EXPECT_EQ(bitmap.find_first_set(), Bitmap::npos);
    bitmap.set_range(0, 70);
    EXPECT_EQ(bitmap.find_first_clear(), Bitmap::npos);
}

TEST(Bitmap, FindClearRunAcrossWordBoundary)
{
    u64 words[3] = {};
    Bitmap bitmap(words, 192);
    bitmap.set_all();
    bitmap.clear_range(10, 3); // a run of 3
    bitmap.clear_range(60, 10); // a run of 10 straddling words 0 and 1
    bitmap.clear_range(120, 40); // a run of 40 straddling words 1 and 2
    EXPECT_EQ(bitmap.find_clear_run(1), 10u);
    EXPECT_EQ(bitmap.find_clear_run(3), 10u);
    EXPECT_EQ(bitmap.find_clear_run(4), 60u);
    EXPECT_EQ(bitmap.find_clear_run(10), 60u);
    EXPECT_EQ(bitmap.find_clear_run(11), 120u);
    EXPECT_EQ(bitmap.find_clear_run(40), 120u);
    EXPECT_EQ(bitmap.find_clear_run(41), Bitmap::npos);
    EXPECT_EQ(bitmap.find_clear_run(2, 11), 11u);
    EXPECT_EQ(bitmap.find_clear_run(3, 11), 60u);

    // A run that reaches the very end of the map.
    bitmap.clear_range(180, 12);
    EXPECT_EQ(bitmap.find_clear_run(12, 161), 180u);
    EXPECT_EQ(bitmap.find_clear_run(13, 161), Bitmap::npos);
}

TEST(StaticBitmap, InlineStorage)
{
    StaticBitmap<130> bitmap;
    EXPECT_EQ(bitmap.size(), 130u);
    EXPECT_EQ(bitmap.count_set(), 0u); // zero-initialised
    bitmap.set_range(0, 129);
    EXPECT_EQ(bitmap.find_first_clear(), 129u);
    bitmap.clear(64);
    EXPECT_EQ(bitmap.find_first_clear(), 64u);
    EXPECT_EQ(bitmap.view().count_clear(), 2u);
    StaticBitmap<130> copy = bitmap; // a copy owns its own storage
    copy.set(64);
    EXPECT_FALSE(bitmap.get(64));
    EXPECT_TRUE(copy.get(64));
}

TEST(BitmapDeathTest, OutOfRangeIsCaught)
{
    u64 word = 0;
    Bitmap bitmap(&word, 10);
    EXPECT_DEATH(bitmap.set(10), "VERIFY");
    EXPECT_DEATH(bitmap.set_range(5, 6), "VERIFY");
}
