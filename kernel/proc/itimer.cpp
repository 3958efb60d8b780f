// setitimer, getitimer and alarm (Linux's kernel/time/itimer.c; the CPU itimers' firing is
// check_cpu_itimer() in kernel/time/posix-cpu-timers.c).

#include <abi/linux/resource.h>
#include <abi/linux/signal.h>
#include <proc/itimer.h>
#include <proc/process.h>
#include <proc/signal.h>
#include <sched/clock.h>
#include <sched/cputime.h>

using namespace linux_abi;

namespace {

constexpr int CpuClockProf = 0;
constexpr int CpuClockVirt = 1;

// The group's CPU time as the CPU itimers count it: the tick-based user time, plus system time
// for ITIMER_PROF (Linux's cpu_clock_sample_group() for CPUCLOCK_PROF / CPUCLOCK_VIRT).
u64 cpu_sample(const Process& process, int clock)
{
    return clock == CpuClockProf ? process.usage.utime + process.usage.stime : process.usage.utime;
}

// ITIMER_REAL fired, in the timer interrupt (Linux's it_real_fn()): SIGALRM to the process, with
// SI_KERNEL like Linux's SEND_SIG_PRIV, and the next period armed.
// NOTE: Linux re-arms an interval timer when the SIGALRM is dequeued (dequeue_signal()); here it
// is re-armed at once, moved past now as hrtimer_forward() would, which differs only while the
// signal stays blocked (Linux's getitimer then says 0 left).
void it_real_fn(Timer& timer)
{
    auto& process = *static_cast<Process*>(timer.data);
    ITimers& it = process.itimers;
    {
        SpinlockGuard guard(it.lock);
        if (!it.real_armed)
            return;
        if (it.real_incr) {
            u64 now = ktime_get_ns();
            u64 next = timer.expires_ns + it.real_incr;
            if (next <= now)
                next += ((now - next) / it.real_incr + 1) * it.real_incr;
            timer.expires_ns = next;
            add_timer(timer);
        } else {
            it.real_armed = false;
        }
    }
    (void)send_signal_to_process(process, SIGALRM, SigInfo::kernel(SIGALRM));
}

ItimerSetting get_real_locked(ITimers& it)
{
    ItimerSetting s;
    s.interval = it.real_incr;
    if (it.real_armed) {
        u64 now = ktime_get_ns();
        // Expired but not yet run: "1 µs left", as Linux's itimer_get_remtime().
        s.value = it.real_timer.expires_ns > now ? it.real_timer.expires_ns - now : 1000;
    }
    return s;
}

ItimerSetting get_cpu_locked(const Process& process, int clock)
{
    const ITimers::Cpu& c = process.itimers.cpu[clock];
    ItimerSetting s { c.expires, c.incr };
    if (s.value) {
        u64 t = cpu_sample(process, clock);
        s.value = s.value < t ? TICK_NSEC : s.value - t; // "about to fire"
    }
    return s;
}

void set_real(Process& process, const ItimerSetting& setting, ItimerSetting* old)
{
    ITimers& it = process.itimers;
    SpinlockGuard guard(it.lock);
    if (old)
        *old = get_real_locked(it);
    // With the lock held and interrupts off, it_real_fn() cannot be running on this CPU.
    // FIXME(SMP): it may be on another, as Linux's hrtimer_try_to_cancel() loop handles.
    if (it.real_armed)
        del_timer(it.real_timer);
    it.real_armed = false;
    it.real_incr = 0;
    if (setting.value) {
        it.real_incr = setting.interval;
        it.real_timer.function = it_real_fn;
        it.real_timer.data = &process;
        u64 now = ktime_get_ns();
        it.real_timer.expires_ns = ktime_add_safe(now, setting.value);
        it.real_armed = true;
        add_timer(it.real_timer);
    }
}

// Linux's set_cpu_itimer() and set_process_cpu_timer(): the new value is relative to the group's
// CPU time now, plus one tick (so that a timer never fires before a whole tick of CPU time was
// charged); the old one is reported relative, a tick if it was due.
void set_cpu(Process& process, int clock, const ItimerSetting& setting, ItimerSetting* old)
{
    ITimers& it = process.itimers;
    SpinlockGuard guard(it.lock);
    ITimers::Cpu& c = it.cpu[clock];
    u64 old_value = c.expires;
    u64 old_interval = c.incr;
    u64 value = setting.value;
    if (old_value || value) {
        u64 now = cpu_sample(process, clock);
        if (old_value)
            old_value = old_value <= now ? TICK_NSEC : old_value - now;
        if (value) // saturating: a value near the top of the range means never, not at once
            value = ktime_add_safe(value, TICK_NSEC + now);
    }
    c.expires = value;
    c.incr = setting.interval;
    if (old)
        *old = { old_value, old_interval };
}

} // namespace

Result<void> do_setitimer(Process& process, int which, const ItimerSetting& setting, ItimerSetting* old)
{
    switch (which) {
    case ItimerReal:
        set_real(process, setting, old);
        return {};
    case ItimerVirtual:
        set_cpu(process, CpuClockVirt, setting, old);
        return {};
    case ItimerProf:
        set_cpu(process, CpuClockProf, setting, old);
        return {};
    default:
        return Errno::EINVAL;
    }
}

Result<ItimerSetting> do_getitimer(Process& process, int which)
{
    SpinlockGuard guard(process.itimers.lock);
    switch (which) {
    case ItimerReal:
        return get_real_locked(process.itimers);
    case ItimerVirtual:
        return get_cpu_locked(process, CpuClockVirt);
    case ItimerProf:
        return get_cpu_locked(process, CpuClockProf);
    default:
        return Errno::EINVAL;
    }
}

unsigned alarm_setitimer(Process& process, unsigned seconds)
{
    ItimerSetting old;
    set_real(process, { u64(seconds) * NSEC_PER_SEC, 0 }, &old);
    // "We can't return 0 if we have an alarm pending ... And we'd better return too much than
    // too little anyway" (Linux): in microseconds, as the timeval Linux rounds from.
    u64 sec = old.value / NSEC_PER_SEC;
    u64 usec = old.value % NSEC_PER_SEC / 1000;
    if ((!sec && usec) || usec >= 500000)
        ++sec;
    return unsigned(sec);
}

void check_cpu_itimers(Process& process)
{
    ITimers& it = process.itimers;
    if (!it.cpu[CpuClockProf].expires && !it.cpu[CpuClockVirt].expires)
        return;
    bool fire[2] = { false, false };
    {
        SpinlockGuard guard(it.lock);
        for (int clock = 0; clock < 2; ++clock) {
            ITimers::Cpu& c = it.cpu[clock];
            if (!c.expires || cpu_sample(process, clock) < c.expires)
                continue;
            c.expires = c.incr ? ktime_add_safe(c.expires, c.incr) : 0;
            fire[clock] = true;
        }
    }
    // Linux's __group_send_sig_info(signo, SEND_SIG_PRIV, tsk): to the group, SI_KERNEL.
    if (fire[CpuClockProf])
        (void)send_signal_to_process(process, SIGPROF, SigInfo::kernel(SIGPROF));
    if (fire[CpuClockVirt])
        (void)send_signal_to_process(process, SIGVTALRM, SigInfo::kernel(SIGVTALRM));
}

void exit_itimers(Process& process)
{
    ITimers& it = process.itimers;
    {
        SpinlockGuard guard(it.lock);
        if (it.real_armed)
            del_timer(it.real_timer);
        it.real_armed = false;
        it.cpu[0] = {};
        it.cpu[1] = {};
    }
    exit_posix_timers(process);
}
