// The kill family (Linux's kernel/signal.c: kill_something_info(), do_send_specific(),
// pidfd_send_signal()): find the targets, check permission, send. The system calls
// (syscall/signal.cpp) only decode their arguments and copy siginfo in.

#include <proc/process.h>
#include <proc/signal.h>
#include <proc/task.h>
#include <sched/sched.h>

using namespace linux_abi;

namespace {

// kill() to one process (Linux's group_send_sig_info()): permission, then the signal.
Result<void> kill_one_locked(Process& target, int sig)
{
    if (!kill_permitted_locked(*current(), target, *process_cred_locked(target), sig))
        return Errno::EPERM;
    return send_signal_to_process_locked(target, sig, SigInfo::from_current(sig));
}

// A process group (Linux's __kill_pgrp_info()): success if any member got it, else the last
// error; ESRCH for an empty group.
Result<void> kill_pgrp_locked(i32 pgid, int sig)
{
    struct Group {
        i32 pgid;
        int sig;
        bool any { false }, success { false };
        Result<void> last {};
    } group { pgid, sig };
    for_each_process_locked(
        [](Process& p, void* ctx) {
            auto& g = *static_cast<Group*>(ctx);
            if (p.pgid != g.pgid) // zombies too: they accept and drop it, as in Linux
                return;
            g.any = true;
            g.last = kill_one_locked(p, g.sig);
            g.success |= !g.last.is_error();
        },
        &group);
    if (!group.any)
        return Errno::ESRCH;
    if (!group.success)
        return group.last;
    return {};
}

// tkill/tgkill (Linux's do_send_specific()).
} // namespace

Result<void> do_send_specific(i32 tgid, i32 tid, int sig)
{
    RefPtr<Task> task = find_task(tid);
    SpinlockGuard guard(tasklist_lock);
    // A task that is exiting has no process any more: as Linux, ESRCH.
    if (!task || !task->process || (tgid > 0 && task->process->pid() != tgid))
        return Errno::ESRCH;
    if (!kill_permitted_locked(*current(), *task->process, task->creds, sig))
        return Errno::EPERM;
    return send_signal_to_task_locked(*task, sig, SigInfo::from_current(sig, SI_TKILL));
}


Result<void> kill_something(i32 pid, int sig)
{
    if (pid > 0) {
        RefPtr<Process> process = find_process(pid);
        if (!process)
            return Errno::ESRCH;
        SpinlockGuard guard(tasklist_lock);
        return kill_one_locked(*process, sig);
    }
    if (pid == i32(0x80000000)) // INT_MIN: -pid would overflow (Linux's check)
        return Errno::ESRCH;
    if (pid != -1) {
        SpinlockGuard guard(tasklist_lock);
        return kill_pgrp_locked(pid == 0 ? current_process().pgid : -pid, sig);
    }
    // -1: every process except init and the caller (Linux's kill_something_info()): ESRCH if
    // there is none, else the result of the last send that did not fail with EPERM (or success).
    struct Walk {
        Process* self;
        int sig;
        usize count { 0 };
        Result<void> result {};
    } walk { &current_process(), sig };
    {
        SpinlockGuard guard(tasklist_lock);
        for_each_process_locked(
            [](Process& p, void* ctx) {
                auto& w = *static_cast<Walk*>(ctx);
                if (p.pid() <= 1 || &p == w.self)
                    return;
                ++w.count;
                auto r = kill_one_locked(p, w.sig);
                if (!r.is_error() || r.error() != Errno::EPERM)
                    w.result = r;
            },
            &walk);
    }
    if (!walk.count)
        return Errno::ESRCH;
    return walk.result;
}

Result<void> pidfd_send_signal(Process& process, int sig, const SigInfo& info, u32 flags)
{
    SpinlockGuard guard(tasklist_lock);
    if (process.reaped)
        return Errno::ESRCH;
    if (flags & PIDFD_SIGNAL_PROCESS_GROUP) {
        return kill_pgrp_locked(process.pgid, sig);
    }
    if (!kill_permitted_locked(*current(), process, *process_cred_locked(process), sig))
        return Errno::EPERM;
    if (flags & PIDFD_SIGNAL_THREAD) {
        Task* leader = nullptr;
        for (Task& thread : process.threads) {
            if (thread.tid() == process.pid())
                leader = &thread;
        }
        if (!leader)
            return Errno::ESRCH;
        return send_signal_to_task_locked(*leader, sig, info);
    }
    return send_signal_to_process_locked(process, sig, info);
}

void kill_pgrp_priv_locked(i32 pgid, int sig)
{
    struct Group {
        i32 pgid;
        int sig;
    } group { pgid, sig };
    for_each_process_locked(
        [](Process& p, void* ctx) {
            auto& g = *static_cast<Group*>(ctx);
            if (p.pgid == g.pgid)
                (void)send_signal_to_process_locked(p, g.sig, SigInfo::kernel(g.sig));
        },
        &group);
}
