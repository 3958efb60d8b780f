/*
 * pidfds: pidfd_open() and its errors, the descriptor's flags, poll() on it (POLLIN at exit,
 * POLLHUP once reaped), waitid(P_PIDFD) with and without PIDFD_NONBLOCK, and CLONE_PIDFD from
 * clone() and clone3() (close-on-exec; a bad address fails the clone and leaves no child and no
 * descriptor). pidfd_send_signal(): a signal through the pidfd kills a child; sig 0 checks; its
 * errors (flags, signal number, not a pidfd, a reaped process, a forged siginfo).
 */
#include "t_clone.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>

/* revents of one poll() of fd for `events`, with timeout `ms`; -1 if poll fails. */
static int poll_one(int fd, short events, int ms)
{
    struct pollfd p = { .fd = fd, .events = events, .revents = 0 };
    int r = poll(&p, 1, ms);
    return r < 0 ? -1 : p.revents;
}

/* A child that waits until we close our end of its pipe, then exits with `code`. */
static pid_t blocked_child(int* release_fd, int code)
{
    int p[2];
    if (pipe(p) != 0)
        return -1;
    pid_t pid = t_fork();
    if (pid == 0) {
        char c;
        close(p[1]);
        _exit(read(p[0], &c, 1) == 0 ? code : 100);
    }
    close(p[0]);
    *release_fd = p[1];
    return pid;
}

static void pidfd_open_errors(void)
{
    int fd = t_pidfd_open(getpid(), 0);
    CHECK(fd > 2, "pidfd_open_self");
    CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC, "pidfd_open_cloexec");
    CHECK_EQ(fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDWR, "pidfd_open_rdwr");
    char buf[8];
    CHECK_ERRNO(read(fd, buf, sizeof(buf)), EINVAL, "pidfd_read");
    CHECK_ERRNO(write(fd, buf, sizeof(buf)), EINVAL, "pidfd_write");
    CHECK_ERRNO(lseek(fd, 0, SEEK_SET), ESPIPE, "pidfd_lseek");
    CHECK_EQ(poll_one(fd, POLLIN | POLLOUT, 0), 0, "pidfd_poll_running");
    close(fd);
    fd = t_pidfd_open(getpid(), T_PIDFD_NONBLOCK);
    CHECK_EQ(fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK), O_RDWR | O_NONBLOCK, "pidfd_open_nonblock");
    close(fd);
    fd = t_pidfd_open(getpid(), T_PIDFD_THREAD);
    CHECK(fd > 2, "pidfd_open_thread_leader");
    close(fd);
    CHECK_ERRNO(t_pidfd_open(getpid(), 1), EINVAL, "pidfd_open_bad_flag");
    CHECK_ERRNO(t_pidfd_open(getpid(), O_CLOEXEC), EINVAL, "pidfd_open_cloexec_flag");
    CHECK_ERRNO(t_pidfd_open(0, 0), EINVAL, "pidfd_open_pid_0");
    CHECK_ERRNO(t_pidfd_open(-1, 0), EINVAL, "pidfd_open_pid_negative");
    pid_t pid = t_fork();
    if (pid == 0)
        _exit(0);
    CHECK_EXITED(t_wait(pid), 0, "reaped_child");
    CHECK_ERRNO(t_pidfd_open(pid, 0), ESRCH, "pidfd_open_reaped");
}

