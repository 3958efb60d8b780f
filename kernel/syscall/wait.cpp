// wait4(2) and waitid(2): decode, then proc/wait.cpp.

#include <abi/linux/fcntl.h>
#include <abi/linux/signal.h>
#include <lib/string.h>
#include <mm/uaccess.h>
#include <proc/pidfd.h>
#include <proc/wait.h>
#include <syscall/fs_common.h>
#include <syscall/syscall.h>

namespace {

// The part of siginfo_t that waitid() fills (include/uapi/asm-generic/siginfo.h): 128 bytes.
struct WaitSiginfo {
    i32 si_signo;
    i32 si_errno;
    i32 si_code;
    i32 pad;
    i32 si_pid;
    u32 si_uid;
    i32 si_status;
    u8 rest[128 - 28];
};
static_assert(sizeof(WaitSiginfo) == 128);

using linux_abi::CLD_CONTINUED;
using linux_abi::CLD_EXITED;
using linux_abi::CLD_STOPPED;
constexpr int P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3;

} // namespace

static Result<i64> sys_wait4(i32 pid, int* user_status, u32 options, linux_abi::rusage* user_rusage)
{
    if (options & ~(WaitNoHang | WaitStopped | WaitContinued | WaitNoThread | WaitClone | WaitAll))
        return Errno::EINVAL;
    if (pid == i32(0x80000000)) // INT_MIN: -pid would overflow (Linux's check)
        return Errno::ESRCH;
    WaitWhich which = pid == -1 ? WaitWhich::Any : pid > 0 ? WaitWhich::Pid : WaitWhich::Group;
    WaitResult r = TRY(do_wait(which, pid < -1 ? -pid : pid, options | WaitExited));
    if (r.pid && user_status)
        TRY(put_user(user_status, r.status));
    // Only for a child reported (Linux's wait4(): `if (err > 0)`); WNOHANG with nothing to report
    // leaves the buffer alone.
    if (r.pid && user_rusage)
        TRY(put_user(user_rusage, to_user_rusage(r.rusage)));
    return r.pid;
}
SYSCALL_DEFINE(wait4)

static Result<i64> sys_waitid(int idtype, i32 id, WaitSiginfo* user_info, u32 options, linux_abi::rusage* user_rusage)
{
    if (options
        & ~(WaitNoHang | WaitNoWait | WaitExited | WaitStopped | WaitContinued | WaitNoThread | WaitClone | WaitAll))
        return Errno::EINVAL;
    if (!(options & (WaitExited | WaitStopped | WaitContinued)))
        return Errno::EINVAL;
    WaitWhich which;
    RefPtr<Process> target; // P_PIDFD's process
    bool nonblocking = false; // P_PIDFD of a PIDFD_NONBLOCK pidfd
    switch (idtype) {
    case P_ALL:
        which = WaitWhich::Any;
        break;
    case P_PID:
        if (id <= 0)
            return Errno::EINVAL;
        which = WaitWhich::Pid;
        break;
    case P_PGID:
        if (id < 0)
            return Errno::EINVAL;
        which = WaitWhich::Group;
        break;
    case P_PIDFD: {
        if (id < 0)
            return Errno::EINVAL;
        auto pidfd = TRY(pidfd_get_process(fs_syscall::current_files(), id)); // EBADF: not a pidfd
        target = pidfd.process;
        nonblocking = pidfd.file_flags & linux_abi::O_NONBLOCK;
        which = WaitWhich::Process;
        break;
    }
    default:
        return Errno::EINVAL;
    }
    u32 asked = options;
    // A PIDFD_NONBLOCK pidfd waits as with WNOHANG, and says EAGAIN, not 0, when nothing is
    // ready and the caller had not asked for WNOHANG itself (Linux's kernel_waitid()).
    if (nonblocking)
        options |= WaitNoHang;
    WaitResult r = TRY(do_wait(which, id, options, target.ptr()));
    if (nonblocking && !r.pid && !(asked & WaitNoHang))
        return Errno::EAGAIN;
    // Linux's waitid(): the rusage of a child reported first, then the siginfo.
    if (r.pid && user_rusage)
        TRY(put_user(user_rusage, to_user_rusage(r.rusage)));
    if (user_info) {
        WaitSiginfo info {};
        if (r.pid) {
            info.si_signo = SIGCHLD;
            info.si_pid = r.pid;
            info.si_uid = r.uid;
            info.si_code = r.code;
            if (r.code == CLD_EXITED)
                info.si_status = (r.status >> 8) & 0xff;
            else if (r.code == CLD_STOPPED)
                info.si_status = (r.status >> 8) & 0x7f;
            else if (r.code == CLD_CONTINUED)
                info.si_status = SIGCONT;
            else
                info.si_status = r.status & 0x7f;
        }
        TRY(copy_to_user(user_info, &info, sizeof(info)));
    }

    return 0;
}
SYSCALL_DEFINE(waitid)
