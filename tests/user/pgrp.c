/*
 * pgrp: process groups and sessions (Linux's setpgid, getpgid, getpgrp, setsid, getsid) with
 * their errors, inheritance at fork, and waiting by group: waitpid(0), waitpid(-pgid),
 * waitid(P_PGID, 0 or pgid). We start in the group and session of our PID-1 parent, which on
 * Linux lie outside our pid namespace and read as 0, as the kernel's own first processes do on
 * Sprout.
 */
#include "t_proc.h"

#include <sys/syscall.h>

static volatile int* shared;

/* A child that waits for shared[slot] to become 1, then exits with `code`. */
static pid_t waiting_child(int slot, int code)
{
    pid_t pid = t_fork();
    if (pid == 0) {
        t_flag_wait(&shared[slot], 1);
        _exit(code);
    }
    return pid;
}

static void session_leader_child(void)
{
    pid_t me = getpid();
    CHECK_EQ(setsid(), me, "setsid_returns_new_session");
    CHECK_EQ(getsid(0), me, "getsid_is_own_pid");
    CHECK_EQ(getpgrp(), me, "setsid_makes_a_group_too");
    CHECK_ERRNO(setsid(), EPERM, "setsid_twice_EPERM");
    CHECK_ERRNO(setpgid(0, 0), EPERM, "session_leader_setpgid_EPERM");
    pid_t child = t_fork();
    if (child == 0)
        _exit(getsid(0) == me && getpgrp() == me ? 0 : 1);
    CHECK_EXITED(t_wait(child), 0, "fork_inherits_session_and_group");
}

