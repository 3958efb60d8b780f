#pragma once
// A reader for cpio "newc" archives (the initramfs format: Linux's
// Documentation/driver-api/early-userspace/buffer-format.rst). Pure code over a byte range: it
// never reads outside [data, data + size), and a malformed archive is an EINVAL, never a crash.
// Host-tested in tests/host/cpio_test.cpp.
//
//   header: "070701" (or "070702", with checksum) then 13 fields of 8 hex digits
//   name:   namesize bytes including the NUL; header + name padded to a multiple of 4
//   data:   filesize bytes, padded to a multiple of 4
//   the entry named "TRAILER!!!" ends an archive; zero padding may follow, and another archive
//   after that (Linux unpacks concatenated archives in turn).

#include <lib/result.h>
#include <lib/types.h>

struct CpioEntry {
    u32 ino;
    u32 mode;
    u32 uid;
    u32 gid;
    u32 nlink;
    u32 mtime;
    u32 dev_major;
    u32 dev_minor;
    u32 rdev_major;
    u32 rdev_minor;
    const char* name; // NUL-terminated, inside the archive
    usize name_length; // without the NUL
    const u8* data; // the file's bytes (a symlink's target), inside the archive
    usize data_size;
};

class CpioReader {
public:
    CpioReader(const u8* data, usize size)
        : m_data(data)
        , m_size(size)
    {
    }

    // The next entry into `entry`: true if there was one, false at the end of the archive(s)
    // (trailers are skipped, not returned); EINVAL if malformed.
    Result<bool> next(CpioEntry& entry);

private:
    const u8* m_data;
    usize m_size;
    usize m_offset { 0 };
};
