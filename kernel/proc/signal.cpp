// Signals, the sending half (Linux's send_signal_locked(), prepare_signal(), complete_signal()),
// the pending sets and handler tables, and what fork, exec and exit do with them. The receiving
// half is signal_deliver.cpp. docs/signals.md walks through it.

#include <lib/string.h>
#include <mm/slab.h>
#include <proc/exit.h>
#include <proc/fork.h>
#include <proc/process.h>
#include <proc/signal.h>
#include <proc/signal_internal.h>
#include <proc/task.h>
#include <sched/sched.h>

using namespace linux_abi;
using namespace signal_detail;

namespace {

// The handler ignores the signal: SIG_IGN, or SIG_DFL with "ignore" as the default action.
bool sig_handler_ignored(u64 handler, int sig)
{
    return handler == SIG_IGN || (handler == SIG_DFL && sig_kernel_ignore(sig));
}

// Linux's sig_task_ignored() / sig_ignored(). A blocked signal is never ignored at send time: the
// handler may change before it is unblocked.
bool sig_ignored_locked(Task& task, int sig, bool force)
{
    if (task.blocked & sigmask(sig))
        return false;
    u64 handler = task.sighand->action[sig - 1].handler;
    if (task.process && unkillable(*task.process) && handler == SIG_DFL && !(force && sig_kernel_only(sig)))
        return true;
    return sig_handler_ignored(handler, sig);
}

// The live threads of a process, the main thread first while it lives (Linux's
// for_each_thread()). Caller holds tasklist_lock.
template<typename F>
void for_each_thread_locked(Process& process, F f)
{
    for (Task& thread : process.threads)
        f(thread);
}

// A thread whose handler table speaks for the process (they all share one). Caller holds
// tasklist_lock.
Task* any_thread_locked(Process& process) { return process.threads.first(); }

bool task_stopped(const Task& task) { return task.state == TaskState::Stopped; }

// Linux's wants_signal(): can this thread take a process-directed signal now?
bool wants_signal(int sig, Task& task)
{
    if (task.blocked & sigmask(sig))
        return false;
    if (sig == SIGKILL)
        return true;
    if (task_stopped(task))
        return false;
    // Linux asks whether TIF_SIGPENDING is already set; ours is computed from the pending sets,
    // which hold `sig` by now: leave it out.
    SigSet others = (task.pending.signal | task.process->shared_pending.signal) & ~task.blocked & ~sigmask(sig);
    return task.state == TaskState::Running || !others;
}

// Linux's prepare_signal(): stop and continue signals act at send time, ignored ones go.
bool prepare_signal_locked(int sig, Task& task, bool force)
{
    Process& process = *task.process;
    if (process.group_exiting)
        return false; // dying: nothing more is delivered
    if (sig_kernel_stop(sig)) {
        // A stop signal discards any pending SIGCONT.
        process.shared_pending.flush_signals(sigmask(SIGCONT));
        for_each_thread_locked(process, [](Task& t) { t.pending.flush_signals(sigmask(SIGCONT)); });
    } else if (sig == SIGCONT) {
        // SIGCONT discards pending stop signals and resumes a stopped group, whatever its handler.
        process.shared_pending.flush_signals(SIG_KERNEL_STOP_MASK);
        for_each_thread_locked(process, [](Task& t) {
            t.pending.flush_signals(SIG_KERNEL_STOP_MASK);
            if (task_stopped(t))
                wake_up_state(t, TaskState::Stopped);
        });
        if (process.signal_flags & SIGNAL_STOP_STOPPED) {
            // The parent hears of it from the resumed task (get_signal()), which can take locks.
            process.signal_flags = SIGNAL_STOP_CONTINUED | SIGNAL_CLD_CONTINUED;
            process.group_stop_code = 0;
            // wait() sees the continue at once (an unreported stop is forgotten); senders hold
            // tasklist_lock, which guards these two.
            process.stop_report = 0;
            process.continued_report = true;
        }
    }
    return !sig_ignored_locked(task, sig, force);
}

// Linux's complete_signal(): pick the thread to wake; a fatal signal ends the whole group now.
void complete_signal_locked(int sig, Task& target, bool group)
{
    Process& process = *target.process;
    Task* t = nullptr;
    if (wants_signal(sig, target))
        t = &target;
    else if (!group)
        return; // it stays pending until the thread unblocks it
    else {
        for_each_thread_locked(process, [&](Task& candidate) {
            if (!t && wants_signal(sig, candidate))
                t = &candidate;
        });
        if (!t)
            return; // every thread blocks it: it waits on the shared set
    }
    u64 handler = target.sighand->action[sig - 1].handler;
    bool fatal = handler == SIG_DFL && !sig_kernel_ignore(sig) && !sig_kernel_stop(sig);
    // A signal that rt_sigtimedwait() waits for is not fatal: it is taken, not acted on.
    if (fatal && !process.group_exiting && !process.group_exec_task && !(t->real_blocked & sigmask(sig))
        && !(SIG_KERNEL_COREDUMP_MASK & sigmask(sig))) {
        // The whole group dies now (Linux: SIGNAL_GROUP_EXIT, group_exit_code, SIGKILL to every
        // thread); each thread ends on its way out of the kernel (get_signal() -> do_group_exit())
        // with the group's status. NOTE: group_exiting is guarded by tasklist_lock, which every
        // sender of a non-fault signal holds (fault signals dump core: they never come here).
        process.group_exiting = true;
        process.group_exit_status = sig;
        for_each_thread_locked(process, [](Task& each) {
            each.pending.signal |= sigmask(SIGKILL);
            signal_wake_up(each, true);
        });
        return;
    }
    signal_wake_up(*t, sig == SIGKILL);
}

// Linux's __send_signal_locked(). `entry` is a preallocated queue entry (allocation is not done
// under the locks); it is consumed (set to null) when queued.
Result<void> send_signal_locked(int sig, const SigInfo& info, Task& task, bool group, bool force, SigQueueEntry*& entry)
{
    if (!prepare_signal_locked(sig, task, force))
        return {};
    SigPending& pending = group ? task.process->shared_pending : task.pending;
    // A standard signal already pending is not queued again.
    if (sig < SIGRTMIN && (pending.signal & sigmask(sig)))
        return {};
    // SIGKILL needs no info: it is never seen by a handler.
    if (sig != SIGKILL) {
        if (entry && pending.queued < SigPending::MAX_QUEUED) {
            entry->info = info;
            entry->info.signo = sig;
            pending.queue.push_back(*entry);
            ++pending.queued;
            entry = nullptr;
        } else if (sig >= SIGRTMIN && info.code != SI_KERNEL) {
            return Errno::EAGAIN; // a real-time signal from user space needs its queue entry
        }
    }
    pending.signal |= sigmask(sig);
    complete_signal_locked(sig, task, group);
    return {};
}

// Queue entries come from their own cache (Linux's sigqueue_cachep), which also counts them.
SlabCache sigqueue_cache("sigqueue", sizeof(SigQueueEntry), alignof(SigQueueEntry));

SigQueueEntry* alloc_entry()
{
    void* memory = sigqueue_cache.allocate();
    return memory ? new (memory) SigQueueEntry() : nullptr;
}

void free_entry(SigQueueEntry* entry)
{
    if (!entry)
        return;
    entry->~SigQueueEntry();
    sigqueue_cache.free(entry);
}

Result<void> send_signal(int sig, const SigInfo& info, Task& task, bool group, bool force)
{
    if (sig == 0)
        return {};
    if (!task.sighand || !task.process)
        return {};
    SigQueueEntry* entry = sig == SIGKILL ? nullptr : alloc_entry();
    Result<void> result;
    {
        SighandGuard guard(task);
        result = send_signal_locked(sig, info, task, group, force, entry);
    }
    free_entry(entry);
    return result;
}

} // namespace

