// prctl(2): the options process creation needs so far; the others are EINVAL.

#include <lib/string.h>
#include <mm/uaccess.h>
#include <proc/process.h>
#include <proc/signal.h>
#include <proc/task.h>
#include <sched/sched.h>
#include <syscall/syscall.h>

namespace {

constexpr int PR_SET_PDEATHSIG = 1;
constexpr int PR_GET_PDEATHSIG = 2;
constexpr int PR_SET_NAME = 15;
constexpr int PR_GET_NAME = 16;
constexpr int PR_SET_CHILD_SUBREAPER = 36;
constexpr int PR_GET_CHILD_SUBREAPER = 37;

} // namespace

static Result<i64> sys_prctl(int option, u64 arg2, u64, u64, u64)
{
    Process& process = current_process();
    switch (option) {
    case PR_SET_PDEATHSIG:
        // Sent when the parent exits; per task (Linux: the parent *thread*), cleared at fork.
        if (!valid_signal(arg2))
            return Errno::EINVAL;
        current()->pdeath_signal = int(arg2);
        return 0;
    case PR_GET_PDEATHSIG:
        TRY(put_user(reinterpret_cast<int*>(arg2), current()->pdeath_signal));
        return 0;
    case PR_SET_NAME: {
        // The thread's name (comm): at most 15 bytes, silently truncated, as Linux.
        char name[16] {};
        auto copied = strncpy_from_user(name, reinterpret_cast<const char*>(arg2), sizeof(name));
        if (copied.is_error() && copied.error() != Errno::ENAMETOOLONG) // too long: truncated
            return copied.error();
        name[sizeof(name) - 1] = 0;
        memcpy(process.comm, name, sizeof(process.comm));
        return 0;
    }
    case PR_GET_NAME:
        TRY(copy_to_user(reinterpret_cast<char*>(arg2), process.comm, sizeof(process.comm)));
        return 0;
    case PR_SET_CHILD_SUBREAPER: {
        SpinlockGuard guard(tasklist_lock);
        process.child_subreaper = arg2 != 0;
        return 0;
    }
    case PR_GET_CHILD_SUBREAPER: {
        int value = process.child_subreaper ? 1 : 0;
        TRY(put_user(reinterpret_cast<int*>(arg2), value));
        return 0;
    }
    default:
        return Errno::EINVAL;
    }
}
SYSCALL_DEFINE(prctl)
