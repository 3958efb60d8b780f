/*
 * mount: mount(2) and umount2(2) on a fresh tmpfs under /tmp (a fresh tmpfs itself, see
 * tools/user-test.sh): files in it, size= and ENOSPC, statfs, ".." at its root, umount's EBUSY
 * while a file is open or a cwd is inside, MNT_DETACH, EINVAL/ENOENT/ENOTDIR/ENODEV/EFAULT,
 * EPERM for a non-root user, MS_RDONLY and remounts (EROFS), a bind mount, proc and devtmpfs
 * mounts, and the lines of /proc/self/mounts this test created (the rest of the table differs
 * between the host and Sprout).
 */
#include "t.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#define TMPFS_MAGIC_ 0x01021994
#define PROC_MAGIC_ 0x9fa0
#define ST_RDONLY_ 0x0001
#define ST_RELATIME_ 0x1000

/* The options field of the /proc/self/mounts line whose mount point is `dir`, and its source and
 * type, into the buffers; 1 if found. */
static int mount_line(const char* dir, char* source, char* type, char* options)
{
    int fd = open("/proc/self/mounts", O_RDONLY);
    if (fd < 0)
        return 0;
    static char text[65536];
    int n = 0, got;
    while ((got = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
        n += got;
    close(fd);
    text[n] = 0;
    int found = 0;
    for (char* line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char s[256], d[256], t[64], o[256];
        if (sscanf(line, "%255s %255s %63s %255s", s, d, t, o) == 4 && strcmp(d, dir) == 0) {
            strcpy(source, s);
            strcpy(type, t);
            strcpy(options, o);
            found = 1; /* the last one: the topmost mount */
        }
    }
    return found;
}

static void show_line(const char* dir, const char* name)
{
    char s[256], t[64], o[256];
    if (t_check(mount_line(dir, s, t, o), name)) {
        /* ",inode64" depends on the kernel's CONFIG_TMPFS_INODE64 (Debian's says it, a host's
         * may not): left out. */
        char* inode64 = strstr(o, ",inode64");
        if (inode64)
            memmove(inode64, inode64 + 8, strlen(inode64 + 8) + 1);
        t_print("#   %s %s %s %s\n", s, dir, t, o);
    }
}

static int write_file(const char* path, const char* text)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    int n = write(fd, text, strlen(text));
    close(fd);
    return n;
}

static void basics(void)
{
    CHECK_EQ(mkdir("/tmp/mnt", 0755), 0, "mkdir_target");
    struct stat under, top;
    stat("/tmp/mnt", &under);
    CHECK_EQ(mount("none", "/tmp/mnt", "tmpfs", 0, "size=64k,mode=700"), 0, "mount_tmpfs");
    CHECK_EQ(stat("/tmp/mnt", &top), 0, "stat_mount_root");
    CHECK(top.st_dev != under.st_dev, "mount_root_other_device");
    CHECK_EQ(top.st_mode, S_IFDIR | 0700, "mount_root_mode_option");

    char s[256], t[64], o[256];
    CHECK(mount_line("/tmp/mnt", s, t, o), "proc_self_mounts_has_line");
    CHECK(strcmp(s, "none") == 0 && strcmp(t, "tmpfs") == 0, "proc_self_mounts_source_and_type");
    CHECK(strncmp(o, "rw,relatime,size=64k,mode=700", 29) == 0, "proc_self_mounts_options");

    CHECK_EQ(write_file("/tmp/mnt/f", "hello"), 5, "write_in_mount");
    char buf[16] = { 0 };
    int fd = open("/tmp/mnt/f", O_RDONLY);
    CHECK_EQ(read(fd, buf, sizeof(buf)), 5, "read_in_mount");
    close(fd);

    struct statfs sf;
    CHECK_EQ(statfs("/tmp/mnt", &sf), 0, "statfs_mount");
    CHECK_EQ(sf.f_type, TMPFS_MAGIC_, "statfs_tmpfs_magic");
    CHECK_EQ(sf.f_bsize, 4096, "statfs_bsize");
    CHECK_EQ(sf.f_blocks, 16, "statfs_blocks_from_size");
    CHECK_EQ(sf.f_bfree, 15, "statfs_bfree_after_one_page");
    CHECK_EQ(sf.f_namelen, 255, "statfs_namelen");
    CHECK_EQ(sf.f_flags & (ST_RDONLY_ | ST_RELATIME_), ST_RELATIME_, "statfs_flags_rw_relatime");

    /* size=64k: 16 pages, one used; a write of 64 KiB stops after 15 more, the next is ENOSPC. */
    static char big[65536];
    memset(big, 'x', sizeof(big));
    fd = open("/tmp/mnt/f", O_WRONLY);
    CHECK_EQ(pwrite(fd, big, sizeof(big), 4096), 15 * 4096, "write_fills_tmpfs");
    CHECK_ERRNO(pwrite(fd, big, 10, 65536), ENOSPC, "write_full_tmpfs_ENOSPC");
    CHECK_EQ(ftruncate(fd, 5), 0, "truncate_frees_pages");
    close(fd);
    statfs("/tmp/mnt", &sf);
    CHECK_EQ(sf.f_bfree, 15, "statfs_bfree_after_truncate");

    /* A remount changes the size; not below what is in use. */
    fd = open("/tmp/mnt/f", O_WRONLY);
    CHECK_EQ(pwrite(fd, big, 8192, 0), 8192, "write_two_pages");
    close(fd);
    CHECK_EQ(mount(NULL, "/tmp/mnt", NULL, MS_REMOUNT, "size=32k"), 0, "remount_size");
    statfs("/tmp/mnt", &sf);
    CHECK(sf.f_blocks == 8 && sf.f_bfree == 6, "remount_size_statfs");
    CHECK_ERRNO(mount(NULL, "/tmp/mnt", NULL, MS_REMOUNT, "size=4k"), EINVAL, "remount_size_below_use_EINVAL");
    CHECK_ERRNO(mount(NULL, "/tmp/mnt", NULL, MS_REMOUNT, "bogus"), EINVAL, "remount_bad_option_EINVAL");
    CHECK(mount_line("/tmp/mnt", s, t, o) && strncmp(o, "rw,relatime,size=32k,mode=700", 29) == 0, "remount_size_line");

    /* ".." from the mount's root is /tmp. */
    struct stat dotdot, tmp;
    stat("/tmp/mnt/..", &dotdot);
    stat("/tmp", &tmp);
    CHECK(dotdot.st_ino == tmp.st_ino && dotdot.st_dev == tmp.st_dev, "dotdot_leaves_mount");

    /* Busy: an open file, then a cwd inside. */
    fd = open("/tmp/mnt/f", O_RDONLY);
    CHECK_ERRNO(umount("/tmp/mnt"), EBUSY, "umount_busy_open_file");
    close(fd);
    CHECK_EQ(chdir("/tmp/mnt"), 0, "chdir_into_mount");
    CHECK_ERRNO(umount("/tmp/mnt"), EBUSY, "umount_busy_cwd");
    CHECK_EQ(chdir("/"), 0, "chdir_out");

    /* MNT_DETACH with a file open: the open file keeps working, the directory is uncovered. */
    fd = open("/tmp/mnt/f", O_RDONLY);
    CHECK_EQ(umount2("/tmp/mnt", MNT_DETACH), 0, "umount_detach_while_open");
    memset(buf, 0, sizeof(buf));
    CHECK_EQ(pread(fd, buf, 5, 0), 5, "detached_file_still_readable");
    close(fd);
    CHECK_EQ(stat("/tmp/mnt", &top), 0, "stat_after_detach");
    CHECK(top.st_dev == under.st_dev && top.st_ino == under.st_ino, "detach_uncovers_directory");
    CHECK_ERRNO(access("/tmp/mnt/f", F_OK), ENOENT, "detached_files_gone");
    CHECK(!mount_line("/tmp/mnt", s, t, o), "detached_line_gone");
}

static void errors(void)
{
    mkdir("/tmp/plain", 0755);
    write_file("/tmp/plainfile", "x");
    CHECK_ERRNO(umount("/tmp/plain"), EINVAL, "umount_not_mount_point_EINVAL");
    CHECK_ERRNO(umount("/tmp/nonexistent"), ENOENT, "umount_ENOENT");
    CHECK_ERRNO(umount2("/tmp/plain", 0x100), EINVAL, "umount_bad_flags_EINVAL");
    CHECK_ERRNO(mount("none", "/tmp/nonexistent", "tmpfs", 0, NULL), ENOENT, "mount_target_ENOENT");
    CHECK_ERRNO(mount("none", "/tmp/plainfile/x", "tmpfs", 0, NULL), ENOTDIR, "mount_target_component_ENOTDIR");
    CHECK_ERRNO(mount("none", "/tmp/plainfile", "tmpfs", 0, NULL), ENOTDIR, "mount_dir_on_file_ENOTDIR");
    CHECK_ERRNO(mount("none", "/tmp/plain", "nosuchfs", 0, NULL), ENODEV, "mount_unknown_type_ENODEV");
    CHECK_ERRNO(mount("none", "/tmp/plain", NULL, 0, NULL), EINVAL, "mount_no_type_EINVAL");
    CHECK_ERRNO(mount("none", "/tmp/plain", "tmpfs", 0, "bogus=1"), EINVAL, "mount_bad_option_EINVAL");
    CHECK_ERRNO(mount("none", "/tmp/plain", "tmpfs", 0, "size=12q"), EINVAL, "mount_bad_size_EINVAL");
    CHECK_ERRNO(mount("none", t_ptr(1), "tmpfs", 0, NULL), EFAULT, "mount_target_EFAULT");
    CHECK_ERRNO(mount("none", "/tmp/plain", t_ptr(1), 0, NULL), EFAULT, "mount_type_EFAULT");
    CHECK_ERRNO(umount(t_ptr(1)), EFAULT, "umount_EFAULT");
    CHECK_ERRNO(mount("", "/tmp/plain", NULL, MS_BIND, NULL), EINVAL, "bind_empty_source_EINVAL");
    CHECK_ERRNO(mount("/tmp/nonexistent", "/tmp/plain", NULL, MS_BIND, NULL), ENOENT, "bind_missing_source_ENOENT");
    CHECK_ERRNO(mount(NULL, "/tmp/plain", NULL, MS_REMOUNT, NULL), EINVAL, "remount_not_mount_point_EINVAL");

    /* A non-root user may neither mount nor unmount. */
    mount("none", "/tmp/plain", "tmpfs", 0, NULL);
    pid_t child = fork();
    if (child == 0) {
        if (setuid(65534) != 0)
            _exit(2);
        int bad = 0;
        errno = 0;
        bad |= !(mount("none", "/tmp/plain", "tmpfs", 0, NULL) == -1 && errno == EPERM) << 0;
        errno = 0;
        bad |= !(umount("/tmp/plain") == -1 && errno == EPERM) << 1;
        errno = 0;
        bad |= !(umount("/tmp/nonexistent") == -1 && errno == ENOENT) << 2; /* the lookup first */
        errno = 0;
        bad |= !(mount("none", "/tmp/nonexistent", "tmpfs", 0, NULL) == -1 && errno == ENOENT) << 3;
        _exit(bad);
    }
    int status = -1;
    waitpid(child, &status, 0);
    if (!CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "non_root_mount_umount_EPERM"))
        t_print("#   status %#x\n", status);
    CHECK_EQ(umount("/tmp/plain"), 0, "umount_plain");
}