usize sigqueue_entries_in_use() { return sigqueue_cache.objects_in_use(); }

// --- SigInfo ---

SigInfo SigInfo::from_current(int sig, int code)
{
    SigInfo info;
    info.signo = sig;
    info.code = code;
    Task* task = current();
    if (task->process) {
        info.pid = task->process->pid();
        info.uid = task->creds.uid; // the real uid, as Linux's si_uid
    }
    return info;
}

SigInfo SigInfo::kernel(int sig)
{
    SigInfo info;
    info.signo = sig;
    info.code = SI_KERNEL;
    return info;
}

siginfo SigInfo::to_user() const
{
    siginfo out {};
    out.si_signo = signo;
    out.si_errno = errno_value;
    out.si_code = code;
    bool fault = code > 0 && code != SI_KERNEL
        && (signo == SIGSEGV || signo == SIGBUS || signo == SIGILL || signo == SIGFPE || signo == SIGTRAP);
    if (fault) {
        out.fault.addr = addr;
    } else if (signo == SIGCHLD && code > 0 && code != SI_KERNEL) {
        out.proc.pid = pid;
        out.proc.uid = uid;
        out.proc.status = status;
    } else if (code != SI_KERNEL) {
        out.proc.pid = pid;
        out.proc.uid = uid;
        out.proc.value = value;
    }
    return out;
}

