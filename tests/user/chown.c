/*
 * chown: chown, fchown, lchown, fchownat with Linux's rules (fs/open.c chown_common(), fs/attr.c
 * setattr_prepare()): root may set any ids; -1 leaves an id alone; an owner may set the group to
 * one of its groups but not give the file away (EPERM); chown clears S_ISUID on a regular file
 * even for root, and S_ISGID when the group may execute; ctime moves even for chown(f, -1, -1);
 * lchown changes a symlink itself; ENOENT, EFAULT, EINVAL, EBADF; chmod's setgid rule.
 */
#include "t.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <grp.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static unsigned mode_of(const char* path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0xffffffff;
    return st.st_mode & 07777;
}

static void ids_of(const char* path, unsigned* uid, unsigned* gid)
{
    struct stat st;
    *uid = *gid = 0xffffffff;
    if (lstat(path, &st) == 0) {
        *uid = st.st_uid;
        *gid = st.st_gid;
    }
}

static void make(const char* path, unsigned mode)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    close(fd);
    chmod(path, mode);
}

static void as_root(void)
{
    unsigned uid, gid;
    make("/tmp/c1", 0644);
    CHECK_EQ(chown("/tmp/c1", 1000, 2000), 0, "root_chown");
    ids_of("/tmp/c1", &uid, &gid);
    CHECK(uid == 1000 && gid == 2000, "root_chown_ids");
    CHECK_EQ(chown("/tmp/c1", -1, 3000), 0, "root_chown_gid_only");
    ids_of("/tmp/c1", &uid, &gid);
    CHECK(uid == 1000 && gid == 3000, "minus_one_keeps_uid");
    CHECK_EQ(chown("/tmp/c1", 4000, -1), 0, "root_chown_uid_only");
    ids_of("/tmp/c1", &uid, &gid);
    CHECK(uid == 4000 && gid == 3000, "minus_one_keeps_gid");

    /* Root's chown clears S_ISUID, and S_ISGID with group execute; not S_ISGID alone. */
    make("/tmp/suid", 06755);
    CHECK_EQ(mode_of("/tmp/suid"), 06755, "suid_set");
    CHECK_EQ(chown("/tmp/suid", 0, 0), 0, "root_chown_suid_file");
    CHECK_EQ(mode_of("/tmp/suid"), 0755, "root_chown_clears_suid_and_sgid");
    make("/tmp/sgid", 02745);
    chown("/tmp/sgid", 0, 0);
    CHECK_EQ(mode_of("/tmp/sgid"), 02745, "root_chown_keeps_sgid_without_group_x");
    make("/tmp/suid2", 04700);
    CHECK_EQ(chown("/tmp/suid2", -1, -1), 0, "chown_minus_one_minus_one");
    CHECK_EQ(mode_of("/tmp/suid2"), 0700, "chown_minus_one_still_clears_suid");
    mkdir("/tmp/sdir", 0755);
    chmod("/tmp/sdir", 06755);
    chown("/tmp/sdir", 5, 5);
    CHECK_EQ(mode_of("/tmp/sdir"), 06755, "chown_keeps_bits_on_directory");

    /* ctime moves even when nothing changes. */
    struct stat before, after;
    make("/tmp/ct", 0644);
    stat("/tmp/ct", &before);
    struct timespec times[2] = { { 1, 0 }, { 1, 0 } };
    utimensat(AT_FDCWD, "/tmp/ct", times, 0); /* ctime := now, mtime := 1 */
    stat("/tmp/ct", &before);
    usleep(20000);
    chown("/tmp/ct", -1, -1);
    stat("/tmp/ct", &after);
    CHECK(after.st_ctim.tv_sec > before.st_ctim.tv_sec
            || (after.st_ctim.tv_sec == before.st_ctim.tv_sec && after.st_ctim.tv_nsec > before.st_ctim.tv_nsec),
        "chown_updates_ctime");
    CHECK_EQ(after.st_mtim.tv_sec, 1, "chown_keeps_mtime");

    /* lchown: the link itself; chown follows it. */
    make("/tmp/target", 0644);
    symlink("/tmp/target", "/tmp/link");
    CHECK_EQ(lchown("/tmp/link", 7, 8), 0, "lchown_link");
    ids_of("/tmp/link", &uid, &gid);
    CHECK(uid == 7 && gid == 8, "lchown_changes_link");
    ids_of("/tmp/target", &uid, &gid);
    CHECK(uid == 0 && gid == 0, "lchown_leaves_target");
    CHECK_EQ(chown("/tmp/link", 9, 10), 0, "chown_through_link");
    ids_of("/tmp/target", &uid, &gid);
    CHECK(uid == 9 && gid == 10, "chown_follows_link");
    CHECK_EQ(fchownat(AT_FDCWD, "/tmp/link", 11, 12, AT_SYMLINK_NOFOLLOW), 0, "fchownat_nofollow");
    ids_of("/tmp/link", &uid, &gid);
    CHECK(uid == 11 && gid == 12, "fchownat_nofollow_changes_link");

    int fd = open("/tmp/target", O_RDONLY);
    CHECK_EQ(fchown(fd, 13, 14), 0, "fchown");
    CHECK_EQ(fchownat(fd, "", 15, 16, AT_EMPTY_PATH), 0, "fchownat_empty_path");
    ids_of("/tmp/target", &uid, &gid);
    CHECK(uid == 15 && gid == 16, "fchownat_empty_path_ids");
    CHECK_ERRNO(fchownat(fd, "", 1, 1, 0), ENOENT, "fchownat_empty_path_without_flag_ENOENT");
    CHECK_ERRNO(fchownat(fd, "", 1, 1, 0x4000), EINVAL, "fchownat_bad_flag_EINVAL");
    close(fd);
    CHECK_ERRNO(syscall(SYS_fchown, fd, 1, 1), EBADF, "fchown_EBADF");
    fd = open("/tmp/target", O_PATH);
    /* The raw call: musl retries an EBADF through /proc/self/fd. */
    CHECK_ERRNO(syscall(SYS_fchown, fd, 1, 1), EBADF, "fchown_o_path_EBADF");
    close(fd);
    CHECK_ERRNO(chown("/tmp/nonexistent", 1, 1), ENOENT, "chown_ENOENT");
    CHECK_ERRNO(chown(t_ptr(1), 1, 1), EFAULT, "chown_EFAULT");
    CHECK_ERRNO(chown("/tmp/target/x", 1, 1), ENOTDIR, "chown_ENOTDIR");
}

