/*
 * statfs: statfs and fstatfs (fs/statfs.c) on /tmp (a tmpfs: TMPFS_MAGIC, 4096-byte blocks, a
 * size and free blocks that follow what is written) and /proc (PROC_SUPER_MAGIC), f_namelen,
 * f_frsize, ST_VALID; fstatfs on an O_PATH descriptor; ENOENT, ENOTDIR, EFAULT, EBADF.
 */
#include "t.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

int main(void)
{
    struct statfs sf, sf2;
    CHECK_EQ(statfs("/tmp", &sf), 0, "statfs_tmp");
    CHECK_EQ(sf.f_type, 0x01021994, "tmp_is_tmpfs");
    CHECK_EQ(sf.f_bsize, 4096, "tmpfs_bsize");
    CHECK_EQ(sf.f_frsize, 4096, "tmpfs_frsize");
    CHECK_EQ(sf.f_namelen, 255, "tmpfs_namelen");
    CHECK(sf.f_blocks > 0 && sf.f_bfree <= sf.f_blocks && sf.f_bavail == sf.f_bfree, "tmpfs_blocks");
    CHECK(sf.f_flags & 0x20, "tmpfs_st_valid");
    CHECK(!(sf.f_flags & 1), "tmpfs_not_rdonly");

    /* 40 pages written: at least 40 blocks fewer free (others may be using /tmp too). */
    int fd = open("/tmp/blocks", O_CREAT | O_RDWR | O_TRUNC, 0644);
    static char page[4096];
    for (int i = 0; i < 40; ++i)
        write(fd, page, sizeof(page));
    CHECK_EQ(fstatfs(fd, &sf2), 0, "fstatfs_file");
    CHECK_EQ(sf2.f_blocks, sf.f_blocks, "blocks_constant");
    CHECK(sf.f_bfree - sf2.f_bfree >= 40, "bfree_drops_with_writes");
    close(fd);
    unlink("/tmp/blocks");

    CHECK_EQ(statfs("/proc", &sf), 0, "statfs_proc");
    CHECK_EQ(sf.f_type, 0x9fa0, "proc_magic");
    CHECK_EQ(sf.f_bsize, 4096, "proc_bsize");
    CHECK_EQ(sf.f_namelen, 255, "proc_namelen");
    CHECK_EQ(sf.f_blocks, 0, "proc_no_blocks");
    CHECK(sf.f_flags & 0x20, "proc_st_valid");
    CHECK_EQ(statfs("/proc/self/status", &sf2), 0, "statfs_proc_file");
    CHECK_EQ(sf2.f_type, 0x9fa0, "proc_file_magic");

    fd = open("/tmp", O_PATH);
    CHECK_EQ(fstatfs(fd, &sf), 0, "fstatfs_o_path");
    CHECK_EQ(sf.f_type, 0x01021994, "fstatfs_o_path_magic");
    close(fd);
    CHECK_ERRNO(fstatfs(fd, &sf), EBADF, "fstatfs_EBADF");
    CHECK_ERRNO(statfs("/tmp/nonexistent", &sf), ENOENT, "statfs_ENOENT");
    close(open("/tmp/file", O_CREAT | O_WRONLY, 0644));
    CHECK_ERRNO(statfs("/tmp/file/x", &sf), ENOTDIR, "statfs_ENOTDIR");
    /* Raw calls: musl copies the result through a struct of its own. */
    CHECK_ERRNO(syscall(SYS_statfs, "/tmp", t_ptr(1)), EFAULT, "statfs_buffer_EFAULT");
    CHECK_ERRNO(syscall(SYS_statfs, t_ptr(1), &sf), EFAULT, "statfs_path_EFAULT");
    fd = open("/tmp", O_RDONLY);
    CHECK_ERRNO(syscall(SYS_fstatfs, fd, t_ptr(1)), EFAULT, "fstatfs_buffer_EFAULT");
    return t_exit_status();
}
