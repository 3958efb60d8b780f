// Signals, the receiving half (Linux's get_signal(), arch_do_signal_or_restart(),
// handle_signal(), sigreturn): masks, taking a pending signal, acting on default actions, and
// running handlers on the way back to user mode. docs/signals.md walks through it.

#include <arch/signal.h>
#include <arch/user.h>
#include <proc/exit.h>
#include <proc/signal_internal.h>
#include <sched/clock.h>
#include <sched/cpu.h>
#include <sched/sched.h>
#include <sched/timer.h>

using namespace linux_abi;
using namespace signal_detail;

// --- Masks ---

void set_current_blocked(SigSet mask)
{
    Task& task = *current();
    SighandGuard guard(task);
    task.blocked = mask & ~SIG_KERNEL_ONLY_MASK;
}

void set_restore_sigmask(SigSet mask)
{
    Task& task = *current();
    SighandGuard guard(task);
    task.saved_sigmask = task.blocked;
    task.restore_sigmask = true;
    task.blocked = mask & ~SIG_KERNEL_ONLY_MASK;
}

void restore_saved_sigmask()
{
    Task& task = *current();
    SighandGuard guard(task);
    if (task.restore_sigmask) {
        task.restore_sigmask = false;
        task.blocked = task.saved_sigmask;
    }
}

Result<int> do_sigtimedwait(SigSet set, SigInfo& info, u64 timeout_ns)
{
    Task& task = *current();
    SigSet mask = set & ~SIG_KERNEL_ONLY_MASK;
    auto dequeue = [&]() {
        SighandGuard guard(task);
        int sig = task.pending.dequeue(mask, info);
        if (!sig)
            sig = task.process->shared_pending.dequeue(mask, info);
        return sig;
    };
    if (int sig = dequeue())
        return sig;
    if (timeout_ns == 0)
        return Errno::EAGAIN;
    // Linux's do_sigtimedwait(): while waiting, the signals asked for are unblocked, so that
    // their arrival (a send checks the blocked mask) wakes this task; then the mask comes back.
    SigSet saved;
    {
        SighandGuard guard(task);
        saved = task.blocked;
        task.real_blocked = saved;
        task.blocked &= ~mask;
    }
    auto slept = sleep_until_interruptible(timeout_ns == ~0ull ? ~0ull : ktime_get_ns() + timeout_ns);
    {
        SighandGuard guard(task);
        task.blocked = saved;
        task.real_blocked = 0;
    }
    if (int sig = dequeue())
        return sig;
    return slept.is_error() ? Errno::EINTR : Errno::EAGAIN;
}

// --- Delivery ---

