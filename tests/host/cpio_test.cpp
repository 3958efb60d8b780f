#include <cstdio>
#include <cstring>
#include <fs/cpio.h>
#include <gtest/gtest.h>
#include <string>

namespace {

// One newc entry, as GNU cpio writes it.
std::string entry(const std::string& name, unsigned mode, const std::string& data, unsigned ino = 1, unsigned nlink = 1)
{
    char header[111];
    std::snprintf(header, sizeof(header), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ino, mode, 0u,
        0u, nlink, 0u, unsigned(data.size()), 0u, 0u, 0u, 0u, unsigned(name.size() + 1), 0u);
    std::string out(header, 110);
    out += name;
    out += '\0';
    while (out.size() % 4)
        out += '\0';
    out += data;
    while (out.size() % 4)
        out += '\0';
    return out;
}

std::string trailer() { return entry("TRAILER!!!", 0, ""); }

Result<bool> next(CpioReader& reader, CpioEntry& e) { return reader.next(e); }

} // namespace

TEST(Cpio, ReadsEntriesAndStopsAtTheTrailer)
{
    std::string archive
        = entry("etc", 040755, "") + entry("etc/f", 0100644, "hello", 2) + entry("etc/l", 0120777, "f", 3) + trailer();
    CpioReader reader(reinterpret_cast<const u8*>(archive.data()), archive.size());
    CpioEntry e;
    ASSERT_TRUE(next(reader, e).value());
    EXPECT_EQ(std::string(e.name), "etc");
    EXPECT_EQ(e.mode, 040755u);
    ASSERT_TRUE(next(reader, e).value());
    EXPECT_EQ(std::string(e.name, e.name_length), "etc/f");
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(e.data), e.data_size), "hello");
    EXPECT_EQ(e.ino, 2u);
    ASSERT_TRUE(next(reader, e).value());
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(e.data), e.data_size), "f");
    EXPECT_FALSE(next(reader, e).value());
}

TEST(Cpio, ConcatenatedArchivesAndZeroPaddingAreUnpackedInTurn)
{
    std::string archive = entry("a", 0100644, "1") + trailer() + std::string(512, '\0') + entry("b", 0100644, "2")
        + trailer() + std::string(100, '\0');
    CpioReader reader(reinterpret_cast<const u8*>(archive.data()), archive.size());
    CpioEntry e;
    ASSERT_TRUE(next(reader, e).value());
    EXPECT_EQ(std::string(e.name), "a");
    ASSERT_TRUE(next(reader, e).value());
    EXPECT_EQ(std::string(e.name), "b");
    EXPECT_FALSE(next(reader, e).value());
    CpioReader empty(nullptr, 0);
    EXPECT_FALSE(next(empty, e).value());
}

TEST(Cpio, MalformedArchivesAreCleanErrorsAtEveryTruncation)
{
    std::string good = entry("dir/file", 0100644, "some data here") + trailer();
    // Every prefix of a valid archive either ends cleanly between entries or fails with EINVAL;
    // the reader must never touch bytes past the end (ASan/valgrind would see it; the copy into
    // an exactly-sized heap buffer makes an overrun an out-of-bounds read).
    for (size_t cut = 1; cut < good.size(); ++cut) {
        auto* bytes = new u8[cut];
        std::memcpy(bytes, good.data(), cut);
        CpioReader reader(bytes, cut);
        CpioEntry e;
        bool failed = false;
        for (int i = 0; i < 4; ++i) {
            auto r = reader.next(e);
            if (r.is_error()) {
                EXPECT_EQ(r.error(), Errno::EINVAL);
                failed = true;
                break;
            }
            if (!r.value())
                break;
        }
        // Clean ends: the whole first entry is there (its final padding may be missing).
        size_t first_entry_end = 120 + std::strlen("some data here");
        EXPECT_TRUE(failed || cut >= first_entry_end) << "cut at " << cut;
        delete[] bytes;
    }
}

TEST(Cpio, BadMagicHexAndSizesAreRejected)
{
    CpioEntry e;
    std::string bad_magic = entry("a", 0100644, "x");
    bad_magic[5] = '7';
    CpioReader r1(reinterpret_cast<const u8*>(bad_magic.data()), bad_magic.size());
    EXPECT_EQ(r1.next(e).error(), Errno::EINVAL);

    std::string bad_hex = entry("a", 0100644, "x");
    bad_hex[10] = 'g';
    CpioReader r2(reinterpret_cast<const u8*>(bad_hex.data()), bad_hex.size());
    EXPECT_EQ(r2.next(e).error(), Errno::EINVAL);

    // filesize far past the end.
    std::string huge = entry("a", 0100644, "x");
    huge.replace(6 + 8 * 6, 8, "7FFFFFFF");
    CpioReader r3(reinterpret_cast<const u8*>(huge.data()), huge.size());
    EXPECT_EQ(r3.next(e).error(), Errno::EINVAL);

    // A name without its NUL where namesize says it ends.
    std::string unterminated = entry("ab", 0100644, "");
    unterminated[110 + 2] = 'c';
    CpioReader r4(reinterpret_cast<const u8*>(unterminated.data()), unterminated.size());
    EXPECT_EQ(r4.next(e).error(), Errno::EINVAL);

    // namesize 0.
    std::string no_name = entry("a", 0100644, "");
    no_name.replace(6 + 8 * 11, 8, "00000000");
    CpioReader r5(reinterpret_cast<const u8*>(no_name.data()), no_name.size());
    EXPECT_EQ(r5.next(e).error(), Errno::EINVAL);
}
