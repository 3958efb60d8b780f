// CPU time accounting (sched/cputime.h; Linux's kernel/sched/cputime.c, tick-based).

#include <proc/itimer.h>
#include <proc/process.h>
#include <proc/task.h>
#include <sched/clock.h>
#include <sched/cpu.h>
#include <sched/cputime.h>
#include <sched/sched.h>

void account_process_tick(Task& task, bool user)
{
    RunQueue& rq = this_cpu().run_queue;
    // Linux's account_user_time() / account_system_time(): the task, its group (the group's sum
    // is what times(), RUSAGE_SELF and the CPU itimers read) and the CPU's statistics.
    // A niced task's user time is the CPU's "nice" time, as Linux's account_user_time(). NOTE: a
    // tick that interrupted an interrupt handler is not told apart (no irq/softirq time): it is
    // system time.
    Process* process = task.process.ptr();
    if (user) {
        task.usage.utime += TICK_NSEC;
        ++(task.nice > 0 ? rq.nice_ticks : rq.user_ticks);
    } else {
        task.usage.stime += TICK_NSEC;
        ++rq.system_ticks;
    }
    if (!process)
        return;
    if (user)
        process->usage.utime += TICK_NSEC;
    else
        process->usage.stime += TICK_NSEC;
    check_cpu_itimers(*process);
}

namespace {

// Linux's update_curr(): the time `task` ran since it last got the CPU (or was last charged),
// charged to it and its process.
void charge_runtime(Task& task, u64 now)
{
    u64 delta = now - task.exec_start;
    task.usage.sum_exec_runtime += delta;
    if (Process* process = task.process.ptr())
        process->usage.sum_exec_runtime += delta;
    task.exec_start = now;
}

} // namespace

void account_switch(Task& prev, Task& next, u64 now)
{
    charge_runtime(prev, now);
    next.exec_start = now;
}

void update_curr(Task& task)
{
    InterruptsDisabled no_irqs;
    charge_runtime(task, ktime_get_ns());
}

u64 task_sched_runtime(const Task& task)
{
    InterruptsDisabled no_irqs; // no switch between the two reads
    u64 runtime = task.usage.sum_exec_runtime;
    // FIXME(SMP): the task may be running on another CPU; that CPU's current slice is missing.
    if (&task == current())
        runtime += ktime_get_ns() - task.exec_start;
    return runtime;
}

u64 thread_group_sched_runtime(const Process& process)
{
    InterruptsDisabled no_irqs;
    u64 runtime = process.usage.sum_exec_runtime;
    Task* running = current();
    if (running->process.ptr() == &process)
        runtime += ktime_get_ns() - running->exec_start;
    return runtime;
}

CpuStat cpu_stat()
{
    // NOTE: one CPU today; with SMP, the sum over every CPU (and a line per CPU in /proc/stat).
    const RunQueue& rq = this_cpu().run_queue;
    return { rq.user_ticks, rq.nice_ticks, rq.system_ticks, rq.idle_ticks };
}

void account_page_fault(bool major)
{
    InterruptsDisabled no_irqs; // the group's counter is shared with the other threads
    Task& task = *current();
    u64 Usage::*counter = major ? &Usage::maj_flt : &Usage::min_flt;
    ++(task.usage.*counter);
    if (Process* process = task.process.ptr())
        ++(process->usage.*counter);
}

void kstat_incr_irqs() { ++this_cpu().run_queue.nr_irqs; }

u64 kstat_irqs_sum() { return this_cpu().run_queue.nr_irqs; }

namespace {

// stime * rtime / total without 128-bit division (the freestanding kernel has no __udivti3):
// both factors are halved until they fit in 32 bits, total with them, which loses only the low
// bits of values above 4 s (Linux's old scale_stime() drops precision the same way).
u64 scale_stime(u64 stime, u64 rtime, u64 total)
{
    int shift = 0;
    while ((stime >> 32) || (rtime >> 32)) {
        stime >>= 1;
        rtime >>= 1;
        total >>= 1;
        ++shift;
    }
    return total ? (stime * rtime / total) << shift : 0;
}

} // namespace

Usage cputime_adjust(const Usage& usage, u64 rtime, PrevCputime& prev)
{
    Usage out = usage;
    SpinlockGuard guard(prev.lock);
    if (prev.stime + prev.utime >= rtime) {
        // Nothing new since the last report (or the ticks ran ahead of the runtime).
        out.utime = prev.utime;
        out.stime = prev.stime;
        return out;
    }
    u64 stime = usage.stime, utime = usage.utime;
    if (stime == 0)
        utime = rtime;
    else if (utime == 0)
        stime = rtime;
    else
        stime = scale_stime(stime, rtime, stime + utime);
    // Neither part may go back: what one gains over its share, the other gives up.
    if (stime < prev.stime)
        stime = prev.stime;
    utime = rtime - stime;
    if (utime < prev.utime) {
        utime = prev.utime;
        stime = rtime - utime;
    }
    prev.utime = out.utime = utime;
    prev.stime = out.stime = stime;
    return out;
}
