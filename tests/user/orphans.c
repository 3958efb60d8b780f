/*
 * orphans: where a process goes when its parent dies, and what its exit code looks like when it
 * gets there.
 *   - a grandchild orphaned while it runs is reparented to PID 1 (getppid() becomes 1; its old
 *     grandparent cannot wait for it: ECHILD);
 *   - with PR_SET_CHILD_SUBREAPER, to the subreaper instead, which waits for it by pid and gets
 *     its exit status; an orphan that is already a zombie goes there too, and is reaped; the
 *     subreaper flag is not inherited by a forked child;
 *   - subreapers nest: an orphan goes to the nearest live one; when that one dies, to the next
 *     one above; with the flag cleared again, to PID 1;
 *   - exit codes round-trip through wait modulo 256 (exit(256) is 0, exit(-1) is 255), in
 *     waitpid's status and waitid's si_status;
 *   - exit() flushes stdio buffered for a pipe, _exit() does not.
 *
 * Processes other than the main one never print; orphans report through shared memory.
 */
#include "t_proc.h"
#include <sys/prctl.h>

struct shared {
    int ready; /* the orphan-to-be runs */
    int go; /* its parent is dead and reaped */
    int done; /* the orphan recorded what it saw */
    int pid; /* the orphan's pid */
    int ppid_before;
    int ppid_after;
    int ppid_later;
};

static struct shared* sh;

static void reset(void) { memset(sh, 0, sizeof(*sh)); }

/* Wait for a process that is not our child (so waitpid cannot tell us it died): at most a
 * generous number of yields, so that a dead orphan fails the test instead of hanging it. */
static int flag_wait_bounded(volatile int* flag, int value)
{
    for (long i = 0; i < 2000000; i++) {
        if (t_flag_get(flag) == value)
            return 1;
        sched_yield();
    }
    return 0;
}

/* The orphan-to-be: records its parent, says it is running, waits until its parent is gone,
 * records its new parent, and (after `go` reaches 2) its parent again; exits with `code`. */
static void orphan_body(int code)
{
    sh->pid = getpid();
    sh->ppid_before = getppid();
    t_flag_set(&sh->ready, 1);
    t_flag_wait(&sh->go, 1);
    sh->ppid_after = getppid();
    t_flag_set(&sh->done, 1);
    t_flag_wait(&sh->go, 2);
    sh->ppid_later = getppid();
    t_flag_set(&sh->done, 2);
    _exit(code);
}

/* Fork a middle process that forks the orphan-to-be and exits as soon as it runs. Returns the
 * middle process's exit status (reaped). */
static int make_orphan(int code)
{
    pid_t middle = t_fork();
    if (middle == 0) {
        pid_t o = fork();
        if (o < 0)
            _exit(2);
        if (o == 0)
            orphan_body(code);
        t_flag_wait(&sh->ready, 1);
        _exit(sh->ppid_before == getpid() ? 0 : 3);
    }
    return t_wait(middle);
}

static void orphan_to_init(void)
{
    reset();
    CHECK_EXITED(make_orphan(0), 0, "orphan_parent_was_the_middle_process");
    CHECK_ERRNO(waitpid(sh->pid, NULL, WNOHANG), ECHILD, "orphan_is_not_the_grandparents_child");
    t_flag_set(&sh->go, 1);
    CHECK(flag_wait_bounded(&sh->done, 1), "orphan_runs_on");
    CHECK_EQ(sh->ppid_after, 1, "orphan_reparented_to_pid_1");
    t_flag_set(&sh->go, 2);
    CHECK(flag_wait_bounded(&sh->done, 2), "orphan_finishes");
    CHECK_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD, "init_orphan_not_ours");
}

static void subreaper(void)
{
    pid_t me = getpid();
    CHECK_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0, "set_child_subreaper");

    /* The flag belongs to the process that set it: a child starts without it. */
    pid_t pid = t_fork();
    if (pid == 0) {
        int value = -1;
        _exit(prctl(PR_GET_CHILD_SUBREAPER, &value, 0, 0, 0) == 0 ? value : 9);
    }
    CHECK_EXITED(t_wait(pid), 0, "subreaper_flag_not_inherited");

    reset();
    CHECK_EXITED(make_orphan(42), 0, "subreaper_orphan_middle_exited");
    t_flag_set(&sh->go, 1);
    CHECK(flag_wait_bounded(&sh->done, 1), "subreaper_orphan_runs_on");
    CHECK(sh->ppid_after == me, "orphan_reparented_to_subreaper");
    CHECK_EQ(waitpid(sh->pid, NULL, WNOHANG), 0, "subreaper_WNOHANG_on_running_orphan");
    t_flag_set(&sh->go, 2);
    int status;
    CHECK(waitpid(sh->pid, &status, 0) == sh->pid, "subreaper_waits_for_orphan_by_pid");
    CHECK_EXITED(status, 42, "subreaper_gets_orphan_exit_status");

    /* An orphan that is already a zombie when its parent dies: the subreaper reaps it. */
    pid = t_fork();
    if (pid == 0) {
        pid_t z = fork();
        if (z < 0)
            _exit(2);
        if (z == 0)
            _exit(43);
        sh->pid = z;
        siginfo_t info;
        /* Wait until it is a zombie, without reaping it. */
        if (waitid(P_PID, z, &info, WEXITED | WNOWAIT) != 0)
            _exit(3);
        _exit(0);
    }
    CHECK_EXITED(t_wait(pid), 0, "zombie_orphan_middle_exited");
    CHECK(waitpid(sh->pid, &status, 0) == sh->pid, "subreaper_reaps_zombie_orphan");
    CHECK_EXITED(status, 43, "zombie_orphan_exit_status");
    CHECK_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD, "subreaper_no_children_left");
}

