#include <gtest/gtest.h>
#include <lib/format.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <string>

// The C library's snprintf is the reference for everything C defines.
#define EXPECT_LIKE_SNPRINTF(...)                                                                                      \
    do {                                                                                                               \
        char ours[256];                                                                                                \
        char theirs[256];                                                                                              \
        usize our_length = format_to(ours, sizeof(ours), __VA_ARGS__);                                                 \
        int their_length = snprintf(theirs, sizeof(theirs), __VA_ARGS__);                                              \
        EXPECT_STREQ(ours, theirs) << "format: " << #__VA_ARGS__;                                                      \
        EXPECT_EQ(our_length, static_cast<usize>(their_length)) << #__VA_ARGS__;                                       \
    } while (0)

TEST(Format, PlainTextAndPercent)
{
    EXPECT_LIKE_SNPRINTF("hello");
    char const* empty = "";
    EXPECT_LIKE_SNPRINTF(empty, 0);
    EXPECT_LIKE_SNPRINTF("100%% sure, %%d");
}

TEST(Format, SignedDecimal)
{
    EXPECT_LIKE_SNPRINTF("%d %i %d %d", 0, 42, -42, INT_MIN);
    EXPECT_LIKE_SNPRINTF("[%5d] [%-5d] [%05d] [%+d] [% d] [%+d]", 42, 42, -42, 7, 7, -7);
    EXPECT_LIKE_SNPRINTF("[%.3d] [%8.3d] [%-8.3d] [%.0d] [%5.0d]", 7, -7, 7, 0, 0);
    // C: '0' is ignored when a precision is given. Through a variable, as -Wformat flags it.
    char const* zero_with_precision = "[%08.3d] [%08.3x]";
    EXPECT_LIKE_SNPRINTF(zero_with_precision, 7, 7u);
    EXPECT_LIKE_SNPRINTF("[%ld] [%lld] [%lld]", LONG_MAX, LLONG_MIN, -1LL);
    // hh and h must narrow an int that does not fit. Through a variable: Clang's -Wformat
    // rejects passing such values.
    char const* narrowing = "[%hhd] [%hd] [%hhd]";
    EXPECT_LIKE_SNPRINTF(narrowing, 300, 70000, -129);
    EXPECT_LIKE_SNPRINTF("[%zd] [%td] [%jd]", static_cast<ssize_t>(-5), static_cast<ptrdiff_t>(-6), INTMAX_MIN);
    EXPECT_LIKE_SNPRINTF("[%+05d] [% 05d] [%- 5d]", 3, 3, 3);
}

TEST(Format, UnsignedConversions)
{
    EXPECT_LIKE_SNPRINTF("%u %u %lu %llu", 0u, UINT_MAX, ULONG_MAX, ULLONG_MAX);
    EXPECT_LIKE_SNPRINTF("%x %X %lx %llX", 0xdeadbeefu, 0xdeadbeefu, 0x123456789abcdeful, ULLONG_MAX);
    EXPECT_LIKE_SNPRINTF("[%#x] [%#X] [%#x] [%#010x] [%#10x] [%-#10x]", 255u, 255u, 0u, 255u, 255u, 255u);
    EXPECT_LIKE_SNPRINTF("[%o] [%#o] [%#o] [%#.3o] [%#.0o] [%.0o]", 8u, 8u, 0u, 8u, 0u, 0u);
    char const* narrowing = "[%hhx] [%hx] [%hhu]";
    EXPECT_LIKE_SNPRINTF(narrowing, 0x1ffu, 0x1ffffu, 256u);
    EXPECT_LIKE_SNPRINTF("[%zu] [%zx] [%ju]", static_cast<size_t>(4096), SIZE_MAX, UINTMAX_MAX);
    EXPECT_LIKE_SNPRINTF("[%016lx] [%.16lx] [%20.16lx]", 0xffff800000000000ul, 0x1000ul, 0x1000ul);
}

TEST(Format, CharactersAndStrings)
{
    EXPECT_LIKE_SNPRINTF("[%c] [%3c] [%-3c]", 'a', 'b', 'c');
    EXPECT_LIKE_SNPRINTF("[%s] [%10s] [%-10s] [%.2s] [%5.1s] [%.0s]", "abc", "abc", "abc", "abc", "abc", "abc");
    EXPECT_LIKE_SNPRINTF("[%s]", "");
}

