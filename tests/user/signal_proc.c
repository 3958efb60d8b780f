/*
 * signal_proc: signals between processes, and what fork, exit and wait do with them. SIGCHLD and
 * its siginfo at a child's exit and death; SIGCHLD ignored and SA_NOCLDWAIT (no zombie: wait gives
 * ECHILD); stop and continue seen by waitpid(WUNTRACED|WCONTINUED) and waitid(WSTOPPED|WCONTINUED),
 * once each, and SIGCHLD with CLD_STOPPED (none with SA_NOCLDSTOP); deaths by SIGTERM and SIGKILL
 * (blocked or not), an ignored SIGTERM, a SIGSEGV handler in a child; a pipe read interrupted
 * (EINTR) or restarted (SA_RESTART); pause; SIGPIPE; the parent-death signal; kill of a zombie;
 * pending signals and handlers across fork.
 *
 * No timing: a child that must hit a parent blocked in a system call keeps signalling until the
 * parent says (through shared memory) that the call returned.
 */
#include "t_proc.h"
#include <poll.h>
#include <setjmp.h>
#include <time.h>
#include <signal.h>
#include <sys/prctl.h>

struct shared {
    volatile int done;
    volatile int handled;
};
static struct shared* sh;

static volatile int chld_hits, chld_code, chld_status, chld_pid;
static void chld_handler(int sig, siginfo_t* info, void* uc)
{
    (void)sig;
    (void)uc;
    chld_hits++;
    chld_code = info->si_code;
    chld_status = info->si_status;
    chld_pid = info->si_pid;
}

static void usr1_handler(int sig)
{
    (void)sig;
    __atomic_add_fetch(&sh->handled, 1, __ATOMIC_SEQ_CST);
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

static void set_info_handler(int sig, void (*fn)(int, siginfo_t*, void*), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = flags | SA_SIGINFO;
    sigaction(sig, &sa, NULL);
}

/* A child that signals `target` until the parent sets sh->done (and, with min_handled, until the
 * handler ran that often, then writes one byte to fd). */
static pid_t start_signaller(pid_t target, int sig, int min_handled, int fd)
{
    pid_t pid = t_fork();
    if (pid == 0) {
        while (!t_flag_get(&sh->done)) {
            if (min_handled && t_flag_get(&sh->handled) >= min_handled) {
                if (write(fd, "x", 1) != 1)
                    _exit(2);
                break;
            }
            kill(target, sig);
            sched_yield();
        }
        _exit(0);
    }
    return pid;
}

/* Stop a signaller and reap it, with its signal blocked meanwhile (a late one must not interrupt
 * the wait itself); the last one is delivered at the unblock. */
static int stop_signaller(pid_t pid, int sig)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_BLOCK, &set, NULL);
    t_flag_set(&sh->done, 1);
    int status = t_wait(pid);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    return status;
}

static sigjmp_buf jump;
static void segv_jump(int sig)
{
    (void)sig;
    siglongjmp(jump, 1);
}