static void readonly(void)
{
    mkdir("/tmp/ro", 0755);
    CHECK_EQ(mount("none", "/tmp/ro", "tmpfs", MS_RDONLY, NULL), 0, "mount_rdonly");
    show_line("/tmp/ro", "rdonly_line");
    CHECK_ERRNO(open("/tmp/ro/f", O_CREAT | O_WRONLY, 0644), EROFS, "rdonly_create_EROFS");
    CHECK_ERRNO(mkdir("/tmp/ro/d", 0755), EROFS, "rdonly_mkdir_EROFS");
    CHECK_ERRNO(chmod("/tmp/ro", 0700), EROFS, "rdonly_chmod_EROFS");
    CHECK_ERRNO(chown("/tmp/ro", 1, 1), EROFS, "rdonly_chown_EROFS");
    struct statfs sf;
    statfs("/tmp/ro", &sf);
    CHECK(sf.f_flags & ST_RDONLY_, "rdonly_statfs_flag");

    CHECK_EQ(mount(NULL, "/tmp/ro", NULL, MS_REMOUNT, NULL), 0, "remount_rw");
    show_line("/tmp/ro", "remount_rw_line");
    CHECK_EQ(write_file("/tmp/ro/f", "data"), 4, "remounted_rw_create");
    int fd = open("/tmp/ro/f", O_WRONLY);
    CHECK_ERRNO(mount(NULL, "/tmp/ro", NULL, MS_REMOUNT | MS_RDONLY, NULL), EBUSY, "remount_ro_busy_writer");
    close(fd);
    CHECK_EQ(mount(NULL, "/tmp/ro", NULL, MS_REMOUNT | MS_RDONLY, NULL), 0, "remount_ro");
    CHECK_ERRNO(unlink("/tmp/ro/f"), EROFS, "remounted_ro_unlink_EROFS");
    CHECK_ERRNO(open("/tmp/ro/f", O_WRONLY), EROFS, "remounted_ro_open_write_EROFS");
    CHECK_ERRNO(truncate("/tmp/ro/f", 0), EROFS, "remounted_ro_truncate_EROFS");
    CHECK_ERRNO(rename("/tmp/ro/f", "/tmp/ro/g"), EROFS, "remounted_ro_rename_EROFS");
    /* EROFS comes before the lookup of the name. */
    CHECK_ERRNO(unlink("/tmp/ro/nonexistent"), EROFS, "ro_unlink_missing_EROFS");
    CHECK_ERRNO(rmdir("/tmp/ro/nonexistent"), EROFS, "ro_rmdir_missing_EROFS");
    CHECK_ERRNO(rename("/tmp/ro/nonexistent", "/tmp/ro/x"), EROFS, "ro_rename_missing_EROFS");
    CHECK_ERRNO(mkdir("/tmp/ro/f", 0755), EEXIST, "ro_mkdir_existing_EEXIST");
    CHECK_ERRNO(unlink("/tmp/ro"), EISDIR, "ro_unlink_mount_root_EISDIR");
    fd = open("/tmp/ro/f", O_RDONLY);
    CHECK(fd >= 0, "remounted_ro_open_read");
    close(fd);
    CHECK_EQ(umount("/tmp/ro"), 0, "umount_ro");
}