/* We are a subreaper; so is our child S. S's orphan goes to S; when S dies, to us. */
static void nested_subreapers(void)
{
    pid_t me = getpid();
    reset();
    pid_t s = t_fork();
    if (s == 0) {
        if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
            _exit(1);
        int st = make_orphan(44);
        if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            _exit(2);
        t_flag_set(&sh->go, 1);
        t_flag_wait(&sh->done, 1);
        _exit(sh->ppid_after == getpid() ? 0 : 3); /* without waiting for it */
    }
    CHECK_EXITED(t_wait(s), 0, "inner_subreaper_got_the_orphan");
    t_flag_set(&sh->go, 2);
    CHECK(flag_wait_bounded(&sh->done, 2), "nested_orphan_runs_on");
    CHECK(sh->ppid_later == me, "inner_subreaper_dead_orphan_goes_to_outer");
    int status;
    CHECK(waitpid(sh->pid, &status, 0) == sh->pid, "outer_subreaper_waits_for_it");
    CHECK_EXITED(status, 44, "outer_subreaper_gets_its_status");

    /* No longer a subreaper: orphans go to init again. */
    CHECK_EQ(prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0), 0, "clear_child_subreaper");
    reset();
    CHECK_EXITED(make_orphan(0), 0, "cleared_orphan_middle_exited");
    t_flag_set(&sh->go, 1);
    CHECK(flag_wait_bounded(&sh->done, 1), "cleared_orphan_runs_on");
    CHECK_EQ(sh->ppid_after, 1, "cleared_subreaper_orphan_goes_to_pid_1");
    t_flag_set(&sh->go, 2);
    CHECK(flag_wait_bounded(&sh->done, 2), "cleared_orphan_finishes");
}

static void exit_codes(void)
{
    static const struct {
        int code, seen;
        int underscore;
    } cases[] = {
        { 0, 0, 0 }, { 1, 1, 0 }, { 255, 255, 0 }, { 256, 0, 0 }, { 257, 1, 0 }, { 511, 255, 0 }, { 1066, 42, 0 },
        { -1, 255, 0 }, { -256, 0, 0 }, { 256, 0, 1 }, { 300, 44, 1 }, { -2, 254, 1 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char name[64];
        snprintf(name, sizeof(name), "%s_%d_waitpid_%d", cases[i].underscore ? "_exit" : "exit", cases[i].code,
            cases[i].seen);
        pid_t pid = t_fork();
        if (pid == 0) {
            if (cases[i].underscore)
                _exit(cases[i].code);
            exit(cases[i].code);
        }
        int status = t_wait(pid);
        if (!t_check(status == (cases[i].seen << 8), name))
            t_print("#   status 0x%x\n", (unsigned)status);

        snprintf(name, sizeof(name), "%s_%d_waitid_%d", cases[i].underscore ? "_exit" : "exit", cases[i].code,
            cases[i].seen);
        pid = t_fork();
        if (pid == 0) {
            if (cases[i].underscore)
                _exit(cases[i].code);
            exit(cases[i].code);
        }
        siginfo_t info;
        memset(&info, 0, sizeof(info));
        int r = waitid(P_PID, pid, &info, WEXITED);
        if (!t_check(r == 0 && info.si_pid == pid && info.si_code == CLD_EXITED && info.si_status == cases[i].seen,
                name))
            t_print("#   waitid %d, si_code %d, si_status %d\n", r, info.si_code, info.si_status);
    }
}

/* A child whose stdout is a pipe (fully buffered) prints with stdio, then exits one way or the
 * other; the parent reads what reached the pipe. */
static void flushing(void)
{
    for (int underscore = 0; underscore < 2; underscore++) {
        int fds[2];
        if (pipe(fds) != 0) {
            CHECK(0, "pipe");
            return;
        }
        pid_t pid = t_fork();
        if (pid == 0) {
            close(fds[0]);
            if (dup2(fds[1], 1) != 1)
                _exit(2);
            close(fds[1]);
            /* No newline: musl flushes at the first one whatever the buffering. */
            printf("buffered, no newline");
            if (underscore)
                _exit(0);
            exit(0);
        }
        close(fds[1]);
        char buf[64] = { 0 };
        ssize_t n, total = 0;
        while ((n = read(fds[0], buf + total, sizeof(buf) - 1 - total)) > 0)
            total += n;
        close(fds[0]);
        CHECK_EXITED(t_wait(pid), 0, underscore ? "_exit_status_0" : "exit_status_0");
        if (underscore)
            CHECK(total == 0, "_exit_drops_stdio_buffer_pipe_eof");
        else
            CHECK(total == 20 && strcmp(buf, "buffered, no newline") == 0, "exit_flushes_stdio_buffer_to_pipe");
    }
}

int main(void)
{
    sh = t_shared(sizeof(*sh));
    CHECK(getppid() == 1, "test_runs_as_child_of_pid_1");
    orphan_to_init();
    subreaper();
    nested_subreapers();
    exit_codes();
    flushing();
    return t_exit_status();
}
