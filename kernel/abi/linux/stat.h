#pragma once
// File types, permission bits, struct stat (x86_64) and struct statx, as Linux defines them
// (include/uapi/linux/stat.h, arch/x86/include/uapi/asm/stat.h).

#include <lib/types.h>
#include <stddef.h>

namespace linux_abi {

inline constexpr u32 S_IFMT = 0170000;
inline constexpr u32 S_IFSOCK = 0140000;
inline constexpr u32 S_IFLNK = 0120000;
inline constexpr u32 S_IFREG = 0100000;
inline constexpr u32 S_IFBLK = 0060000;
inline constexpr u32 S_IFDIR = 0040000;
inline constexpr u32 S_IFCHR = 0020000;
inline constexpr u32 S_IFIFO = 0010000;
inline constexpr u32 S_ISUID = 0004000;
inline constexpr u32 S_ISGID = 0002000;
inline constexpr u32 S_ISVTX = 0001000;
inline constexpr u32 S_IRWXU = 0000700;
inline constexpr u32 S_IRWXG = 0000070;
inline constexpr u32 S_IRWXO = 0000007;
inline constexpr u32 S_IRWXUGO = 0000777;
inline constexpr u32 S_IALLUGO = 0007777;
inline constexpr u32 S_IXUGO = 0000111;

constexpr bool S_ISDIR(u32 mode) { return (mode & S_IFMT) == S_IFDIR; }
constexpr bool S_ISREG(u32 mode) { return (mode & S_IFMT) == S_IFREG; }
constexpr bool S_ISLNK(u32 mode) { return (mode & S_IFMT) == S_IFLNK; }
constexpr bool S_ISCHR(u32 mode) { return (mode & S_IFMT) == S_IFCHR; }
constexpr bool S_ISBLK(u32 mode) { return (mode & S_IFMT) == S_IFBLK; }

// Device numbers as the kernel encodes them in st_dev / st_rdev (include/linux/kdev_t.h,
// new_encode_dev): 12 bits of major, 20 of minor, split so that small numbers stay readable.
constexpr u64 encode_dev(u32 major, u32 minor)
{
    return (minor & 0xff) | (u64(major & 0xfff) << 8) | (u64(minor & ~0xffu) << 12);
}
constexpr u32 dev_major(u64 dev) { return u32((dev & 0xfff00) >> 8); }
constexpr u32 dev_minor(u64 dev) { return u32((dev & 0xff) | ((dev >> 12) & 0xfff00)); }

// struct stat of x86_64 (the 64-bit layout, which fstat/stat/lstat/newfstatat fill).
struct stat {
    u64 st_dev;
    u64 st_ino;
    u64 st_nlink;
    u32 st_mode;
    u32 st_uid;
    u32 st_gid;
    u32 __pad0;
    u64 st_rdev;
    i64 st_size;
    i64 st_blksize;
    i64 st_blocks; // in 512-byte units
    u64 st_atime;
    u64 st_atime_nsec;
    u64 st_mtime;
    u64 st_mtime_nsec;
    u64 st_ctime;
    u64 st_ctime_nsec;
    i64 __unused[3];
};
static_assert(sizeof(stat) == 144);
static_assert(offsetof(stat, st_nlink) == 16);
static_assert(offsetof(stat, st_mode) == 24);
static_assert(offsetof(stat, st_rdev) == 40);
static_assert(offsetof(stat, st_size) == 48);
static_assert(offsetof(stat, st_blocks) == 64);
static_assert(offsetof(stat, st_atime) == 72);
static_assert(offsetof(stat, st_mtime) == 88);
static_assert(offsetof(stat, st_ctime) == 104);

struct statx_timestamp {
    i64 tv_sec;
    u32 tv_nsec;
    i32 __reserved;
};
static_assert(sizeof(statx_timestamp) == 16);

struct statx {
    u32 stx_mask;
    u32 stx_blksize;
    u64 stx_attributes;
    u32 stx_nlink;
    u32 stx_uid;
    u32 stx_gid;
    u16 stx_mode;
    u16 __spare0;
    u64 stx_ino;
    u64 stx_size;
    u64 stx_blocks;
    u64 stx_attributes_mask;
    statx_timestamp stx_atime;
    statx_timestamp stx_btime;
    statx_timestamp stx_ctime;
    statx_timestamp stx_mtime;
    u32 stx_rdev_major;
    u32 stx_rdev_minor;
    u32 stx_dev_major;
    u32 stx_dev_minor;
    u64 stx_mnt_id;
    u32 stx_dio_mem_align;
    u32 stx_dio_offset_align;
    u64 __spare3[12];
};
static_assert(sizeof(statx) == 256);
static_assert(offsetof(statx, stx_mode) == 28);
static_assert(offsetof(statx, stx_ino) == 32);
static_assert(offsetof(statx, stx_atime) == 64);
static_assert(offsetof(statx, stx_mtime) == 112);
static_assert(offsetof(statx, stx_rdev_major) == 128);
static_assert(offsetof(statx, stx_mnt_id) == 144);
static_assert(offsetof(statx, __spare3) == 160);

inline constexpr u32 STATX_TYPE = 0x001;
inline constexpr u32 STATX_MODE = 0x002;
inline constexpr u32 STATX_NLINK = 0x004;
inline constexpr u32 STATX_UID = 0x008;
inline constexpr u32 STATX_GID = 0x010;
inline constexpr u32 STATX_ATIME = 0x020;
inline constexpr u32 STATX_MTIME = 0x040;
inline constexpr u32 STATX_CTIME = 0x080;
inline constexpr u32 STATX_INO = 0x100;
inline constexpr u32 STATX_SIZE = 0x200;
inline constexpr u32 STATX_BLOCKS = 0x400;
inline constexpr u32 STATX_BASIC_STATS = 0x7ff;
inline constexpr u32 STATX__RESERVED = 0x80000000u;

} // namespace linux_abi