TEST(Format, StarWidthAndPrecision)
{
    EXPECT_LIKE_SNPRINTF("[%*d] [%-*d] [%*d]", 6, 42, 6, 42, -6, 42);
    EXPECT_LIKE_SNPRINTF("[%.*d] [%.*s] [%*.*s] [%.*d]", 4, 7, 2, "abcdef", 6, 3, "abcdef", -1, 7);
}

TEST(Format, Pointers)
{
    int object = 0;
    EXPECT_LIKE_SNPRINTF("[%p]", static_cast<void*>(&object));
    EXPECT_LIKE_SNPRINTF("[%p] [%10p] [%-10p]", nullptr, nullptr, nullptr);
    EXPECT_LIKE_SNPRINTF("[%20p] [%-20p]", static_cast<void*>(&object), static_cast<void*>(&object));
    char buffer[64];
    format_to(buffer, sizeof(buffer), "%p", reinterpret_cast<void*>(0xffffffff80001000ul));
    EXPECT_STREQ(buffer, "0xffffffff80001000");
}

TEST(Format, NullStringIsShownNotDereferenced)
{
    char buffer[32];
    char const* volatile null_string = nullptr; // volatile: gcc -O2 would warn at compile time
    EXPECT_EQ(format_to(buffer, sizeof(buffer), "<%s>", null_string), 8u);
    EXPECT_STREQ(buffer, "<(null)>");
}

TEST(Format, TruncationKeepsTerminatorAndFullLength)
{
    char buffer[8];
    memset(buffer, 'X', sizeof(buffer));
    EXPECT_EQ(format_to(buffer, sizeof(buffer), "%s-%d", "abcdef", 12345), 12u);
    EXPECT_STREQ(buffer, "abcdef-");

    memset(buffer, 'X', sizeof(buffer));
    EXPECT_EQ(format_to(buffer, 1, "abc"), 3u);
    EXPECT_EQ(buffer[0], '\0');
    EXPECT_EQ(buffer[1], 'X');

    // size 0: nothing written at all, not even the terminator; a null buffer is allowed.
    memset(buffer, 'X', sizeof(buffer));
    EXPECT_EQ(format_to(buffer, 0, "abc"), 3u);
    EXPECT_EQ(buffer[0], 'X');
    EXPECT_EQ(format_to(nullptr, 0, "%d", 123456), 6u);

    // Exactly fitting text.
    EXPECT_EQ(format_to(buffer, sizeof(buffer), "%7d", 1), 7u);
    EXPECT_STREQ(buffer, "      1");
}

TEST(Format, UnknownConversionIsCopied)
{
    // Through a variable so that -Wformat does not reject the deliberately bad format (the spare
    // argument keeps -Wformat-security quiet and is never read).
    char const* format = "a%yb%5qc%";
    char buffer[32];
    EXPECT_EQ(format_to(buffer, sizeof(buffer), format, 0), 9u);
    EXPECT_STREQ(buffer, "a%yb%5qc%");
}

namespace {

class StringSink final : public FormatSink {
public:
    void put(char const* characters, usize length) override
    {
        m_text.append(characters, length);
        ++m_calls;
    }

    std::string m_text;
    int m_calls { 0 };
};

} // namespace

TEST(Format, SinkStreamsWithoutLimit)
{
    StringSink sink;
    std::string long_text(1000, 'z');
    usize written = format_sink(sink, "<%s|%300d>", long_text.c_str(), -1);
    EXPECT_EQ(written, 1000u + 300u + 3u);
    EXPECT_EQ(sink.m_text.size(), written);
    EXPECT_EQ(sink.m_text.substr(1, 1000), long_text);
    EXPECT_EQ(sink.m_text.substr(sink.m_text.size() - 3), "-1>");
    // Padding is sent in chunks, not a call per character.
    EXPECT_LT(sink.m_calls, 40);
}

namespace {

usize wrapped(char* buffer, usize size, char const* format, ...) __attribute__((format(printf, 3, 4)));

usize wrapped(char* buffer, usize size, char const* format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    usize length = vformat_to(buffer, size, format, arguments);
    va_end(arguments);
    return length;
}

} // namespace

TEST(Format, VaListEntryPoint)
{
    char buffer[32];
    EXPECT_EQ(wrapped(buffer, sizeof(buffer), "%s=%#x", "cr0", 0x80000011u), 14u);
    EXPECT_STREQ(buffer, "cr0=0x80000011");
}
