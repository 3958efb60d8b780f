#pragma once
// Signals (Linux's kernel/signal.c): the handler table, pending sets, sending, and delivery on
// the way back to user mode. docs/signals.md tells the whole path.
//
// Who owns what, as in Linux:
//   - SigHand (task->sighand): the 64 handlers. Shared by CLONE_SIGHAND (and so by the threads of
//     a process), copied otherwise. Its `lock` is Linux's siglock: it also guards every pending
//     set, blocked mask and signal flag of the tasks and processes that use this SigHand.
//   - per task: `blocked`, `pending` (thread-directed: tkill, tgkill, faults), the alternate
//     stack, the parent-death signal.
//   - per process (thread group): `shared_pending` (process-directed: kill), stop/exit flags.
//
// Lock order: tasklist_lock, then a sighand's lock, then a run queue's lock. Every sender that
// finds its target by pid holds tasklist_lock, which keeps the target task alive.

#include <abi/linux/signal.h>
#include <lib/list.h>
#include <lib/refptr.h>
#include <lib/result.h>
#include <lib/spinlock.h>

class Task;
class Process;

using SigSet = u64;
constexpr SigSet sigmask(int sig) { return 1ull << (sig - 1); }
inline constexpr SigSet SIG_KERNEL_ONLY_MASK = sigmask(SIGKILL) | sigmask(SIGSTOP);
inline constexpr SigSet SIG_KERNEL_STOP_MASK
    = sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU);
constexpr bool valid_signal(u64 sig) { return sig <= u64(NSIG); }

// What a signal carries (the kernel's side of siginfo_t).
struct SigInfo {
    int signo { 0 };
    int code { linux_abi::SI_USER };
    int errno_value { 0 };
    i32 pid { 0 };
    u32 uid { 0 };
    i32 status { 0 }; // SIGCHLD
    u64 addr { 0 }; // faults
    u64 value { 0 }; // sigqueue's sigval

    // kill()'s info: from the current process, SI_USER (tkill/tgkill: SI_TKILL).
    static SigInfo from_current(int sig, int code = linux_abi::SI_USER);
    // A signal the kernel sends on its own (SIGPIPE, SIGKILL at exit...): SI_KERNEL, no sender.
    static SigInfo kernel(int sig);
    linux_abi::siginfo to_user() const;
};

// One queued signal with its info (Linux's struct sigqueue).
struct SigQueueEntry {
    SigInfo info;
    ListNode node;
};

// A pending set: which signals, and the info queued for them. Standard signals (1..31) are
// pending at most once; real-time signals (32..64) queue, up to MAX_QUEUED in all.
// NOTE: guarded by the owning SigHand's lock.
class SigPending {
public:
    static constexpr usize MAX_QUEUED = 128;

    SigPending() = default;
    SigPending(const SigPending&) = delete;
    SigPending& operator=(const SigPending&) = delete;
    ~SigPending() { flush(); }

    SigSet signal { 0 };
    IntrusiveList<SigQueueEntry, &SigQueueEntry::node> queue;
    usize queued { 0 };

    void flush() { flush_signals(~SigSet(0)); }
    // Discard every pending signal in `mask`, with its queued info.
    void flush_signals(SigSet mask);
    // Take the lowest pending signal in `mask` (synchronous ones first, as Linux); 0 if none.
    int dequeue(SigSet mask, SigInfo& info);
};

// The handler table (Linux's struct sighand_struct).
class SigHand : public RefCounted<SigHand> {
public:
    static Result<NonnullRefPtr<SigHand>> create();
    // A copy for fork without CLONE_SIGHAND.
    Result<NonnullRefPtr<SigHand>> clone();
    // exec, and clone3's CLONE_CLEAR_SIGHAND: every handler back to SIG_DFL, except that ignored
    // signals stay ignored (Linux's flush_signal_handlers(t, 0)).
    void flush_handlers_locked();

    Spinlock lock; // Linux's siglock: see the top of this file
    linux_abi::k_sigaction action[NSIG] {};
};

// Process-wide stop flags (Process::signal_flags, guarded by the sighand lock). A dying group is
// Process::group_exiting (guarded by tasklist_lock): signals to it are dropped.
inline constexpr u32 SIGNAL_STOP_STOPPED = 1u << 0; // the group is stopped
inline constexpr u32 SIGNAL_STOP_CONTINUED = 1u << 1; // SIGCONT ended a stop (or a stop in progress)
inline constexpr u32 SIGNAL_CLD_CONTINUED = 1u << 2; // the parent is still to be told of that

// Queued signal entries alive, for leak tests.
usize sigqueue_entries_in_use();

// --- The interface other subsystems use ---

// A signal is pending that the task does not block (its own or its process's), or its group is
// dying: an interruptible sleep must end.
bool signal_pending(const Task& task);
// SIGKILL is pending (or the group is dying): even a killable sleep must end.
bool fatal_signal_pending(const Task& task);

