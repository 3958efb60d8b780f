// futex(2): decode the operation and its timeout, then call proc/futex.cpp (Linux's
// kernel/futex/syscalls.c, do_futex()).

#include <abi/linux/futex.h>
#include <abi/linux/time.h>
#include <proc/futex.h>
#include <proc/process.h>
#include <mm/uaccess.h>
#include <proc/task.h>
#include <sched/clock.h>
#include <sched/sched.h>
#include <syscall/syscall.h>
#include <syscall/timespec.h>

using namespace linux_abi;

namespace {

bool futex_cmd_has_timeout(int cmd)
{
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_BITSET:
    case FUTEX_WAIT_REQUEUE_PI:
        return true;
    default:
        return false;
    }
}

} // namespace

// NOTE: the fourth argument is a timeout for the waits, and a count for the requeues (nr_requeue)
// and FUTEX_WAKE_OP (nr_wake2).
static Result<i64> sys_futex(u32* uaddr, int op, u32 val, const linux_abi::timespec* utime, u32* uaddr2, u32 val3)
{
    int cmd = op & FUTEX_CMD_MASK;
    // The timeout is checked first, whatever follows (an ENOSYS operation included), as Linux.
    FutexDeadline deadline;
    const FutexDeadline* timeout = nullptr;
    if (utime && futex_cmd_has_timeout(cmd)) {
        u64 ns = TRY(timespec_from_user(utime));
        if (cmd == FUTEX_WAIT) {
            // Relative, on the monotonic clock (saturated: a wait that never times out).
            u64 now = ktime_get_ns();
            deadline.ns = ns > ~0ull - now ? ~0ull : now + ns;
        } else {
            // Absolute, on the monotonic clock unless FUTEX_CLOCK_REALTIME.
            deadline.ns = ns;
            deadline.realtime = op & FUTEX_CLOCK_REALTIME;
        }
        timeout = &deadline;
    }
    bool shared = !(op & FUTEX_PRIVATE_FLAG);
    if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT_REQUEUE_PI
        && cmd != FUTEX_LOCK_PI2)
        return Errno::ENOSYS;
    auto& mm = current()->mm;
    if (!mm)
        return Errno::EFAULT;
    switch (cmd) {
    case FUTEX_WAIT:
        return futex_wait(uptr(uaddr), shared, val, timeout, FUTEX_BITSET_MATCH_ANY);
    case FUTEX_WAIT_BITSET:
        return futex_wait(uptr(uaddr), shared, val, timeout, val3);
    case FUTEX_WAKE:
        return futex_wake(*mm, uptr(uaddr), shared, int(val), FUTEX_BITSET_MATCH_ANY);
    case FUTEX_WAKE_BITSET:
        return futex_wake(*mm, uptr(uaddr), shared, int(val), val3);
    case FUTEX_REQUEUE:
        return futex_requeue(uptr(uaddr), shared, uptr(uaddr2), int(val), int(u32(uptr(utime))), nullptr);
    case FUTEX_CMP_REQUEUE:
        return futex_requeue(uptr(uaddr), shared, uptr(uaddr2), int(val), int(u32(uptr(utime))), &val3);
    case FUTEX_WAKE_OP:
        return futex_wake_op(uptr(uaddr), shared, uptr(uaddr2), int(val), int(u32(uptr(utime))), val3);
    default:
        // The priority-inheritance operations give ENOSYS as on a Linux built without
        // CONFIG_FUTEX_PI; FUTEX_FD and unknown operations give ENOSYS on every Linux.
        return Errno::ENOSYS;
    }
}
SYSCALL_DEFINE(futex)

// The robust list's head: remembered, and walked when the thread leaves its address space
// (exit_robust_list()).
static Result<i64> sys_set_robust_list(void* head, usize length)
{
    if (length != sizeof(robust_list_head))
        return Errno::EINVAL;
    current()->robust_list = head;
    return 0;
}
SYSCALL_DEFINE(set_robust_list)

// Another thread's head needs the right to read its memory (Linux's
// ptrace_may_access(PTRACE_MODE_READ_REALCREDS)).
static Result<i64> sys_get_robust_list(i32 tid, void** user_head, usize* user_length)
{
    void* head;
    if (tid == 0) {
        head = current()->robust_list;
    } else {
        auto task = find_task(tid);
        if (!task)
            return Errno::ESRCH;
        SpinlockGuard guard(tasklist_lock);
        if (!ptrace_creds_allow(current()->creds, task->creds, PtraceCreds::RealCreds))
            return Errno::EPERM;
        head = task->robust_list;
    }
    TRY(put_user(user_length, sizeof(robust_list_head)));
    TRY(put_user(user_head, head));
    return 0;
}
SYSCALL_DEFINE(get_robust_list)
