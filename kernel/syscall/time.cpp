// Clocks and sleeping: clock_gettime, gettimeofday, time, nanosleep, clock_nanosleep.

#include <abi/linux/time.h>
#include <mm/uaccess.h>
#include <proc/process.h>
#include <proc/task.h>
#include <sched/cputime.h>
#include <sched/sched.h>
#include <sched/clock.h>
#include <sched/timer.h>
#include <syscall/syscall.h>
#include <syscall/timespec.h>

namespace {

using Timespec = linux_abi::timespec;
using Timeval = linux_abi::timeval;

// Linux's clock ids (include/uapi/linux/time.h). Named Clock* because the host's <time.h> may
// have defined the CLOCK_* names as macros already.
enum ClockId : int {
    ClockRealtime = 0,
    ClockMonotonic = 1,
    ClockProcessCputime = 2,
    ClockThreadCputime = 3,
    ClockMonotonicRaw = 4,
    ClockRealtimeCoarse = 5,
    ClockMonotonicCoarse = 6,
    ClockBoottime = 7,
};
constexpr int TimerAbstime = 1;

// A CPU clock (Linux's posix-cpu-timers.c): CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID
// are the caller's; a negative id names another's, ~pid << 3 | per-thread << 2 | which
// (clock_getcpuclockid(), pthread_getcpuclockid()), where `which` is PROF (user + system, tick
// based), VIRT (user) or SCHED (exact time on a CPU). Pid 0 is the caller. A thread's clock is
// only for threads of the caller's own process; EINVAL for anything else, or a pid that is gone.
constexpr int CpuClockProf = 0, CpuClockVirt = 1, CpuClockSched = 2;

Result<u64> cpu_clock_now(int clock)
{
    int which = clock & 3;
    bool per_thread = clock & 4;
    i32 pid = ~(clock >> 3);
    if (which > CpuClockSched)
        return Errno::EINVAL;
    auto sample = [which](const Usage& usage, u64 runtime) {
        if (which == CpuClockProf)
            return usage.utime + usage.stime;
        return which == CpuClockVirt ? usage.utime : runtime;
    };
    if (per_thread) {
        RefPtr<Task> task = pid == 0 ? RefPtr<Task>(current()) : find_task(pid);
        if (!task || task->process != current()->process)
            return Errno::EINVAL;
        return sample(task->usage, which == CpuClockSched ? task_sched_runtime(*task) : 0);
    }
    RefPtr<Process> process = pid == 0 ? RefPtr<Process>(&current_process()) : find_process(pid);
    if (!process)
        return Errno::EINVAL;
    return sample(process->usage, which == CpuClockSched ? thread_group_sched_runtime(*process) : 0);
}

Result<u64> clock_now(int clock)
{
    if (clock < 0)
        return cpu_clock_now(clock);
    switch (clock) {
    case ClockRealtime:
    case ClockRealtimeCoarse:
        return ktime_get_real_ns();
    case ClockMonotonic:
    case ClockMonotonicRaw:
    case ClockMonotonicCoarse:
    case ClockBoottime:
        return ktime_get_ns();
    case ClockProcessCputime:
        return thread_group_sched_runtime(current_process());
    case ClockThreadCputime:
        return task_sched_runtime(*current());
    default:
        return Errno::EINVAL;
    }
}

// Linux's resolutions: 1 ns for the high-resolution clocks and the exact CPU clocks, a tick for
// the coarse clocks and the tick-based CPU clocks (PROF, VIRT).
u64 clock_resolution(int clock)
{
    if (clock == ClockRealtimeCoarse || clock == ClockMonotonicCoarse)
        return TICK_NSEC;
    if (clock < 0 && (clock & 3) != CpuClockSched)
        return TICK_NSEC;
    return 1;
}

Timespec to_timespec(u64 ns) { return { i64(ns / NSEC_PER_SEC), i64(ns % NSEC_PER_SEC) }; }

} // namespace

