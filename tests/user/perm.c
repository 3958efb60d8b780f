/*
 * perm: permission checks by uid and gid as Linux's generic_permission() and may_delete() make
 * them, seen by a non-root user (uid 1000, gid 1000, in a fork child): EACCES to read or write a
 * 0600 file of root's, group and other bits, search (x) permission on directories during lookup,
 * write+search on the parent to create or remove, the sticky bit of /tmp (only the owner of the
 * file or of the directory may remove or rename), and root's CAP_DAC_OVERRIDE (read and write
 * anything; execute only if some x bit is set); mknod of regular files, and EPERM for a device
 * node without CAP_MKNOD.
 */
#include "t.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

static void make(const char* path, unsigned mode, unsigned uid, unsigned gid)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd >= 0) {
        write(fd, "x", 1);
        close(fd);
    }
    chown(path, uid, gid);
    chmod(path, mode);
}

static int user_checks(void)
{
    int bad = 0, bit = 0;
#define EXPECT_ERR(call, err) (errno = 0, bad |= !((call) == -1 && errno == (err)) << bit++)
#define EXPECT_OK(call) bad |= !((call) >= 0) << bit++
    EXPECT_ERR(open("/tmp/p/root0600", O_RDONLY), EACCES);
    EXPECT_ERR(open("/tmp/p/root0600", O_WRONLY), EACCES);
    EXPECT_OK(open("/tmp/p/group0640", O_RDONLY));
    EXPECT_ERR(open("/tmp/p/group0640", O_WRONLY), EACCES);
    EXPECT_OK(open("/tmp/p/other0604", O_RDONLY));
    /* Owner bits rule for the owner even if the group bits would allow. */
    EXPECT_ERR(open("/tmp/p/own0070", O_RDONLY), EACCES);
    EXPECT_ERR(access("/tmp/p/root0600", R_OK), EACCES);
    /* No search permission on a directory: lookup below it fails, listing it is fine. */
    EXPECT_ERR(open("/tmp/p/noexec/f", O_RDONLY), EACCES);
    EXPECT_ERR(chdir("/tmp/p/noexec"), EACCES);
    EXPECT_OK(open("/tmp/p/noexec", O_RDONLY | O_DIRECTORY));
    /* No read on a directory: lookup works, listing does not. */
    EXPECT_OK(open("/tmp/p/noread/f", O_RDONLY));
    EXPECT_ERR(open("/tmp/p/noread", O_RDONLY | O_DIRECTORY), EACCES);
    /* Creating and removing need write on the parent. */
    EXPECT_ERR(open("/tmp/p/new", O_CREAT | O_WRONLY, 0644), EACCES);
    EXPECT_ERR(mkdir("/tmp/p/newdir", 0755), EACCES);
    EXPECT_ERR(unlink("/tmp/p/other0604"), EACCES);
    EXPECT_ERR(rename("/tmp/p/other0604", "/tmp/p/x"), EACCES);
    EXPECT_OK(open("/tmp/p/mine/new", O_CREAT | O_WRONLY, 0644));
    EXPECT_OK(unlink("/tmp/p/mine/new"));
    /* Sticky /tmp: others' files may not be removed or renamed, one's own may. */
    EXPECT_ERR(unlink("/tmp/sticky_root"), EPERM);
    EXPECT_ERR(rename("/tmp/sticky_root", "/tmp/sticky_x"), EPERM);
    EXPECT_ERR(rmdir("/tmp/sticky_rootdir"), EPERM);
    EXPECT_OK(open("/tmp/sticky_mine", O_CREAT | O_WRONLY, 0644));
    EXPECT_OK(rename("/tmp/sticky_mine", "/tmp/sticky_mine2"));
    EXPECT_OK(unlink("/tmp/sticky_mine2"));
    /* A writable file in a sticky directory still cannot be removed by a stranger. */
    EXPECT_ERR(unlink("/tmp/sticky_world_writable"), EPERM);
    /* Not executable without x. */
    EXPECT_ERR(execl("/tmp/p/root0600", "x", (char*)NULL), EACCES);
    EXPECT_ERR(chmod("/tmp/p/root0600", 0777), EPERM);
    /* Device nodes need CAP_MKNOD, even where one may create. */
    EXPECT_ERR(mknod("/tmp/p/mine/null", S_IFCHR | 0600, makedev(1, 3)), EPERM);
    EXPECT_OK(mknod("/tmp/p/mine/reg", S_IFREG | 0600, 0));
    EXPECT_ERR(mknod("/tmp/p/reg_here", S_IFREG | 0600, 0), EACCES);
    return bad;
#undef EXPECT_ERR
#undef EXPECT_OK
}

