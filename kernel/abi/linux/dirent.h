#pragma once
// getdents64's record (include/linux/dirent.h) and the d_type values (include/linux/fs_types.h).

#include <lib/types.h>
#include <stddef.h>

namespace linux_abi {

struct linux_dirent64 {
    u64 d_ino;
    i64 d_off; // the position to continue from (what lseek(fd, d_off, SEEK_SET) restores)
    u16 d_reclen; // of this record, NUL and padding to 8 bytes included
    u8 d_type;
    char d_name[]; // NUL-terminated
};
static_assert(offsetof(linux_dirent64, d_off) == 8);
static_assert(offsetof(linux_dirent64, d_reclen) == 16);
static_assert(offsetof(linux_dirent64, d_type) == 18);
static_assert(offsetof(linux_dirent64, d_name) == 19);

inline constexpr u8 DT_UNKNOWN = 0;
inline constexpr u8 DT_FIFO = 1;
inline constexpr u8 DT_CHR = 2;
inline constexpr u8 DT_DIR = 4;
inline constexpr u8 DT_BLK = 6;
inline constexpr u8 DT_REG = 8;
inline constexpr u8 DT_LNK = 10;
inline constexpr u8 DT_SOCK = 12;

// The d_type of a mode: Linux's S_DT(), the file-type bits shifted down.
constexpr u8 mode_to_dtype(u32 mode) { return u8((mode >> 12) & 15); }

// A record's size: header, name, NUL, rounded up to 8 (fs/readdir.c).
constexpr usize dirent64_reclen(usize name_length)
{
    return (offsetof(linux_dirent64, d_name) + name_length + 1 + 7) & ~usize(7);
}

} // namespace linux_abi