namespace {

struct KSignal {
    int sig;
    k_sigaction ka;
    SigInfo info;
};

// sigaltstack's view of a stack pointer (Linux's on_sig_stack(), sas_ss_flags()).
bool on_sig_stack(const Task& task, uptr sp)
{
    if (task.sas_ss_flags & SS_AUTODISARM)
        return false;
    return sp > task.sas_ss_sp && sp - task.sas_ss_sp <= task.sas_ss_size;
}

int sas_ss_flags(const Task& task, uptr sp)
{
    if (!task.sas_ss_size)
        return SS_DISABLE;
    return on_sig_stack(task, sp) ? SS_ONSTACK : 0;
}

// Sleep in the stopped state until SIGCONT (or SIGKILL) ends the group stop.
void sleep_while_stopped(Task& task)
{
    Process& process = *task.process;
    for (;;) {
        set_current_state(TaskState::Stopped);
        {
            SighandGuard guard(task);
            if (!(process.signal_flags & SIGNAL_STOP_STOPPED) || fatal_signal_pending(task))
                break;
        }
        schedule();
    }
    set_current_state(TaskState::Running);
}

// Linux's do_signal_stop(): the thread that takes a stop signal stops the whole group. It marks
// the group stopped and wakes every other thread, which sees the stop on its way back to user mode
// (signal_pending() is true for it meanwhile) and stops too; the parent is told once.
// FIXME: Linux tells the parent when the *last* thread has stopped (group_stop_count); here the
// first one does. Called and returns with the sighand lock NOT held.
void do_signal_stop(Task& task, int sig)
{
    Process& process = *task.process;
    {
        SpinlockGuard tasklist(tasklist_lock);
        SighandGuard guard(task);
        if (process.group_exiting)
            return;
        process.signal_flags = SIGNAL_STOP_STOPPED;
        process.group_stop_code = sig;
        for (Task& other : process.threads) {
            if (&other != &task)
                signal_wake_up(other, false);
        }
    }
    do_notify_parent_cldstop(process, CLD_STOPPED, sig);
    sleep_while_stopped(task);
}

// A fatal signal: the whole group ends. No core dumps (RLIMIT_CORE is 0 by default): the status
// is the bare signal number, as in Linux when no core was written.
[[noreturn]] void do_signal_group_exit(int sig) { do_group_exit(sig & 0x7f); }

// Linux's get_signal(): the next signal with a handler to run (true), after acting on the
// default actions of those without. May not return (a fatal signal).
bool get_signal(Task& task, KSignal& ksig)
{
    Process& process = *task.process;
    for (;;) {
        bool notify_continued = false, stop_with_group = false;
        int fatal = 0;
        {
            SighandGuard guard(task);
            if (process.signal_flags & SIGNAL_CLD_CONTINUED) {
                process.signal_flags &= ~SIGNAL_CLD_CONTINUED;
                notify_continued = true;
            } else if (process.group_exiting) {
                // Another thread (or a fatal signal's send) ended the group: do_group_exit()
                // takes the group's status.
                task.pending.flush_signals(sigmask(SIGKILL));
                fatal = SIGKILL;
            } else if (process.signal_flags & SIGNAL_STOP_STOPPED) {
                // Another thread stopped the group: this one stops with it (Linux's
                // JOBCTL_STOP_PENDING, do_signal_stop() for the other threads).
                stop_with_group = true;
            } else {
                SigInfo info;
                SigSet mask = ~task.blocked;
                int sig = task.pending.dequeue(mask, info);
                if (!sig)
                    sig = process.shared_pending.dequeue(mask, info);
                if (!sig)
                    return false;
                k_sigaction& ka = task.sighand->action[sig - 1];
                if (ka.handler == SIG_IGN)
                    continue;
                if (ka.handler != SIG_DFL) {
                    ksig.sig = sig;
                    ksig.ka = ka;
                    ksig.info = info;
                    if (ka.flags & SA_RESETHAND)
                        ka.handler = SIG_DFL;
                    return true;
                }
                if (sig_kernel_ignore(sig))
                    continue;
                if (unkillable(process) && !sig_kernel_only(sig))
                    continue;
                if (sig_kernel_stop(sig)) {
                    // FIXME: with process groups, SIGTSTP/SIGTTIN/SIGTTOU to an orphaned process
                    // group are discarded instead.
                    fatal = -sig;
                } else {
                    fatal = sig;
                }
            }
        }
        if (notify_continued) {
            do_notify_parent_cldstop(process, CLD_CONTINUED, SIGCONT);
            continue;
        }
        if (stop_with_group) {
            sleep_while_stopped(task);
            continue;
        }
        if (fatal < 0) {
            do_signal_stop(task, -fatal);
            continue;
        }
        do_signal_group_exit(fatal);
    }
}

void handle_signal(Task& task, arch::UserRegisters& regs, KSignal& ksig)
{
    // A system call interrupted by this signal: EINTR, or restarted (Linux's handle_signal()).
    if (arch::in_syscall(regs)) {
        switch (Errno(-arch::syscall_result(regs))) {
        case Errno::ERESTART_RESTARTBLOCK:
        case Errno::ERESTARTNOHAND:
            arch::set_syscall_result(regs, to_negative(Errno::EINTR));
            break;
        case Errno::ERESTARTSYS:
            if (!(ksig.ka.flags & SA_RESTART)) {
                arch::set_syscall_result(regs, to_negative(Errno::EINTR));
                break;
            }
            [[fallthrough]];
        case Errno::ERESTARTNOINTR:
            arch::restart_syscall(regs);
            break;
        default:
            break;
        }
        arch::forget_syscall(regs);
    }

    uptr sp = arch::user_stack_pointer(regs);
    arch::SignalFrameRequest request {};
    request.sig = ksig.sig;
    request.handler = ksig.ka.handler;
    request.restorer = ksig.ka.restorer;
    request.siginfo = ksig.ka.flags & SA_SIGINFO;
    request.info = ksig.info.to_user();
    // uc_stack: the alternate stack as sigaltstack() set it (Linux's __save_altstack()).
    request.altstack = { task.sas_ss_sp, i32(task.sas_ss_flags), 0, task.sas_ss_size };
    if ((ksig.ka.flags & SA_ONSTACK) && sas_ss_flags(task, sp) == 0)
        request.stack_top = task.sas_ss_sp + task.sas_ss_size;
    {
        SighandGuard guard(task);
        request.saved_mask = task.restore_sigmask ? task.saved_sigmask : task.blocked;
    }
    // x86_64 handlers always return through SA_RESTORER (the C library's __restore_rt).
    bool ok = (ksig.ka.flags & SA_RESTORER) && !arch::setup_rt_frame(regs, request).is_error();
    if (!ok) {
        force_sigsegv(ksig.sig);
        return;
    }
    // Linux's signal_setup_done(): the handler runs with its mask (and its own signal, unless
    // SA_NODEFER) blocked; a sigsuspend's mask is now saved in the frame.
    SighandGuard guard(task);
    task.restore_sigmask = false;
    SigSet blocked = task.blocked | ksig.ka.mask;
    if (!(ksig.ka.flags & SA_NODEFER))
        blocked |= sigmask(ksig.sig);
    task.blocked = blocked & ~SIG_KERNEL_ONLY_MASK;
    if (request.stack_top && (task.sas_ss_flags & SS_AUTODISARM)) {
        task.sas_ss_sp = 0;
        task.sas_ss_size = 0;
    }
}

bool is_restart_code(i64 value)
{
    return value == to_negative(Errno::ERESTARTSYS) || value == to_negative(Errno::ERESTARTNOINTR)
        || value == to_negative(Errno::ERESTARTNOHAND) || value == to_negative(Errno::ERESTART_RESTARTBLOCK);
}

// Linux's arch_do_signal_or_restart().
void do_signal(Task& task, arch::UserRegisters& regs)
{
    KSignal ksig {};
    if (get_signal(task, ksig)) {
        handle_signal(task, regs, ksig);
        return;
    }
    // No handler ran: a call interrupted only to act on a default action starts again.
    if (arch::in_syscall(regs)) {
        i64 result = arch::syscall_result(regs);
        if (is_restart_code(result)) {
            // FIXME: ERESTART_RESTARTBLOCK would restart through restart_syscall() with the time
            // left; nothing returns it yet (sleeps use ERESTARTNOHAND and restart in full).
            arch::restart_syscall(regs);
        }
        arch::forget_syscall(regs);
    }
    // No handler took the sigsuspend mask with it: put it back now.
    SighandGuard guard(task);
    if (task.restore_sigmask) {
        task.restore_sigmask = false;
        task.blocked = task.saved_sigmask;
    }
}

} // namespace

