/*
 * Pipes and descriptor flags as Linux has them: pipe2's flags, the 64 KiB capacity, PIPE_BUF
 * atomicity, EAGAIN, EPIPE with SIGPIPE, end of file, poll's events, FIONREAD, fcntl's F_DUPFD,
 * F_DUPFD_CLOEXEC, F_GETFD/F_SETFD, F_GETFL/F_SETFL (O_NONBLOCK, O_APPEND), and ESPIPE.
 */
#include "t.h"
#include "t_proc.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static char big[128 * 1024];

/* The kernel's O_LARGEFILE on x86_64, which open() adds on 64-bit kernels (the libcs' own
 * O_LARGEFILE may be 0). */
#define O_LARGEFILE_BIT 0100000

static short revents(int fd, short events)
{
    struct pollfd p = { fd, events, 0 };
    int n = poll(&p, 1, 0);
    return n < 0 ? -1 : p.revents;
}

/* Bytes a non-blocking pipe takes before EAGAIN, written `chunk` at a time. */
static long fill(int fd, size_t chunk)
{
    long total = 0;
    for (;;) {
        ssize_t n = write(fd, big, chunk);
        if (n < 0)
            return errno == EAGAIN ? total : -errno;
        total += n;
    }
}

static volatile sig_atomic_t sigpipes;
static void on_sigpipe(int sig)
{
    (void)sig;
    ++sigpipes;
}

