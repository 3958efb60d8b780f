// POSIX timers (proc/posix_timers.h). Each is a kernel Timer on the monotonic clock, guarded by
// its process's ITimers::lock like the interval timers.

#include <abi/linux/signal.h>
#include <new>
#include <proc/posix_timers.h>
#include <proc/process.h>
#include <proc/signal.h>
#include <proc/task.h>
#include <sched/clock.h>

using namespace linux_abi;

namespace {

// Linux's clock ids and sigev_notify values (the C library's may be macros).
constexpr int ClockRealtime = 0, ClockMonotonic = 1, ClockBoottime = 7, ClockTai = 11;
constexpr int SigevSignal = 0, SigevNone = 1, SigevThread = 2, SigevThreadId = 4;

PosixTimer* find_locked(ITimers& it, int id)
{
    for (PosixTimer& t : it.posix_timers) {
        if (t.id == id)
            return &t;
    }
    return nullptr;
}

// The timer expired, in the timer interrupt (Linux's posix_timer_fn() and, for the reload, the
// hrtimer_forward() of posixtimer_rearm()): the next period is armed, the expirations that were
// missed meanwhile become the signal's overrun, and the signal is sent.
void posix_timer_fn(Timer& timer)
{
    auto& pt = *static_cast<PosixTimer*>(timer.data);
    Process& process = *pt.process;
    SigInfo info;
    i32 tid;
    {
        SpinlockGuard guard(process.itimers.lock);
        if (!pt.armed)
            return;
        u64 skipped = 0;
        if (pt.interval) {
            u64 now = ktime_get_ns();
            u64 next = pt.expires + pt.interval;
            if (next <= now) {
                skipped = (now - next) / pt.interval + 1;
                next += skipped * pt.interval;
            }
            pt.expires = next;
            timer.expires_ns = next;
            add_timer(timer);
        } else {
            pt.armed = false;
            pt.expires = 0;
        }
        info.signo = pt.signo;
        info.code = SI_TIMER;
        info.pid = pt.id; // si_tid: the timer id
        info.uid = u32(skipped > 0x7fffffff ? 0x7fffffff : skipped); // si_overrun
        info.value = pt.sigval;
        tid = (pt.notify & SigevThreadId) ? pt.target_tid : 0;
    }
    RefPtr<Task> thread;
    if (tid) {
        // The thread may have exited since: then the signal is dropped, as in Linux.
        thread = find_task(tid);
        if (!thread || thread->process.ptr() != &process)
            return;
    }
    int overrun = send_timer_signal(process, thread.ptr(), info.signo, info);
    // NOTE: `pt` is still there: the timer interrupt runs with interrupts off, so nothing could
    // delete it meanwhile. FIXME(SMP): another CPU could.
    SpinlockGuard guard(process.itimers.lock);
    if (overrun >= 0)
        pt.overrun_last = overrun;
}

// Disarm; the caller holds the lock.
void disarm_locked(PosixTimer& pt)
{
    if (pt.armed)
        del_timer(pt.timer);
    pt.armed = false;
    pt.expires = 0;
}

ItimerSetting get_locked(PosixTimer& pt)
{
    ItimerSetting s;
    s.interval = pt.interval;
    if (!pt.expires)
        return s;
    u64 now = ktime_get_ns();
    if ((pt.notify & ~SigevThreadId) == SigevNone && pt.interval && pt.expires <= now) {
        // Never armed in the timer list: an interval timer's expiry moves forward when read
        // (Linux's common_timer_get() forwards a SIGEV_NONE timer).
        pt.expires += ((now - pt.expires) / pt.interval + 1) * pt.interval;
    }
    if (pt.expires > now)
        s.value = pt.expires - now;
    else if ((pt.notify & ~SigevThreadId) != SigevNone)
        s.value = 1; // due but not yet run: "1 ns left", as Linux
    return s;
}

} // namespace

