#pragma once
// The interval timers of a process (Linux's kernel/time/itimer.c and the itimer half of
// posix-cpu-timers.c): ITIMER_REAL counts wall-clock (monotonic) time and sends SIGALRM;
// ITIMER_VIRTUAL counts the process's user time and sends SIGVTALRM; ITIMER_PROF counts its user
// plus system time and sends SIGPROF. Each reloads from its interval when it fires. They belong
// to the thread group (Linux's signal_struct): fork's child starts without any, exec keeps them.

#include <lib/list.h>
#include <lib/result.h>
#include <lib/spinlock.h>
#include <lib/types.h>
#include <sched/timer.h>

class Process;

// One timer's setting, in nanoseconds: the time left (0: disarmed) and the reload interval.
struct ItimerSetting {
    u64 value { 0 };
    u64 interval { 0 };
};

// A POSIX timer (timer_create(), proc/posix_timers.cpp; Linux's struct k_itimer).
struct PosixTimer {
    int id { 0 };
    bool realtime { false }; // on CLOCK_REALTIME (absolute settings are wall-clock times)
    int notify { 0 }; // SIGEV_SIGNAL, SIGEV_NONE, or SIGEV_SIGNAL | SIGEV_THREAD_ID
    int signo { 0 };
    u64 sigval { 0 }; // sigev_value, the handler's si_value
    i32 target_tid { 0 }; // SIGEV_THREAD_ID: the thread signalled
    u64 interval { 0 }; // ns
    u64 expires { 0 }; // monotonic ns (a CLOCK_REALTIME setting is converted); 0: disarmed
    bool armed { false }; // `timer` is in the kernel timer list
    int overrun_last { 0 }; // timer_getoverrun()
    Timer timer;
    Process* process { nullptr };
    ListNode node; // in ITimers::posix_timers
};

struct ITimers {
    // NOTE: lock guards everything here (Linux's siglock does). It is taken from the timer
    // interrupt, so every holder has interrupts off (SpinlockGuard); no other lock is taken
    // under it (signals are sent after it is released).
    Spinlock lock;
    Timer real_timer; // ITIMER_REAL, armed in the kernel timer list while `real_armed`
    bool real_armed { false };
    u64 real_incr { 0 }; // ns
    // ITIMER_PROF (index 0) and ITIMER_VIRTUAL (1), Linux's CPUCLOCK_PROF / CPUCLOCK_VIRT: the
    // absolute CPU time (the group's utime+stime, or utime) at which each fires; 0: disarmed.
    struct Cpu {
        u64 expires { 0 };
        u64 incr { 0 };
    } cpu[2];
    // POSIX timers: the process's, by id; ids count up from 0 (Linux's next_posix_timer_id).
    IntrusiveList<PosixTimer, &PosixTimer::node> posix_timers;
    usize nr_posix_timers { 0 };
    int next_posix_timer_id { 0 };
};

// setitimer's core: `which` is ITIMER_REAL/VIRTUAL/PROF (else EINVAL); `old` gets the previous
// setting when asked for.
Result<void> do_setitimer(Process& process, int which, const ItimerSetting& setting, ItimerSetting* old);
Result<ItimerSetting> do_getitimer(Process& process, int which);
// alarm(2): ITIMER_REAL for `seconds`, returning the seconds that were left, rounded as Linux's
// alarm_setitimer() does (never 0 for a pending alarm, up from half a second).
unsigned alarm_setitimer(Process& process, unsigned seconds);

// From the timer tick, after the group's CPU time grew: fire the CPU itimers that are due.
void check_cpu_itimers(Process& process);
// The group is dead (its last thread exits), or the Process object goes: no more SIGALRM, and
// every POSIX timer deleted.
void exit_itimers(Process& process);
// exec: the POSIX timers are deleted (Linux's begin_new_exec() calls exit_itimers(), which there
// means the POSIX timers only); the interval timers stay.
void exit_posix_timers(Process& process);
