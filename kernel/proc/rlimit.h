#pragma once
// Resource limits (Linux's signal_struct->rlim, include/uapi/asm-generic/resource.h): they belong
// to the thread group (Process::rlimits), are inherited at fork and kept across exec.

#include <lib/result.h>
#include <lib/types.h>

class Process;

// The resources, named as Linux names them (RLIMIT_* may also be the C library's macros).
#undef RLIMIT_CPU
#undef RLIMIT_FSIZE
#undef RLIMIT_DATA
#undef RLIMIT_STACK
#undef RLIMIT_CORE
#undef RLIMIT_RSS
#undef RLIMIT_NPROC
#undef RLIMIT_NOFILE
#undef RLIMIT_MEMLOCK
#undef RLIMIT_AS
#undef RLIMIT_LOCKS
#undef RLIMIT_SIGPENDING
#undef RLIMIT_MSGQUEUE
#undef RLIMIT_NICE
#undef RLIMIT_RTPRIO
#undef RLIMIT_RTTIME
#undef RLIM_NLIMITS
#undef RLIM_INFINITY
enum : unsigned {
    RLIMIT_CPU,
    RLIMIT_FSIZE,
    RLIMIT_DATA,
    RLIMIT_STACK,
    RLIMIT_CORE,
    RLIMIT_RSS,
    RLIMIT_NPROC,
    RLIMIT_NOFILE,
    RLIMIT_MEMLOCK,
    RLIMIT_AS,
    RLIMIT_LOCKS,
    RLIMIT_SIGPENDING,
    RLIMIT_MSGQUEUE,
    RLIMIT_NICE,
    RLIMIT_RTPRIO,
    RLIMIT_RTTIME,
    RLIM_NLIMITS,
};
inline constexpr u64 RLIM_INFINITY = ~0ull;
// fs.nr_open's default (fs/file.c sysctl_nr_open): RLIMIT_NOFILE's hard limit may not go past it.
inline constexpr u64 NR_OPEN = 1024 * 1024;

struct ResourceLimit {
    u64 soft;
    u64 hard;
};

// Linux's init limits (INIT_RLIMITS, include/asm-generic/resource.h), with RLIMIT_NPROC and
// RLIMIT_SIGPENDING at max_threads / 2 as fork_init() sets them.
void init_rlimits(ResourceLimit (&limits)[RLIM_NLIMITS]);
// Linux's max_threads (kernel/fork.c set_max_threads()): the threads whose kernel stacks would
// take an eighth of memory.
u64 max_threads();

// Linux's do_prlimit(): read and/or set one limit of `target`. EINVAL for an unknown resource or
// soft > hard, EPERM for raising a hard limit without privilege (or RLIMIT_NOFILE past NR_OPEN).
Result<void> do_prlimit(Process& target, unsigned resource, const ResourceLimit* fresh, ResourceLimit* old);
// check_prlimit_permission(): the caller may touch `target`'s limits when it is itself, when its
// real uid is the target's real, effective and saved uid and its real gid likewise, or with
// privilege (CAP_SYS_RESOURCE).
Result<void> check_prlimit_permission(Process& target);
