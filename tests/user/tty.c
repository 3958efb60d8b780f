/*
 * tty: the terminal ioctls on descriptors that are not terminals, and /dev/tty without a
 * controlling terminal, with Linux's errors. (Sprout has no pseudo-terminals, and stdin is
 * /dev/null here on both sides, so the terminal's own behaviour is tested in the kernel:
 * kernel/ktest/test_tty.cpp, and by the interactive test, tests/interactive/.)
 */
#include "t_proc.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>

/* Every terminal request on `fd` is ENOTTY. */
static void not_a_tty(int fd, const char* what)
{
    char name[128];
    struct termios t;
    struct winsize w;
    int value = 0;
    pid_t pgrp = 0;
#define NAME(x) (snprintf(name, sizeof(name), "%s_%s", what, x), name)
    CHECK(!isatty(fd), NAME("isatty_false"));
    CHECK_ERRNO(ioctl(fd, TCGETS, &t), ENOTTY, NAME("TCGETS_ENOTTY"));
    CHECK_ERRNO(ioctl(fd, TCSETS, &t), ENOTTY, NAME("TCSETS_ENOTTY"));
    CHECK_ERRNO(ioctl(fd, TCSETSF, &t), ENOTTY, NAME("TCSETSF_ENOTTY"));
    CHECK_ERRNO(ioctl(fd, TIOCGWINSZ, &w), ENOTTY, NAME("TIOCGWINSZ_ENOTTY"));
    CHECK_ERRNO(ioctl(fd, TIOCSWINSZ, &w), ENOTTY, NAME("TIOCSWINSZ_ENOTTY"));
    CHECK_ERRNO(ioctl(fd, TIOCGPGRP, &pgrp), ENOTTY, NAME("TIOCGPGRP_ENOTTY"));
    pgrp = getpgrp();
    CHECK_ERRNO(ioctl(fd, TIOCSPGRP, &pgrp), ENOTTY, NAME("TIOCSPGRP_ENOTTY"));
    CHECK_ERRNO(ioctl(fd, TIOCGSID, &pgrp), ENOTTY, NAME("TIOCGSID_ENOTTY"));
    CHECK_ERRNO(ioctl(fd, TIOCSCTTY, 0), ENOTTY, NAME("TIOCSCTTY_ENOTTY"));
    CHECK_ERRNO(ioctl(fd, TIOCNOTTY), ENOTTY, NAME("TIOCNOTTY_ENOTTY"));
    CHECK_ERRNO(ioctl(fd, TCFLSH, TCIFLUSH), ENOTTY, NAME("TCFLSH_ENOTTY"));
    CHECK_ERRNO(ioctl(fd, TIOCOUTQ, &value), ENOTTY, NAME("TIOCOUTQ_ENOTTY"));
    CHECK_ERRNO(tcgetpgrp(fd), ENOTTY, NAME("tcgetpgrp_ENOTTY"));
    CHECK_ERRNO(tcgetsid(fd), ENOTTY, NAME("tcgetsid_ENOTTY"));
    CHECK_ERRNO(tcgetattr(fd, &t), ENOTTY, NAME("tcgetattr_ENOTTY"));
    CHECK_ERRNO(ioctl(fd, 0x54ff, 0), ENOTTY, NAME("unknown_request_ENOTTY"));
#undef NAME
}

/* In a session of its own (so with no controlling terminal, whatever ran the test). */
static void new_session_child(void)
{
    CHECK_EQ(setsid(), getpid(), "setsid");
    CHECK_ERRNO(open("/dev/tty", O_RDWR), ENXIO, "dev_tty_without_ctty_ENXIO");
    CHECK_ERRNO(open("/dev/tty", O_RDONLY | O_NOCTTY), ENXIO, "dev_tty_O_NOCTTY_ENXIO");
    /* A session leader cannot take /dev/null as its terminal. */
    CHECK_ERRNO(ioctl(0, TIOCSCTTY, 0), ENOTTY, "TIOCSCTTY_devnull_ENOTTY");
    CHECK_ERRNO(tcgetpgrp(0), ENOTTY, "leader_tcgetpgrp_devnull_ENOTTY");
}

int main(void)
{
    int null = open("/dev/null", O_RDWR);
    CHECK(null >= 0, "open_dev_null");
    not_a_tty(null, "devnull");
    int p[2];
    CHECK_EQ(pipe(p), 0, "pipe");
    not_a_tty(p[0], "pipe");
    int file = open("/tmp/tty-test-file", O_RDWR | O_CREAT | O_TRUNC, 0600);
    CHECK(file >= 0, "open_file");
    not_a_tty(file, "file");
    unlink("/tmp/tty-test-file");
    CHECK_ERRNO(ioctl(99, TCGETS, 0), EBADF, "TCGETS_bad_fd_EBADF");

    pid_t child = t_fork();
    if (child == 0) {
        new_session_child();
        _exit(t_exit_status());
    }
    CHECK_EXITED(t_wait(child), 0, "new_session_child");
    return t_exit_status();
}
