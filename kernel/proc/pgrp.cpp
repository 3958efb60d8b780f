#include <abi/linux/signal.h>
#include <proc/pgrp.h>
#include <proc/signal.h>
#include <proc/process.h>
#include <proc/task.h>

Result<void> do_setpgid(i32 pid, i32 pgid)
{
    Process& self = current_process();
    if (pid == 0)
        pid = self.pid();
    if (pgid == 0)
        pgid = pid;
    if (pgid < 0)
        return Errno::EINVAL;
    SpinlockGuard guard(tasklist_lock);
    Process* process = find_process_locked(pid);
    // The tid of a thread that is not its group's leader names no process: EINVAL, as Linux's
    // thread_group_leader() check.
    if (!process)
        return find_task_locked(pid) ? Errno::EINVAL : Errno::ESRCH;
    if (process->parent == &self) {
        // A child: only in our session, and only until it execs (then it is its own program's
        // business, and a shell's job control must have moved it before).
        if (process->sid != self.sid)
            return Errno::EPERM;
        if (!process->fork_no_exec)
            return Errno::EACCES;
    } else if (process != &self) {
        return Errno::ESRCH;
    }
    if (process->session_leader)
        return Errno::EPERM; // a session leader stays the leader of its group
    if (pgid != pid) {
        // Joining a group: it must exist, in our session.
        Process* member = find_group_member_locked(pgid);
        if (!member || member->sid != self.sid)
            return Errno::EPERM;
    }
    process->pgid = pgid;
    return {};
}

Result<i32> do_getpgid(i32 pid)
{
    SpinlockGuard guard(tasklist_lock);
    Process* process = pid ? find_process_locked(pid) : &current_process();
    if (!process)
        return Errno::ESRCH;
    return process->pgid;
}

Result<i32> do_getsid(i32 pid)
{
    SpinlockGuard guard(tasklist_lock);
    Process* process = pid ? find_process_locked(pid) : &current_process();
    if (!process)
        return Errno::ESRCH;
    return process->sid;
}

Result<i32> do_setsid()
{
    Process& self = current_process();
    SpinlockGuard guard(tasklist_lock);
    if (self.session_leader)
        return Errno::EPERM;
    // A group named by our pid already exists (we lead it, or it outlived us as its leader):
    // the new session's id would name it too.
    if (find_group_member_locked(self.pid()))
        return Errno::EPERM;
    self.session_leader = true;
    self.sid = self.pgid = self.pid();
    self.tty = nullptr; // a new session has no controlling terminal yet (proc_clear_tty())
    return self.sid;
}

bool will_become_orphaned_pgrp_locked(i32 pgid, const Process* ignored)
{
    struct Walk {
        i32 pgid;
        const Process* ignored;
        bool orphaned { true };
    } walk { pgid, ignored };
    for_each_process_locked(
        [](Process& p, void* ctx) {
            auto& w = *static_cast<Walk*>(ctx);
            if (p.pgid != w.pgid || &p == w.ignored || p.state == ProcessState::Zombie || !p.parent
                || p.parent->pid() == 1)
                return;
            if (p.parent->pgid != w.pgid && p.parent->sid == p.sid)
                w.orphaned = false;
        },
        &walk);
    return walk.orphaned;
}

namespace {

bool has_stopped_jobs_locked(i32 pgid)
{
    struct Walk {
        i32 pgid;
        bool stopped { false };
    } walk { pgid };
    for_each_process_locked(
        [](Process& p, void* ctx) {
            auto& w = *static_cast<Walk*>(ctx);
            // NOTE: read without the sighand lock, as Linux's has_stopped_jobs() does.
            if (p.pgid == w.pgid && (p.signal_flags & SIGNAL_STOP_STOPPED))
                w.stopped = true;
        },
        &walk);
    return walk.stopped;
}

} // namespace

void kill_orphaned_pgrp_locked(Process& process, Process* parent)
{
    const Process* ignored = &process;
    if (parent)
        ignored = nullptr; // reparenting: the child stays, its old parent is what goes
    else
        parent = process.parent; // exiting: the connection outside may have been our parent
    if (!parent || parent->pgid == process.pgid || parent->sid != process.sid)
        return;
    if (will_become_orphaned_pgrp_locked(process.pgid, ignored) && has_stopped_jobs_locked(process.pgid)) {
        kill_pgrp_priv_locked(process.pgid, SIGHUP);
        kill_pgrp_priv_locked(process.pgid, SIGCONT);
    }
}
