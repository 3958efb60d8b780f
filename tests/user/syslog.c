/*
 * syslog(2) (klogctl): the kernel log buffer as `dmesg` reads it, and Linux's errors. Only actions
 * that change nothing are tried (this also runs on the host's Linux): SIZE_BUFFER, READ_ALL and
 * the argument checks; a non-root child gets EPERM (Debian's kernels restrict the log to
 * CAP_SYSLOG, dmesg_restrict = 1).
 */
#include "t.h"
#include "t_proc.h"

#include <sys/klog.h>
#include <sys/wait.h>

enum { CLOSE = 0, READ = 2, READ_ALL = 3, CONSOLE_LEVEL = 8, SIZE_BUFFER = 10 };

static char buf[1 << 16];

int main(void)
{
    int size = klogctl(SIZE_BUFFER, NULL, 0);
    CHECK(size >= 4096, "size_buffer");
    CHECK_EQ(klogctl(CLOSE, NULL, 0), 0, "close_is_a_no_op");
    CHECK_ERRNO(klogctl(99, buf, sizeof(buf)), EINVAL, "unknown_action_einval");
    CHECK_ERRNO(klogctl(-1, buf, sizeof(buf)), EINVAL, "negative_action_einval");
    CHECK_ERRNO(klogctl(READ_ALL, NULL, 10), EINVAL, "read_all_null_buffer_einval");
    CHECK_ERRNO(klogctl(READ_ALL, buf, -1), EINVAL, "read_all_negative_length_einval");
    CHECK_EQ(klogctl(READ_ALL, buf, 0), 0, "read_all_zero_length");
    CHECK_ERRNO(klogctl(READ_ALL, t_ptr(0xffff800000000000ull), 100), EFAULT, "read_all_kernel_pointer_efault");
    CHECK_ERRNO(klogctl(READ, NULL, 10), EINVAL, "read_null_buffer_einval");
    CHECK_EQ(klogctl(READ, buf, 0), 0, "read_zero_length");
    CHECK_ERRNO(klogctl(CONSOLE_LEVEL, NULL, 0), EINVAL, "console_level_0_einval");
    CHECK_ERRNO(klogctl(CONSOLE_LEVEL, NULL, 9), EINVAL, "console_level_9_einval");

    /* The log as dmesg -r shows it: lines "<level>[seconds.micros] text". */
    int n = klogctl(READ_ALL, buf, sizeof(buf));
    CHECK(n > 0 && n <= (int)sizeof(buf), "read_all_returns_text");
    if (n > 0) {
        CHECK(buf[0] == '<' && buf[1] >= '0' && buf[1] <= '9', "read_all_starts_with_a_level");
        CHECK(buf[n - 1] == '\n', "read_all_ends_with_a_whole_line");
        int lines_ok = 1;
        for (int i = 0; i < n; ++i) {
            if (i > 0 && buf[i - 1] == '\n' && buf[i] != '<')
                lines_ok = 0;
        }
        CHECK(lines_ok, "every_line_has_a_level");
    }
    /* A small buffer gets the newest whole lines that fit (none if the newest is longer). */
    n = klogctl(READ_ALL, buf, 200);
    CHECK(n == 0 || (n > 0 && n <= 200 && buf[0] == '<' && buf[n - 1] == '\n'), "read_all_small_buffer_whole_lines");

    pid_t pid = t_fork();
    if (pid == 0) {
        if (setgid(65534) || setuid(65534))
            _exit(2);
        int bad = 0;
        errno = 0;
        bad |= klogctl(READ_ALL, buf, sizeof(buf)) != -1 || errno != EPERM;
        errno = 0;
        bad |= klogctl(SIZE_BUFFER, NULL, 0) != -1 || errno != EPERM;
        errno = 0;
        bad |= klogctl(99, NULL, 0) != -1 || errno != EPERM; /* the permission check comes first */
        _exit(bad);
    }
    CHECK_EXITED(t_wait(pid), 0, "non_root_gets_eperm");
    return t_exit_status();
}
