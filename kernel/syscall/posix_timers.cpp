// timer_create, timer_settime, timer_gettime, timer_getoverrun, timer_delete (Linux's
// kernel/time/posix-timers.c): decode, copy, check, then proc/posix_timers.cpp.

#include <abi/linux/resource.h>
#include <mm/uaccess.h>
#include <proc/posix_timers.h>
#include <proc/process.h>
#include <sched/clock.h>
#include <syscall/syscall.h>

namespace {

// struct sigevent (include/uapi/asm-generic/siginfo.h): 64 bytes.
struct Sigevent {
    u64 sigev_value;
    i32 sigev_signo;
    i32 sigev_notify;
    i32 sigev_notify_thread_id; // the union's first int: _tid for SIGEV_THREAD_ID
    u8 rest[64 - 20];
};
static_assert(sizeof(Sigevent) == 64);

using Itimerspec = linux_abi::itimerspec;
using Timespec = linux_abi::timespec;

// Linux's timespec64_valid(): tv_sec >= 0 and 0 <= tv_nsec < 10^9.
bool valid(const Timespec& ts) { return ts.tv_sec >= 0 && ts.tv_nsec >= 0 && ts.tv_nsec < i64(NSEC_PER_SEC); }

u64 to_ns(const Timespec& ts)
{
    if (u64(ts.tv_sec) > (~0ull - 999999999ull) / NSEC_PER_SEC)
        return ~0ull;
    return u64(ts.tv_sec) * NSEC_PER_SEC + u64(ts.tv_nsec);
}

Timespec to_timespec(u64 ns) { return { i64(ns / NSEC_PER_SEC), i64(ns % NSEC_PER_SEC) }; }

Itimerspec to_user(const ItimerSetting& s) { return { to_timespec(s.interval), to_timespec(s.value) }; }

constexpr int TimerAbstime = 1;

} // namespace

// Linux's order: the sigevent is copied (EFAULT), the clock checked, the sigevent checked
// (EINVAL), the timer made, and the id copied out last: EFAULT there deletes the timer again.
static Result<i64> sys_timer_create(int clock, const Sigevent* user_event, int* user_id)
{
    TimerEvent event;
    if (user_event) {
        Sigevent e = TRY(get_user(user_event));
        event = { e.sigev_notify, e.sigev_signo, e.sigev_value, e.sigev_notify_thread_id };
    }
    Process& process = current_process();
    int id = TRY(posix_timer_create(process, clock, user_event ? &event : nullptr));
    if (auto copied = put_user(user_id, id); copied.is_error()) {
        (void)posix_timer_delete(process, id);
        return copied.error();
    }
    return 0;
}
SYSCALL_DEFINE(timer_create)

static Result<i64> sys_timer_settime(int id, int flags, const Itimerspec* user_new, Itimerspec* user_old)
{
    if (!user_new)
        return Errno::EINVAL;
    Itimerspec spec = TRY(get_user(user_new));
    if (!valid(spec.it_interval) || !valid(spec.it_value))
        return Errno::EINVAL;
    ItimerSetting old;
    TRY(posix_timer_settime(current_process(), id, flags & TimerAbstime, { to_ns(spec.it_value), to_ns(spec.it_interval) },
        user_old ? &old : nullptr));
    if (user_old)
        TRY(put_user(user_old, to_user(old)));
    return 0;
}
SYSCALL_DEFINE(timer_settime)

static Result<i64> sys_timer_gettime(int id, Itimerspec* user_value)
{
    ItimerSetting s = TRY(posix_timer_gettime(current_process(), id));
    TRY(put_user(user_value, to_user(s)));
    return 0;
}
SYSCALL_DEFINE(timer_gettime)

static Result<i64> sys_timer_getoverrun(int id) { return TRY(posix_timer_getoverrun(current_process(), id)); }
SYSCALL_DEFINE(timer_getoverrun)

static Result<i64> sys_timer_delete(int id)
{
    TRY(posix_timer_delete(current_process(), id));
    return 0;
}
SYSCALL_DEFINE(timer_delete)
