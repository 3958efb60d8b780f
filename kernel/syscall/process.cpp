// Process identity and lifetime system calls: who am I, my process group and session, goodbye.

#include <mm/uaccess.h>
#include <proc/exit.h>
#include <proc/pgrp.h>
#include <proc/process.h>
#include <proc/task.h>
#include <sched/sched.h>
#include <syscall/syscall.h>

static Result<i64> sys_getpid() { return current_process().pid(); }
SYSCALL_DEFINE(getpid)

static Result<i64> sys_gettid() { return current()->tid(); }
SYSCALL_DEFINE(gettid)

// PID 1 (and anything the kernel starts without a parent) has parent 0, as on Linux.
static Result<i64> sys_getppid()
{
    SpinlockGuard guard(tasklist_lock);
    Process* parent = current_process().parent;
    return parent ? parent->pid() : 0;
}
SYSCALL_DEFINE(getppid)

static Result<i64> sys_setpgid(i32 pid, i32 pgid)
{
    TRY(do_setpgid(pid, pgid));
    return 0;
}
SYSCALL_DEFINE(setpgid)
static Result<i64> sys_getpgid(i32 pid) { return TRY(do_getpgid(pid)); }
SYSCALL_DEFINE(getpgid)
static Result<i64> sys_getpgrp() { return TRY(do_getpgid(0)); }
SYSCALL_DEFINE(getpgrp)
static Result<i64> sys_setsid() { return TRY(do_setsid()); }
SYSCALL_DEFINE(setsid)
static Result<i64> sys_getsid(i32 pid) { return TRY(do_getsid(pid)); }
SYSCALL_DEFINE(getsid)

// exit ends the calling thread; exit_group the whole process.
static Result<i64> sys_exit(int code) { do_exit((code & 0xff) << 8); }
SYSCALL_DEFINE(exit)
static Result<i64> sys_exit_group(int code) { do_group_exit((code & 0xff) << 8); }
SYSCALL_DEFINE(exit_group)

// The address the C library asks the kernel to clear at thread exit (CLONE_CHILD_CLEARTID's
// sibling); returns the tid. Clearing it matters only once there are threads to wake.
static Result<i64> sys_set_tid_address(int* tidptr)
{
    current()->clear_child_tid = tidptr;
    return current()->tid();
}
SYSCALL_DEFINE(set_tid_address)