int main(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "exit-now") == 0)
        return 0;
    shared = t_shared(4096);
    pid_t me = getpid();

    CHECK_EQ(getpgrp(), 0, "initial_group_outside_our_namespace");
    CHECK_EQ(getsid(0), 0, "initial_session_outside_our_namespace");
    CHECK_EQ(getpgid(0), getpgrp(), "getpgid_0_is_getpgrp");
    CHECK_EQ(getpgid(me), getpgrp(), "getpgid_own_pid");
    CHECK_EQ(getsid(me), 0, "getsid_own_pid");
    CHECK_EQ(getpgid(1), 0, "getpgid_of_init");
    CHECK_ERRNO(getpgid(0x3fffffff), ESRCH, "getpgid_no_such_process_ESRCH");
    CHECK_ERRNO(getsid(0x3fffffff), ESRCH, "getsid_no_such_process_ESRCH");
    CHECK_ERRNO(setpgid(0, -1), EINVAL, "setpgid_negative_pgid_EINVAL");
    CHECK_ERRNO(setpgid(-5, 0), EINVAL, "setpgid_negative_pid_becomes_negative_pgid_EINVAL");
    CHECK_ERRNO(setpgid(-5, 3), ESRCH, "setpgid_negative_pid_ESRCH");
    CHECK_ERRNO(setpgid(0x3fffffff, 0), ESRCH, "setpgid_no_such_process_ESRCH");
    CHECK_ERRNO(setpgid(1, 1), ESRCH, "setpgid_not_our_child_ESRCH");
    CHECK_ERRNO(setpgid(0, 0x3fffffff), EPERM, "setpgid_to_missing_group_EPERM");

    /* A group of our own, then a session: EPERM, we lead a group. */
    CHECK_EQ(setpgid(0, 0), 0, "setpgid_new_group");
    CHECK_EQ(getpgrp(), me, "we_lead_our_group");
    CHECK_EQ(getsid(0), 0, "still_in_the_old_session");
    CHECK_ERRNO(setsid(), EPERM, "group_leader_setsid_EPERM");
    CHECK_EQ(setpgid(0, me), 0, "setpgid_to_own_group_again");

    /* A new session in a child. */
    pid_t pid = t_fork();
    if (pid == 0) {
        session_leader_child();
        _exit(t_exit_status());
    }
    CHECK_EXITED(t_wait(pid), 0, "child_session_leader");

    /* Children: moved between groups of our session. */
    pid_t a = waiting_child(1, 11);
    pid_t b = waiting_child(1, 12);
    CHECK_EQ(getpgid(a), me, "child_inherits_our_group");
    CHECK_EQ(getsid(a), 0, "child_inherits_our_session");
    CHECK_EQ(setpgid(b, b), 0, "move_child_to_new_group");
    CHECK_EQ(getpgid(b), b, "child_leads_new_group");
    pid_t c = waiting_child(1, 13);
    CHECK_EQ(setpgid(c, b), 0, "move_child_to_existing_group");
    CHECK_EQ(getpgid(c), b, "child_joined_group");
    CHECK_EQ(setpgid(c, me), 0, "move_child_back_to_our_group");
    CHECK_EQ(setpgid(c, b), 0, "and_to_b_again");
    CHECK_ERRNO(setpgid(c, 0x3fffffff), EPERM, "child_to_missing_group_EPERM");

    /* A child in another session: EPERM. A child that has exec'd: EACCES. */
    pid_t s = t_fork();
    if (s == 0) {
        setsid();
        t_flag_set(&shared[2], 1);
        t_flag_wait(&shared[1], 1);
        _exit(14);
    }
    t_flag_wait_child(&shared[2], 1, s);
    CHECK_ERRNO(setpgid(s, s), EPERM, "child_in_other_session_EPERM");
    CHECK_ERRNO(setpgid(c, s), EPERM, "join_group_of_other_session_EPERM");
    pid_t e = t_fork();
    if (e == 0) {
        char* argv[] = { "/proc/self/exe", "exit-now", NULL };
        execv(argv[0], argv);
        _exit(127);
    }
    /* Once it is a zombie it has surely exec'd; a zombie still counts for setpgid. */
    siginfo_t info;
    CHECK_EQ(waitid(P_PID, e, &info, WEXITED | WNOWAIT), 0, "e_exec_and_exit");
    CHECK_ERRNO(setpgid(e, e), EACCES, "child_after_exec_EACCES");
    int status;
    CHECK_EQ(waitpid(e, &status, 0), e, "reap_e");

    /* A zombie keeps its group alive until reaped. */
    pid_t z = t_fork();
    if (z == 0)
        _exit(15);
    CHECK_EQ(setpgid(z, z), 0, "zombie_to_be_leads_a_group");
    CHECK_EQ(waitid(P_PID, z, &info, WEXITED | WNOWAIT), 0, "z_is_a_zombie");
    CHECK_EQ(setpgid(c, z), 0, "join_the_group_of_a_zombie");
    CHECK_EQ(setpgid(c, b), 0, "back_to_b");
    CHECK_EQ(waitpid(z, &status, 0), z, "reap_z");
    CHECK_ERRNO(setpgid(c, z), EPERM, "reaped_group_is_gone_EPERM");

    /* Waiting by group: a in our group, b and c in group b. */
    t_flag_set(&shared[1], 1);
    CHECK_EQ(waitpid(s, &status, 0), s, "reap_s");
    CHECK_EQ(waitpid(0, &status, 0), a, "waitpid_0_is_our_group");
    CHECK_EXITED(status, 11, "waitpid_0_status");
    CHECK_ERRNO(waitpid(0, &status, WNOHANG), ECHILD, "waitpid_0_none_left_in_our_group_ECHILD");
    CHECK_ERRNO(waitpid(-0x3fffffff, &status, 0), ECHILD, "waitpid_missing_group_ECHILD");
    pid_t first = waitpid(-b, &status, 0);
    CHECK(first == b || first == c, "waitpid_minus_pgid");
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == (first == b ? 12 : 13), "waitpid_minus_pgid_status");
    memset(&info, 0, sizeof(info));
    CHECK_EQ(waitid(P_PGID, b, &info, WEXITED), 0, "waitid_P_PGID");
    CHECK_EQ(info.si_pid, first == b ? c : b, "waitid_P_PGID_pid");
    CHECK_ERRNO(waitid(P_PGID, b, &info, WEXITED), ECHILD, "waitid_P_PGID_empty_ECHILD");

    /* waitid(P_PGID, 0): our own group (Linux 5.4 and later). */
    pid_t d = waiting_child(3, 16);
    pid_t f = waiting_child(3, 17);
    CHECK_EQ(setpgid(f, f), 0, "f_own_group");
    t_flag_set(&shared[3], 1);
    memset(&info, 0, sizeof(info));
    CHECK_EQ(waitid(P_PGID, 0, &info, WEXITED), 0, "waitid_P_PGID_0");
    CHECK_EQ(info.si_pid, d, "waitid_P_PGID_0_is_our_group");
    CHECK_EQ(info.si_status, 16, "waitid_P_PGID_0_status");
    CHECK_ERRNO(waitid(P_PGID, 0, &info, WEXITED), ECHILD, "waitid_P_PGID_0_none_left_ECHILD");
    CHECK_ERRNO(waitid(P_PGID, -1, &info, WEXITED), EINVAL, "waitid_P_PGID_negative_EINVAL");
    CHECK_EQ(waitpid(-f, &status, 0), f, "reap_f_by_group");
    return t_exit_status();
}