/* MS_NOEXEC: a program copied there does not run (EACCES); MS_NOSUID/MS_NODEV are shown. */
static void noexec(void)
{
    mkdir("/tmp/nx", 0755);
    CHECK_EQ(mount("none", "/tmp/nx", "tmpfs", MS_NOEXEC | MS_NOSUID | MS_NODEV, NULL), 0, "mount_noexec");
    show_line("/tmp/nx", "noexec_line");
    CHECK(t_copy_self("/tmp/nx/prog", 0755), "copy_program");
    char* argv[] = { "prog", NULL };
    CHECK_ERRNO(execv("/tmp/nx/prog", argv), EACCES, "exec_on_noexec_EACCES");
    struct statfs sf;
    statfs("/tmp/nx", &sf);
    CHECK_EQ(sf.f_flags & 0x0e, 0x0e, "statfs_nosuid_nodev_noexec");
    CHECK_EQ(umount("/tmp/nx"), 0, "umount_noexec");
}

/* nr_inodes=: every inode, and every extra hard link, counts; ENOSPC past the limit. */
static void inode_limit(void)
{
    mkdir("/tmp/ni", 0755);
    CHECK_EQ(mount("none", "/tmp/ni", "tmpfs", 0, "nr_inodes=4"), 0, "mount_nr_inodes");
    show_line("/tmp/ni", "nr_inodes_line");
    struct statfs sf;
    statfs("/tmp/ni", &sf);
    CHECK(sf.f_files == 4 && sf.f_ffree == 3, "statfs_files_root_counts");
    CHECK_EQ(write_file("/tmp/ni/a", "a"), 1, "inode_a");
    CHECK_EQ(mkdir("/tmp/ni/d", 0755), 0, "inode_d");
    CHECK_EQ(link("/tmp/ni/a", "/tmp/ni/a2"), 0, "inode_link_counts");
    statfs("/tmp/ni", &sf);
    CHECK_EQ(sf.f_ffree, 0, "statfs_ffree_full");
    CHECK_ERRNO(open("/tmp/ni/b", O_CREAT | O_WRONLY, 0644), ENOSPC, "create_past_nr_inodes_ENOSPC");
    CHECK_ERRNO(mkdir("/tmp/ni/e", 0755), ENOSPC, "mkdir_past_nr_inodes_ENOSPC");
    CHECK_ERRNO(symlink("a", "/tmp/ni/l"), ENOSPC, "symlink_past_nr_inodes_ENOSPC");
    CHECK_ERRNO(link("/tmp/ni/a", "/tmp/ni/a3"), ENOSPC, "link_past_nr_inodes_ENOSPC");
    CHECK_EQ(unlink("/tmp/ni/a2"), 0, "unlink_extra_link");
    statfs("/tmp/ni", &sf);
    CHECK_EQ(sf.f_ffree, 1, "extra_link_gives_back");
    CHECK_EQ(rmdir("/tmp/ni/d"), 0, "rmdir_frees");
    statfs("/tmp/ni", &sf);
    CHECK_EQ(sf.f_ffree, 2, "rmdir_gives_back");
    CHECK_ERRNO(mount(NULL, "/tmp/ni", NULL, MS_REMOUNT, "nr_inodes=1"), EINVAL, "remount_nr_inodes_below_use_EINVAL");
    CHECK_EQ(mount(NULL, "/tmp/ni", NULL, MS_REMOUNT, "nr_inodes=10"), 0, "remount_nr_inodes");
    statfs("/tmp/ni", &sf);
    CHECK(sf.f_files == 10 && sf.f_ffree == 8, "remount_nr_inodes_statfs");
    CHECK_EQ(umount("/tmp/ni"), 0, "umount_nr_inodes");
}

