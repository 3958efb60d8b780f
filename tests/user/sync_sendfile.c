/*
 * sync_sendfile: sync, syncfs, fsync, fdatasync (memory file systems: success on files and
 * directories, EBADF for a bad or O_PATH descriptor, EINVAL for pipes and /dev/null), and
 * sendfile (fs/read_write.c do_sendfile()): file to file and file to pipe, with and without an
 * offset pointer, the positions it moves, count past the end, EBADF, EINVAL for an input that is
 * not a regular file and for an O_APPEND output, ESPIPE, EFAULT.
 */
#include "t.h"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>

int main(void)
{
    int fd = open("/tmp/s", O_CREAT | O_RDWR | O_TRUNC, 0644);
    static char data[100000];
    for (size_t i = 0; i < sizeof(data); ++i)
        data[i] = (char)('a' + i % 26);
    CHECK_EQ(write(fd, data, sizeof(data)), (long)sizeof(data), "write_source");

    sync();
    CHECK_EQ(syncfs(fd), 0, "syncfs");
    CHECK_EQ(fsync(fd), 0, "fsync_file");
    CHECK_EQ(fdatasync(fd), 0, "fdatasync_file");
    int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
    CHECK_EQ(fsync(dir), 0, "fsync_directory");
    close(dir);
    CHECK_ERRNO(fsync(999), EBADF, "fsync_EBADF");
    CHECK_ERRNO(syncfs(999), EBADF, "syncfs_EBADF");
    int path_fd = open("/tmp/s", O_PATH);
    CHECK_ERRNO(fsync(path_fd), EBADF, "fsync_o_path_EBADF");
    close(path_fd);
    int p[2];
    pipe(p);
    CHECK_ERRNO(fsync(p[0]), EINVAL, "fsync_pipe_EINVAL");
    CHECK_ERRNO(fdatasync(p[1]), EINVAL, "fdatasync_pipe_EINVAL");
    int null = open("/dev/null", O_WRONLY);
    CHECK_ERRNO(fsync(null), EINVAL, "fsync_dev_null_EINVAL");

    /* File to file from the file position: both positions move. */
    int out = open("/tmp/s_copy", O_CREAT | O_RDWR | O_TRUNC, 0644);
    lseek(fd, 0, SEEK_SET);
    CHECK_EQ(sendfile(out, fd, NULL, sizeof(data)), (long)sizeof(data), "sendfile_whole_file");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), (long)sizeof(data), "sendfile_moves_input_position");
    CHECK_EQ(lseek(out, 0, SEEK_CUR), (long)sizeof(data), "sendfile_moves_output_position");
    static char back[100000];
    CHECK(pread(out, back, sizeof(back), 0) == (long)sizeof(back) && memcmp(back, data, sizeof(data)) == 0,
        "sendfile_copy_identical");
    CHECK_EQ(sendfile(out, fd, NULL, 10), 0, "sendfile_at_end_0");

    /* With an offset: the input position stays, the offset moves; count past the end is cut. */
    lseek(fd, 5, SEEK_SET);
    off_t offset = sizeof(data) - 7;
    CHECK_EQ(sendfile(p[1], fd, &offset, 100), 7, "sendfile_offset_short_at_end");
    CHECK_EQ(offset, (long)sizeof(data), "sendfile_offset_advanced");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5, "sendfile_offset_keeps_position");
    char got[16] = { 0 };
    CHECK(read(p[0], got, sizeof(got)) == 7 && memcmp(got, data + sizeof(data) - 7, 7) == 0, "sendfile_to_pipe");
    offset = 0;
    CHECK_EQ(sendfile(out, fd, &offset, 0), 0, "sendfile_count_0");

    /* Errors. */
    CHECK_ERRNO(sendfile(out, 999, NULL, 1), EBADF, "sendfile_bad_in_EBADF");
    CHECK_ERRNO(sendfile(999, fd, NULL, 1), EBADF, "sendfile_bad_out_EBADF");
    int wronly = open("/tmp/s", O_WRONLY);
    CHECK_ERRNO(sendfile(out, wronly, NULL, 1), EBADF, "sendfile_in_not_readable_EBADF");
    int rdonly = open("/tmp/s", O_RDONLY);
    CHECK_ERRNO(sendfile(rdonly, fd, NULL, 1), EBADF, "sendfile_out_not_writable_EBADF");
    write(p[1], "abc", 3);
    CHECK_ERRNO(sendfile(out, p[0], NULL, 3), EINVAL, "sendfile_from_pipe_EINVAL");
    offset = 0;
    CHECK_ERRNO(sendfile(out, p[0], &offset, 3), ESPIPE, "sendfile_from_pipe_offset_ESPIPE");
    offset = -1;
    CHECK_ERRNO(sendfile(out, fd, &offset, 3), EINVAL, "sendfile_negative_offset_EINVAL");
    int appending = open("/tmp/s_copy", O_WRONLY | O_APPEND);
    CHECK_ERRNO(sendfile(appending, fd, NULL, 3), EINVAL, "sendfile_to_append_EINVAL");
    CHECK_ERRNO(sendfile(out, fd, t_ptr(1), 3), EFAULT, "sendfile_offset_EFAULT");
    int dirfd = open("/tmp", O_RDONLY | O_DIRECTORY);
    CHECK_ERRNO(sendfile(out, dirfd, NULL, 3), EINVAL, "sendfile_from_directory_EINVAL");
    return t_exit_status();
}
