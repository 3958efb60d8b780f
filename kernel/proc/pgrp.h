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