// Send to one thread (tkill, tgkill) / to a process (kill): Linux's send_signal_locked() with
// PIDTYPE_PID / PIDTYPE_TGID. A process-directed signal goes to a thread that does not block it,
// preferring the main thread; a fatal one ends the whole group (complete_signal()). Neither
// checks permissions. Signal 0 does nothing. A target that is exiting drops the signal (success).
// These take tasklist_lock themselves; the _locked forms expect it held.
Result<void> send_signal_to_task(Task& task, int sig, const SigInfo& info);
Result<void> send_signal_to_process(Process& process, int sig, const SigInfo& info);
Result<void> send_signal_to_task_locked(Task& task, int sig, const SigInfo& info);
Result<void> send_signal_to_process_locked(Process& process, int sig, const SigInfo& info);

// A POSIX timer expired (Linux's send_sigqueue()): `info` is SI_TIMER with the timer id in `pid`
// and the overrun (expirations missed) in `uid`. If the timer's previous signal is still queued,
// only its overrun count grows (by one and `uid`); otherwise the signal goes to `thread` (SIGEV_THREAD_ID) or, when null, to the process.
// Takes tasklist_lock; may be called from the timer interrupt. Returns the overrun count of the
// signal queued or updated, -1 when none was (the target is gone, or a standard signal was
// pending already).
int send_timer_signal(Process& process, Task* thread, int sig, const SigInfo& info);

// A synchronous fault of the current task (Linux's force_sig_fault()): delivered even if blocked
// or ignored (then with the default action), before any other signal.
void force_sig_fault(int sig, int code, u64 addr);
// A signal the current task cannot survive without a handler it no longer has (a frame it could
// not write): SIGSEGV with the default action (Linux's force_sigsegv()).
void force_sigsegv(int sig);

// Wake `task` if it sleeps interruptibly (or, for a fatal signal, killably or stopped) so that it
// notices a new pending signal (Linux's signal_wake_up()). Caller holds the task's sighand lock.
void signal_wake_up(Task& task, bool fatal);

// --- Signal state across fork, exec and exit ---

// fork's copy_sighand()/copy_signal() and the part of dup_task_struct() that concerns signals.
Result<void> copy_sighand(u64 clone_flags, Task& parent, Task& child);
// exec, after de_thread(): handlers reset, ignored kept; the alternate stack forgotten; a table
// still shared with another process replaced by `copy` (made beforehand, while exec could fail).
void exec_flush_signals(Task& task, RefPtr<SigHand> copy);
// SIGKILL to one thread, bypassing everything (zap_other_threads_locked(): exit_group, a fatal
// signal, exec's de_thread()). Caller holds tasklist_lock.
void signal_kill_thread_locked(Task& thread);
// The wait status of a process is about to be `status`: tell its parent (SIGCHLD or its
// exit_signal, with CLD_EXITED/CLD_KILLED info). Returns true if the parent ignores it, i.e. the
// child is to be reaped at once (SIG_IGN or SA_NOCLDWAIT). Caller holds tasklist_lock.
bool do_notify_parent_locked(Process& child, int sig);
// Parent-death signals to the children of a dying process. Caller holds tasklist_lock.
void send_pdeath_signals_locked(Process& dying);

// The kill family (proc/signal_kill.cpp), with Linux's targets, permission checks and errors:
// kill(pid, sig) for pid > 0, 0, -pgid and -1 (kill_something_info()); tkill/tgkill (tgid 0: any
// group); pidfd_send_signal() to `process` with `info` (PIDFD_SIGNAL_* scope in `flags`).
Result<void> kill_something(i32 pid, int sig);
Result<void> do_send_specific(i32 tgid, i32 tid, int sig);
Result<void> pidfd_send_signal(Process& process, int sig, const SigInfo& info, u32 flags);
// The kernel's own signal to every member of process group `pgid` (Linux's kill_pgrp() with
// priv 1: the tty's ISIG characters, SIGTTIN/SIGTTOU, SIGHUP at hangup): SI_KERNEL, no
// permission check. Caller holds tasklist_lock.
void kill_pgrp_priv_locked(i32 pgid, int sig);

// The permission rule for kill (Linux's check_kill_permission()): the sender's credentials
// against `cred`, the target thread's (or process leader's); SIGCONT within a session always.
// Caller holds tasklist_lock.
struct Credentials;
bool kill_permitted_locked(const Task& sender, Process& target, const Credentials& cred, int sig);

// The end of every system call, interrupt and exception that returns to user mode: reschedule
// if asked, deliver pending signals, finish a system call's restart. Defined in signal_deliver.cpp,
// declared in proc/exit.h (return_to_user_work()).

// rt_sigtimedwait: take a pending signal of `set` (waiting up to `timeout_ns`, ~0 forever, for one
// to come while they are unblocked): its number and info; EAGAIN at the timeout, EINTR when
// another signal ends the wait.
Result<int> do_sigtimedwait(SigSet set, SigInfo& info, u64 timeout_ns);

// rt_sigreturn: back from a handler. Returns the rax to resume with.
Result<i64> sys_rt_sigreturn_impl();
// Set the current task's blocked mask (SIGKILL and SIGSTOP are never blocked).
void set_current_blocked(SigSet mask);
// sigsuspend/ppoll: block `mask` until the next handler has run, then the old mask comes back.
void set_restore_sigmask(SigSet mask);
// The call that set a restore mask ended without being interrupted: put the old mask back now.
void restore_saved_sigmask();
