#pragma once
// clone3()'s argument (include/uapi/linux/sched.h struct clone_args). The structure is versioned
// by its size: each version adds fields at the end, and the kernel accepts any size from the
// first version up to a page (trailing bytes it does not know must be zero).

#include <lib/types.h>

namespace linux_abi {

struct CloneArgsUser {
    u64 flags;
    u64 pidfd; // int*: where CLONE_PIDFD stores the descriptor
    u64 child_tid; // int*
    u64 parent_tid; // int*
    u64 exit_signal;
    u64 stack; // lowest address of the child's stack
    u64 stack_size;
    u64 tls;
    // CLONE_ARGS_SIZE_VER1 (Linux 5.5)
    u64 set_tid; // pid_t*: the pid(s) to create the child with, innermost namespace first
    u64 set_tid_size;
    // CLONE_ARGS_SIZE_VER2 (Linux 5.7)
    u64 cgroup; // CLONE_INTO_CGROUP: a descriptor of the cgroup2 directory
};

inline constexpr usize CLONE_ARGS_SIZE_VER0 = 64;
inline constexpr usize CLONE_ARGS_SIZE_VER1 = 80;
inline constexpr usize CLONE_ARGS_SIZE_VER2 = 88;

static_assert(sizeof(CloneArgsUser) == CLONE_ARGS_SIZE_VER2);
static_assert(__builtin_offsetof(CloneArgsUser, tls) + 8 == CLONE_ARGS_SIZE_VER0);
static_assert(__builtin_offsetof(CloneArgsUser, set_tid_size) + 8 == CLONE_ARGS_SIZE_VER1);
static_assert(__builtin_offsetof(CloneArgsUser, cgroup) + 8 == CLONE_ARGS_SIZE_VER2);

// pidfd_open() flags (include/uapi/linux/pidfd.h): PIDFD_NONBLOCK is O_NONBLOCK, PIDFD_THREAD is
// O_EXCL.
inline constexpr u32 PIDFD_NONBLOCK = 04000;
inline constexpr u32 PIDFD_THREAD = 0200;

} // namespace linux_abi