// --- SigPending ---

void SigPending::flush_signals(SigSet mask)
{
    if (!(signal & mask))
        return;
    signal &= ~mask;
    for (SigQueueEntry& entry : queue) {
        if (mask & sigmask(entry.info.signo)) {
            queue.remove(entry);
            --queued;
            free_entry(&entry);
        }
    }
}

int SigPending::dequeue(SigSet mask, SigInfo& info)
{
    SigSet ready = signal & mask;
    if (!ready)
        return 0;
    if (ready & SYNCHRONOUS_MASK)
        ready &= SYNCHRONOUS_MASK;
    int sig = __builtin_ctzll(ready) + 1;
    SigQueueEntry* found = nullptr;
    bool more = false;
    for (SigQueueEntry& entry : queue) {
        if (entry.info.signo != sig)
            continue;
        if (found) {
            more = true;
            break;
        }
        found = &entry;
    }
    if (!more)
        signal &= ~sigmask(sig);
    if (found) {
        info = found->info;
        queue.remove(*found);
        --queued;
        free_entry(found);
    } else {
        // Not queued (SIGKILL, or no memory for the entry): Linux reports a bare SI_USER.
        info = SigInfo {};
        info.signo = sig;
        info.code = SI_USER;
    }
    return sig;
}

// --- SigHand ---

Result<NonnullRefPtr<SigHand>> SigHand::create() { return try_make_ref_counted<SigHand>(); }

Result<NonnullRefPtr<SigHand>> SigHand::clone()
{
    auto copy = TRY(create());
    SpinlockGuard guard(lock);
    memcpy(copy->action, action, sizeof(action));
    return copy;
}

void SigHand::flush_handlers_locked()
{
    for (auto& ka : action) {
        if (ka.handler != SIG_IGN)
            ka.handler = SIG_DFL;
        ka.flags = 0;
        ka.restorer = 0;
        ka.mask = 0;
    }
}

// --- Queries ---

bool signal_pending(const Task& task)
{
    if (!task.process)
        return false;
    const Process& process = *task.process;
    // A dying group, or a group stop this thread has still to join (Linux's JOBCTL_STOP_PENDING
    // keeps TIF_SIGPENDING set): its sleeps end, and get_signal() stops it.
    if (process.group_exiting || (process.signal_flags & SIGNAL_STOP_STOPPED))
        return true;
    return ((task.pending.signal | process.shared_pending.signal) & ~task.blocked) != 0;
}

bool fatal_signal_pending(const Task& task)
{
    if (!task.process)
        return false;
    return (task.pending.signal & sigmask(SIGKILL)) || task.process->group_exiting;
}

void signal_wake_up(Task& task, bool fatal)
{
    wake_up_state(task, TaskState::Interruptible);
    if (fatal) {
        wake_up_state(task, TaskState::Killable);
        wake_up_state(task, TaskState::Stopped);
    }
}

// --- Sending ---

Result<void> send_signal_to_task_locked(Task& task, int sig, const SigInfo& info)
{
    return send_signal(sig, info, task, false, false);
}

