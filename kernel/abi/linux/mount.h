#pragma once
// mount(2) and umount2(2) flags (include/uapi/linux/mount.h, include/linux/fs.h), and statfs's
// struct and magic numbers (include/uapi/asm-generic/statfs.h, include/uapi/linux/magic.h,
// include/linux/statfs.h).

#include <lib/types.h>
#include <stddef.h>

// The C library's <sys/mount.h> defines these as enumerators or macros.
#undef MS_RDONLY
#undef MS_NOSUID
#undef MS_NODEV
#undef MS_NOEXEC
#undef MS_SYNCHRONOUS
#undef MS_REMOUNT
#undef MS_MANDLOCK
#undef MS_DIRSYNC
#undef MS_NOSYMFOLLOW
#undef MS_NOATIME
#undef MS_NODIRATIME
#undef MS_BIND
#undef MS_MOVE
#undef MS_REC
#undef MS_SILENT
#undef MS_POSIXACL
#undef MS_UNBINDABLE
#undef MS_PRIVATE
#undef MS_SLAVE
#undef MS_SHARED
#undef MS_RELATIME
#undef MS_KERNMOUNT
#undef MS_I_VERSION
#undef MS_STRICTATIME
#undef MS_LAZYTIME
#undef MS_MGC_VAL
#undef MS_MGC_MSK
#undef MNT_FORCE
#undef MNT_DETACH
#undef MNT_EXPIRE
#undef UMOUNT_NOFOLLOW
#undef ST_RDONLY
#undef ST_NOSUID
#undef ST_NODEV
#undef ST_NOEXEC
#undef ST_SYNCHRONOUS
#undef ST_MANDLOCK
#undef ST_NOATIME
#undef ST_NODIRATIME
#undef ST_RELATIME

namespace linux_abi {

inline constexpr u64 MS_RDONLY = 1;
inline constexpr u64 MS_NOSUID = 2;
inline constexpr u64 MS_NODEV = 4;
inline constexpr u64 MS_NOEXEC = 8;
inline constexpr u64 MS_SYNCHRONOUS = 16;
inline constexpr u64 MS_REMOUNT = 32;
inline constexpr u64 MS_MANDLOCK = 64;
inline constexpr u64 MS_DIRSYNC = 128;
inline constexpr u64 MS_NOSYMFOLLOW = 256;
inline constexpr u64 MS_NOATIME = 1024;
inline constexpr u64 MS_NODIRATIME = 2048;
inline constexpr u64 MS_BIND = 4096;
inline constexpr u64 MS_MOVE = 8192;
inline constexpr u64 MS_REC = 16384;
inline constexpr u64 MS_SILENT = 32768;
inline constexpr u64 MS_POSIXACL = 1 << 16;
inline constexpr u64 MS_UNBINDABLE = 1 << 17;
inline constexpr u64 MS_PRIVATE = 1 << 18;
inline constexpr u64 MS_SLAVE = 1 << 19;
inline constexpr u64 MS_SHARED = 1 << 20;
inline constexpr u64 MS_RELATIME = 1 << 21;
inline constexpr u64 MS_KERNMOUNT = 1 << 22;
inline constexpr u64 MS_I_VERSION = 1 << 23;
inline constexpr u64 MS_STRICTATIME = 1 << 24;
inline constexpr u64 MS_LAZYTIME = 1 << 25;
// Old programs put a magic number in the top 16 bits (path_mount() strips it).
inline constexpr u64 MS_MGC_VAL = 0xC0ED0000;
inline constexpr u64 MS_MGC_MSK = 0xffff0000;

inline constexpr u32 MNT_FORCE = 1;
inline constexpr u32 MNT_DETACH = 2;
inline constexpr u32 MNT_EXPIRE = 4;
inline constexpr u32 UMOUNT_NOFOLLOW = 8;

// statfs's f_flags (include/linux/statfs.h).
inline constexpr u64 ST_RDONLY = 0x0001;
inline constexpr u64 ST_NOSUID = 0x0002;
inline constexpr u64 ST_NODEV = 0x0004;
inline constexpr u64 ST_NOEXEC = 0x0008;
inline constexpr u64 ST_SYNCHRONOUS = 0x0010;
inline constexpr u64 ST_VALID = 0x0020;
inline constexpr u64 ST_MANDLOCK = 0x0040;
inline constexpr u64 ST_NOATIME = 0x0400;
inline constexpr u64 ST_NODIRATIME = 0x0800;
inline constexpr u64 ST_RELATIME = 0x1000;
inline constexpr u64 ST_NOSYMFOLLOW = 0x2000;

// f_type values (include/uapi/linux/magic.h).
inline constexpr u64 TMPFS_MAGIC = 0x01021994;
inline constexpr u64 PROC_SUPER_MAGIC = 0x9fa0;
inline constexpr u64 PIDFS_MAGIC = 0x50494446;

// struct statfs of x86_64 (the 64-bit asm-generic layout statfs/fstatfs fill).
struct statfs {
    i64 f_type;
    i64 f_bsize;
    u64 f_blocks;
    u64 f_bfree;
    u64 f_bavail;
    u64 f_files;
    u64 f_ffree;
    i32 f_fsid[2];
    i64 f_namelen;
    i64 f_frsize;
    i64 f_flags;
    i64 f_spare[4];
};
static_assert(sizeof(statfs) == 120);
static_assert(offsetof(statfs, f_fsid) == 56);
static_assert(offsetof(statfs, f_namelen) == 64);
static_assert(offsetof(statfs, f_flags) == 80);

} // namespace linux_abi
