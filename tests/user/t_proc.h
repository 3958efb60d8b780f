/*
 * Helpers for the process-creation tests of tests/user/ (fork_basic, cow, vfork, ...), on top of
 * t.h. The rules these tests keep so that their output is the same on Linux and Sprout:
 *   - only one process prints at a time: a child never prints while its parent may be printing;
 *     children report through their exit status (0, or the number of the step that failed) and
 *     through memory shared with the parent;
 *   - no timing: a process that must wait for another spins on a flag in shared memory
 *     (MAP_SHARED | MAP_ANONYMOUS) with sched_yield(), never sleeps for a while;
 *   - no pids, addresses or times in the output.
 */
#ifndef SPROUT_USER_T_PROC_H
#define SPROUT_USER_T_PROC_H

#include "t.h"
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>

/* size bytes of zeroed memory shared with every child forked after this call. */
static inline void* t_shared(size_t size)
{
    void* p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        t_print("not ok shared_memory\n# mmap: %s\n", t_errname(errno));
        exit(1);
    }
    return p;
}

static inline void t_flag_set(volatile int* flag, int value) { __atomic_store_n(flag, value, __ATOMIC_SEQ_CST); }

static inline int t_flag_get(volatile int* flag) { return __atomic_load_n(flag, __ATOMIC_SEQ_CST); }

/* Wait, yielding the CPU, until another process stores value in *flag. */
static inline void t_flag_wait(volatile int* flag, int value)
{
    while (t_flag_get(flag) != value)
        sched_yield();
}

/* fork(), or the end of the test when it fails: what follows would wait for a child that does
 * not exist. */
static inline pid_t t_fork(void)
{
    pid_t pid = fork();
    if (pid < 0) {
        t_print("not ok fork\n#   fork: %s\n", t_errname(errno));
        exit(1);
    }
    return pid;
}

/* A child that t_flag_wait_child() found dead, with its status, for t_wait() to return. */
static pid_t t_reaped_pid;
static int t_reaped_status;

/* The parent's t_flag_wait(): wait for *flag == value unless child pid ends first (a failing
 * child exits early, or dies of a signal, without setting the flag). Returns 1 when the flag was
 * set; 0 when the child ended, whose status t_wait(pid) then returns. */
static inline int t_flag_wait_child(volatile int* flag, int value, pid_t pid)
{
    while (t_flag_get(flag) != value) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            t_reaped_pid = pid;
            t_reaped_status = status;
            return 0;
        }
        if (r < 0)
            return 0; /* no such child: nobody will set the flag */
        sched_yield();
    }
    return 1;
}

/* waitpid(pid, &status, 0): the raw status, or -1 (errno set) if waitpid fails or returns a
 * different pid. */
static inline int t_wait(pid_t pid)
{
    if (pid > 0 && pid == t_reaped_pid) {
        t_reaped_pid = 0;
        return t_reaped_status;
    }
    int status = 0;
    pid_t r = waitpid(pid, &status, 0);
    if (r != pid) {
        if (r >= 0)
            errno = 0;
        return -1;
    }
    return status;
}

/* A wait status in words, for the "# ..." line of a failed check. */
static inline const char* t_status_text(int status)
{
    static char buf[64];
    if (status == -1)
        snprintf(buf, sizeof(buf), "waitpid failed: %s", t_errname(errno));
    else if (WIFEXITED(status))
        snprintf(buf, sizeof(buf), "exited with %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(
            buf, sizeof(buf), "killed by signal %d%s", WTERMSIG(status), WCOREDUMP(status) ? " (core dumped)" : "");
    else
        snprintf(buf, sizeof(buf), "raw status 0x%x", (unsigned)status);
    return buf;
}

/* CHECK_EXITED(status, code, name): the child exited normally with that code. */
#define CHECK_EXITED(status, code, name)                                                                               \
    do {                                                                                                               \
        int t_s_ = (status);                                                                                           \
        if (!t_check(t_s_ != -1 && WIFEXITED(t_s_) && WEXITSTATUS(t_s_) == (code), (name)))                            \
            t_print("#   child %s, expected exit %d\n", t_status_text(t_s_), (code));                                  \
    } while (0)

/* CHECK_KILLED(status, signal, name): the child died of that signal, without a core dump. */
#define CHECK_KILLED(status, sig, name)                                                                                \
    do {                                                                                                               \
        int t_s_ = (status);                                                                                           \
        if (!t_check(t_s_ != -1 && WIFSIGNALED(t_s_) && WTERMSIG(t_s_) == (sig) && !WCOREDUMP(t_s_), (name)))          \
            t_print("#   child %s, expected signal %d\n", t_status_text(t_s_), (sig));                                 \
    } while (0)

#endif