Result<void> send_signal_to_process_locked(Process& process, int sig, const SigInfo& info)
{
    Task* thread = any_thread_locked(process);
    if (!thread)
        return {}; // a zombie: the signal is accepted and goes nowhere, as in Linux
    return send_signal(sig, info, *thread, true, false);
}

Result<void> send_signal_to_task(Task& task, int sig, const SigInfo& info)
{
    SpinlockGuard guard(tasklist_lock);
    return send_signal_to_task_locked(task, sig, info);
}

Result<void> send_signal_to_process(Process& process, int sig, const SigInfo& info)
{
    SpinlockGuard guard(tasklist_lock);
    return send_signal_to_process_locked(process, sig, info);
}

int send_timer_signal(Process& process, Task* thread, int sig, const SigInfo& info)
{
    SpinlockGuard guard(tasklist_lock);
    Task* target = thread ? thread : any_thread_locked(process);
    if (!target || !target->sighand || !target->process)
        return -1;
    {
        SighandGuard sig_guard(*target);
        SigPending& pending = thread ? target->pending : process.shared_pending;
        for (SigQueueEntry& entry : pending.queue) {
            if (entry.info.signo == sig && entry.info.code == SI_TIMER && entry.info.pid == info.pid) {
                u64 overrun = u64(entry.info.uid) + 1 + info.uid; // si_overrun, capped as Linux's
                entry.info.uid = u32(overrun > 0x7fffffff ? 0x7fffffff : overrun);
                return int(entry.info.uid);
            }
        }
        if (sig < SIGRTMIN && (pending.signal & sigmask(sig)))
            return -1; // a standard signal is pending once: this one is lost, as in Linux
    }
    auto sent = send_signal(sig, info, *target, !thread, false);
    return sent.is_error() ? -1 : int(info.uid);
}

bool kill_permitted_locked(const Task& sender, Process& target, const Credentials& t, int sig)
{
    const Credentials& s = sender.creds;
    if (s.euid == 0) // CAP_KILL
        return true;
    if (s.euid == t.suid || s.euid == t.uid || s.uid == t.suid || s.uid == t.uid)
        return true;
    // SIGCONT within one's own session is always allowed (job control).
    return sig == SIGCONT && sender.process && sender.process->sid == target.sid;
}

void force_sig_fault(int sig, int code, u64 addr)
{
    Task& task = *current();
    SigInfo info;
    info.signo = sig;
    info.code = code;
    info.addr = addr;
    SigQueueEntry* entry = alloc_entry();
    {
        SighandGuard guard(task);
        // Linux's force_sig_info_to_task(): a blocked or ignored fault signal gets the default
        // action (the process dies of it), and even init is not spared.
        auto& ka = task.sighand->action[sig - 1];
        bool blocked = task.blocked & sigmask(sig);
        if (blocked || ka.handler == SIG_IGN) {
            ka.handler = SIG_DFL;
            task.blocked &= ~sigmask(sig);
        }
        (void)send_signal_locked(sig, info, task, false, true, entry);
    }
    free_entry(entry);
}

void force_sigsegv(int sig)
{
    Task& task = *current();
    if (sig == SIGSEGV) {
        SighandGuard guard(task);
        task.sighand->action[SIGSEGV - 1].handler = SIG_DFL;
    }
    force_sig_fault(SIGSEGV, SI_KERNEL, 0);
}

// --- fork, exec, exit ---

