#pragma once
// POSIX timers (Linux's kernel/time/posix-timers.c): timer_create, timer_settime, timer_gettime,
// timer_getoverrun, timer_delete on CLOCK_REALTIME, CLOCK_MONOTONIC and CLOCK_BOOTTIME, notifying
// by a signal to the process (SIGEV_SIGNAL), to one of its threads (SIGEV_THREAD_ID, what glibc
// and musl build SIGEV_THREAD on), or not at all (SIGEV_NONE: only timer_gettime sees it).

#include <lib/result.h>
#include <proc/itimer.h>

// How to notify, from struct sigevent (already copied in).
struct TimerEvent {
    int notify { 0 };
    int signo { 0 };
    u64 sigval { 0 };
    i32 tid { 0 };
};

// NULL sigevent: SIGEV_SIGNAL with SIGALRM and the timer id as si_value (`event` null). EINVAL
// for a clock that does not exist or a bad sigevent; EOPNOTSUPP for a clock that has no timers
// here; EAGAIN past RLIMIT_SIGPENDING timers. Returns the new id.
Result<int> posix_timer_create(Process& process, int clock, const TimerEvent* event);
Result<void> posix_timer_delete(Process& process, int id);
// `value` relative, or absolute on the timer's clock with TIMER_ABSTIME; value 0 disarms.
Result<void> posix_timer_settime(Process& process, int id, bool absolute, const ItimerSetting& setting, ItimerSetting* old);
Result<ItimerSetting> posix_timer_gettime(Process& process, int id);
Result<int> posix_timer_getoverrun(Process& process, int id);
