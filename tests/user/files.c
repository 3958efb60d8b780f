/*
 * files: file operations in /tmp (a fresh tmpfs on Linux too, see tools/user-test.sh):
 * create, write, read, lseek, pread/pwrite, stat/fstat/lstat, ftruncate, getdents64, rename,
 * unlink, mkdir, chdir/getcwd, access, dup, readv/writev, and the errors of each.
 */
#include "t.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define DIR_ "/tmp/files"

static int read_all(const char* path, char* buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int n = read(fd, buf, size);
    close(fd);
    return n;
}

/* The names in a directory, sorted, comma-separated (the order getdents64 returns differs
 * between filesystems; the set must not). Uses the raw syscall with a small buffer, so that
 * listing takes several calls. */
static int list_dir(const char* path, char* out, size_t size)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    char names[64][64];
    int n = 0;
    char buf[128] __attribute__((aligned(8)));
    for (;;) {
        long got = syscall(SYS_getdents64, fd, buf, sizeof(buf));
        if (got < 0) {
            close(fd);
            return -1;
        }
        if (got == 0)
            break;
        for (long off = 0; off < got;) {
            /* struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[] */
            unsigned short reclen;
            memcpy(&reclen, buf + off + 16, sizeof(reclen));
            const char* name = buf + off + 19;
            if (n < 64) {
                size_t len = strnlen(name, sizeof(names[0]) - 1);
                memcpy(names[n], name, len);
                names[n++][len] = '\0';
            }
            if (reclen == 0)
                break;
            off += reclen;
        }
    }
    close(fd);
    qsort(names, n, sizeof(names[0]), (int (*)(const void*, const void*))strcmp);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        strncat(out, names[i], size - strlen(out) - 1);
        if (i + 1 < n)
            strncat(out, ",", size - strlen(out) - 1);
    }
    return n;
}