Result<void> copy_sighand(u64 clone_flags, Task& parent, Task& child)
{
    using namespace clone_flags;
    if (clone_flags & CLONE_SIGHAND) {
        child.sighand = parent.sighand;
    } else {
        child.sighand = TRY(parent.sighand->clone());
        if (clone_flags & CLONE_CLEAR_SIGHAND)
            child.sighand->flush_handlers_locked(); // not yet visible: no lock needed
    }
    {
        SighandGuard guard(parent);
        child.blocked = parent.blocked;
    }
    // The child inherits the alternate stack, unless it shares the address space without vfork
    // (a thread: that stack is its parent's).
    if ((clone_flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM) {
        child.sas_ss_sp = parent.sas_ss_sp;
        child.sas_ss_size = parent.sas_ss_size;
        child.sas_ss_flags = parent.sas_ss_flags;
    }
    // Pending signals and the parent-death signal are not inherited: a new task starts with none.
    return {};
}

void exec_flush_signals(Task& task, RefPtr<SigHand> copy)
{
    if (!task.sighand)
        return;
    if (copy && task.sighand->ref_count() > 1) {
        // Still shared (with another process: the other threads are gone). Pending signals stay
        // with the task; they are guarded by whichever table's lock it uses.
        RefPtr<SigHand> old = task.sighand; // outlives the guard on its lock
        SpinlockGuard guard(tasklist_lock);
        SighandGuard sig(task);
        task.sighand = copy;
    }
    SighandGuard guard(task);
    task.sighand->flush_handlers_locked();
    task.sas_ss_sp = 0;
    task.sas_ss_size = 0;
    task.sas_ss_flags = 0;
}

void signal_kill_thread_locked(Task& thread)
{
    if (!thread.sighand)
        return;
    SighandGuard guard(thread);
    thread.pending.signal |= sigmask(SIGKILL);
    signal_wake_up(thread, true);
}

bool do_notify_parent_locked(Process& child, int sig)
{
    Process* parent = child.parent;
    if (!parent)
        return false;
    SigInfo info;
    info.signo = sig;
    info.pid = child.pid();
    info.uid = process_cred_locked(child)->uid;
    int status = child.exit_status;
    if (status & 0x7f) {
        info.code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
        info.status = status & 0x7f;
    } else {
        info.code = CLD_EXITED;
        info.status = (status >> 8) & 0xff;
    }
    bool autoreap = false;
    Task* leader = any_thread_locked(*parent);
    if (leader && leader->sighand) {
        SpinlockGuard guard(leader->sighand->lock);
        const auto& ka = leader->sighand->action[SIGCHLD - 1];
        // Linux's do_notify_parent(): a parent that ignores SIGCHLD, or asked SA_NOCLDWAIT, does
        // not wait: the child is reaped now; with SIG_IGN nothing is sent either.
        if (sig == SIGCHLD && (ka.handler == SIG_IGN || (ka.flags & SA_NOCLDWAIT))) {
            autoreap = true;
            if (ka.handler == SIG_IGN)
                sig = 0;
        }
    }
    if (sig && valid_signal(u64(sig)))
        (void)send_signal_to_process_locked(*parent, sig, info);
    parent->child_exit_wait.wake_all();
    return autoreap;
}

// Linux's do_notify_parent_cldstop(): the parent learns that its child stopped or continued.
void signal_detail::do_notify_parent_cldstop(Process& child, int why, int stop_signal)
{
    SpinlockGuard guard(tasklist_lock);
    if (why == CLD_STOPPED)
        child.stop_report = stop_signal; // (a continue is reported from the moment SIGCONT is sent)
    Process* parent = child.parent;
    if (!parent)
        return;
    SigInfo info;
    info.signo = SIGCHLD;
    info.code = why;
    info.pid = child.pid();
    info.uid = process_cred_locked(child)->uid;
    info.status = why == CLD_CONTINUED ? SIGCONT : stop_signal;
    Task* leader = any_thread_locked(*parent);
    bool send = false;
    if (leader && leader->sighand) {
        SpinlockGuard sig(leader->sighand->lock);
        const auto& ka = leader->sighand->action[SIGCHLD - 1];
        send = ka.handler != SIG_IGN && !(ka.flags & SA_NOCLDSTOP);
    }
    if (send)
        (void)send_signal_to_process_locked(*parent, SIGCHLD, info);
    parent->child_exit_wait.wake_all();
}

void send_pdeath_signals_locked(Process& dying)
{
    for (Process& child : dying.children) {
        for_each_thread_locked(child, [&](Task& t) {
            if (!t.pdeath_signal)
                return;
            SigInfo info;
            info.signo = t.pdeath_signal;
            info.code = SI_USER;
            info.pid = dying.pid();
            info.uid = process_cred_locked(dying)->uid;
            (void)send_signal_to_process_locked(child, t.pdeath_signal, info);
        });
    }
}