static void bind(void)
{
    mkdir("/tmp/src", 0755);
    mkdir("/tmp/bind", 0755);
    CHECK_EQ(mount("none", "/tmp/src", "tmpfs", 0, NULL), 0, "mount_bind_source_fs");
    mkdir("/tmp/src/sub", 0755);
    write_file("/tmp/src/sub/g", "bound");
    CHECK_EQ(mount("/tmp/src/sub", "/tmp/bind", NULL, MS_BIND, NULL), 0, "bind_mount");
    struct stat a, b;
    stat("/tmp/src/sub/g", &a);
    CHECK(stat("/tmp/bind/g", &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev, "bind_same_file");
    write_file("/tmp/bind/h", "new");
    CHECK_EQ(access("/tmp/src/sub/h", F_OK), 0, "bind_create_visible_in_source");
    char s[256], t[64], o[256];
    CHECK(mount_line("/tmp/bind", s, t, o) && strcmp(t, "tmpfs") == 0, "bind_line_type");
    /* A bind of a directory of /tmp's own file system, while /tmp/src is mounted there too. */
    mkdir("/tmp/plain2", 0755);
    mkdir("/tmp/bind2", 0755);
    CHECK_EQ(mount("/tmp/plain2", "/tmp/bind2", NULL, MS_BIND, NULL), 0, "bind_tmp_directory");
    CHECK_EQ(umount("/tmp/bind2"), 0, "umount_bind_beside_other_mount");
    CHECK_EQ(umount("/tmp/bind"), 0, "umount_bind");
    CHECK_ERRNO(access("/tmp/bind/g", F_OK), ENOENT, "bind_gone");
    CHECK_EQ(access("/tmp/src/sub/g", F_OK), 0, "bind_source_stays");
    CHECK_EQ(umount("/tmp/src"), 0, "umount_bind_source_fs");
}

static void other_types(void)
{
    mkdir("/tmp/p", 0755);
    CHECK_EQ(mount("proc", "/tmp/p", "proc", 0, NULL), 0, "mount_proc");
    CHECK_EQ(access("/tmp/p/self/status", R_OK), 0, "proc_mount_has_self");
    struct statfs sf;
    CHECK(statfs("/tmp/p", &sf) == 0 && sf.f_type == PROC_MAGIC_, "statfs_proc_magic");
    show_line("/tmp/p", "proc_line");
    CHECK_EQ(umount("/tmp/p"), 0, "umount_proc");

    mkdir("/tmp/d", 0755);
    CHECK_EQ(mount("devtmpfs", "/tmp/d", "devtmpfs", 0, NULL), 0, "mount_devtmpfs");
    struct stat st;
    CHECK(stat("/tmp/d/null", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3), "devtmpfs_has_null");
    CHECK_EQ(umount("/tmp/d"), 0, "umount_devtmpfs");

    /* Stacked mounts: the newest is seen, and unmounting it uncovers the older. */
    mkdir("/tmp/stack", 0755);
    mount("one", "/tmp/stack", "tmpfs", 0, NULL);
    write_file("/tmp/stack/first", "1");
    CHECK_EQ(mount("two", "/tmp/stack", "tmpfs", 0, NULL), 0, "mount_stacked");
    CHECK_ERRNO(access("/tmp/stack/first", F_OK), ENOENT, "stacked_hides_older");
    show_line("/tmp/stack", "stacked_line_is_newest");
    CHECK_EQ(umount("/tmp/stack"), 0, "umount_stacked");
    CHECK_EQ(access("/tmp/stack/first", F_OK), 0, "older_uncovered");
    CHECK_EQ(umount("/tmp/stack"), 0, "umount_older");
}

int main(void)
{
    basics();
    errors();
    readonly();
    noexec();
    inode_limit();
    bind();
    other_types();
    return t_exit_status();
}