/* As uid 1000 with groups 1000 and 2000 (set by root before dropping). */
static int non_root_child(void)
{
    int bad = 0, bit = 0;
#define EXPECT(cond) bad |= !(cond) << bit++
    unsigned uid, gid;
    /* Owner may set its own group, and to a supplementary group; not to another. */
    EXPECT(chown("/tmp/mine", -1, 2000) == 0);
    ids_of("/tmp/mine", &uid, &gid);
    EXPECT(uid == 1000 && gid == 2000);
    errno = 0;
    EXPECT(chown("/tmp/mine", -1, 3000) == -1 && errno == EPERM);
    /* Giving it away is EPERM; "changing" the uid to itself is allowed. */
    errno = 0;
    EXPECT(chown("/tmp/mine", 0, -1) == -1 && errno == EPERM);
    EXPECT(chown("/tmp/mine", 1000, 1000) == 0);
    /* Someone else's file: EPERM even for its group. */
    errno = 0;
    EXPECT(chown("/tmp/theirs", -1, 1000) == -1 && errno == EPERM);
    /* chown(-1, -1) of someone else's plain file succeeds; of a setuid one it is EPERM. */
    EXPECT(chown("/tmp/theirs", -1, -1) == 0);
    errno = 0;
    EXPECT(chown("/tmp/theirs_suid", -1, -1) == -1 && errno == EPERM);
    /* The owner's chown clears both bits (group execute set). */
    EXPECT(chown("/tmp/mine_suid", -1, 2000) == 0);
    EXPECT(mode_of("/tmp/mine_suid") == 0755);
    /* chmod by a non-member: S_ISGID dropped. */
    EXPECT(chmod("/tmp/mine_othergroup", 02755) == 0);
    EXPECT(mode_of("/tmp/mine_othergroup") == 0755);
    EXPECT(chmod("/tmp/mine", 02755) == 0);
    EXPECT(mode_of("/tmp/mine") == 02755);
    return bad;
#undef EXPECT
}

static void as_user(void)
{
    make("/tmp/mine", 0644);
    chown("/tmp/mine", 1000, 1000);
    make("/tmp/theirs", 0644);
    chown("/tmp/theirs", 0, 1000);
    make("/tmp/theirs_suid", 0644);
    chown("/tmp/theirs_suid", 0, 1000);
    chmod("/tmp/theirs_suid", 04755);
    make("/tmp/mine_suid", 0644);
    chown("/tmp/mine_suid", 1000, 1000);
    chmod("/tmp/mine_suid", 06755);
    make("/tmp/mine_othergroup", 0644);
    chown("/tmp/mine_othergroup", 1000, 5000);

    pid_t child = fork();
    if (child == 0) {
        gid_t groups[] = { 2000 };
        if (setgroups(1, groups) != 0 || setgid(1000) != 0 || setuid(1000) != 0)
            _exit(255);
        _exit(non_root_child());
    }
    int status = -1;
    waitpid(child, &status, 0);
    if (!CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "non_root_chown_rules"))
        t_print("#   status %#x\n", status);
    CHECK_EQ(mode_of("/tmp/theirs_suid"), 04755, "refused_chown_keeps_suid");
}

int main(void)
{
    as_root();
    as_user();
    return t_exit_status();
}