void return_to_user_work()
{
    for (;;) {
        if (this_cpu().need_resched)
            schedule();
        Task& task = *current();
        if (!task.process || !task.sighand)
            return;
        arch::UserRegisters& regs = arch::user_registers(task.kernel_stack_top());
        bool restart = arch::in_syscall(regs) && is_restart_code(arch::syscall_result(regs));
        if (!signal_pending(task) && !task.restore_sigmask && !restart)
            return;
        // Writing the frame touches user memory (and may fault it in): interrupts on.
        arch::IrqFlags flags = arch::irq_save();
        arch::irq_enable();
        do_signal(task, regs);
        arch::irq_restore(flags);
    }
}

Result<i64> sys_rt_sigreturn_impl()
{
    Task& task = *current();
    arch::UserRegisters& regs = arch::user_registers(task.kernel_stack_top());
    auto restored = arch::restore_rt_frame(regs);
    if (restored.is_error()) {
        force_sigsegv(SIGSEGV);
        return 0;
    }
    set_current_blocked(restored.value().mask);
    // The alternate stack as the frame says (Linux's restore_altstack(); errors other than
    // EFAULT are ignored, and the frame was readable).
    const stack_t& ss = restored.value().altstack;
    uptr sp = arch::user_stack_pointer(regs);
    if (!on_sig_stack(task, sp)) {
        int mode = ss.ss_flags & ~i32(SS_AUTODISARM);
        if (mode == SS_DISABLE) {
            task.sas_ss_sp = 0;
            task.sas_ss_size = 0;
            task.sas_ss_flags = u32(ss.ss_flags);
        } else if ((mode == 0 || mode == SS_ONSTACK) && ss.ss_size >= MINSIGSTKSZ) {
            task.sas_ss_sp = ss.ss_sp;
            task.sas_ss_size = ss.ss_size;
            task.sas_ss_flags = u32(ss.ss_flags);
        }
    }
    return i64(arch::syscall_result(regs));
}