int main(void)
{
    umask(022);
    char buf[256];

    CHECK(mkdir(DIR_, 0755) == 0, "mkdir");
    CHECK_ERRNO(mkdir(DIR_, 0755), EEXIST, "mkdir_existing_EEXIST");
    struct stat st;
    CHECK(stat(DIR_, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0755, "stat_dir");

    /* Create and write. */
    int fd = open(DIR_ "/a", O_CREAT | O_EXCL | O_RDWR, 0666);
    CHECK(fd >= 0, "open_create");
    CHECK_ERRNO(open(DIR_ "/a", O_CREAT | O_EXCL | O_RDWR, 0666), EEXIST, "open_excl_existing_EEXIST");
    CHECK_EQ(write(fd, "hello, world\n", 13), 13, "write");
    CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 13, "fstat_size_13");
    CHECK_EQ(st.st_mode & 07777, 0644, "mode_0666_minus_umask_022");
    CHECK_EQ(st.st_nlink, 1, "nlink_1");

    /* lseek and read. */
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 13, "lseek_cur_after_write");
    CHECK_EQ(read(fd, buf, sizeof(buf)), 0, "read_at_end_is_0");
    CHECK_EQ(lseek(fd, 7, SEEK_SET), 7, "lseek_set");
    CHECK(read(fd, buf, 5) == 5 && memcmp(buf, "world", 5) == 0, "read_after_lseek");
    CHECK_EQ(lseek(fd, -6, SEEK_END), 7, "lseek_end_negative");
    CHECK_EQ(lseek(fd, 2, SEEK_CUR), 9, "lseek_cur");
    CHECK_ERRNO(lseek(fd, -100, SEEK_SET), EINVAL, "lseek_negative_EINVAL");
    CHECK_ERRNO(lseek(fd, 0, 42), EINVAL, "lseek_bad_whence_EINVAL");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 9, "lseek_failure_keeps_offset");

    /* pread/pwrite leave the offset alone. */
    CHECK(pread(fd, buf, 5, 0) == 5 && memcmp(buf, "hello", 5) == 0, "pread");
    CHECK_EQ(pwrite(fd, "W", 1, 7), 1, "pwrite");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 9, "pread_pwrite_keep_offset");

    /* A hole: writing past the end reads back zeroes in between. */
    CHECK_EQ(lseek(fd, 100, SEEK_SET), 100, "lseek_past_end");
    CHECK_EQ(write(fd, "end", 3), 3, "write_past_end");
    CHECK(fstat(fd, &st) == 0 && st.st_size == 103, "size_after_hole");
    CHECK(pread(fd, buf, 103, 0) == 103 && memcmp(buf, "hello, World\n", 13) == 0, "contents_before_hole");
    int zeroes = 1;
    for (int i = 13; i < 100; i++)
        zeroes &= buf[i] == 0;
    CHECK(zeroes, "hole_reads_as_zeroes");

    /* ftruncate down and up. */
    CHECK(ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5, "ftruncate_shrink");
    CHECK(ftruncate(fd, 4096) == 0 && pread(fd, buf, 10, 0) == 10 && memcmp(buf, "hello\0\0\0\0\0", 10) == 0,
        "ftruncate_grow_zero_fills");
    CHECK(ftruncate(fd, 0) == 0, "ftruncate_zero");

    /* readv / writev. */
    struct iovec wv[3] = { { "ab", 2 }, { "", 0 }, { "cde", 3 } };
    CHECK_EQ(pwrite(fd, "", 0, 0), 0, "pwrite_zero_bytes");
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "rewind");
    CHECK_EQ(writev(fd, wv, 3), 5, "writev");
    char r1[2], r2[10];
    struct iovec rv[2] = { { r1, 2 }, { r2, 10 } };
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "rewind_again");
    CHECK(readv(fd, rv, 2) == 5 && memcmp(r1, "ab", 2) == 0 && memcmp(r2, "cde", 3) == 0, "readv");

    /* Access modes. */
    int ro = open(DIR_ "/a", O_RDONLY);
    CHECK_ERRNO(write(ro, "x", 1), EBADF, "write_on_readonly_fd_EBADF");
    close(ro);
    int wo = open(DIR_ "/a", O_WRONLY | O_APPEND);
    CHECK_ERRNO(read(wo, buf, 1), EBADF, "read_on_writeonly_fd_EBADF");
    CHECK_EQ(write(wo, "Z", 1), 1, "write_append");
    CHECK(read_all(DIR_ "/a", buf, sizeof(buf)) == 6 && memcmp(buf, "abcdeZ", 6) == 0, "append_goes_to_end");
    close(wo);

    /* dup shares the offset. */
    int d = dup(fd);
    CHECK(d > fd, "dup_lowest_free");
    CHECK_EQ(lseek(fd, 1, SEEK_SET), 1, "lseek_before_dup_read");
    CHECK(read(d, buf, 1) == 1 && buf[0] == 'b', "dup_shares_offset");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2, "dup_offset_moved_both");
    close(d);
    CHECK(close(fd) == 0, "close");
    CHECK_ERRNO(close(fd), EBADF, "close_twice_EBADF");
    CHECK_ERRNO(read(fd, buf, 1), EBADF, "read_closed_EBADF");

    /* Errors of open. */
    CHECK_ERRNO(open(DIR_ "/missing", O_RDONLY), ENOENT, "open_missing_ENOENT");
    CHECK_ERRNO(open(DIR_ "/nodir/x", O_RDONLY | O_CREAT, 0644), ENOENT, "open_create_in_missing_dir_ENOENT");
    CHECK_ERRNO(open(DIR_ "/a/x", O_RDONLY), ENOTDIR, "open_file_as_dir_ENOTDIR");
    CHECK_ERRNO(open(DIR_, O_WRONLY), EISDIR, "open_dir_for_writing_EISDIR");
    CHECK_ERRNO(open(DIR_ "/a", O_RDONLY | O_DIRECTORY), ENOTDIR, "open_file_O_DIRECTORY_ENOTDIR");
    CHECK_ERRNO(open("", O_RDONLY), ENOENT, "open_empty_path_ENOENT");

    /* Paths with . and .. and repeated slashes. */
    CHECK(stat(DIR_ "/./a", &st) == 0 && stat("/tmp/../tmp//files/a", &st) == 0 && st.st_size == 6,
        "dot_and_dotdot_in_paths");
    CHECK(stat("/..", &st) == 0 && S_ISDIR(st.st_mode), "dotdot_of_root");

    /* getdents64. */
    close(open(DIR_ "/b", O_CREAT | O_WRONLY, 0600));
    CHECK(mkdir(DIR_ "/sub", 0700) == 0, "mkdir_sub");
    for (int i = 0; i < 20; i++) {
        char name[64];
        snprintf(name, sizeof(name), DIR_ "/sub/file-%02d", i);
        close(open(name, O_CREAT | O_WRONLY, 0600));
    }
    char listing[2048];
    CHECK_EQ(list_dir(DIR_, listing, sizeof(listing)), 5, "getdents64_count");
    t_print("# %s: %s\n", DIR_, listing);
    CHECK(strcmp(listing, ".,..,a,b,sub") == 0, "getdents64_names");
    CHECK_EQ(list_dir(DIR_ "/sub", listing, sizeof(listing)), 22, "getdents64_20_files_small_buffer");
    CHECK_ERRNO(syscall(SYS_getdents64, 0x7fff, listing, sizeof(listing)), EBADF, "getdents64_bad_fd_EBADF");
    int file_fd = open(DIR_ "/a", O_RDONLY);
    CHECK_ERRNO(syscall(SYS_getdents64, file_fd, listing, sizeof(listing)), ENOTDIR, "getdents64_on_file_ENOTDIR");
    close(file_fd);

    /* rename. */
    CHECK(rename(DIR_ "/a", DIR_ "/c") == 0, "rename");
    CHECK_ERRNO(stat(DIR_ "/a", &st), ENOENT, "rename_old_name_gone");
    CHECK(read_all(DIR_ "/c", buf, sizeof(buf)) == 6 && memcmp(buf, "abcdeZ", 6) == 0, "rename_keeps_contents");
    CHECK(rename(DIR_ "/c", DIR_ "/b") == 0, "rename_over_existing");
    CHECK(stat(DIR_ "/b", &st) == 0 && st.st_size == 6, "rename_over_replaced_target");
    CHECK(rename(DIR_ "/b", DIR_ "/sub/moved") == 0, "rename_into_subdir");
    CHECK_ERRNO(rename(DIR_ "/missing", DIR_ "/x"), ENOENT, "rename_missing_ENOENT");
    CHECK_ERRNO(rename(DIR_ "/sub", DIR_ "/sub/inside"), EINVAL, "rename_dir_into_itself_EINVAL");
    CHECK(list_dir(DIR_, listing, sizeof(listing)) == 3 && strcmp(listing, ".,..,sub") == 0, "listing_after_renames");

    /* unlink. */
    CHECK(unlink(DIR_ "/sub/moved") == 0, "unlink");
    CHECK_ERRNO(unlink(DIR_ "/sub/moved"), ENOENT, "unlink_twice_ENOENT");
    CHECK_ERRNO(unlink(DIR_ "/sub"), EISDIR, "unlink_dir_EISDIR");
    /* An open file outlives its name. */
    fd = open(DIR_ "/sub/file-00", O_RDWR);
    CHECK(fd >= 0 && unlink(DIR_ "/sub/file-00") == 0, "unlink_open_file");
    CHECK(write(fd, "still here", 10) == 10 && pread(fd, buf, 10, 0) == 10 && memcmp(buf, "still here", 10) == 0,
        "unlinked_file_still_usable");
    CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0, "unlinked_file_nlink_0");
    close(fd);

    /* chdir, getcwd, relative paths, access. */
    CHECK(chdir(DIR_ "/sub") == 0, "chdir");
    CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, DIR_ "/sub") == 0, "getcwd");
    CHECK(stat("file-01", &st) == 0 && S_ISREG(st.st_mode), "relative_path");
    CHECK(chdir("..") == 0 && getcwd(buf, sizeof(buf)) && strcmp(buf, DIR_) == 0, "chdir_dotdot");
    CHECK_ERRNO(chdir("sub/file-01"), ENOTDIR, "chdir_to_file_ENOTDIR");
    CHECK_ERRNO(getcwd(buf, 3) ? 0 : -1, ERANGE, "getcwd_small_buffer_ERANGE");
    CHECK(access("sub", R_OK | W_OK | X_OK) == 0, "access_dir");
    CHECK_ERRNO(access("missing", F_OK), ENOENT, "access_missing_ENOENT");
    CHECK(chdir("/") == 0, "chdir_root");

    /* stat family agree, lstat of a directory. */
    struct stat a, b;
    CHECK(stat(DIR_ "/sub/file-01", &a) == 0 && lstat(DIR_ "/sub/file-01", &b) == 0 && a.st_ino == b.st_ino
            && a.st_dev == b.st_dev,
        "stat_lstat_agree");
    fd = open(DIR_ "/sub/file-01", O_RDONLY);
    CHECK(fstat(fd, &b) == 0 && a.st_ino == b.st_ino, "fstat_agrees");
    close(fd);
    CHECK(fstatat(AT_FDCWD, "tmp/files/sub", &b, 0) == 0 && S_ISDIR(b.st_mode), "fstatat_relative_to_cwd");
    return t_exit_status();
}