Result<int> posix_timer_create(Process& process, int clock, const TimerEvent* event)
{
    switch (clock) {
    case ClockRealtime:
    case ClockMonotonic:
    case ClockBoottime:
        break;
    case 2: // CLOCK_PROCESS_CPUTIME_ID
    case 3: // CLOCK_THREAD_CPUTIME_ID
    case 4: // CLOCK_MONOTONIC_RAW: no timers in Linux either
    case 5: // CLOCK_REALTIME_COARSE: idem
    case 6: // CLOCK_MONOTONIC_COARSE: idem
    case 8: // CLOCK_REALTIME_ALARM
    case 9: // CLOCK_BOOTTIME_ALARM
    case ClockTai:
        // FIXME: Linux has CPU-clock timers (posix_cpu_timer_create()), alarm timers and TAI
        // timers; Sprout says EOPNOTSUPP, Linux's answer for a clock without timers.
        return Errno::EOPNOTSUPP;
    default:
        // FIXME: a negative id is a pid-encoded CPU clock, with CPU-clock timers in Linux.
        return clock < 0 ? Errno::EOPNOTSUPP : Errno::EINVAL;
    }
    auto* pt = new (std::nothrow) PosixTimer;
    if (!pt)
        return Errno::EAGAIN; // Linux's answer when the timer cannot be allocated
    pt->process = &process;
    pt->realtime = clock == ClockRealtime;
    pt->timer.function = posix_timer_fn;
    pt->timer.data = pt;
    if (event) {
        // Linux's good_sigevent().
        bool ok = false;
        switch (event->notify) {
        case SigevSignal | SigevThreadId: {
            RefPtr<Task> thread = find_task(event->tid);
            if (!thread || thread->process.ptr() != &process)
                break;
            [[fallthrough]];
        }
        case SigevSignal:
        case SigevThread:
            ok = event->signo > 0 && event->signo <= NSIG;
            break;
        case SigevNone:
            ok = true;
            break;
        default:
            break;
        }
        if (!ok) {
            delete pt;
            return Errno::EINVAL;
        }
        pt->notify = event->notify == SigevThread ? SigevSignal : event->notify;
        pt->signo = event->signo;
        pt->sigval = event->sigval;
        pt->target_tid = event->tid;
    }
    SpinlockGuard guard(process.itimers.lock);
    ITimers& it = process.itimers;
    // Each timer holds a preallocated signal in Linux, counted against RLIMIT_SIGPENDING.
    if (it.nr_posix_timers >= process.rlimits[RLIMIT_SIGPENDING].soft) {
        delete pt;
        return Errno::EAGAIN;
    }
    int id = it.next_posix_timer_id;
    while (find_locked(it, id))
        id = (id + 1) & 0x7fffffff;
    it.next_posix_timer_id = (id + 1) & 0x7fffffff;
    pt->id = id;
    if (!event) {
        pt->notify = SigevSignal;
        pt->signo = SIGALRM;
        pt->sigval = u64(id);
    }
    it.posix_timers.push_back(*pt);
    ++it.nr_posix_timers;
    return id;
}

Result<void> posix_timer_delete(Process& process, int id)
{
    PosixTimer* pt;
    {
        SpinlockGuard guard(process.itimers.lock);
        pt = find_locked(process.itimers, id);
        if (!pt)
            return Errno::EINVAL;
        disarm_locked(*pt);
        process.itimers.posix_timers.remove(*pt);
        --process.itimers.nr_posix_timers;
    }
    // NOTE: a signal it sent stays pending (Linux's sigqueue_free() leaves it queued).
    // FIXME(SMP): posix_timer_fn() may still be running on another CPU.
    delete pt;
    return {};
}

Result<void> posix_timer_settime(Process& process, int id, bool absolute, const ItimerSetting& setting, ItimerSetting* old)
{
    SpinlockGuard guard(process.itimers.lock);
    PosixTimer* pt = find_locked(process.itimers, id);
    if (!pt)
        return Errno::EINVAL;
    if (old)
        *old = get_locked(*pt);
    disarm_locked(*pt);
    pt->interval = setting.interval;
    pt->overrun_last = 0;
    if (!setting.value)
        return {};
    u64 now = ktime_get_ns();
    u64 expires;
    if (absolute) {
        // Every clock runs on the monotonic one; CLOCK_REALTIME differs by a fixed offset (the
        // wall clock is never set). A time in the past expires at the next tick.
        expires = setting.value;
        if (pt->realtime) {
            u64 offset = ktime_get_real_ns() - now;
            expires = expires > offset ? expires - offset : 1;
        }
    } else {
        expires = setting.value > ~0ull - now ? ~0ull : now + setting.value;
    }
    if (expires == 0)
        expires = 1;
    pt->expires = expires;
    if ((pt->notify & ~SigevThreadId) == SigevNone)
        return {}; // nothing to do at expiry: not in the timer list (Linux does not start it)
    pt->timer.expires_ns = expires;
    pt->armed = true;
    add_timer(pt->timer);
    return {};
}

Result<ItimerSetting> posix_timer_gettime(Process& process, int id)
{
    SpinlockGuard guard(process.itimers.lock);
    PosixTimer* pt = find_locked(process.itimers, id);
    if (!pt)
        return Errno::EINVAL;
    return get_locked(*pt);
}

Result<int> posix_timer_getoverrun(Process& process, int id)
{
    SpinlockGuard guard(process.itimers.lock);
    PosixTimer* pt = find_locked(process.itimers, id);
    if (!pt)
        return Errno::EINVAL;
    return pt->overrun_last;
}

void exit_posix_timers(Process& process)
{
    for (;;) {
        PosixTimer* pt;
        {
            SpinlockGuard guard(process.itimers.lock);
            pt = process.itimers.posix_timers.pop_front();
            if (!pt)
                return;
            disarm_locked(*pt);
            --process.itimers.nr_posix_timers;
        }
        delete pt;
    }
}
