/*
 * posix_spawn_attr: the spawn attributes that need process groups, sessions and signals
 * (posix_spawn.c has the rest of posix_spawn). Each spawns /proc/self/exe in a child mode that
 * reports what it found through its exit status:
 *   - POSIX_SPAWN_SETPGROUP with 0: the child leads a new process group; with our own group: it
 *     stays in it; with a group that does not exist: posix_spawn fails with EPERM, no child;
 *   - POSIX_SPAWN_SETSID: the child leads a new session;
 *   - POSIX_SPAWN_SETSIGMASK: the child's signal mask is the one given; without it, the child
 *     inherits ours; ours is the same after the spawn;
 *   - POSIX_SPAWN_SETSIGDEF: a signal we ignore is back to SIG_DFL in the child; without it, it
 *     stays ignored across the exec, while a signal we catch is SIG_DFL in the child anyway.
 *
 *   posix_spawn_attr                  the tests
 *   posix_spawn_attr child WHAT       (spawned by the tests) prints nothing:
 *       pgrp      exit 0 if we lead our process group, 1 if not
 *       pgid N    exit 0 if our process group is N
 *       sid       exit 0 if we lead our session
 *       mask      exit 1 * (SIGUSR1 blocked) + 2 * (SIGUSR2 blocked)
 *       disp      exit 1 * (SIGUSR1 ignored) + 2 * (SIGUSR2 ignored) + 4 * (SIGTERM ignored)
 */
#include "t_proc.h"
#include <signal.h>
#include <spawn.h>

extern char** environ;

static int child_main(int argc, char** argv)
{
    if (argc == 3 && strcmp(argv[2], "pgrp") == 0)
        return getpgrp() == getpid() ? 0 : 1;
    if (argc == 4 && strcmp(argv[2], "pgid") == 0)
        return getpgrp() == atoi(argv[3]) ? 0 : 1;
    if (argc == 3 && strcmp(argv[2], "sid") == 0)
        return getsid(0) == getpid() ? 0 : 1;
    if (argc == 3 && strcmp(argv[2], "mask") == 0) {
        sigset_t mask;
        if (sigprocmask(SIG_BLOCK, NULL, &mask) != 0)
            return 100;
        return sigismember(&mask, SIGUSR1) + 2 * sigismember(&mask, SIGUSR2);
    }
    if (argc == 3 && strcmp(argv[2], "disp") == 0) {
        struct sigaction a1, a2, a3;
        if (sigaction(SIGUSR1, NULL, &a1) || sigaction(SIGUSR2, NULL, &a2) || sigaction(SIGTERM, NULL, &a3))
            return 100;
        return (a1.sa_handler == SIG_IGN) + 2 * (a2.sa_handler == SIG_IGN) + 4 * (a3.sa_handler == SIG_IGN);
    }
    return 99;
}

/* posix_spawn(/proc/self/exe, child WHAT [ARG]) with attributes attr; the child's status, or -1
 * with the posix_spawn error in *err. */
static int spawn_self(posix_spawnattr_t* attr, int* err, char* what, char* arg)
{
    char* argv[] = { "posix_spawn_attr", "child", what, arg, NULL };
    pid_t pid = -1;
    *err = posix_spawn(&pid, "/proc/self/exe", NULL, attr, argv, environ);
    if (*err)
        return -1;
    return t_wait(pid);
}

static void process_groups(void)
{
    posix_spawnattr_t attr;
    int err;
    /* Our own group first: the one we were born in may belong to the host, outside our pid
     * namespace on Linux, where getpgrp() says 0. */
    CHECK_EQ(setpgid(0, 0), 0, "we_lead_our_own_group");
    CHECK_EXITED(spawn_self(NULL, &err, "pgrp", NULL), 1, "without_SETPGROUP_child_in_our_group");

    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    CHECK_EXITED(spawn_self(&attr, &err, "pgrp", NULL), 0, "SETPGROUP_0_child_leads_new_group");
    CHECK_EQ(err, 0, "SETPGROUP_0_returns_0");

    char ours[16];
    snprintf(ours, sizeof(ours), "%d", (int)getpgrp());
    posix_spawnattr_setpgroup(&attr, getpgrp());
    CHECK_EXITED(spawn_self(&attr, &err, "pgid", ours), 0, "SETPGROUP_ours_child_stays_in_it");

    /* A group that does not exist. */
    posix_spawnattr_setpgroup(&attr, 0x3fffff00);
    CHECK_EQ(spawn_self(&attr, &err, "pgrp", NULL), -1, "SETPGROUP_missing_group_fails");
    CHECK_EQ(err, EPERM, "SETPGROUP_missing_group_EPERM");
    CHECK_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD, "SETPGROUP_failure_leaves_no_child");
    posix_spawnattr_destroy(&attr);

    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
    CHECK_EXITED(spawn_self(&attr, &err, "sid", NULL), 0, "SETSID_child_leads_new_session");
    posix_spawnattr_destroy(&attr);
}

static int blocked(int sig)
{
    sigset_t mask;
    return sigprocmask(SIG_BLOCK, NULL, &mask) == 0 && sigismember(&mask, sig);
}

static void signal_masks(void)
{
    posix_spawnattr_t attr;
    int err;
    sigset_t set;

    CHECK_EXITED(spawn_self(NULL, &err, "mask", NULL), 0, "child_mask_empty_like_ours");

    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    CHECK_EQ(sigprocmask(SIG_BLOCK, &set, NULL), 0, "block_SIGUSR2");
    CHECK_EXITED(spawn_self(NULL, &err, "mask", NULL), 2, "without_SETSIGMASK_child_inherits_our_mask");

    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    posix_spawnattr_setsigmask(&attr, &set);
    CHECK_EXITED(spawn_self(&attr, &err, "mask", NULL), 1, "SETSIGMASK_child_has_the_given_mask");
    CHECK(blocked(SIGUSR2) && !blocked(SIGUSR1), "SETSIGMASK_our_mask_unchanged");
    posix_spawnattr_destroy(&attr);

    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void on_term(int sig) { (void)sig; }

static void signal_defaults(void)
{
    posix_spawnattr_t attr;
    int err;
    sigset_t set;

    signal(SIGUSR1, SIG_IGN);
    signal(SIGUSR2, SIG_IGN);
    signal(SIGTERM, on_term);
    CHECK_EXITED(spawn_self(NULL, &err, "disp", NULL), 3, "ignored_stays_ignored_caught_becomes_default");

    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    posix_spawnattr_setsigdefault(&attr, &set);
    CHECK_EXITED(spawn_self(&attr, &err, "disp", NULL), 2, "SETSIGDEF_ignored_signal_back_to_default");
    posix_spawnattr_destroy(&attr);

    struct sigaction a;
    CHECK(sigaction(SIGUSR1, NULL, &a) == 0 && a.sa_handler == SIG_IGN, "SETSIGDEF_ours_still_ignored");
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
}

int main(int argc, char** argv)
{
    if (argc >= 3 && strcmp(argv[1], "child") == 0)
        return child_main(argc, argv);
    process_groups();
    signal_masks();
    signal_defaults();
    return t_exit_status();
}
