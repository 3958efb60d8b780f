#pragma once
// What the two halves of the signal code (signal.cpp: state and sending; signal_deliver.cpp:
// taking and delivering) share, and nobody else needs.

#include <proc/process.h>
#include <proc/signal.h>
#include <proc/task.h>

namespace signal_detail {

// Default actions (Linux's sig_kernel_*() masks, include/linux/signal.h).
inline constexpr SigSet SIG_KERNEL_IGNORE_MASK
    = sigmask(SIGCONT) | sigmask(SIGCHLD) | sigmask(SIGWINCH) | sigmask(SIGURG);
inline constexpr SigSet SIG_KERNEL_COREDUMP_MASK = sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP)
    | sigmask(SIGABRT) | sigmask(SIGFPE) | sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGSYS) | sigmask(SIGXCPU)
    | sigmask(SIGXFSZ);
// Faults are dequeued before anything else, so that the handler sees the right context.
inline constexpr SigSet SYNCHRONOUS_MASK
    = sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) | sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS);

inline bool sig_kernel_ignore(int sig) { return sig < SIGRTMIN && (SIG_KERNEL_IGNORE_MASK & sigmask(sig)); }
inline bool sig_kernel_stop(int sig) { return sig < SIGRTMIN && (SIG_KERNEL_STOP_MASK & sigmask(sig)); }
inline bool sig_kernel_only(int sig) { return sig == SIGKILL || sig == SIGSTOP; }

// init (pid 1) gets only the signals it has handlers for (Linux's SIGNAL_UNKILLABLE).
inline bool unkillable(const Process& process) { return process.pid() == 1; }

// A sighand for a task that is about to use the signal machinery; locked for the scope.
class SighandGuard {
public:
    explicit SighandGuard(Task& task)
        : m_guard(task.sighand->lock)
    {
    }

private:
    SpinlockGuard m_guard;
};

// Tell the parent that `child` stopped (CLD_STOPPED) or continued (CLD_CONTINUED). Takes
// tasklist_lock.
void do_notify_parent_cldstop(Process& child, int why, int stop_signal);

} // namespace signal_detail
