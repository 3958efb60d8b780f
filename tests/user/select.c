/* select(2) and pselect6(2): readiness of pipes, the timeout written back with the time left,
 * EBADF, EINVAL, EFAULT, and pselect6's signal mask in force during the wait only. The
 * Linux-specific timeout update is checked with the raw system calls (libcs copy it). */
#include "t.h"
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1;
static void on_usr1(int sig)
{
    (void)sig;
    got_usr1 = 1;
}

struct sigset_argpack {
    const void* ss;
    size_t ss_len;
};

int main(void)
{
    int p[2];
    CHECK(pipe(p) == 0, "pipe");
    fd_set r, w;
    struct timeval tv;

    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv.tv_sec = 0;
    tv.tv_usec = 0;
    CHECK_EQ(select(p[0] + 1, &r, NULL, NULL, &tv), 0, "empty_pipe_not_readable");
    CHECK(!FD_ISSET(p[0], &r), "set_cleared_when_not_ready");

    CHECK(write(p[1], "x", 1) == 1, "write");
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    FD_ZERO(&w);
    FD_SET(p[1], &w);
    int n = p[1] > p[0] ? p[1] : p[0];
    CHECK_EQ(select(n + 1, &r, &w, NULL, NULL), 2, "readable_and_writable");
    CHECK(FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w), "bits_set");
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    FD_SET(p[1], &r);
    CHECK_EQ(select(n + 1, &r, NULL, NULL, NULL), 1, "write_end_not_readable");

    /* The time left, written back by the kernel. */
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv.tv_sec = 5;
    tv.tv_usec = 0;
    CHECK_EQ(syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv), 1, "raw_select_ready");
    CHECK(tv.tv_sec == 4 && tv.tv_usec > 500000, "timeval_time_left");
    tv.tv_sec = 0;
    tv.tv_usec = 100000;
    CHECK_EQ(syscall(SYS_select, 0, NULL, NULL, NULL, &tv), 0, "select_sleeps");
    CHECK(tv.tv_sec == 0 && tv.tv_usec == 0, "timeval_zero_after_timeout");
    tv.tv_sec = 0;
    tv.tv_usec = 1500000; /* whole seconds in tv_usec are folded in */
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    CHECK_EQ(syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv), 1, "usec_over_a_second_ok");
    CHECK(tv.tv_sec == 1 && tv.tv_usec > 0, "folded_time_left");
    struct timespec ts = { 3, 0 };
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    CHECK_EQ(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, NULL), 1, "pselect6_ready");
    CHECK(ts.tv_sec == 2 && ts.tv_nsec > 500000000, "timespec_time_left");

    /* Errors. */
    FD_ZERO(&r);
    FD_SET(40, &r);
    CHECK_ERRNO(select(41, &r, NULL, NULL, NULL), EBADF, "closed_fd_EBADF");
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    int closed = dup(p[0]);
    close(closed);
    FD_SET(closed, &r);
    tv.tv_sec = 0;
    tv.tv_usec = 0;
    CHECK_ERRNO(select(closed + 1, &r, NULL, NULL, &tv), EBADF, "ready_fd_and_closed_fd_EBADF");
    CHECK_ERRNO(syscall(SYS_select, -1, NULL, NULL, NULL, NULL), EINVAL, "negative_nfds_EINVAL");
    tv.tv_sec = 0;
    tv.tv_usec = -1;
    CHECK_ERRNO(syscall(SYS_select, 0, NULL, NULL, NULL, &tv), EINVAL, "negative_usec_EINVAL");
    tv.tv_sec = -1;
    tv.tv_usec = 0;
    CHECK_ERRNO(syscall(SYS_select, 0, NULL, NULL, NULL, &tv), EINVAL, "negative_sec_EINVAL");
    ts.tv_sec = 0;
    ts.tv_nsec = 1000000000;
    CHECK_ERRNO(syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, NULL), EINVAL, "nsec_too_big_EINVAL");
    CHECK_ERRNO(syscall(SYS_select, 1, (fd_set*)8, NULL, NULL, NULL), EFAULT, "bad_set_EFAULT");
    CHECK_ERRNO(syscall(SYS_select, 0, NULL, NULL, NULL, (struct timeval*)8), EFAULT, "bad_timeval_EFAULT");
    CHECK_ERRNO(syscall(SYS_pselect6, 0, NULL, NULL, NULL, NULL, (void*)8), EFAULT, "bad_argpack_EFAULT");
    sigset_t empty;
    sigemptyset(&empty);
    struct sigset_argpack bad_size = { &empty, 16 };
    CHECK_ERRNO(syscall(SYS_pselect6, 0, NULL, NULL, NULL, NULL, &bad_size), EINVAL, "sigset_size_EINVAL");
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    CHECK_EQ(select(FD_SETSIZE, &r, NULL, NULL, NULL), 1, "nfds_FD_SETSIZE");

    /* pselect6: SIGUSR1 blocked, pending; the wait's mask lets it in, the old mask comes back. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, now;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR1);
    CHECK(!got_usr1, "blocked_signal_pending");
    struct sigset_argpack pack = { &empty, 8 };
    ts.tv_sec = 2;
    ts.tv_nsec = 0;
    CHECK_ERRNO(syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, &pack), EINTR, "pselect6_EINTR_by_mask");
    CHECK(got_usr1, "handler_ran");
    sigprocmask(SIG_BLOCK, NULL, &now);
    CHECK(sigismember(&now, SIGUSR1), "old_mask_back");
    got_usr1 = 0;
    raise(SIGUSR1);
    tv.tv_sec = 0;
    tv.tv_usec = 50000;
    FD_ZERO(&r);
    CHECK_EQ(select(0, &r, NULL, NULL, &tv), 0, "blocked_signal_no_EINTR");
    CHECK(!got_usr1, "still_pending");
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    CHECK(got_usr1, "delivered_after_unblock");

    /* A hung-up pipe is readable (EOF). */
    close(p[1]);
    char c;
    CHECK(read(p[0], &c, 1) == 1, "drain");
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    CHECK_EQ(select(p[0] + 1, &r, NULL, NULL, NULL), 1, "eof_readable");
    return t_exit_status();
}
