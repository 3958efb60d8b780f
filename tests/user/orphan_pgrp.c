/*
 * orphan_pgrp: POSIX's orphaned process groups (Linux's kill_orphaned_pgrp()). A stopped process
 * alone in its own group, whose parent (in another group of the same session) exits, has lost
 * the last process that could continue it: its group gets SIGHUP and then SIGCONT. If the
 * orphan is reparented to a subreaper in another group of the same session, the group is not
 * orphaned and nothing is sent.
 */
#include "t_proc.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static int report_fd;

static void on_signal(int sig)
{
    char c = sig == SIGHUP ? 'H' : sig == SIGCONT ? 'C' : '?';
    (void)!write(report_fd, &c, 1);
}

/* The middle process: a child B in a group of its own, stopped; B's pid goes to `info_fd`;
 * then the middle one exits. */
static void middle(int info_fd)
{
    pid_t b = fork();
    if (b == 0) {
        setpgid(0, 0);
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigfillset(&sa.sa_mask); /* one handler at a time: SIGHUP's runs before SIGCONT's */
        sigaction(SIGHUP, &sa, NULL);
        sigaction(SIGCONT, &sa, NULL);
        raise(SIGSTOP);
        _exit(0);
    }
    setpgid(b, b);
    int status;
    if (waitpid(b, &status, WUNTRACED) != b || !WIFSTOPPED(status))
        _exit(1);
    if (write(info_fd, &b, sizeof(b)) != sizeof(b))
        _exit(2);
    _exit(0); /* B's group is orphaned now, or not, depending on B's new parent */
}

/* Everything read from `fd` until end of file, NUL-terminated, in `buf`. */
static void read_all(int fd, char* buf, size_t size)
{
    size_t n = 0;
    ssize_t r;
    while (n + 1 < size && (r = read(fd, buf + n, size - 1 - n)) > 0)
        n += r;
    buf[n] = '\0';
}

int main(void)
{
    /* Case 1, in a session of its own (S): B goes to init, which is in another session (or, on
     * Linux, does not count at all), so B's group is orphaned and stopped. */
    int p[2], info[2];
    CHECK_EQ(pipe(info), 0, "info_pipe");
    pid_t s = t_fork();
    if (s == 0) {
        setsid();
        CHECK_EQ(pipe(p), 0, "pipe");
        report_fd = p[1];
        pid_t a = t_fork();
        if (a == 0) {
            close(p[0]);
            middle(info[1]);
        }
        close(p[1]);
        CHECK_EXITED(t_wait(a), 0, "orphaned_middle_exits");
        pid_t ignored;
        CHECK_EQ(read(info[0], &ignored, sizeof(ignored)), sizeof(ignored), "orphan_pid");
        char got[16];
        read_all(p[0], got, sizeof(got)); /* until B has exited and closed its end */
        CHECK(strcmp(got, "HC") == 0, "orphaned_stopped_group_gets_SIGHUP_then_SIGCONT");
        if (strcmp(got, "HC") != 0)
            t_print("#   got \"%s\"\n", got);
        _exit(t_exit_status());
    }
    CHECK_EXITED(t_wait(s), 0, "orphan_session");
    char got[16];

    /* Case 2: we are a subreaper in another group of the same session: B's group keeps a link
     * (us), so it is not orphaned and stays stopped until we continue it. */
    CHECK_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0, "subreaper");
    CHECK_EQ(pipe(p), 0, "pipe2");
    report_fd = p[1];
    pid_t a = t_fork();
    if (a == 0) {
        close(p[0]);
        middle(info[1]);
    }
    CHECK_EXITED(t_wait(a), 0, "linked_middle_exits");
    close(p[1]);
    pid_t b = 0;
    CHECK_EQ(read(info[0], &b, sizeof(b)), sizeof(b), "stopped_child_pid");
    /* B is ours now, still stopped (its stop was reported to the middle one already). */
    int status;
    CHECK_EQ(waitpid(b, &status, WNOHANG | WUNTRACED), 0, "stop_reported_once");
    /* No SIGHUP came: our SIGCONT is the first thing B reports. */
    kill(b, SIGCONT);
    read_all(p[0], got, sizeof(got));
    close(p[0]);
    CHECK(strcmp(got, "C") == 0, "linked_group_not_signalled");
    if (strcmp(got, "C") != 0)
        t_print("#   got \"%s\"\n", got);
    CHECK_EXITED(t_wait(b), 0, "linked_child_reaped_by_subreaper");
    return t_exit_status();
}