static Result<i64> sys_clock_gettime(int clock, Timespec* user_ts)
{
    u64 now = TRY(clock_now(clock));
    TRY(put_user(user_ts, to_timespec(now)));
    return 0;
}
SYSCALL_DEFINE(clock_gettime)

static Result<i64> sys_clock_getres(int clock, Timespec* user_ts)
{
    TRY(clock_now(clock));
    if (user_ts)
        TRY(put_user(user_ts, to_timespec(clock_resolution(clock))));
    return 0;
}
SYSCALL_DEFINE(clock_getres)

static Result<i64> sys_gettimeofday(Timeval* user_tv, void* user_tz)
{
    if (user_tv) {
        u64 now = ktime_get_real_ns();
        TRY(put_user(user_tv, Timeval { i64(now / NSEC_PER_SEC), i64(now % NSEC_PER_SEC / 1000) }));
    }
    if (user_tz) {
        const int zone[2] = { 0, 0 }; // UTC, no DST
        TRY(copy_to_user(user_tz, zone, sizeof(zone)));
    }
    return 0;
}
SYSCALL_DEFINE(gettimeofday)

static Result<i64> sys_time(i64* user_t)
{
    i64 seconds = i64(ktime_get_real_ns() / NSEC_PER_SEC);
    if (user_t)
        TRY(put_user(user_t, seconds));
    return seconds;
}
SYSCALL_DEFINE(time)

// A signal ends the sleep: the time left goes to `user_remain` (relative sleeps only), and the
// call returns EINTR after a handler, or starts again when no handler ran (ERESTARTNOHAND).
// FIXME: Linux restarts with the time left (ERESTART_RESTARTBLOCK and restart_syscall()); here a
// restart after a stop and continue sleeps the whole request again.
static Result<i64> do_sleep(int clock, int flags, const Timespec* user_request, Timespec* user_remain)
{
    u64 request = TRY(timespec_from_user(user_request));
    u64 now = TRY(clock_now(clock));
    u64 deadline = (flags & TimerAbstime) ? request : now + request;
    if (deadline < now)
        return 0;
    if (clock == ClockRealtime)
        deadline -= ktime_get_real_ns() - ktime_get_ns(); // sleep on the monotonic clock
    // FIXME: Linux's posix_cpu_nsleep() sleeps until the process's CPU time reaches the deadline
    // (a CPU-timer wake-up); here, for as long in wall time: the earliest it could get there
    // with one CPU.
    if (clock == ClockProcessCputime)
        deadline = ktime_get_ns() + (deadline - now);
    auto slept = sleep_until_interruptible(deadline);
    if (!slept.is_error())
        return 0;
    if (user_remain && !(flags & TimerAbstime)) {
        u64 left = deadline > ktime_get_ns() ? deadline - ktime_get_ns() : 0;
        Timespec remain { i64(left / NSEC_PER_SEC), i64(left % NSEC_PER_SEC) };
        TRY(put_user(user_remain, remain));
    }
    return slept.error();
}

static Result<i64> sys_nanosleep(const Timespec* user_request, Timespec* user_remain)
{
    return do_sleep(ClockMonotonic, 0, user_request, user_remain);
}
SYSCALL_DEFINE(nanosleep)

static Result<i64> sys_clock_nanosleep(int clock, int flags, const Timespec* user_request, Timespec* user_remain)
{
    if (clock == ClockThreadCputime)
        return Errno::EINVAL;
    if (clock != ClockRealtime && clock != ClockMonotonic && clock != ClockBoottime && clock != ClockProcessCputime)
        return Errno::EINVAL;
    // clock_nanosleep returns the error number itself, not -1/errno: the C library handles that;
    // the system call still returns -errno.
    return do_sleep(clock == ClockBoottime ? ClockMonotonic : clock, flags, user_request, user_remain);
}
SYSCALL_DEFINE(clock_nanosleep)