static void pidfd_poll_and_wait(void)
{
    int release;
    pid_t pid = blocked_child(&release, 3);
    int fd = t_pidfd_open(pid, 0);
    CHECK(fd > 2, "pidfd_open_child");
    CHECK_EQ(poll_one(fd, POLLIN, 0), 0, "pidfd_poll_child_running");
    close(release);
    CHECK_EQ(poll_one(fd, POLLIN, -1), POLLIN, "pidfd_poll_child_exited");
    CHECK_EQ(poll_one(fd, 0, 0), 0, "pidfd_poll_zombie_no_events");
    CHECK_EQ(poll_one(fd, POLLOUT, 0), 0, "pidfd_poll_zombie_not_writable");
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    CHECK_EQ(waitid(P_PIDFD, fd, &info, WEXITED), 0, "waitid_pidfd");
    CHECK(info.si_pid == pid && info.si_signo == SIGCHLD && info.si_code == CLD_EXITED && info.si_status == 3,
        "waitid_pidfd_info");
    CHECK_EQ(poll_one(fd, POLLIN, 0), POLLIN | POLLHUP, "pidfd_poll_reaped");
    CHECK_EQ(poll_one(fd, 0, 0), POLLHUP, "pidfd_poll_reaped_hup_unasked");
    CHECK_ERRNO(waitid(P_PIDFD, fd, &info, WEXITED), ECHILD, "waitid_pidfd_reaped");
    close(fd);

    /* Errors: not a pidfd, not open, negative, not our child. */
    CHECK_ERRNO(waitid(P_PIDFD, 0, &info, WEXITED), EBADF, "waitid_pidfd_not_a_pidfd");
    CHECK_ERRNO(waitid(P_PIDFD, 555, &info, WEXITED), EBADF, "waitid_pidfd_closed");
    CHECK_ERRNO(waitid(P_PIDFD, -1, &info, WEXITED), EINVAL, "waitid_pidfd_negative");
    fd = t_pidfd_open(getpid(), 0);
    CHECK_ERRNO(waitid(P_PIDFD, fd, &info, WEXITED), ECHILD, "waitid_pidfd_self");
    CHECK_ERRNO(waitid(P_PIDFD, fd, &info, WEXITED | WNOHANG), ECHILD, "waitid_pidfd_self_wnohang");
    close(fd);
    fd = t_pidfd_open(getppid(), 0);
    CHECK(fd > 2, "pidfd_open_parent");
    CHECK_ERRNO(waitid(P_PIDFD, fd, &info, WEXITED), ECHILD, "waitid_pidfd_parent");
    CHECK_ERRNO(waitid(P_PIDFD, fd, &info, 0), EINVAL, "waitid_pidfd_no_options");
    close(fd);

    /* PIDFD_NONBLOCK: a running child is EAGAIN, or 0 with WNOHANG. */
    pid = blocked_child(&release, 4);
    fd = t_pidfd_open(pid, T_PIDFD_NONBLOCK);
    CHECK_ERRNO(waitid(P_PIDFD, fd, &info, WEXITED), EAGAIN, "waitid_pidfd_nonblock_eagain");
    memset(&info, 0x55, sizeof(info));
    CHECK_EQ(waitid(P_PIDFD, fd, &info, WEXITED | WNOHANG), 0, "waitid_pidfd_nonblock_wnohang");
    CHECK_EQ(info.si_pid, 0, "waitid_pidfd_nonblock_wnohang_nothing");
    close(release);
    CHECK_EQ(poll_one(fd, POLLIN, -1), POLLIN, "pidfd_nonblock_poll_exited");
    memset(&info, 0, sizeof(info));
    CHECK_EQ(waitid(P_PIDFD, fd, &info, WEXITED), 0, "waitid_pidfd_nonblock_exited");
    CHECK(info.si_pid == pid && info.si_status == 4, "waitid_pidfd_nonblock_info");
    close(fd);
    CHECK(t_no_children(), "pidfd_wait_left_no_child");
}

