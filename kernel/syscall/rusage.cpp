// Usage and system statistics: getrusage, times, sysinfo (Linux's kernel/sys.c). The counting is
// in sched/cputime.cpp and proc/rusage.cpp.

#include <abi/linux/resource.h>
#include <mm/memory.h>
#include <mm/page_alloc.h>
#include <mm/uaccess.h>
#include <proc/process.h>
#include <proc/rusage.h>
#include <proc/task.h>
#include <sched/clock.h>
#include <sched/cputime.h>
#include <sched/loadavg.h>
#include <sched/sched.h>
#include <syscall/syscall.h>

using linux_abi::rusage;
using linux_abi::tms;
using linux_abi::RusageSelf;
using linux_abi::RusageChildren;
using linux_abi::RusageThread;
using linux_abi::SI_LOAD_SHIFT;

static Result<i64> sys_getrusage(int who, rusage* user_usage)
{
    // RUSAGE_BOTH is the kernel's own (wait4): EINVAL from user space, as every other value.
    if (who != RusageSelf && who != RusageChildren && who != RusageThread)
        return Errno::EINVAL;
    RusageReport report = TRY(getrusage(*current(), who));
    TRY(put_user(user_usage, to_user_rusage(report)));
    return 0;
}
SYSCALL_DEFINE(getrusage)

// The process's and its reaped children's CPU time in clock ticks (the adjusted split,
// proc/rusage.h); returns the clock ticks since boot (Linux counts from INITIAL_JIFFIES, 5 minutes before the wrap of a 32-bit jiffies
// count, instead: the value only means something as a difference). NULL is allowed.
static Result<i64> sys_times(tms* user_tms)
{
    if (user_tms) {
        Process& process = current_process();
        Usage self = thread_group_cputime_adjusted(process);
        tms t {};
        t.tms_utime = i64(nsec_to_clock_t(self.utime));
        t.tms_stime = i64(nsec_to_clock_t(self.stime));
        {
            SpinlockGuard guard(tasklist_lock);
            t.tms_cutime = i64(nsec_to_clock_t(process.children_usage.utime));
            t.tms_cstime = i64(nsec_to_clock_t(process.children_usage.stime));
        }
        TRY(put_user(user_tms, t));
    }
    // From the clock, not the tick count: a tick that came late (a busy host under QEMU) is
    // still time (Linux's jiffies catch up with its clocksource the same way).
    return i64(nsec_to_clock_t(ktime_get_ns()));
}
SYSCALL_DEFINE(times)

// busybox's uptime and free read this (Linux's do_sysinfo()). Memory in bytes (mem_unit 1: the
// sum fits in 64 bits).
static Result<i64> sys_sysinfo(linux_abi::sysinfo* user_info)
{
    linux_abi::sysinfo info {};
    u64 now = ktime_get_ns();
    info.uptime = i64(now / NSEC_PER_SEC + (now % NSEC_PER_SEC ? 1 : 0));
    u64 loads[3];
    get_avenrun(loads);
    for (int i = 0; i < 3; ++i)
        info.loads[i] = loads[i] << (SI_LOAD_SHIFT - FSHIFT);
    u64 threads = nr_threads();
    info.procs = u16(threads > 0xffff ? 0xffff : threads);
    PageStats pages = page_stats();
    info.totalram = pages.total * PAGE_SIZE;
    info.freeram = pages.free * PAGE_SIZE;
    // FIXME: sharedram is Linux's NR_SHMEM (tmpfs and shared anonymous pages), not counted yet.
    // bufferram (block-device buffers) and swap: Sprout has neither.
    info.mem_unit = 1;
    TRY(put_user(user_info, info));
    return 0;
}
SYSCALL_DEFINE(sysinfo)
