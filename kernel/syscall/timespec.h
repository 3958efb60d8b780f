#pragma once
// A struct timespec argument, copied in and checked the way Linux's timespec64 users do:
// EFAULT, EINVAL for a negative time or tv_nsec out of [0, 1e9), and a time too far to count in
// 64-bit nanoseconds saturated to "forever".

#include <abi/linux/time.h>
#include <mm/uaccess.h>
#include <sched/clock.h>

inline Result<u64> timespec_from_user(const linux_abi::timespec* user_ts)
{
    linux_abi::timespec ts = TRY(get_user(user_ts));
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= i64(NSEC_PER_SEC))
        return Errno::EINVAL;
    if (u64(ts.tv_sec) > (~0ull - u64(ts.tv_nsec)) / NSEC_PER_SEC)
        return ~0ull;
    return u64(ts.tv_sec) * NSEC_PER_SEC + u64(ts.tv_nsec);
}