static void clone_pidfd(void)
{
    /* clone(): the pidfd is stored through parent_tid. */
    int fd = -1;
    long pid = t_clone(CLONE_PIDFD | SIGCHLD, NULL, &fd, NULL, 0);
    T_CHILD_EXIT(pid, 5);
    CHECK(pid > 0 && fd > 2, "clone_pidfd");
    CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC, "clone_pidfd_cloexec");
    CHECK_EQ(poll_one(fd, POLLIN, -1), POLLIN, "clone_pidfd_poll");
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    CHECK_EQ(waitid(P_PIDFD, fd, &info, WEXITED), 0, "clone_pidfd_waitid");
    CHECK(info.si_pid == pid && info.si_status == 5, "clone_pidfd_waitid_info");
    close(fd);

    /* The child does not inherit its own pidfd (made after its descriptor table and memory
     * are copied: its copy of the word the number is stored in is the old one). */
    int p[2];
    if (pipe(p) == 0) {
        int next = dup(0);
        close(next);
        fd = -1;
        pid = t_clone(CLONE_PIDFD | SIGCHLD, NULL, &fd, NULL, 0);
        if (pid == 0) {
            char c = fd == -1 && fcntl(next, F_GETFD) == -1 && errno == EBADF ? 'y' : 'n';
            _exit(write(p[1], &c, 1) == 1 ? 0 : 1);
        }
        char c = 0;
        CHECK_EQ(fd, next, "clone_pidfd_lowest_free_number");
        CHECK(read(p[0], &c, 1) == 1 && c == 'y', "clone_pidfd_not_in_child");
        CHECK_EXITED(t_wait(pid), 0, "clone_pidfd_not_in_child_status");
        close(fd);
        close(p[0]);
        close(p[1]);
    }

    /* clone3(): its own pidfd field, next to parent_tid. */
    int ptid = 0;
    fd = -1;
    struct t_clone_args a = t_clone3_args(CLONE_PIDFD | CLONE_PARENT_SETTID, SIGCHLD);
    a.pidfd = (uint64_t)(uintptr_t)&fd;
    a.parent_tid = (uint64_t)(uintptr_t)&ptid;
    pid = t_clone3(&a, 88);
    T_CHILD_EXIT(pid, 6);
    CHECK(pid > 0 && fd > 2 && ptid == pid, "clone3_pidfd");
    CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC, "clone3_pidfd_cloexec");
    memset(&info, 0, sizeof(info));
    CHECK_EQ(waitid(P_PIDFD, fd, &info, WEXITED), 0, "clone3_pidfd_waitid");
    CHECK(info.si_pid == pid && info.si_status == 6, "clone3_pidfd_waitid_info");
    close(fd);
    a.parent_tid = a.pidfd;
    CHECK_ERRNO(t_clone3(&a, 88), EINVAL, "clone3_pidfd_and_parent_tid_same_address");

    /* A bad address: EFAULT, and neither a child nor a descriptor is left. */
    int next = dup(0);
    close(next);
    CHECK_ERRNO(t_clone(CLONE_PIDFD | SIGCHLD, NULL, NULL, NULL, 0), EFAULT, "clone_pidfd_null");
    a = t_clone3_args(CLONE_PIDFD, SIGCHLD);
    a.pidfd = 8;
    CHECK_ERRNO(t_clone3(&a, 88), EFAULT, "clone3_pidfd_bad_address");
    CHECK(t_no_children(), "clone_pidfd_efault_no_child");
    fd = dup(0);
    CHECK_EQ(fd, next, "clone_pidfd_efault_no_descriptor");
    close(fd);
}

static long t_pidfd_send_signal(int fd, int sig, siginfo_t* info, unsigned flags)
{
    return syscall(424, fd, sig, info, flags);
}

static void pidfd_send_signal_tests(void)
{
    int release;
    pid_t pid = blocked_child(&release, 0);
    int fd = t_pidfd_open(pid, 0);
    CHECK_EQ(t_pidfd_send_signal(fd, 0, NULL, 0), 0, "pidfd_send_signal_0");
    CHECK_ERRNO(t_pidfd_send_signal(fd, SIGTERM, NULL, 8), EINVAL, "pidfd_send_signal_bad_flag");
    CHECK_ERRNO(t_pidfd_send_signal(fd, SIGTERM, NULL, 3), EINVAL, "pidfd_send_signal_two_scopes");
    CHECK_ERRNO(t_pidfd_send_signal(fd, 65, NULL, 0), EINVAL, "pidfd_send_signal_bad_signal");
    CHECK_ERRNO(t_pidfd_send_signal(0, SIGTERM, NULL, 0), EBADF, "pidfd_send_signal_not_pidfd");
    CHECK_ERRNO(t_pidfd_send_signal(-1, SIGTERM, NULL, 0), EBADF, "pidfd_send_signal_bad_fd");
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    info.si_signo = SIGUSR1;
    info.si_code = SI_QUEUE;
    CHECK_ERRNO(t_pidfd_send_signal(fd, SIGTERM, &info, 0), EINVAL, "pidfd_send_signal_signo_mismatch");
    info.si_signo = SIGTERM;
    info.si_code = SI_USER;
    CHECK_ERRNO(t_pidfd_send_signal(fd, SIGTERM, &info, 0), EPERM, "pidfd_send_signal_forged_si_user");
    CHECK_ERRNO(t_pidfd_send_signal(fd, SIGTERM, t_ptr(16), 0), EFAULT, "pidfd_send_signal_bad_info");
    CHECK_EQ(t_pidfd_send_signal(fd, SIGKILL, NULL, 0), 0, "pidfd_send_signal_kill");
    int status = t_wait(pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "pidfd_send_signal_child_killed");
    CHECK_ERRNO(t_pidfd_send_signal(fd, SIGTERM, NULL, 0), ESRCH, "pidfd_send_signal_reaped");
    close(fd);
    close(release);
}

int main(void)
{
    pidfd_open_errors();
    pidfd_poll_and_wait();
    clone_pidfd();
    pidfd_send_signal_tests();
    return t_exit_status();
}
