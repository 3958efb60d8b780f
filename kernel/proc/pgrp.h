#pragma once
// Process groups and sessions (Linux's setpgid(), getpgid(), setsid(), getsid() in kernel/sys.c).
// A process's group and session are Process::pgid and Process::sid, inherited at fork. A group
// exists while some process (a zombie too, until reaped) has that pgid.

#include <lib/result.h>
#include <lib/types.h>

// setpgid(pid, pgid): the caller or one of its children that has not exec'd yet, into a new group
// (pgid == pid) or an existing group of the caller's session.
Result<void> do_setpgid(i32 pid, i32 pgid);
// getpgid()/getsid(): pid 0 is the caller. ESRCH for no such process.
Result<i32> do_getpgid(i32 pid);
Result<i32> do_getsid(i32 pid);
// setsid(): a new session and group led by the caller; EPERM if it already leads a session or a
// group by its pid exists. Returns the new session id.
Result<i32> do_setsid();

class Process;

// Job control's orphaned process groups (Linux's kernel/exit.c). A group is orphaned when no
// member has a parent in another group of the same session: nobody is left who could continue it
// after a stop. Children of init do not count as such a connection, and neither do zombies nor
// `ignored` (a process that is exiting). Caller holds tasklist_lock.
bool will_become_orphaned_pgrp_locked(i32 pgid, const Process* ignored);
// POSIX 3.2.2.2 (Linux's kill_orphaned_pgrp()): when `process` exits (`parent` null), or when its
// parent `parent` exits and it is reparented, a process group that becomes orphaned by that and
// has a stopped member gets SIGHUP and then SIGCONT. Caller holds tasklist_lock.
void kill_orphaned_pgrp_locked(Process& process, Process* parent);
