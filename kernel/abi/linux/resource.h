#pragma once
// Usage and interval-timer structs of the x86_64 ABI: struct rusage (getrusage, wait4, waitid),
// struct tms (times), struct itimerval (setitimer, getitimer), struct sysinfo
// (include/uapi/linux/resource.h, times.h, time_types.h, sysinfo.h).

#include <abi/linux/time.h>
#include <lib/types.h>

namespace linux_abi {

// getrusage()'s `who`. Named RusageWho* because the host's <sys/resource.h> defines RUSAGE_*.
inline constexpr int RusageSelf = 0;
inline constexpr int RusageChildren = -1;
inline constexpr int RusageBoth = -2; // kernel-internal (wait4's report of a reaped child)
inline constexpr int RusageThread = 1;

struct rusage {
    timeval ru_utime;
    timeval ru_stime;
    i64 ru_maxrss; // KiB
    i64 ru_ixrss;
    i64 ru_idrss;
    i64 ru_isrss;
    i64 ru_minflt;
    i64 ru_majflt;
    i64 ru_nswap;
    i64 ru_inblock;
    i64 ru_oublock;
    i64 ru_msgsnd;
    i64 ru_msgrcv;
    i64 ru_nsignals;
    i64 ru_nvcsw;
    i64 ru_nivcsw;
};
static_assert(sizeof(rusage) == 144);
static_assert(__builtin_offsetof(rusage, ru_maxrss) == 32);
static_assert(__builtin_offsetof(rusage, ru_minflt) == 64);
static_assert(__builtin_offsetof(rusage, ru_nvcsw) == 128);

struct tms {
    i64 tms_utime; // clock ticks (USER_HZ)
    i64 tms_stime;
    i64 tms_cutime;
    i64 tms_cstime;
};
static_assert(sizeof(tms) == 32);

// setitimer()'s `which`.
inline constexpr int ItimerReal = 0;
inline constexpr int ItimerVirtual = 1;
inline constexpr int ItimerProf = 2;

struct itimerval {
    timeval it_interval;
    timeval it_value;
};
static_assert(sizeof(itimerval) == 32);

struct itimerspec {
    timespec it_interval;
    timespec it_value;
};
static_assert(sizeof(itimerspec) == 32);

inline constexpr int SI_LOAD_SHIFT = 16;

struct sysinfo {
    i64 uptime; // seconds since boot
    u64 loads[3]; // 1, 5 and 15 minute load averages, << SI_LOAD_SHIFT
    u64 totalram;
    u64 freeram;
    u64 sharedram;
    u64 bufferram;
    u64 totalswap;
    u64 freeswap;
    u16 procs;
    u16 pad;
    u64 totalhigh;
    u64 freehigh;
    u32 mem_unit;
    char f[20 - 2 * sizeof(u64) - sizeof(u32)];
};
static_assert(sizeof(sysinfo) == 112);
static_assert(__builtin_offsetof(sysinfo, procs) == 80);
static_assert(__builtin_offsetof(sysinfo, totalhigh) == 88);
static_assert(__builtin_offsetof(sysinfo, mem_unit) == 104);

} // namespace linux_abi
