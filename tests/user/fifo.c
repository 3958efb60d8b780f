/*
 * FIFOs (named pipes): mkfifo, fifo_open()'s waits and ENXIO, data through a name, end of file,
 * the buffer's lifetime, fstat's identity; and O_NONBLOCK set on a pipe after it was made.
 */
#include "t.h"
#include "t_proc.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#define PATH "/tmp/fifo_test"

int main(void)
{
    unlink(PATH);
    CHECK_EQ(mkfifo(PATH, 0640), 0, "mkfifo");
    struct stat st;
    CHECK(stat(PATH, &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0640 && st.st_size == 0,
        "stat_fifo_0640");
    CHECK_ERRNO(mkfifo(PATH, 0600), EEXIST, "mkfifo_eexist");
    CHECK_ERRNO(mkfifo("/tmp/no/such/fifo", 0600), ENOENT, "mkfifo_enoent");
    CHECK_ERRNO(open(PATH, O_WRONLY | O_NONBLOCK), ENXIO, "nonblocking_writer_without_reader_enxio");
    CHECK_ERRNO(open(PATH, 3 | O_NONBLOCK), EINVAL, "accmode_3_einval"); /* musl's O_ACCMODE has O_PATH */

    int r = open(PATH, O_RDONLY | O_NONBLOCK);
    CHECK(r >= 0, "nonblocking_reader_opens_at_once");
    struct stat fst;
    CHECK(fstat(r, &fst) == 0 && fst.st_ino == st.st_ino && S_ISFIFO(fst.st_mode), "fstat_is_the_fifo");
    CHECK_ERRNO(lseek(r, 0, SEEK_SET), ESPIPE, "lseek_espipe");
    char buf[64];
    CHECK_EQ(read(r, buf, sizeof(buf)), 0, "no_writer_yet_reads_eof");
    struct pollfd p = { r, POLLIN, 0 };
    CHECK_EQ(poll(&p, 1, 0), 0, "never_had_a_writer_not_hung_up");
    int w = open(PATH, O_WRONLY | O_NONBLOCK);
    CHECK(w >= 0, "nonblocking_writer_with_reader");
    CHECK_ERRNO(read(r, buf, sizeof(buf)), EAGAIN, "writer_present_empty_eagain");
    CHECK_EQ(write(w, "hello", 5), 5, "write");
    int n = -1;
    CHECK(ioctl(r, FIONREAD, &n) == 0 && n == 5, "fionread");
    CHECK(read(r, buf, sizeof(buf)) == 5 && memcmp(buf, "hello", 5) == 0, "read_through_the_name");
    close(w);
    CHECK_EQ(read(r, buf, sizeof(buf)), 0, "writer_gone_eof");
    p.revents = 0;
    CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLHUP, "writer_gone_pollhup");
    close(r);

    /* O_RDWR never waits; the bytes do not outlive the last close. */
    int rw = open(PATH, O_RDWR);
    CHECK(rw >= 0, "rdwr_opens_alone");
    CHECK_EQ(write(rw, "x", 1), 1, "rdwr_write");
    close(rw);
    rw = open(PATH, O_RDWR);
    n = -1;
    CHECK(ioctl(rw, FIONREAD, &n) == 0 && n == 0, "data_gone_with_last_close");
    close(rw);

    /* Blocking opens wait for each other. */
    pid_t pid = t_fork();
    if (pid == 0) {
        int fd = open(PATH, O_WRONLY); /* waits for the reader */
        if (fd < 0)
            _exit(1);
        _exit(write(fd, "from child", 10) == 10 ? 0 : 2);
    }
    struct timespec pause = { 0, 100 * 1000 * 1000 };
    nanosleep(&pause, NULL);
    r = open(PATH, O_RDONLY);
    CHECK(r >= 0, "blocking_reader_meets_writer");
    memset(buf, 0, sizeof(buf));
    ssize_t got = 0;
    for (;;) {
        ssize_t k = read(r, buf + got, sizeof(buf) - 1 - got);
        if (k <= 0)
            break;
        got += k;
    }
    CHECK(got == 10 && strcmp(buf, "from child") == 0, "blocking_pair_transfers");
    CHECK_EXITED(t_wait(pid), 0, "writer_child_ok");
    close(r);

    /* A name can go while the FIFO is open. */
    rw = open(PATH, O_RDWR);
    CHECK_EQ(unlink(PATH), 0, "unlink_while_open");
    CHECK(write(rw, "y", 1) == 1 && read(rw, buf, 1) == 1 && buf[0] == 'y', "still_works_unlinked");
    close(rw);

    /* O_NONBLOCK set later on a pipe takes effect. */
    int pp[2];
    CHECK_EQ(pipe(pp), 0, "pipe");
    CHECK_EQ(fcntl(pp[0], F_SETFL, O_NONBLOCK), 0, "setfl_nonblock_later");
    CHECK_ERRNO(read(pp[0], buf, 1), EAGAIN, "later_nonblock_read_eagain");
    close(pp[0]);
    close(pp[1]);
    return t_exit_status();
}
