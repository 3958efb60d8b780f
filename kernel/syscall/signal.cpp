// The signal system calls: rt_sigaction, rt_sigprocmask, rt_sigpending, rt_sigsuspend, pause,
// rt_sigreturn, sigaltstack, kill, tkill, tgkill, pidfd_send_signal. Decode and copy here;
// proc/signal*.cpp acts (the kill family: proc/signal_kill.cpp).

#include <arch/signal.h>
#include <arch/user.h>
#include <mm/uaccess.h>
#include <proc/pidfd.h>
#include <proc/process.h>
#include <proc/signal.h>
#include <proc/task.h>
#include <sched/sched.h>
#include <syscall/syscall.h>
#include <syscall/timespec.h>

using namespace linux_abi;

namespace {

// Linux's do_sigaction().
Result<void> do_sigaction(int sig, const k_sigaction* act, k_sigaction* oact)
{
    if (sig < 1 || sig > NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
        return Errno::EINVAL;
    Task& task = *current();
    SpinlockGuard tasks(tasklist_lock); // for the other threads' pending sets
    SpinlockGuard guard(task.sighand->lock);
    k_sigaction& ka = task.sighand->action[sig - 1];
    if (oact)
        *oact = ka;
    if (act) {
        ka = *act;
        ka.flags &= SA_KNOWN; // unknown bits read back as clear: how user space detects them
        ka.mask &= ~SIG_KERNEL_ONLY_MASK;
        // POSIX: setting a pending signal's action to "ignore" discards it, blocked or not.
        bool ignored = ka.handler == SIG_IGN
            || (ka.handler == SIG_DFL && (sig == SIGCONT || sig == SIGCHLD || sig == SIGWINCH || sig == SIGURG));
        if (ignored && task.process) {
            task.process->shared_pending.flush_signals(sigmask(sig));
            for (Task& thread : task.process->threads)
                thread.pending.flush_signals(sigmask(sig));
        }
    }
    return {};
}

// Sleep until a signal is pending (pause, sigsuspend): they always return ERESTARTNOHAND, which
// becomes EINTR once the handler ran.
Errno sleep_until_signal()
{
    for (;;) {
        set_current_state(TaskState::Interruptible);
        if (signal_pending(*current()))
            break;
        schedule();
    }
    set_current_state(TaskState::Running);
    return Errno::ERESTARTNOHAND;
}

} // namespace

static Result<i64> sys_rt_sigaction(int sig, const k_sigaction* user_act, k_sigaction* user_oact, usize sigsetsize)
{
    if (sigsetsize != sizeof(SigSet))
        return Errno::EINVAL;
    k_sigaction act {}, oact {};
    if (user_act)
        act = TRY(get_user(user_act));
    TRY(do_sigaction(sig, user_act ? &act : nullptr, user_oact ? &oact : nullptr));
    if (user_oact)
        TRY(put_user(user_oact, oact));
    return 0;
}
SYSCALL_DEFINE(rt_sigaction)

static Result<i64> sys_rt_sigprocmask(int how, const SigSet* user_set, SigSet* user_oset, usize sigsetsize)
{
    if (sigsetsize != sizeof(SigSet))
        return Errno::EINVAL;
    Task& task = *current();
    SigSet old = task.blocked;
    if (user_set) {
        SigSet set = TRY(get_user(user_set));
        switch (how) {
        case SIG_BLOCK:
            set_current_blocked(old | set);
            break;
        case SIG_UNBLOCK:
            set_current_blocked(old & ~set);
            break;
        case SIG_SETMASK:
            set_current_blocked(set);
            break;
        default:
            return Errno::EINVAL;
        }
    }
    if (user_oset)
        TRY(put_user(user_oset, old));
    return 0;
}
SYSCALL_DEFINE(rt_sigprocmask)

static Result<i64> sys_rt_sigpending(SigSet* user_set, usize sigsetsize)
{
    if (sigsetsize > sizeof(SigSet))
        return Errno::EINVAL;
    Task& task = *current();
    SigSet pending;
    {
        SpinlockGuard guard(task.sighand->lock);
        pending = (task.pending.signal | task.process->shared_pending.signal) & task.blocked;
    }
    TRY(copy_to_user(user_set, &pending, sigsetsize));
    return 0;
}
SYSCALL_DEFINE(rt_sigpending)

static Result<i64> sys_rt_sigsuspend(const SigSet* user_mask, usize sigsetsize)
{
    if (sigsetsize != sizeof(SigSet))
        return Errno::EINVAL;
    SigSet mask = TRY(get_user(user_mask));
    // The handler runs with `mask` in force; its sigreturn brings the old mask back.
    set_restore_sigmask(mask);
    return sleep_until_signal();
}
SYSCALL_DEFINE(rt_sigsuspend)

static Result<i64> sys_rt_sigtimedwait(
    const SigSet* user_set, siginfo* user_info, const linux_abi::timespec* user_timeout, usize sigsetsize)
{
    if (sigsetsize != sizeof(SigSet))
        return Errno::EINVAL;
    SigSet set = TRY(get_user(user_set));
    u64 timeout = user_timeout ? TRY(timespec_from_user(user_timeout)) : ~0ull;
    SigInfo info;
    int sig = TRY(do_sigtimedwait(set, info, timeout));
    if (user_info)
        TRY(put_user(user_info, info.to_user()));
    return sig;
}
SYSCALL_DEFINE(rt_sigtimedwait)

static Result<i64> sys_pause() { return sleep_until_signal(); }
SYSCALL_DEFINE(pause)

static Result<i64> sys_rt_sigreturn() { return sys_rt_sigreturn_impl(); }
SYSCALL_DEFINE(rt_sigreturn)

// Linux's do_sigaltstack().
static Result<i64> sys_sigaltstack(const stack_t* user_ss, stack_t* user_oss)
{
    Task& task = *current();
    uptr sp = arch::user_stack_pointer(arch::user_registers(task.kernel_stack_top()));
    bool on_stack
        = !(task.sas_ss_flags & SS_AUTODISARM) && sp > task.sas_ss_sp && sp - task.sas_ss_sp <= task.sas_ss_size;
    stack_t old {};
    old.ss_sp = task.sas_ss_sp;
    old.ss_size = task.sas_ss_size;
    old.ss_flags = (!task.sas_ss_size ? SS_DISABLE
                           : on_stack ? SS_ONSTACK
                                      : 0)
        | i32(task.sas_ss_flags & SS_AUTODISARM);
    if (user_ss) {
        stack_t ss = TRY(get_user(user_ss));
        if (on_stack)
            return Errno::EPERM;
        u32 flags = u32(ss.ss_flags);
        u32 mode = flags & ~SS_AUTODISARM;
        if (mode != u32(SS_DISABLE) && mode != u32(SS_ONSTACK) && mode != 0)
            return Errno::EINVAL;
        if (mode == u32(SS_DISABLE)) {
            ss.ss_sp = 0;
            ss.ss_size = 0;
        } else if (ss.ss_size < MINSIGSTKSZ) {
            return Errno::ENOMEM;
        }
        task.sas_ss_sp = ss.ss_sp;
        task.sas_ss_size = ss.ss_size;
        task.sas_ss_flags = flags;
    }
    if (user_oss)
        TRY(put_user(user_oss, old));
    return 0;
}
SYSCALL_DEFINE(sigaltstack)

static Result<i64> sys_kill(i32 pid, int sig)
{
    if (sig < 0 || sig > NSIG)
        return Errno::EINVAL;
    TRY(kill_something(pid, sig));
    return 0;
}
SYSCALL_DEFINE(kill)

static Result<i64> sys_tkill(i32 tid, int sig)
{
    if (tid <= 0 || sig < 0 || sig > NSIG)
        return Errno::EINVAL;
    TRY(do_send_specific(0, tid, sig));
    return 0;
}
SYSCALL_DEFINE(tkill)

static Result<i64> sys_tgkill(i32 tgid, i32 tid, int sig)
{
    if (tid <= 0 || tgid <= 0 || sig < 0 || sig > NSIG)
        return Errno::EINVAL;
    TRY(do_send_specific(tgid, tid, sig));
    return 0;
}
SYSCALL_DEFINE(tgkill)

// pidfd_send_signal(pidfd, sig, info, flags) (Linux's kernel/signal.c): kill() through a pidfd,
// which names the process itself, never a reused pid. By default the whole thread group; with
// PIDFD_SIGNAL_THREAD its leader thread, with PIDFD_SIGNAL_PROCESS_GROUP its process group.
static Result<i64> sys_pidfd_send_signal(int fd, int sig, const linux_abi::siginfo* user_info, u32 flags)
{
    if (flags & ~(PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_THREAD_GROUP | PIDFD_SIGNAL_PROCESS_GROUP))
        return Errno::EINVAL;
    if (flags & (flags - 1)) // at most one scope
        return Errno::EINVAL;
    auto target = TRY(pidfd_get_process(*current()->files, fd));
    Process& process = *target.process;
    if (!valid_signal(u64(sig)) || sig < 0)
        return Errno::EINVAL;
    SigInfo info = SigInfo::from_current(sig);
    if (user_info) {
        linux_abi::siginfo given = TRY(get_user(user_info));
        // Nobody may pretend to be the kernel, or (towards another process) impersonate kill()
        // and tgkill(), which add the sender themselves.
        if (given.si_signo != sig)
            return Errno::EINVAL;
        bool self = &process == &current_process() && !(flags & PIDFD_SIGNAL_PROCESS_GROUP);
        if (!self && (given.si_code >= 0 || given.si_code == SI_TKILL))
            return Errno::EPERM;
        info.code = given.si_code;
        info.errno_value = given.si_errno;
        info.pid = given.proc.pid;
        info.uid = given.proc.uid;
        info.value = given.proc.value;
    }
    TRY(pidfd_send_signal(process, sig, info, flags));
    return 0;
}
SYSCALL_DEFINE(pidfd_send_signal)
