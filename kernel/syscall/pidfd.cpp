// pidfd_open(2) (proc/pidfd.cpp); pidfd_send_signal(2) is with kill() in signal.cpp.
// FIXME: pidfd_getfd(2).

#include <proc/pidfd.h>
#include <syscall/syscall.h>

static Result<i64> sys_pidfd_open(i32 pid, u32 flags) { return TRY(do_pidfd_open(pid, flags)); }
SYSCALL_DEFINE(pidfd_open)
