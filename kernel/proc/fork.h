#pragma once
// Process creation (Linux's kernel/fork.c): fork, vfork, clone and clone3 all fill one CloneArgs
// and call kernel_clone(), which calls copy_process().

#include <lib/result.h>
#include <lib/types.h>

// The C library's <sched.h> (reached through libstdc++'s headers even in this freestanding
// build) defines these names as macros: drop them, as abi/linux/errno.h does for E* names.
#undef CSIGNAL
#undef CLONE_VM
#undef CLONE_FS
#undef CLONE_FILES
#undef CLONE_SIGHAND
#undef CLONE_PIDFD
#undef CLONE_PTRACE
#undef CLONE_VFORK
#undef CLONE_PARENT
#undef CLONE_THREAD
#undef CLONE_NEWNS
#undef CLONE_SYSVSEM
#undef CLONE_SETTLS
#undef CLONE_PARENT_SETTID
#undef CLONE_CHILD_CLEARTID
#undef CLONE_DETACHED
#undef CLONE_UNTRACED
#undef CLONE_CHILD_SETTID
#undef CLONE_NEWCGROUP
#undef CLONE_NEWUTS
#undef CLONE_NEWIPC
#undef CLONE_NEWUSER
#undef CLONE_NEWPID
#undef CLONE_NEWNET
#undef CLONE_IO
#undef CLONE_CLEAR_SIGHAND
#undef CLONE_INTO_CGROUP
#undef CLONE_NEWTIME

// clone() flag bits (include/uapi/linux/sched.h).
namespace clone_flags {
inline constexpr u64 CSIGNAL = 0x000000ff; // the exit signal, in the low byte
inline constexpr u64 CLONE_VM = 0x00000100;
inline constexpr u64 CLONE_FS = 0x00000200;
inline constexpr u64 CLONE_FILES = 0x00000400;
inline constexpr u64 CLONE_SIGHAND = 0x00000800;
inline constexpr u64 CLONE_PIDFD = 0x00001000;
inline constexpr u64 CLONE_PTRACE = 0x00002000;
inline constexpr u64 CLONE_VFORK = 0x00004000;
inline constexpr u64 CLONE_PARENT = 0x00008000;
inline constexpr u64 CLONE_THREAD = 0x00010000;
inline constexpr u64 CLONE_NEWNS = 0x00020000;
inline constexpr u64 CLONE_SYSVSEM = 0x00040000;
inline constexpr u64 CLONE_SETTLS = 0x00080000;
inline constexpr u64 CLONE_PARENT_SETTID = 0x00100000;
inline constexpr u64 CLONE_CHILD_CLEARTID = 0x00200000;
inline constexpr u64 CLONE_DETACHED = 0x00400000;
inline constexpr u64 CLONE_UNTRACED = 0x00800000;
inline constexpr u64 CLONE_CHILD_SETTID = 0x01000000;
inline constexpr u64 CLONE_NEWCGROUP = 0x02000000;
inline constexpr u64 CLONE_NEWUTS = 0x04000000;
inline constexpr u64 CLONE_NEWIPC = 0x08000000;
inline constexpr u64 CLONE_NEWUSER = 0x10000000;
inline constexpr u64 CLONE_NEWPID = 0x20000000;
inline constexpr u64 CLONE_NEWNET = 0x40000000;
inline constexpr u64 CLONE_IO = 0x80000000ull;
inline constexpr u64 CLONE_CLEAR_SIGHAND = 0x100000000ull; // clone3 only
inline constexpr u64 CLONE_INTO_CGROUP = 0x200000000ull; // clone3 only
inline constexpr u64 CLONE_NEWTIME = 0x00000080; // clone3 only (a CSIGNAL bit in clone()); unshare()
inline constexpr u64 CLONE_NEW_NAMESPACES = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC
    | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME;
// Every flag clone() can name: its 32-bit word (kernel/fork.c CLONE_LEGACY_FLAGS).
inline constexpr u64 CLONE_LEGACY_FLAGS = 0xffffffffull;
} // namespace clone_flags

// Linux's MAX_PID_NS_LEVEL: clone3's set_tid names one pid per pid-namespace level, at most this
// many. Sprout has one pid namespace (level 0), so only one is ever valid.
inline constexpr usize MAX_PID_NS_LEVEL = 32;

// Linux's struct kernel_clone_args.
struct CloneArgs {
    u64 flags { 0 }; // without the exit signal
    int exit_signal { 0 };
    int* pidfd { nullptr }; // user pointer (clone(): the parent_tid argument)
    int* child_tid { nullptr }; // user pointer
    int* parent_tid { nullptr }; // user pointer
    uptr stack { 0 }; // the child's stack pointer (clone3: already lowest address + size)
    usize stack_size { 0 };
    u64 tls { 0 };
    i32 set_tid[MAX_PID_NS_LEVEL] {}; // clone3: the pid(s) to give the child, copied in
    usize set_tid_size { 0 };
    u64 cgroup { 0 }; // clone3 CLONE_INTO_CGROUP: a descriptor of a cgroup2 directory
    const char* syscall_name { "clone" }; // for the fork trace: "clone", "clone3", "fork", "vfork"
};

// Returns the child's pid in the parent (the child returns 0 from the system call).
Result<i32> kernel_clone(const CloneArgs& args);
// Successful clones since boot (Linux's total_forks: /proc/stat's "processes").
u64 nr_forks();
