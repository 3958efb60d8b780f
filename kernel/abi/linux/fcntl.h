#pragma once
// Linux's open/fcntl/*at constants for x86_64 (include/uapi/asm-generic/fcntl.h,
// include/uapi/linux/fcntl.h), octal as Linux writes them.

#include <lib/types.h>
// <limits.h> (reached through the standard headers) defines these two as macros; include it now
// so its guard keeps them from coming back, and use linux_abi's constants instead.
#include <limits.h>
#undef NAME_MAX
#undef PATH_MAX
// Likewise <stdio.h>, which the host's <atomic> pulls in, defines the SEEK_ and RENAME_ names.
#include <atomic>
#if __has_include(<stdio.h>)
#include <stdio.h>
#endif
#undef SEEK_SET
#undef SEEK_CUR
#undef SEEK_END
#undef RENAME_NOREPLACE
#undef RENAME_EXCHANGE
#undef RENAME_WHITEOUT
#undef F_OK
#undef X_OK
#undef W_OK
#undef R_OK

namespace linux_abi {

inline constexpr u32 O_ACCMODE = 00000003;
inline constexpr u32 O_RDONLY = 00000000;
inline constexpr u32 O_WRONLY = 00000001;
inline constexpr u32 O_RDWR = 00000002;
inline constexpr u32 O_CREAT = 00000100;
inline constexpr u32 O_EXCL = 00000200;
inline constexpr u32 O_NOCTTY = 00000400;
inline constexpr u32 O_TRUNC = 00001000;
inline constexpr u32 O_APPEND = 00002000;
inline constexpr u32 O_NONBLOCK = 00004000;
inline constexpr u32 O_DSYNC = 00010000;
inline constexpr u32 FASYNC = 00020000;
inline constexpr u32 O_DIRECT = 00040000;
inline constexpr u32 O_LARGEFILE = 00100000;
inline constexpr u32 O_DIRECTORY = 00200000;
inline constexpr u32 O_NOFOLLOW = 00400000;
inline constexpr u32 O_NOATIME = 01000000;
inline constexpr u32 O_CLOEXEC = 02000000;
inline constexpr u32 __O_SYNC = 04000000;
inline constexpr u32 O_SYNC = __O_SYNC | O_DSYNC;
inline constexpr u32 O_PATH = 010000000;
inline constexpr u32 __O_TMPFILE = 020000000;
inline constexpr u32 O_TMPFILE = __O_TMPFILE | O_DIRECTORY;

// Every flag open() knows (fs/open.c's VALID_OPEN_FLAGS); other bits are ignored by open() and
// rejected by openat2(), as on Linux.
inline constexpr u32 VALID_OPEN_FLAGS = O_RDONLY | O_WRONLY | O_RDWR | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND
    | O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH
    | __O_SYNC | __O_TMPFILE;
// What F_SETFL may change (fs/fcntl.c).
inline constexpr u32 SETFL_MASK = O_APPEND | O_NONBLOCK | FASYNC | O_DIRECT | O_NOATIME;
// What an O_PATH open keeps.
inline constexpr u32 O_PATH_FLAGS = O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC;

inline constexpr int AT_FDCWD = -100;
inline constexpr u32 AT_SYMLINK_NOFOLLOW = 0x100;
inline constexpr u32 AT_EACCESS = 0x200;
inline constexpr u32 AT_REMOVEDIR = 0x200;
inline constexpr u32 AT_SYMLINK_FOLLOW = 0x400;
inline constexpr u32 AT_NO_AUTOMOUNT = 0x800;
inline constexpr u32 AT_EMPTY_PATH = 0x1000;
inline constexpr u32 AT_STATX_SYNC_TYPE = 0x6000;

inline constexpr u32 RENAME_NOREPLACE = 1u << 0;
inline constexpr u32 RENAME_EXCHANGE = 1u << 1;
inline constexpr u32 RENAME_WHITEOUT = 1u << 2;

inline constexpr int F_DUPFD = 0;
inline constexpr int F_GETFD = 1;
inline constexpr int F_SETFD = 2;
inline constexpr int F_GETFL = 3;
inline constexpr int F_SETFL = 4;
inline constexpr int F_DUPFD_CLOEXEC = 1030;
inline constexpr int FD_CLOEXEC = 1;

inline constexpr int SEEK_SET = 0;
inline constexpr int SEEK_CUR = 1;
inline constexpr int SEEK_END = 2;

inline constexpr int F_OK = 0;
inline constexpr int X_OK = 1;
inline constexpr int W_OK = 2;
inline constexpr int R_OK = 4;

inline constexpr usize PATH_MAX = 4096; // including the NUL
inline constexpr usize NAME_MAX = 255;
inline constexpr u32 MAXSYMLINKS = 40;
inline constexpr usize UIO_MAXIOV = 1024;
// The most one read() or write() moves (include/linux/fs.h): INT_MAX rounded down to a page.
inline constexpr usize MAX_RW_COUNT = 0x7ffff000;

struct iovec {
    u64 iov_base;
    u64 iov_len;
};
static_assert(sizeof(iovec) == 16);

} // namespace linux_abi
