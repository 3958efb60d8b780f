/*
 * nproc: RLIMIT_NPROC for a non-root user, as Linux enforces it. A child becomes an unused uid
 * (setuid by root sets real, effective and saved), sets RLIMIT_NPROC to N and forks until fork
 * fails with EAGAIN: the user's processes (the caller included) may not go past the limit. A
 * zombie still counts; reaping it frees its slot and the next fork works. Root is exempt, even
 * past its own soft limit. setuid() to a user already over the limit succeeds, and the next
 * execve fails with EAGAIN (Linux's PF_NPROC_EXCEEDED); raising the limit lets execve through.
 */
#include "t_proc.h"

#include <sys/resource.h>

#define UNUSED_UID 54321 /* no process of the host or of Sprout runs as this user */
#define LIMIT 5

/* Each step's number is the child's exit status when it fails. */
static int over_limit_child(volatile int* shared)
{
    if (setuid(UNUSED_UID) != 0)
        return 10;
    struct rlimit rl = { LIMIT, LIMIT };
    if (setrlimit(RLIMIT_NPROC, &rl) != 0)
        return 11;
    pid_t kids[64];
    int n = 0;
    for (;;) {
        pid_t pid = fork();
        if (pid == 0) {
            t_flag_wait(&shared[0], 1);
            _exit(0);
        }
        if (pid < 0) {
            shared[2] = errno;
            break;
        }
        kids[n++] = pid;
        if (n == 64)
            break;
    }
    shared[1] = n; /* how many forks worked */
    /* Let one exit: as a zombie it still counts. */
    t_flag_set(&shared[0], 1);
    int status;
    /* Wait until one child is a zombie (waitid WNOWAIT leaves it so). */
    siginfo_t info;
    if (waitid(P_PID, kids[0], &info, WEXITED | WNOWAIT) != 0)
        return 12;
    errno = 0;
    pid_t again = fork();
    if (again == 0)
        _exit(0);
    shared[3] = again < 0 ? errno : 0;
    if (again > 0)
        waitpid(again, &status, 0);
    /* Reaped: its slot is free. */
    if (waitpid(kids[0], &status, 0) != kids[0])
        return 13;
    again = fork();
    if (again == 0)
        _exit(0);
    shared[4] = again < 0 ? errno : 0;
    if (again > 0)
        waitpid(again, &status, 0);
    for (int i = 1; i < n; i++)
        waitpid(kids[i], &status, 0);
    return 0;
}

/* setuid() to a user already at its limit works; execve then fails with EAGAIN. */
static int exec_child(volatile int* shared, char* self)
{
    struct rlimit rl = { 1, 1 };
    if (setrlimit(RLIMIT_NPROC, &rl) != 0)
        return 20;
    /* Two processes of UNUSED_UID exist (the parent's other children): over the limit of 1. */
    if (setuid(UNUSED_UID) != 0)
        return 21;
    char* argv[] = { self, "exec-ok", NULL };
    errno = 0;
    execve(self, argv, NULL);
    shared[5] = errno;
    /* Still over the limit: a second execve fails too. */
    errno = 0;
    execve(self, argv, NULL);
    shared[6] = errno;
    /* Under the limit again (the other process is gone): execve works. */
    t_flag_set(&shared[7], 1);
    t_flag_wait(&shared[8], 1);
    execve(self, argv, NULL);
    return 22;
}

int main(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "exec-ok") == 0)
        _exit(42);
    volatile int* shared = t_shared(4096);

    pid_t child = t_fork();
    if (child == 0)
        _exit(over_limit_child(shared));
    CHECK_EXITED(t_wait(child), 0, "nproc_child_ran");
    CHECK_EQ(shared[1], LIMIT - 1, "forks_until_the_limit");
    CHECK_EQ(shared[2], EAGAIN, "fork_past_the_limit_EAGAIN");
    CHECK_EQ(shared[3], EAGAIN, "a_zombie_still_counts");
    CHECK_EQ(shared[4], 0, "reaping_frees_the_slot");

    /* Root is exempt from its own limit. */
    struct rlimit old, rl = { 0, 0 };
    CHECK_EQ(getrlimit(RLIMIT_NPROC, &old), 0, "getrlimit_nproc");
    child = t_fork();
    if (child == 0) {
        if (setrlimit(RLIMIT_NPROC, &rl) != 0)
            _exit(30);
        pid_t pid = fork();
        if (pid < 0)
            _exit(31);
        if (pid == 0)
            _exit(0);
        int status;
        waitpid(pid, &status, 0);
        _exit(0);
    }
    CHECK_EXITED(t_wait(child), 0, "root_exempt_from_nproc");

    /* PF_NPROC_EXCEEDED: two holder processes of UNUSED_UID, then the setuid+execve child. */
    pid_t holder[2];
    for (int i = 0; i < 2; i++) {
        holder[i] = t_fork();
        if (holder[i] == 0) {
            if (setuid(UNUSED_UID) != 0)
                _exit(40);
            t_flag_set(&shared[10 + i], 1);
            t_flag_wait(&shared[9], 1);
            _exit(0);
        }
        t_flag_wait_child(&shared[10 + i], 1, holder[i]);
    }
    child = t_fork();
    if (child == 0)
        _exit(exec_child(shared, argv[0]));
    int flag_set = t_flag_wait_child(&shared[7], 1, child);
    t_flag_set(&shared[9], 1);
    CHECK_EXITED(t_wait(holder[0]), 0, "holder_ran");
    CHECK_EXITED(t_wait(holder[1]), 0, "second_holder_ran");
    t_flag_set(&shared[8], 1);
    CHECK(flag_set, "exec_child_reached_its_retry");
    CHECK_EXITED(t_wait(child), 42, "execve_works_when_under_the_limit_again");
    CHECK_EQ(shared[5], EAGAIN, "execve_after_setuid_over_limit_EAGAIN");
    CHECK_EQ(shared[6], EAGAIN, "execve_still_over_limit_EAGAIN");
    return t_exit_status();
}
