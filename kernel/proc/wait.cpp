#include <abi/linux/signal.h>
#include <proc/rusage.h>
#include <proc/task.h>
#include <proc/wait.h>
#include <sched/sched.h>

namespace {

// Linux's eligible_child(): a "clone child" is one that will not send SIGCHLD at exit; plain
// waits see only the others, WaitClone only those, WaitAll both.
bool eligible(const Process& child, WaitWhich which, i32 id, u32 options, const Process* target)
{
    switch (which) {
    case WaitWhich::Process:
        if (&child != target)
            return false;
        break;
    case WaitWhich::Pid:
        if (child.pid() != id)
            return false;
        break;
    case WaitWhich::Group:
        if (child.pgid != id)
            return false;
        break;
    case WaitWhich::Any:
        break;
    }
    if (options & WaitAll)
        return true;
    bool clone_child = child.exit_signal != SIGCHLD;
    return clone_child == bool(options & WaitClone);
}

// What this child has to report under `options`, if anything (Linux's wait_consider_task(): an
// exit, then a stop with WUNTRACED, then a continue with WCONTINUED). Called with tasklist_lock.
bool ready_locked(const Process& child, u32 options)
{
    if (child.state == ProcessState::Zombie)
        return options & WaitExited;
    if ((options & WaitStopped) && child.stop_report)
        return true;
    return (options & WaitContinued) && child.continued_report;
}

} // namespace

Result<WaitResult> do_wait(WaitWhich which, i32 id, u32 options, const Process* target)
{
    Process& self = current_process();
    if (which == WaitWhich::Group && id == 0) {
        // The caller's own group, as it is now (Linux takes task_pgrp(current) once, at the start;
        // for waitid(P_PGID, 0) since Linux 5.4).
        SpinlockGuard guard(tasklist_lock);
        id = self.pgid;
    }
    for (;;) {
        RefPtr<Process> reaped;
        WaitResult result;
        bool any = false;
        {
            SpinlockGuard guard(tasklist_lock);
            for (Process& child : self.children) {
                if (!eligible(child, which, id, options, target))
                    continue;
                any = true;
                if (!ready_locked(child, options))
                    continue;
                result.pid = child.pid();
                result.uid = process_cred_locked(child)->uid;
                // Linux fills wait4()'s and waitid()'s rusage with getrusage(child, RUSAGE_BOTH).
                result.rusage = child_rusage_locked(child);
                bool consume = !(options & WaitNoWait);
                if (child.state == ProcessState::Zombie) {
                    result.status = child.exit_status;
                    result.code = (child.exit_status & 0x7f)
                        ? ((child.exit_status & 0x80) ? linux_abi::CLD_DUMPED : linux_abi::CLD_KILLED)
                        : linux_abi::CLD_EXITED;
                    if (consume) {
                        // Reap (Linux's release_task()): out of the tree, and no longer counted
                        // towards its user's RLIMIT_NPROC; the parent's reference goes below,
                        // outside the lock.
                        account_reaped_child_locked(self, child);
                        self.children.remove(child);
                        child.parent = nullptr;
                        child.zombie_nproc.reset();
                        release_process_locked(child);
                        reaped = adopt_ref_if_nonnull(&child);
                    }
                } else if ((options & WaitStopped) && child.stop_report) {
                    // Linux's wait_task_stopped(): reported once, as (signal << 8) | 0x7f.
                    result.status = (child.stop_report << 8) | 0x7f;
                    result.code = linux_abi::CLD_STOPPED;
                    if (consume)
                        child.stop_report = 0;
                } else {
                    // wait_task_continued(): 0xffff, reported once.
                    result.status = 0xffff;
                    result.code = linux_abi::CLD_CONTINUED;
                    if (consume)
                        child.continued_report = false;
                }
                break;
            }
        }
        if (result.pid)
            return result;
        if (!any)
            return Errno::ECHILD;
        if (options & WaitNoHang)
            return WaitResult {};
        // A signal ends the wait: EINTR, or a restart after an SA_RESTART handler (Linux's
        // do_wait() returns -ERESTARTSYS).
        TRY(self.child_exit_wait.wait_event_interruptible([&] {
            SpinlockGuard guard(tasklist_lock);
            bool found = false, any_left = false;
            for (Process& child : self.children) {
                if (!eligible(child, which, id, options, target))
                    continue;
                any_left = true;
                found |= ready_locked(child, options);
            }
            // No eligible child left (reaped automatically): look again, and find ECHILD.
            return found || !any_left;
        }));
    }
}
