/*
 * getpriority / setpriority: nice values, their range and clamping, who may change whose, and
 * that the scheduler gives a nice task less CPU. Never touches PRIO_USER of uid 0: on the host
 * that would renice every root process of the machine.
 */
#include "t.h"
#include "t_proc.h"

#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

static long raw_getpriority(int which, int who) { return syscall(SYS_getpriority, which, who); }

/* Two busy children on one CPU, one at nice 0 and one at nice 19, for half a second: the counts
 * of their loops. */
static void race(volatile unsigned long* counts)
{
    pid_t pids[2];
    for (int i = 0; i < 2; ++i) {
        pids[i] = t_fork();
        if (pids[i] == 0) {
            if (i == 1)
                setpriority(PRIO_PROCESS, 0, 19);
            for (;;)
                __atomic_add_fetch(&counts[i], 1, __ATOMIC_RELAXED);
        }
    }
    struct timespec half = { 0, 500 * 1000 * 1000 };
    nanosleep(&half, NULL);
    for (int i = 0; i < 2; ++i) {
        kill(pids[i], SIGKILL);
        t_wait(pids[i]);
    }
}

int main(void)
{
    errno = 0;
    CHECK_EQ(getpriority(PRIO_PROCESS, 0), 0, "starts_at_nice_0");
    CHECK_EQ(errno, 0, "getpriority_no_errno");
    CHECK_EQ(raw_getpriority(PRIO_PROCESS, 0), 20, "raw_returns_20_minus_nice");
    CHECK_EQ(setpriority(PRIO_PROCESS, 0, 5), 0, "set_5");
    CHECK_EQ(getpriority(PRIO_PROCESS, getpid()), 5, "get_5_by_pid");
    CHECK_EQ(raw_getpriority(PRIO_PROCESS, 0), 15, "raw_15");
    pid_t pid = t_fork();
    if (pid == 0) {
        /* A group of one: its priority is this process's. */
        setpgid(0, 0);
        _exit(getpriority(PRIO_PGRP, 0) == 5 && getpriority(PRIO_PGRP, getpid()) == 5 ? 0 : 1);
    }
    CHECK_EXITED(t_wait(pid), 0, "own_pgrp_has_the_nice_value");
    CHECK_EQ(setpriority(PRIO_PROCESS, 0, 100), 0, "set_100_clamps");
    CHECK_EQ(getpriority(PRIO_PROCESS, 0), 19, "clamped_to_19");
    CHECK_EQ(setpriority(PRIO_PROCESS, 0, -100), 0, "root_sets_minus_100");
    CHECK_EQ(getpriority(PRIO_PROCESS, 0), -20, "clamped_to_minus_20");
    CHECK_EQ(setpriority(PRIO_PROCESS, 0, 0), 0, "back_to_0");
    CHECK_ERRNO(setpriority(3, 0, 0), EINVAL, "set_bad_which_einval");
    CHECK_ERRNO(raw_getpriority(-1, 0), EINVAL, "get_bad_which_einval");
    CHECK_ERRNO(raw_getpriority(PRIO_PROCESS, 3999999), ESRCH, "get_missing_pid_esrch");
    CHECK_ERRNO(setpriority(PRIO_PROCESS, 3999999, 1), ESRCH, "set_missing_pid_esrch");
    CHECK_ERRNO(raw_getpriority(PRIO_PGRP, 3999999), ESRCH, "get_missing_pgrp_esrch");
    CHECK_ERRNO(raw_getpriority(PRIO_USER, 4242), ESRCH, "get_user_without_processes_esrch");

    setpriority(PRIO_PROCESS, 0, 3);
    pid = t_fork();
    if (pid == 0)
        _exit(getpriority(PRIO_PROCESS, 0) == 3 ? 0 : 1);
    CHECK_EXITED(t_wait(pid), 0, "fork_inherits_nice");
    setpriority(PRIO_PROCESS, 0, 0);

    pid = t_fork();
    if (pid == 0) {
        int bad = 0;
        if (setgid(4243) || setuid(4243))
            _exit(100);
        errno = 0;
        bad |= (setpriority(PRIO_PROCESS, 1, 5) != -1 || errno != EPERM) << 0; /* root's PID 1 */
        bad |= (setpriority(PRIO_USER, 0, 10) != 0) << 1; /* all of uid 4243: this process */
        bad |= (getpriority(PRIO_USER, 4243) != 10) << 2;
        errno = 0;
        /* RLIMIT_NICE is 0: no lowering at all. (Raising the limit needs CAP_SYS_RESOURCE,
         * which a container's root may lack, so the limit's other values are not tried.) */
        bad |= (setpriority(PRIO_PROCESS, 0, 5) != -1 || errno != EACCES) << 3;
        bad |= (setpriority(PRIO_PROCESS, 0, 15) != 0) << 4; /* raising is always allowed */
        errno = 0;
        bad |= (setpriority(PRIO_PROCESS, 0, 14) != -1 || errno != EACCES) << 5;
        _exit(bad);
    }
    CHECK_EXITED(t_wait(pid), 0, "non_root_rules");

    /* On one CPU, nice 19 gets less of it than nice 0. */
    cpu_set_t cpu0;
    CPU_ZERO(&cpu0);
    CPU_SET(0, &cpu0);
    CHECK_EQ(sched_setaffinity(0, sizeof(cpu0), &cpu0), 0, "pin_to_cpu0");
    volatile unsigned long* counts = t_shared(2 * sizeof(unsigned long));
    race(counts);
    CHECK(counts[0] > counts[1] * 3 / 2, "nice_19_gets_less_cpu");
    if (!(counts[0] > counts[1] * 3 / 2))
        t_print("#   loops: nice 0 %lu, nice 19 %lu\n", counts[0], counts[1]);
    return t_exit_status();
}