int main(void)
{
    mkdir("/tmp/p", 0755);
    make("/tmp/p/root0600", 0600, 0, 0);
    make("/tmp/p/group0640", 0640, 0, 1000);
    make("/tmp/p/other0604", 0604, 0, 0);
    make("/tmp/p/own0070", 0070, 1000, 1000);
    mkdir("/tmp/p/noexec", 0755);
    make("/tmp/p/noexec/f", 0644, 0, 0);
    chmod("/tmp/p/noexec", 0744);
    mkdir("/tmp/p/noread", 0755);
    make("/tmp/p/noread/f", 0644, 0, 0);
    chmod("/tmp/p/noread", 0711);
    mkdir("/tmp/p/mine", 0755);
    chown("/tmp/p/mine", 1000, 1000);
    make("/tmp/sticky_root", 0644, 0, 0);
    make("/tmp/sticky_world_writable", 0666, 0, 0);
    mkdir("/tmp/sticky_rootdir", 0777);

    struct stat st;
    stat("/tmp", &st);
    CHECK_EQ(st.st_mode & 07777, 01777, "tmp_is_sticky");

    pid_t child = fork();
    if (child == 0) {
        gid_t none[1];
        if (setgroups(0, none) != 0 || setgid(1000) != 0 || setuid(1000) != 0)
            _exit(255);
        _exit(user_checks());
    }
    int status = -1;
    waitpid(child, &status, 0);
    if (!CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "non_root_permissions"))
        t_print("#   failed checks mask %#x\n", WEXITSTATUS(status));

    /* Root: reads and writes anything, executes only what has an x bit. */
    int fd = open("/tmp/p/own0070", O_RDWR);
    CHECK(fd >= 0, "root_reads_and_writes_anything");
    close(fd);
    CHECK_EQ(access("/tmp/p/noexec/f", R_OK), 0, "root_searches_any_directory");
    CHECK_ERRNO(access("/tmp/p/root0600", X_OK), EACCES, "root_no_exec_without_x_bit");
    chmod("/tmp/p/root0600", 0610);
    CHECK_EQ(access("/tmp/p/root0600", X_OK), 0, "root_exec_with_any_x_bit");
    CHECK_EQ(unlink("/tmp/sticky_root"), 0, "root_unlinks_in_sticky");

    /* mknod of regular files: the umask applies, type 0 means S_IFREG. */
    CHECK_EQ(mknod("/tmp/p/reg", S_IFREG | 0666, 0), 0, "mknod_regular");
    CHECK(stat("/tmp/p/reg", &st) == 0 && st.st_mode == (S_IFREG | 0644) && st.st_size == 0, "mknod_regular_mode");
    CHECK_EQ(mknod("/tmp/p/reg0", 0600, 0), 0, "mknod_type_0");
    CHECK(stat("/tmp/p/reg0", &st) == 0 && S_ISREG(st.st_mode), "mknod_type_0_is_regular");
    CHECK_ERRNO(mknod("/tmp/p/reg", S_IFREG | 0600, 0), EEXIST, "mknod_EEXIST");
    CHECK_ERRNO(mknod("/tmp/p/dir", S_IFDIR | 0755, 0), EPERM, "mknod_directory_EPERM");
    CHECK_ERRNO(mknod("/tmp/p/bad", 0170000 | 0600, 0), EINVAL, "mknod_bad_type_EINVAL");
    CHECK_ERRNO(mknod("/tmp/p/nodir/x", S_IFREG | 0600, 0), ENOENT, "mknod_ENOENT");
    CHECK_ERRNO(mknodat(AT_FDCWD, t_ptr(1), S_IFREG, 0), EFAULT, "mknodat_EFAULT");
    return t_exit_status();
}
