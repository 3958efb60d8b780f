// alarm, setitimer, getitimer (Linux's kernel/time/itimer.c): decode and check the timevals,
// then proc/itimer.cpp.

#include <abi/linux/resource.h>
#include <mm/uaccess.h>
#include <proc/itimer.h>
#include <proc/process.h>
#include <sched/clock.h>
#include <syscall/syscall.h>

using linux_abi::itimerval;
using linux_abi::ItimerProf;
using Timeval = linux_abi::timeval;

namespace {

// Linux's timeval_valid(): tv_sec >= 0 and 0 <= tv_usec < 1000000 (as an unsigned compare).
bool timeval_valid(const Timeval& tv) { return tv.tv_sec >= 0 && u64(tv.tv_usec) < 1000000; }

// Linux's ktime_set(): from KTIME_SEC_MAX seconds on, KTIME_MAX ("never").
u64 timeval_to_ns(const Timeval& tv)
{
    if (u64(tv.tv_sec) >= KTIME_MAX / NSEC_PER_SEC)
        return KTIME_MAX;
    return u64(tv.tv_sec) * NSEC_PER_SEC + u64(tv.tv_usec) * 1000;
}

// Linux's put_itimerval(): the nanoseconds truncated to microseconds.
Timeval ns_to_timeval(u64 ns) { return { i64(ns / NSEC_PER_SEC), i64(ns % NSEC_PER_SEC / 1000) }; }

itimerval to_user(const ItimerSetting& s) { return { ns_to_timeval(s.interval), ns_to_timeval(s.value) }; }

} // namespace

// Linux's order: the new value is copied in (EFAULT) and checked (EINVAL) before `which` is
// looked at; a NULL new value means "disarm" (a misfeature Linux keeps); the old value is copied
// out after the new one is in force.
static Result<i64> sys_setitimer(int which, const itimerval* user_new, itimerval* user_old)
{
    ItimerSetting setting;
    if (user_new) {
        itimerval v = TRY(get_user(user_new));
        if (!timeval_valid(v.it_value) || !timeval_valid(v.it_interval))
            return Errno::EINVAL;
        setting = { timeval_to_ns(v.it_value), timeval_to_ns(v.it_interval) };
    }
    ItimerSetting old;
    TRY(do_setitimer(current_process(), which, setting, user_old ? &old : nullptr));
    if (user_old)
        TRY(put_user(user_old, to_user(old)));
    return 0;
}
SYSCALL_DEFINE(setitimer)

static Result<i64> sys_getitimer(int which, itimerval* user_value)
{
    ItimerSetting s = TRY(do_getitimer(current_process(), which));
    TRY(put_user(user_value, to_user(s)));
    return 0;
}
SYSCALL_DEFINE(getitimer)

static Result<i64> sys_alarm(unsigned seconds) { return alarm_setitimer(current_process(), seconds); }
SYSCALL_DEFINE(alarm)
