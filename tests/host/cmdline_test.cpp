#include <cstring>
#include <gtest/gtest.h>
#include <lib/cmdline.h>
#include <string>

namespace {

// The value of `key`, or "<absent>"; the buffer starts poisoned so a missing NUL shows.
std::string get(char const* cmdline, char const* key, usize size = 64)
{
    char out[128];
    EXPECT_LE(size, sizeof(out));
    memset(out, '#', sizeof(out));
    if (!cmdline_get(cmdline, key, out, size))
        return "<absent>";
    EXPECT_NE(memchr(out, 0, size), nullptr) << "value not NUL-terminated within out_size";
    // Nothing written past out_size.
    for (usize i = size; i < sizeof(out); ++i)
        EXPECT_EQ(out[i], '#') << "wrote past out_size at " << i;
    return std::string(out, strnlen(out, size));
}

} // namespace

TEST(Cmdline, KeyWithValue)
{
    EXPECT_EQ(get("console=ttyS0 root=/dev/sda1", "console"), "ttyS0");
    EXPECT_EQ(get("console=ttyS0 root=/dev/sda1", "root"), "/dev/sda1");
    EXPECT_TRUE(cmdline_has("console=ttyS0 root=/dev/sda1", "root"));
}

TEST(Cmdline, BareKeyHasEmptyValue)
{
    EXPECT_EQ(get("quiet ktest", "quiet"), "");
    EXPECT_EQ(get("quiet ktest", "ktest"), "");
    EXPECT_TRUE(cmdline_has("quiet ktest", "quiet"));
    EXPECT_TRUE(cmdline_has("quiet ktest", "ktest"));
}

TEST(Cmdline, EmptyValueAfterEquals)
{
    EXPECT_EQ(get("init= quiet", "init"), "");
    EXPECT_TRUE(cmdline_has("init= quiet", "init"));
}

TEST(Cmdline, ValueMayContainEquals) { EXPECT_EQ(get("opt=a=b=c", "opt"), "a=b=c"); }

TEST(Cmdline, AbsentKey)
{
    EXPECT_EQ(get("console=ttyS0 quiet", "root"), "<absent>");
    EXPECT_FALSE(cmdline_has("console=ttyS0 quiet", "root"));
    // A value that happens to equal the key is not the key.
    EXPECT_FALSE(cmdline_has("console=quiet", "quiet"));
    EXPECT_FALSE(cmdline_has("a=b", "b"));
}

TEST(Cmdline, AbsentKeyLeavesOutputAlone)
{
    char out[8] = "keep";
    EXPECT_FALSE(cmdline_get("a=1 b=2", "c", out, sizeof(out)));
    EXPECT_STREQ(out, "keep");
}

TEST(Cmdline, LastOccurrenceWins)
{
    EXPECT_EQ(get("root=/dev/sda1 quiet root=/dev/vda", "root"), "/dev/vda");
    // A shorter later value fully replaces a longer earlier one.
    EXPECT_EQ(get("root=/dev/sda1 root=x", "root"), "x");
    // A later bare key wins over an earlier value, and the other way round.
    EXPECT_EQ(get("debug=3 debug", "debug"), "");
    EXPECT_EQ(get("debug debug=3", "debug"), "3");
    // A later non-matching word does not disturb the found value.
    EXPECT_EQ(get("debug=3 debugx=4 debu=5", "debug"), "3");
}

TEST(Cmdline, PrefixOfAKeyDoesNotMatch)
{
    EXPECT_FALSE(cmdline_has("ktestx=1", "ktest"));
    EXPECT_FALSE(cmdline_has("ktestx", "ktest"));
    EXPECT_EQ(get("ktestx=1", "ktest"), "<absent>");
    EXPECT_EQ(get("ktestx=1 ktest=2", "ktest"), "2");
    EXPECT_EQ(get("ktest=2 ktestx=1", "ktest"), "2");
    // Nor does a key that is longer than the word.
    EXPECT_FALSE(cmdline_has("ktest=1", "ktestx"));
    EXPECT_FALSE(cmdline_has("ktest", "ktestx"));
    // Nor a key that only matches the end of a word.
    EXPECT_FALSE(cmdline_has("xktest=1", "ktest"));
}

TEST(Cmdline, TruncatesToFitAndTerminates)
{
    char const* line = "root=/dev/sda1";
    EXPECT_EQ(get(line, "root", 10), "/dev/sda1"); // 9 characters + NUL: fits exactly
    EXPECT_EQ(get(line, "root", 9), "/dev/sda");
    EXPECT_EQ(get(line, "root", 8), "/dev/sd");
    EXPECT_EQ(get(line, "root", 2), "/");
    EXPECT_EQ(get(line, "root", 1), "");
    // Truncation does not spill into the next word.
    EXPECT_EQ(get("a=123456 b=7", "a", 4), "123");
}

TEST(Cmdline, ZeroSizedOutputIsNotWritten)
{
    char out[4] = { 'x', 'y', 'z', 'w' };
    EXPECT_TRUE(cmdline_get("a=1", "a", out, 0));
    EXPECT_EQ(out[0], 'x');
    EXPECT_EQ(out[1], 'y');
    EXPECT_FALSE(cmdline_get("a=1", "b", out, 0));
}

TEST(Cmdline, EmptyCmdline)
{
    EXPECT_FALSE(cmdline_has("", "quiet"));
    EXPECT_EQ(get("", "quiet"), "<absent>");
    EXPECT_FALSE(cmdline_has("   ", "quiet"));
    EXPECT_EQ(get("   ", "quiet"), "<absent>");
}

TEST(Cmdline, MultipleLeadingTrailingAndInnerSpaces)
{
    char const* line = "   a=1     b    c=three   ";
    EXPECT_EQ(get(line, "a"), "1");
    EXPECT_EQ(get(line, "b"), "");
    EXPECT_EQ(get(line, "c"), "three");
    EXPECT_FALSE(cmdline_has(line, "d"));
}

TEST(Cmdline, KeyAtTheEnd)
{
    EXPECT_TRUE(cmdline_has("console=ttyS0 quiet", "quiet"));
    EXPECT_EQ(get("console=ttyS0 root=/dev/vda", "root"), "/dev/vda");
    EXPECT_EQ(get("console=ttyS0 init=", "init"), "");
    EXPECT_EQ(get("quiet", "quiet"), "");
    EXPECT_EQ(get("x=1", "x"), "1");
}

TEST(Cmdline, SingleCharacterKeysAndValues)
{
    EXPECT_EQ(get("a b=c d", "b"), "c");
    EXPECT_TRUE(cmdline_has("a b=c d", "a"));
    EXPECT_TRUE(cmdline_has("a b=c d", "d"));
    EXPECT_FALSE(cmdline_has("a b=c d", "c"));
}
