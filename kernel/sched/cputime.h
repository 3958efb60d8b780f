#pragma once
// CPU time and usage accounting (Linux's kernel/sched/cputime.c with tick-based accounting,
// CONFIG_TICK_CPU_ACCOUNTING). docs/time.md tells the whole story.
//
// - The timer tick (HZ = 250) charges one tick, TICK_NSEC, to the task it interrupted: to its
//   user time if it interrupted user mode, else to its system time (account_process_tick()),
//   and to the CPU's user, system or idle counters (/proc/stat). Nothing is added to system-call
//   entry or exit: a task that runs less than a tick between two ticks may be charged nothing
//   (or a whole tick), exactly Linux's statistical sampling.
// - The context switch adds the exact time the previous task ran (one cycle-counter read) to
//   its sum_exec_runtime: CLOCK_THREAD_CPUTIME_ID and CLOCK_PROCESS_CPUTIME_ID read that, with
//   nanosecond resolution, as Linux's do.
// - Each counter is kept twice: per task (RUSAGE_THREAD, /proc/PID/task) and per thread group
//   (the Process: RUSAGE_SELF, times(), the CPU itimers), both bumped at the same event, so that
//   the group's total is always the sum over its live and exited threads without a walk.

#include <lib/spinlock.h>
#include <lib/types.h>

class Task;
class Process;

// What getrusage() and times() report, in the kernel's units (ns for times).
struct Usage {
    u64 utime { 0 }; // ns, ticks that found the task in user mode
    u64 stime { 0 }; // ns, ticks that found it in the kernel
    u64 sum_exec_runtime { 0 }; // ns on a CPU, exact
    u64 nvcsw { 0 }; // voluntary context switches: it went to sleep
    u64 nivcsw { 0 }; // involuntary ones: preempted, or it yielded while runnable
    u64 min_flt { 0 }; // page faults served without I/O (every fault on Sprout: no swap, no disk)
    u64 maj_flt { 0 }; // page faults that needed I/O

    void add(const Usage& other)
    {
        utime += other.utime;
        stime += other.stime;
        sum_exec_runtime += other.sum_exec_runtime;
        nvcsw += other.nvcsw;
        nivcsw += other.nivcsw;
        min_flt += other.min_flt;
        maj_flt += other.maj_flt;
    }
};

// What cputime_adjust() last reported for a task or a group, so that its reports never go
// backwards (Linux's struct prev_cputime).
struct PrevCputime {
    Spinlock lock;
    u64 utime { 0 };
    u64 stime { 0 };
};

// The user/system split that getrusage(), times() and /proc report (Linux's cputime_adjust()):
// the ticks are a sample, so their sum is scaled to the exact runtime `rtime`, keeping their
// ratio, and neither part ever decreases from one report to the next. Returns `usage` with
// utime and stime replaced.
Usage cputime_adjust(const Usage& usage, u64 rtime, PrevCputime& prev);

inline constexpr u64 TICK_NSEC = 1000000000ull / 250; // one timer tick (HZ, sched/clock.h)
inline constexpr u64 USER_HZ = 100; // the clock ticks of times() and /proc (AT_CLKTCK)
inline constexpr u64 nsec_to_clock_t(u64 ns) { return ns / (1000000000ull / USER_HZ); }

// From the timer interrupt: charge the tick to the current task (and its process and CPU),
// and check the process's CPU itimers. `user`: the tick interrupted user mode.
void account_process_tick(Task& task, bool user);
// From the context switch, with interrupts off: `prev` stops running, `next` starts, now.
void account_switch(Task& prev, Task& next, u64 now);

// Credit the running task's current slice now (Linux's update_curr()): before its process
// stops counting it (exit), since a task that ran alone may never have been switched away.
void update_curr(Task& task);

// Exact CPU time of a task / of a whole thread group, up to now (the running task's current
// slice included): CLOCK_THREAD_CPUTIME_ID and CLOCK_PROCESS_CPUTIME_ID.
u64 task_sched_runtime(const Task& task);
u64 thread_group_sched_runtime(const Process& process);

// The CPU's time, in ticks (Linux's kernel_cpustat, as /proc/stat shows it).
struct CpuStat {
    u64 user { 0 };
    u64 nice { 0 };
    u64 system { 0 };
    u64 idle { 0 };
};
CpuStat cpu_stat();
// The architecture took a hardware interrupt (Linux's kstat_incr_irqs_this_cpu()).
void kstat_incr_irqs();
u64 kstat_irqs_sum();

// A page fault of the current task was handled (Linux's mm_account_fault()).
void account_page_fault(bool major);