int main(void)
{
    sh = t_shared(sizeof(*sh));
    sigset_t chld_set, empty;
    sigemptyset(&chld_set);
    sigaddset(&chld_set, SIGCHLD);
    sigemptyset(&empty);

    /* SIGCHLD with siginfo when a child exits: CLD_EXITED, its pid and status. */
    /* SA_RESTART: a SIGCHLD (a continued child's, say) must not end a wait of the test with EINTR. */
    set_info_handler(SIGCHLD, chld_handler, SA_RESTART);
    sigprocmask(SIG_BLOCK, &chld_set, NULL);
    pid_t pid = t_fork();
    if (pid == 0)
        _exit(42);
    sigsuspend(&empty);
    CHECK(chld_hits == 1 && chld_code == CLD_EXITED && chld_status == 42 && chld_pid == pid, "sigchld_exited");
    CHECK_EXITED(t_wait(pid), 42, "sigchld_exited_status");

    /* ... and when it dies of a signal: CLD_KILLED with the signal. */
    pid = t_fork();
    if (pid == 0) {
        kill(getpid(), SIGTERM);
        _exit(1);
    }
    sigsuspend(&empty);
    CHECK(chld_hits == 2 && chld_code == CLD_KILLED && chld_status == SIGTERM && chld_pid == pid, "sigchld_killed");
    CHECK_KILLED(t_wait(pid), SIGTERM, "sigterm_default_kills");
    sigprocmask(SIG_UNBLOCK, &chld_set, NULL);

    /* Stop and continue: SIGCHLD with CLD_STOPPED; waitpid reports each once. */
    chld_hits = 0;
    pid = t_fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    int status = 0;
    kill(pid, SIGSTOP);
    CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP,
        "waitpid_wuntraced_stopped");
    CHECK(chld_hits == 1 && chld_code == CLD_STOPPED && chld_status == SIGSTOP && chld_pid == pid, "sigchld_stopped");
    CHECK_EQ(waitpid(pid, &status, WUNTRACED | WNOHANG), 0, "stop_reported_once");
    CHECK_EQ(waitpid(pid, &status, WNOHANG), 0, "stop_not_seen_without_wuntraced");
    kill(pid, SIGCONT);
    CHECK(waitpid(pid, &status, WCONTINUED) == pid && WIFCONTINUED(status), "waitpid_wcontinued");
    CHECK_EQ(waitpid(pid, &status, WCONTINUED | WNOHANG), 0, "continue_reported_once");
    /* The same through waitid. */
    kill(pid, SIGSTOP);
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    CHECK(waitid(P_PID, pid, &si, WSTOPPED) == 0 && si.si_code == CLD_STOPPED && si.si_status == SIGSTOP
            && si.si_pid == pid && si.si_signo == SIGCHLD,
        "waitid_wstopped");
    kill(pid, SIGCONT);
    memset(&si, 0, sizeof(si));
    CHECK(waitid(P_PID, pid, &si, WCONTINUED) == 0 && si.si_code == CLD_CONTINUED && si.si_status == SIGCONT,
        "waitid_wcontinued");
    /* SA_NOCLDSTOP: no SIGCHLD for a stop. */
    set_info_handler(SIGCHLD, chld_handler, SA_NOCLDSTOP | SA_RESTART);
    chld_hits = 0;
    kill(pid, SIGSTOP);
    CHECK(waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status), "stopped_again");
    CHECK_EQ(chld_hits, 0, "sa_nocldstop");
    /* A stopped child still dies of SIGKILL. */
    kill(pid, SIGKILL);
    memset(&si, 0, sizeof(si));
    CHECK(waitid(P_PID, pid, &si, WEXITED) == 0 && si.si_code == CLD_KILLED && si.si_status == SIGKILL,
        "stopped_child_killed");
    signal(SIGCHLD, SIG_DFL);

    /* SIGCHLD ignored: children are reaped at exit; wait blocks until they are gone, then ECHILD. */
    signal(SIGCHLD, SIG_IGN);
    pid = t_fork();
    if (pid == 0)
        _exit(3);
    errno = 0;
    CHECK(wait(NULL) == -1 && errno == ECHILD, "sigchld_ignored_autoreap");
    CHECK_ERRNO(kill(pid, 0), ESRCH, "autoreaped_child_gone");
    signal(SIGCHLD, SIG_DFL);

    /* SA_NOCLDWAIT: reaped at exit too, but the handler still runs. */
    chld_hits = 0;
    set_info_handler(SIGCHLD, chld_handler, SA_NOCLDWAIT | SA_RESTART);
    pid = t_fork();
    if (pid == 0)
        _exit(4);
    errno = 0;
    CHECK(wait(NULL) == -1 && errno == ECHILD, "sa_nocldwait_autoreap");
    CHECK(chld_hits == 1 && chld_code == CLD_EXITED && chld_status == 4, "sa_nocldwait_handler_ran");
    signal(SIGCHLD, SIG_DFL);

    /* A zombie can still be signalled (nothing happens); once reaped, ESRCH. */
    pid = t_fork();
    if (pid == 0)
        _exit(0);
    memset(&si, 0, sizeof(si));
    waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
    CHECK(kill(pid, SIGTERM) == 0, "kill_zombie_ok");
    CHECK_EXITED(t_wait(pid), 0, "zombie_status_unchanged");
    CHECK_ERRNO(kill(pid, 0), ESRCH, "kill_reaped_esrch");

    /* SIGKILL kills even when everything is blocked; an ignored SIGTERM does nothing. */
    int go[2];
    pipe(go);
    pid = t_fork();
    if (pid == 0) {
        sigset_t all;
        sigfillset(&all);
        sigprocmask(SIG_BLOCK, &all, NULL);
        char c;
        read(go[0], &c, 1);
        _exit(1);
    }
    kill(pid, SIGKILL);
    CHECK_KILLED(t_wait(pid), SIGKILL, "sigkill_while_all_blocked");
    int back[2];
    pipe(back);
    pid = t_fork();
    if (pid == 0) {
        signal(SIGTERM, SIG_IGN);
        if (write(back[1], "r", 1) != 1)
            _exit(9);
        char c;
        while (read(go[0], &c, 1) == 1 && c != 'g') {
        }
        _exit(3);
    }
    char c;
    read(back[0], &c, 1);
    kill(pid, SIGTERM);
    write(go[1], "g", 1);
    CHECK_EXITED(t_wait(pid), 3, "ignored_sigterm_survives");

    /* A SIGSEGV handler in a child: it jumps out and the child exits normally. */
    pid = t_fork();
    if (pid == 0) {
        set_handler(SIGSEGV, segv_jump, 0);
        if (sigsetjmp(jump, 1) == 0)
            *(volatile int*)t_ptr(0) = 1;
        _exit(5);
    }
    CHECK_EXITED(t_wait(pid), 5, "child_segv_handler_siglongjmp");
    /* Without one it dies of SIGSEGV (only the signal is compared: a core depends on the host). */
    pid = t_fork();
    if (pid == 0) {
        *(volatile int*)t_ptr(0) = 1;
        _exit(1);
    }
    status = t_wait(pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "child_segv_dies");

    /* A pipe read interrupted by a handler without SA_RESTART: EINTR. */
    int p[2];
    pipe(p);
    set_handler(SIGUSR1, usr1_handler, 0);
    sh->done = 0;
    sh->handled = 0;
    pid_t signaller = start_signaller(getpid(), SIGUSR1, 0, -1);
    errno = 0;
    ssize_t n = read(p[0], &c, 1);
    int e = errno;
    CHECK_EXITED(stop_signaller(signaller, SIGUSR1), 0, "signaller_done");
    CHECK(n == -1 && e == EINTR && sh->handled >= 1, "read_eintr_without_sa_restart");

    /* With SA_RESTART the read goes on after each handler, until the byte comes. */
    set_handler(SIGUSR1, usr1_handler, SA_RESTART);
    sh->done = 0;
    sh->handled = 0;
    signaller = start_signaller(getpid(), SIGUSR1, 5, p[1]);
    n = read(p[0], &c, 1);
    CHECK_EXITED(stop_signaller(signaller, SIGUSR1), 0, "restart_signaller_done");
    CHECK(n == 1 && c == 'x' && sh->handled >= 5, "read_restarted_with_sa_restart");

    /* wait4 interrupted: EINTR without SA_RESTART. */
    set_handler(SIGUSR1, usr1_handler, 0);
    sh->done = 0;
    pid_t sleeper = t_fork();
    if (sleeper == 0) {
        while (!t_flag_get(&sh->done))
            sched_yield();
        _exit(0);
    }
    signaller = start_signaller(getpid(), SIGUSR1, 0, -1);
    errno = 0;
    pid_t w = waitpid(sleeper, &status, 0);
    e = errno;
    CHECK(w == -1 && e == EINTR, "waitpid_eintr");
    CHECK_EXITED(stop_signaller(signaller, SIGUSR1), 0, "waitpid_signaller_done");
    CHECK_EXITED(t_wait(sleeper), 0, "waitpid_sleeper_done");

    /* pause returns -1 EINTR after a handler. */
    sh->done = 0;
    signaller = start_signaller(getpid(), SIGUSR1, 0, -1);
    errno = 0;
    int r = pause();
    e = errno;
    CHECK(r == -1 && e == EINTR, "pause_eintr");
    CHECK_EXITED(stop_signaller(signaller, SIGUSR1), 0, "pause_signaller_done");
    /* nanosleep interrupted: EINTR and the time left. */
    sh->done = 0;
    signaller = start_signaller(getpid(), SIGUSR1, 0, -1);
    struct timespec req = { 1000, 0 }, rem = { 0, 0 };
    errno = 0;
    r = nanosleep(&req, &rem);
    e = errno;
    CHECK(r == -1 && e == EINTR && rem.tv_sec > 900 && rem.tv_sec <= 1000, "nanosleep_eintr_remaining");
    CHECK_EXITED(stop_signaller(signaller, SIGUSR1), 0, "nanosleep_signaller_done");

    /* poll with nothing to wait for, interrupted: EINTR. */
    sh->done = 0;
    signaller = start_signaller(getpid(), SIGUSR1, 0, -1);
    errno = 0;
    r = poll(NULL, 0, -1);
    e = errno;
    CHECK(r == -1 && e == EINTR, "poll_eintr");
    CHECK_EXITED(stop_signaller(signaller, SIGUSR1), 0, "poll_signaller_done");

    /* ppoll's mask: a blocked pending signal is delivered during the call (EINTR), and the old
     * mask is back after it. */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    sh->handled = 0;
    raise(SIGUSR1);
    errno = 0;
    r = ppoll(NULL, 0, NULL, &empty);
    e = errno;
    sigset_t after;
    sigprocmask(SIG_SETMASK, NULL, &after);
    CHECK(r == -1 && e == EINTR && sh->handled == 1 && sigismember(&after, SIGUSR1), "ppoll_sigmask");
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    signal(SIGUSR1, SIG_DFL);

    /* SIGPIPE: a write with no reader kills the writer; ignored, the write fails with EPIPE. */
    pid = t_fork();
    if (pid == 0) {
        int q[2];
        pipe(q);
        close(q[0]);
        write(q[1], "x", 1);
        _exit(1);
    }
    CHECK_KILLED(t_wait(pid), SIGPIPE, "sigpipe_kills_writer");
    {
        int q[2];
        pipe(q);
        close(q[0]);
        signal(SIGPIPE, SIG_IGN);
        CHECK_ERRNO(write(q[1], "x", 1), EPIPE, "sigpipe_ignored_epipe");
        signal(SIGPIPE, SIG_DFL);
        close(q[1]);
    }

    /* Across fork: handlers and the mask are inherited, pending signals are not. */
    set_handler(SIGUSR2, usr1_handler, 0);
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &usr2, NULL);
    raise(SIGUSR2);
    pid = t_fork();
    if (pid == 0) {
        sigset_t pend, mask;
        sigpending(&pend);
        sigprocmask(SIG_SETMASK, NULL, &mask);
        struct sigaction sa;
        sigaction(SIGUSR2, NULL, &sa);
        int code = 0;
        if (sigismember(&pend, SIGUSR2))
            code |= 1;
        if (!sigismember(&mask, SIGUSR2))
            code |= 2;
        if (sa.sa_handler != usr1_handler)
            code |= 4;
        if (prctl(PR_GET_PDEATHSIG, &r) != 0 || r != 0)
            code |= 8;
        _exit(code);
    }
    CHECK_EXITED(t_wait(pid), 0, "fork_inherits_handlers_and_mask_not_pending");
    sigprocmask(SIG_UNBLOCK, &usr2, NULL);
    signal(SIGUSR2, SIG_DFL);

    /* The parent-death signal: a grandchild hears SIGUSR1 from its parent's exit. */
    CHECK_ERRNO(prctl(PR_SET_PDEATHSIG, 65), EINVAL, "pdeathsig_invalid");
    CHECK(prctl(PR_SET_PDEATHSIG, SIGUSR2) == 0 && prctl(PR_GET_PDEATHSIG, &r) == 0 && r == SIGUSR2, "pdeathsig_get");
    prctl(PR_SET_PDEATHSIG, 0);
    int ready[2], report[2];
    pipe(ready);
    pipe(report);
    pid = t_fork();
    if (pid == 0) {
        pid_t me = getpid();
        pid_t g = t_fork();
        if (g == 0) {
            /* Taken with sigtimedwait: the reparenting (getppid) can be seen on another CPU
             * before the signal is; the wait cannot miss it. 20 s only bounds a failure. */
            sigset_t w;
            sigemptyset(&w);
            sigaddset(&w, SIGUSR1);
            sigprocmask(SIG_BLOCK, &w, NULL);
            prctl(PR_SET_PDEATHSIG, SIGUSR1);
            write(ready[1], "r", 1);
            siginfo_t info;
            struct timespec limit = { 20, 0 };
            int got = sigtimedwait(&w, &info, &limit);
            int ok = got == SIGUSR1 && info.si_code == SI_USER && info.si_pid == me && getppid() != me;
            write(report[1], ok ? "k" : "n", 1);
            _exit(0);
        }
        char x;
        read(ready[0], &x, 1);
        _exit(0);
    }
    CHECK_EXITED(t_wait(pid), 0, "pdeath_parent_exited");
    c = 0;
    read(report[0], &c, 1);
    CHECK_EQ(c, 'k', "pdeathsig_delivered_with_sender");

    return t_failures ? 1 : 0;
}
