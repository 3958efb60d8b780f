// The tty as a session's controlling terminal, and the job-control rules that follow from it
// (Linux's drivers/tty/tty_jobctrl.c and the ctty half of tty_io.c).

#include <abi/linux/fcntl.h>
#include <abi/linux/signal.h>
#include <fs/file.h>
#include <fs/tty.h>
#include <proc/cred.h>
#include <proc/pgrp.h>
#include <proc/process.h>
#include <proc/signal.h>
#include <sched/sched.h>

using namespace linux_abi;

namespace {

// The caller's process; null for a kernel thread (in-kernel tests), which has no terminal.
Process* caller()
{
    Task* task = current();
    return task ? task->process.ptr() : nullptr;
}

// Every process of session `sid` that has `tty` as its controlling terminal loses it (Linux's
// session_clear_tty()). Caller holds tasklist_lock.
void session_clear_tty_locked(i32 sid)
{
    for_each_process_locked(
        [](Process& p, void* ctx) {
            if (p.sid == *static_cast<i32*>(ctx))
                p.tty = nullptr;
        },
        &sid);
}

// The caller becomes the controlling process of `tty` (Linux's __proc_set_tty()).
void proc_set_tty_locked(Process& self, Tty& tty, i32& session, i32& pgrp)
{
    session = self.sid;
    pgrp = self.pgid;
    self.tty = &tty;
}

// The signal is blocked or ignored by the caller (Linux's is_ignored() in tty_jobctrl.c).
bool is_ignored(int sig)
{
    Task& task = *current();
    SpinlockGuard guard(task.sighand->lock);
    return (task.blocked & sigmask(sig)) || task.sighand->action[sig - 1].handler == SIG_IGN;
}

} // namespace

// NOTE: the friend through which the free function below reaches the ctty fields.
struct TtyJobControl {
    static i32& session(Tty& tty) { return tty.m_session; }
    static i32& pgrp(Tty& tty) { return tty.m_pgrp; }
};

void Tty::open_set_ctty(u32 open_flags, bool may_be_ctty)
{
    if ((open_flags & O_NOCTTY) || !may_be_ctty)
        return;
    SpinlockGuard guard(tasklist_lock);
    Process* self = caller();
    if (self && self->session_leader && !self->tty && m_session == 0)
        proc_set_tty_locked(*self, *this, m_session, m_pgrp);
}

Result<void> Tty::check_change(int sig)
{
    {
        SpinlockGuard guard(tasklist_lock);
        Process* self = caller();
        if (!self || self->tty != this || m_pgrp == 0 || self->pgid == m_pgrp)
            return {};
        // A background process group.
        if (!is_ignored(sig)) {
            if (will_become_orphaned_pgrp_locked(self->pgid, nullptr)) // is_current_pgrp_orphaned()
                return Errno::EIO;
            kill_pgrp_priv_locked(self->pgid, sig);
            // The stop happens on the way out; the call restarts once the job is continued in
            // the foreground (or fails with EINTR after a handler without SA_RESTART).
            return Errno::ERESTARTSYS;
        }
    }
    if (sig == SIGTTIN)
        return Errno::EIO;
    return {};
}

Result<void> Tty::tiocsctty(OpenFile& file, u64 argument)
{
    SpinlockGuard guard(tasklist_lock);
    if (!caller())
        return Errno::EPERM;
    Process& self = *caller();
    if (self.session_leader && self.sid == m_session)
        return {}; // already ours
    if (!self.session_leader || self.tty)
        return Errno::EPERM;
    if (m_session) {
        // The controlling terminal of another session: only root may steal it, and only when
        // asking to with argument 1.
        if (argument == 1 && current_cred().capable())
            session_clear_tty_locked(m_session);
        else
            return Errno::EPERM;
    }
    // Linux: a descriptor opened without read access must not give a terminal to a session
    // (it could then send signals it cannot otherwise), except to the administrator.
    if (!file.is_readable() && !current_cred().capable())
        return Errno::EPERM;
    proc_set_tty_locked(self, *this, m_session, m_pgrp);
    return {};
}

Result<void> Tty::tiocnotty()
{
    SpinlockGuard guard(tasklist_lock);
    if (!caller() || caller()->tty != this)
        return Errno::ENOTTY;
    Process& self = *caller();
    if (self.session_leader)
        disassociate_ctty_locked(self);
    self.tty = nullptr;
    return {};
}

Result<i32> Tty::tiocgpgrp()
{
    SpinlockGuard guard(tasklist_lock);
    if (!caller() || caller()->tty != this)
        return Errno::ENOTTY;
    return m_pgrp;
}

Result<i32> Tty::tiocgsid()
{
    SpinlockGuard guard(tasklist_lock);
    if (!caller() || caller()->tty != this || m_session == 0)
        return Errno::ENOTTY;
    return m_session;
}

Result<void> Tty::tiocspgrp(i32 pgrp)
{
    SpinlockGuard guard(tasklist_lock);
    if (!caller() || caller()->tty != this || m_session != caller()->sid)
        return Errno::ENOTTY;
    Process& self = *caller();
    // Linux finds the pid first (ESRCH for none), then the session of the group it names, or of
    // the process with that pid if no group has it (session_of_pgrp()).
    Process* member = pgrp > 0 ? find_group_member_locked(pgrp) : nullptr;
    if (!member && pgrp > 0)
        member = find_process_locked(pgrp);
    if (!member)
        return Errno::ESRCH;
    if (member->sid != self.sid)
        return Errno::EPERM;
    m_pgrp = pgrp;
    return {};
}

void disassociate_ctty_locked(Process& leader)
{
    Tty* tty = leader.tty;
    if (!tty)
        return;
    i32& session = TtyJobControl::session(*tty);
    i32& pgrp = TtyJobControl::pgrp(*tty);
    if (session != leader.sid) {
        leader.tty = nullptr;
        return;
    }
    // The foreground job hears that its terminal is gone; SIGCONT so that a stopped one does.
    if (pgrp) {
        kill_pgrp_priv_locked(pgrp, SIGHUP);
        kill_pgrp_priv_locked(pgrp, SIGCONT);
    }
    session_clear_tty_locked(session);
    session = 0;
    pgrp = 0;
}
