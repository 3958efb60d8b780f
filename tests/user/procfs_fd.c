/* /proc/self/fd, fdinfo, cwd and root: the directory lists the open descriptors; readlink names a
 * file by its path, a pipe "pipe:[N]", stdin "/dev/null"; opening /proc/self/fd/N opens the file
 * anew (its own offset); cwd and root follow chdir; another user's process is EACCES. */
#include "t.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int link_is(const char* path, const char* expect)
{
    char buf[256];
    ssize_t n = readlink(path, buf, sizeof buf - 1);
    if (n < 0)
        return 0;
    buf[n] = 0;
    return strcmp(buf, expect) == 0;
}

static int listed(int fd)
{
    DIR* d = opendir("/proc/self/fd");
    if (!d)
        return 0;
    struct dirent* e;
    int found = 0;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && atoi(e->d_name) == fd)
            found = 1;
    closedir(d);
    return found;
}

int main(void)
{
    int fd = open("/tmp/procfs_fd_file", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && write(fd, "hello", 5) == 5, "create_file");
    CHECK(listed(0) && listed(1) && listed(2) && listed(fd), "fd_dir_lists_0_1_2_and_new");
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    CHECK(link_is(path, "/tmp/procfs_fd_file"), "file_link_is_path");
    CHECK(link_is("/proc/self/fd/0", "/dev/null"), "stdin_is_dev_null");
    struct stat st;
    CHECK(lstat(path, &st) == 0 && S_ISLNK(st.st_mode), "fd_entry_is_symlink");

    /* Reopen: a new description of the same file, from offset 0. */
    int again = open(path, O_RDONLY);
    char buf[16] = { 0 };
    CHECK(again >= 0 && read(again, buf, 5) == 5 && memcmp(buf, "hello", 5) == 0, "reopen_reads_from_start");
    struct stat a, b;
    CHECK(fstat(fd, &a) == 0 && fstat(again, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev,
        "reopen_same_inode");
    CHECK(lseek(fd, 0, SEEK_CUR) == 5, "original_offset_kept");
    snprintf(path, sizeof path, "/proc/self/fd/%d", again);
    CHECK(link_is(path, "/tmp/procfs_fd_file"), "reopened_name");
    close(again);

    /* fdinfo: the offset and the flags as Linux stores them (O_LARGEFILE added). */
    lseek(fd, 3, SEEK_SET);
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
    int info = open(path, O_RDONLY);
    char text[256] = { 0 };
    CHECK(info >= 0 && read(info, text, sizeof text - 1) > 0, "fdinfo_readable");
    CHECK(strncmp(text, "pos:\t3\nflags:\t0100002\n", 22) == 0, "fdinfo_pos_flags");
    CHECK(strstr(text, "\nmnt_id:\t") != NULL, "fdinfo_mnt_id");
    close(info);

    int p[2];
    CHECK(pipe(p) == 0, "pipe");
    char r[64] = { 0 }, w[64] = { 0 };
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
    readlink(path, r, sizeof r - 1);
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]);
    readlink(path, w, sizeof w - 1);
    CHECK(strncmp(r, "pipe:[", 6) == 0 && r[strlen(r) - 1] == ']', "pipe_link");
    CHECK(strcmp(r, w) == 0, "pipe_ends_same_name");
    close(p[1]);
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]);
    CHECK_ERRNO(readlink(path, r, sizeof r), ENOENT, "closed_fd_ENOENT");

    CHECK(link_is("/proc/self/cwd", "/"), "cwd_root");
    CHECK(link_is("/proc/self/root", "/"), "root_link");
    mkdir("/tmp/procfs_fd_dir", 0755);
    CHECK(chdir("/tmp/procfs_fd_dir") == 0 && link_is("/proc/self/cwd", "/tmp/procfs_fd_dir"), "cwd_follows_chdir");
    CHECK(chdir("/") == 0 && chdir("/proc/self/cwd") == 0, "chdir_through_cwd_link");
    int dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
    snprintf(path, sizeof path, "/proc/self/fd/%d", dfd);
    CHECK(link_is(path, "/tmp"), "directory_fd_link");
    CHECK(chdir(path) == 0 && link_is("/proc/self/cwd", "/tmp"), "chdir_through_fd_link");
    chdir("/");

    /* Another user's process: EACCES; its own: fine. */
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        if (setuid(1000) != 0)
            _exit(10);
        char other[64], buf2[64];
        int bad = 0;
        snprintf(other, sizeof other, "/proc/%d/cwd", (int)parent);
        errno = 0;
        if (readlink(other, buf2, sizeof buf2) != -1 || errno != EACCES)
            bad |= 1;
        snprintf(other, sizeof other, "/proc/%d/fd", (int)parent);
        errno = 0;
        if (opendir(other) != NULL || errno != EACCES)
            bad |= 2;
        if (!link_is("/proc/self/cwd", "/"))
            bad |= 4;
        if (!listed(0))
            bad |= 8;
        _exit(bad);
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0, "other_user_EACCES_own_fine");
    unlink("/tmp/procfs_fd_file");
    return t_exit_status();
}