int main(void)
{
    int p[2];
    CHECK_EQ(pipe2(p, 0), 0, "pipe2");
    CHECK_EQ(fcntl(p[0], F_GETFL), O_RDONLY, "read_end_rdonly");
    CHECK_EQ(fcntl(p[1], F_GETFL), O_WRONLY, "write_end_wronly");
    CHECK_EQ(fcntl(p[0], F_GETFD), 0, "no_cloexec");
    struct stat st;
    CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "fstat_fifo");
    CHECK_ERRNO(lseek(p[0], 0, SEEK_SET), ESPIPE, "lseek_espipe");
    char c;
    CHECK_ERRNO(pread(p[0], &c, 1, 0), ESPIPE, "pread_espipe");
    CHECK_ERRNO(pwrite(p[1], "x", 1, 0), ESPIPE, "pwrite_espipe");
    CHECK_ERRNO(write(p[0], "x", 1), EBADF, "write_read_end_ebadf");
    CHECK_ERRNO(read(p[1], &c, 1), EBADF, "read_write_end_ebadf");
    CHECK_EQ(write(p[1], "", 0), 0, "write_zero_bytes");
    close(p[0]);
    close(p[1]);

    CHECK_ERRNO(pipe2(p, O_APPEND), EINVAL, "pipe2_bad_flag_einval");
    CHECK_ERRNO(pipe2(p, ~0), EINVAL, "pipe2_all_flags_einval");
    CHECK_ERRNO(pipe2(t_ptr(8), 0), EFAULT, "pipe2_bad_pointer_efault");
    CHECK_ERRNO(syscall(SYS_pipe, t_ptr(8)), EFAULT, "pipe_bad_pointer_efault");

    CHECK_EQ(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0, "pipe2_cloexec_nonblock");
    CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC, "cloexec_read_end");
    CHECK_EQ(fcntl(p[1], F_GETFD), FD_CLOEXEC, "cloexec_write_end");
    CHECK_EQ(fcntl(p[0], F_GETFL), O_RDONLY | O_NONBLOCK, "nonblock_read_end");
    CHECK_ERRNO(read(p[0], &c, 1), EAGAIN, "empty_nonblocking_read_eagain");
    CHECK_EQ(revents(p[0], POLLIN), 0, "empty_not_readable");
    CHECK_EQ(revents(p[1], POLLOUT), POLLOUT, "empty_writable");

    /* Capacity: 16 pages. A write of PIPE_BUF or less is atomic: all or EAGAIN. */
    CHECK_EQ(fill(p[1], 4096), 65536, "capacity_64k");
    int avail = -1;
    CHECK(ioctl(p[0], FIONREAD, &avail) == 0 && avail == 65536, "fionread_full");
    CHECK_EQ(revents(p[1], POLLOUT), 0, "full_not_writable");
    CHECK_EQ(revents(p[0], POLLIN), POLLIN, "full_readable");
    CHECK_EQ(read(p[0], big, 100), 100, "read_100");
    CHECK_ERRNO(write(p[1], big, 200), EAGAIN, "atomic_write_no_room_eagain");
    CHECK_EQ(revents(p[1], POLLOUT), 0, "100_free_not_writable");
    CHECK_EQ(read(p[0], big, 4096 - 100), 4096 - 100, "free_a_page");
    CHECK_EQ(revents(p[1], POLLOUT), POLLOUT, "page_free_writable");
    CHECK_EQ(write(p[1], big, PIPE_BUF), PIPE_BUF, "atomic_write_fits");
    CHECK_EQ(read(p[0], big, 4096), 4096, "free_another_page");
    CHECK_EQ(write(p[1], big, 3 * PIPE_BUF), PIPE_BUF, "big_write_partial");
    /* Drain, then a nonatomic write larger than the capacity is cut to what fits. */
    while (read(p[0], big, sizeof(big)) > 0) {
    }
    CHECK_EQ(write(p[1], big, sizeof(big)), 65536, "oversized_nonblocking_write_fills");
    while (read(p[0], big, sizeof(big)) > 0) {
    }

    /* F_SETFL: O_NONBLOCK off and on; access mode bits are ignored. */
    CHECK_EQ(fcntl(p[0], F_SETFL, O_RDWR), 0, "setfl_clear_nonblock");
    CHECK_EQ(fcntl(p[0], F_GETFL), O_RDONLY, "access_mode_unchanged");
    CHECK_EQ(fcntl(p[0], F_SETFL, O_NONBLOCK), 0, "setfl_nonblock");
    CHECK_EQ(fcntl(p[0], F_GETFL), O_RDONLY | O_NONBLOCK, "nonblock_again");

    /* Writers gone: end of file, POLLHUP. */
    close(p[1]);
    CHECK_EQ(read(p[0], &c, 1), 0, "eof_without_writers");
    CHECK_EQ(revents(p[0], POLLIN), POLLHUP, "pollhup_without_writers");
    close(p[0]);

    /* Readers gone: EPIPE, SIGPIPE, POLLERR. */
    CHECK_EQ(pipe(p), 0, "pipe");
    close(p[0]);
    CHECK_EQ(revents(p[1], POLLOUT), POLLOUT | POLLERR, "pollerr_without_readers");
    signal(SIGPIPE, on_sigpipe);
    CHECK_ERRNO(write(p[1], "x", 1), EPIPE, "epipe_without_readers");
    CHECK_EQ(sigpipes, 1, "sigpipe_sent");
    signal(SIGPIPE, SIG_IGN);
    CHECK_ERRNO(write(p[1], "x", 1), EPIPE, "epipe_with_sigpipe_ignored");
    signal(SIGPIPE, SIG_DFL);
    pid_t pid = t_fork();
    if (pid == 0) {
        (void)!write(p[1], "x", 1);
        _exit(0);
    }
    CHECK_KILLED(t_wait(pid), SIGPIPE, "sigpipe_kills_by_default");
    close(p[1]);

    /* fcntl's descriptor calls. */
    CHECK_EQ(pipe(p), 0, "pipe_again");
    int d = fcntl(p[0], F_DUPFD, 20);
    CHECK_EQ(d, 20, "dupfd_lowest_at_or_above");
    CHECK_EQ(fcntl(p[0], F_DUPFD, 20), 21, "dupfd_next");
    CHECK_EQ(fcntl(20, F_GETFD), 0, "dupfd_no_cloexec");
    CHECK_EQ(fcntl(p[0], F_DUPFD_CLOEXEC, 20), 22, "dupfd_cloexec");
    CHECK_EQ(fcntl(22, F_GETFD), FD_CLOEXEC, "dupfd_cloexec_flag");
    CHECK_EQ(fcntl(22, F_SETFD, 0), 0, "setfd_clear");
    CHECK_EQ(fcntl(22, F_GETFD), 0, "setfd_cleared");
    CHECK_ERRNO(fcntl(p[0], F_DUPFD, -1), EINVAL, "dupfd_negative_einval");
    CHECK_ERRNO(fcntl(p[0], F_DUPFD, 1 << 30), EINVAL, "dupfd_past_limit_einval");
    CHECK_ERRNO(fcntl(99, F_GETFD), EBADF, "getfd_bad_fd_ebadf");
    CHECK_ERRNO(fcntl(p[0], 12345), EINVAL, "unknown_command_einval");
    /* The flags live in the open file: a dup shares O_NONBLOCK. */
    CHECK_EQ(fcntl(20, F_SETFL, O_NONBLOCK), 0, "setfl_on_dup");
    CHECK_EQ(fcntl(p[0], F_GETFL) & O_NONBLOCK, O_NONBLOCK, "dup_shares_status_flags");
    CHECK_EQ(fcntl(p[0], F_GETFD), 0, "dup_does_not_share_fd_flags");

    /* O_APPEND on a file, set and cleared by F_SETFL. */
    int f = open("/tmp/pipes_append", O_RDWR | O_CREAT | O_TRUNC, 0600);
    CHECK(f >= 0, "open_file");
    CHECK_EQ(write(f, "abc", 3), 3, "write_abc");
    lseek(f, 0, SEEK_SET);
    CHECK_EQ(fcntl(f, F_SETFL, O_APPEND), 0, "setfl_append");
    CHECK_EQ(fcntl(f, F_GETFL) & ~O_LARGEFILE_BIT, O_RDWR | O_APPEND, "getfl_append");
    CHECK(fcntl(f, F_GETFL) & O_LARGEFILE_BIT, "open_forces_o_largefile");
    CHECK_EQ(write(f, "d", 1), 1, "append_write");
    CHECK_EQ(lseek(f, 0, SEEK_CUR), 4, "append_wrote_at_end");
    CHECK_EQ(fcntl(f, F_SETFL, 0), 0, "setfl_clear_append");
    lseek(f, 0, SEEK_SET);
    CHECK_EQ(write(f, "X", 1), 1, "write_at_start");
    char text[8] = { 0 };
    CHECK(pread(f, text, sizeof(text), 0) == 4 && memcmp(text, "Xbcd", 4) == 0, "contents");
    close(f);
    unlink("/tmp/pipes_append");

    /* A blocking reader wakes when a writer writes; a blocking writer when a reader reads. */
    int q[2];
    CHECK_EQ(pipe(q), 0, "pipe_for_blocking");
    pid = t_fork();
    if (pid == 0) {
        for (int i = 0; i < 4; ++i)
            if (write(q[1], big, 65536) != 65536)
                _exit(1);
        _exit(0);
    }
    close(q[1]);
    long total = 0;
    for (;;) {
        ssize_t n = read(q[0], big, sizeof(big));
        if (n <= 0)
            break;
        total += n;
    }
    CHECK_EQ(total, 4 * 65536, "blocking_transfer_256k");
    CHECK_EXITED(t_wait(pid), 0, "writer_done");
    close(q[0]);

    /* Four writers, each writing PIPE_BUF-sized records filled with its own byte: no record may
     * arrive mixed with another's. */
    CHECK_EQ(pipe(q), 0, "pipe_for_atomic_writers");
    enum { WRITERS = 4, RECORDS = 1000 };
    pid_t writers[WRITERS];
    for (int w = 0; w < WRITERS; ++w) {
        writers[w] = t_fork();
        if (writers[w] == 0) {
            close(q[0]);
            char record[PIPE_BUF];
            memset(record, 'a' + w, sizeof(record));
            for (int i = 0; i < RECORDS; ++i)
                if (write(q[1], record, sizeof(record)) != (ssize_t)sizeof(record))
                    _exit(1);
            _exit(0);
        }
    }
    close(q[1]);
    static char record[PIPE_BUF];
    long records = 0, mixed = 0;
    for (;;) {
        size_t got = 0;
        while (got < sizeof(record)) {
            ssize_t k = read(q[0], record + got, sizeof(record) - got);
            if (k <= 0)
                break;
            got += k;
        }
        if (got < sizeof(record))
            break;
        ++records;
        for (size_t i = 1; i < sizeof(record); ++i)
            if (record[i] != record[0]) {
                ++mixed;
                break;
            }
    }
    CHECK_EQ(records, WRITERS * RECORDS, "atomic_writers_all_records");
    CHECK_EQ(mixed, 0, "atomic_writes_never_interleave");
    for (int w = 0; w < WRITERS; ++w)
        CHECK_EXITED(t_wait(writers[w]), 0, "atomic_writer_done");
    return t_exit_status();
}
