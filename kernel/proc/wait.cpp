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
    bool clone_child = child.exit_signal != 17; // SIGCHLD
    return clone_child == bool(options & WaitClone);
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
                if (child.state != ProcessState::Zombie)
                    continue;
                result = { child.pid(), child.exit_status, child.zombie_cred.uid };
                if (!(options & WaitNoWait)) {
                    // Reap (Linux's release_task()): out of the tree, and no longer counted
                    // towards its user's RLIMIT_NPROC; the parent's reference goes below, outside
                    // the lock.
                    self.children.remove(child);
                    child.parent = nullptr;
                    child.zombie_nproc.reset();
                    release_process_locked(child);
                    reaped = adopt_ref_if_nonnull(&child);
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
        // FIXME: interruptible (EINTR / restart) once signals exist.
        self.child_exit_wait.wait_event([&] {
            SpinlockGuard guard(tasklist_lock);
            for (Process& child : self.children) {
                if (eligible(child, which, id, options, target) && child.state == ProcessState::Zombie)
                    return true;
            }
            return false;
        });
    }
}
