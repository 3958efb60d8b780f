/*
 * Raw clone() and clone3() for the tests of tests/user/ (clone_flags, pidfd), on top of t_proc.h.
 *
 * A raw clone without CLONE_VM returns 0 in a child that has a copy of everything, stack
 * included, so C code may go on there; such a child only makes system calls and _exit()s (the C
 * library's idea of its own pid or thread may be stale). A child on a new stack is written in
 * assembly (t_clone_on_stack()): it has no frame to return into.
 */
#ifndef SPROUT_USER_T_CLONE_H
#define SPROUT_USER_T_CLONE_H

#include "t_proc.h"
#include <sched.h>
#include <sys/syscall.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#define T_CLONE_CLEAR_SIGHAND 0x100000000ULL
#define T_CLONE_INTO_CGROUP 0x200000000ULL
#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#ifndef __WALL
#define __WALL 0x40000000
#endif
#ifndef __WCLONE
#define __WCLONE 0x80000000
#endif
#define T_PIDFD_NONBLOCK O_NONBLOCK
#define T_PIDFD_THREAD O_EXCL

/* struct clone_args (include/uapi/linux/sched.h), version 2: 88 bytes. */
struct t_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
    uint64_t set_tid, set_tid_size; /* version 1 */
    uint64_t cgroup; /* version 2 */
};
_Static_assert(sizeof(struct t_clone_args) == 88, "clone_args is 88 bytes");

static inline long t_clone(unsigned long flags, void* stack, int* ptid, int* ctid, unsigned long tls)
{
    return syscall(SYS_clone, flags, stack, ptid, ctid, tls);
}

static inline long t_clone3(void* args, size_t size) { return syscall(SYS_clone3, args, size); }

/* A clone3 argument block for a plain child: exit signal SIGCHLD, nothing else. */
static inline struct t_clone_args t_clone3_args(uint64_t flags, uint64_t exit_signal)
{
    struct t_clone_args a;
    memset(&a, 0, sizeof(a));
    a.flags = flags;
    a.exit_signal = exit_signal;
    return a;
}

static inline long t_pidfd_open(pid_t pid, unsigned flags) { return syscall(SYS_pidfd_open, pid, flags); }

/* When a raw clone or clone3 returns 0, we are the child: leave with `code` at once. */
#define T_CHILD_EXIT(r, code)                                                                                          \
    do {                                                                                                               \
        if ((r) == 0)                                                                                                  \
            _exit(code);                                                                                               \
    } while (0)

/* Whether no child is left to wait for (every one was reaped, or none was made). */
static inline int t_no_children(void)
{
    errno = 0;
    return waitpid(-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD;
}

#endif
