/*
 * creds: the get*id/set*id family and the supplementary groups, by Linux's rules (kernel/sys.c,
 * kernel/groups.c). We start as root; every experiment that gives up root runs in a child of its
 * own (once no uid is 0 there is no way back), which prints its own lines while we wait for it.
 * Also: setuid by root sets real, effective and saved uid; the saved uid lets an unprivileged
 * process switch back; setfsuid returns the old value and never fails; setresuid's no-op case;
 * credentials inherited at fork and kept across exec (which sets the saved ids to the effective
 * ones); group permission through a supplementary
 * group.
 */
#include "t_proc.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/auxv.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define BAD ((void*)t_ptr(8))

static void check_resuid(unsigned r, unsigned e, unsigned s, const char* name)
{
    uid_t a = 99, b = 99, c = 99;
    int ok = syscall(SYS_getresuid, &a, &b, &c) == 0 && a == r && b == e && c == s;
    if (!t_check(ok, name))
        t_print("#   getresuid %u %u %u, expected %u %u %u\n", a, b, c, r, e, s);
}

static void check_resgid(unsigned r, unsigned e, unsigned s, const char* name)
{
    gid_t a = 99, b = 99, c = 99;
    int ok = syscall(SYS_getresgid, &a, &b, &c) == 0 && a == r && b == e && c == s;
    if (!t_check(ok, name))
        t_print("#   getresgid %u %u %u, expected %u %u %u\n", a, b, c, r, e, s);
}

/* The current fsuid/fsgid: setfs*id(-1) changes nothing and returns it. */
static unsigned fsuid_now(void) { return (unsigned)syscall(SYS_setfsuid, -1); }
static unsigned fsgid_now(void) { return (unsigned)syscall(SYS_setfsgid, -1); }

/* Run fn in a child and wait for it; its lines come before ours. */
static void in_child(void (*fn)(void), const char* name)
{
    pid_t pid = t_fork();
    if (pid == 0) {
        fn();
        _exit(t_exit_status());
    }
    CHECK_EXITED(t_wait(pid), 0, name);
}

static void root_drops_everything(void)
{
    CHECK_EQ(setuid(1000), 0, "root_setuid_1000");
    check_resuid(1000, 1000, 1000, "root_setuid_sets_all_three");
    CHECK_EQ(fsuid_now(), 1000, "root_setuid_sets_fsuid");
    CHECK_ERRNO(setuid(0), EPERM, "no_way_back_setuid_EPERM");
    CHECK_ERRNO(syscall(SYS_setresuid, -1, 0, -1), EPERM, "no_way_back_setresuid_EPERM");
    CHECK_ERRNO(syscall(SYS_setreuid, -1, 0), EPERM, "no_way_back_setreuid_EPERM");
    CHECK_ERRNO(syscall(SYS_setreuid, 0, -1), EPERM, "setreuid_real_to_other_EPERM");
    CHECK_EQ(setuid(1000), 0, "setuid_to_own_uid");
    CHECK_EQ(syscall(SYS_setfsuid, 0), 1000, "setfsuid_unprivileged_returns_old");
    CHECK_EQ(fsuid_now(), 1000, "setfsuid_unprivileged_changes_nothing");
    /* gid 0 is still our real gid: allowed; another gid is not. */
    CHECK_ERRNO(syscall(SYS_setgid, 5), EPERM, "unprivileged_setgid_other_EPERM");
    CHECK_EQ(setgid(0), 0, "unprivileged_setgid_real_gid");
    CHECK_ERRNO(syscall(SYS_setgroups, 0, NULL), EPERM, "unprivileged_setgroups_EPERM");
    CHECK_ERRNO(syscall(SYS_setgroups, -1, NULL), EPERM, "unprivileged_setgroups_EPERM_before_EINVAL");
    CHECK_ERRNO(syscall(SYS_setresgid, -1, 7, -1), EPERM, "unprivileged_setresgid_EPERM");
    CHECK_EQ(syscall(SYS_setfsgid, 7), 0, "setfsgid_unprivileged_returns_old");
    CHECK_EQ(fsgid_now(), 0, "setfsgid_unprivileged_changes_nothing");
    /* A child inherits all of it. */
    pid_t pid = t_fork();
    if (pid == 0)
        _exit(getuid() == 1000 && geteuid() == 1000 && fsuid_now() == 1000 ? 0 : 1);
    CHECK_EXITED(t_wait(pid), 0, "fork_inherits_credentials");
}

static void saved_uid_switch(void)
{
    CHECK_EQ(syscall(SYS_setresuid, 1000, 1000, 0), 0, "setresuid_keep_saved_root");
    check_resuid(1000, 1000, 0, "saved_root_kept");
    CHECK_EQ(geteuid(), 1000, "euid_1000");
    /* Unprivileged: setuid only sets the effective uid, here back to the saved 0. */
    CHECK_EQ(setuid(0), 0, "unprivileged_setuid_to_saved");
    check_resuid(1000, 0, 0, "unprivileged_setuid_sets_only_euid");
    /* Privileged again: setuid sets all three. */
    CHECK_EQ(setuid(0), 0, "privileged_again_setuid");
    check_resuid(0, 0, 0, "privileged_setuid_sets_all");
}

static void setreuid_rules(void)
{
    CHECK_EQ(syscall(SYS_setreuid, 1000, 2000), 0, "root_setreuid");
    check_resuid(1000, 2000, 2000, "setreuid_saved_follows_effective");
    CHECK_EQ(syscall(SYS_setreuid, 2000, 1000), 0, "unprivileged_swap_real_and_effective");
    check_resuid(2000, 1000, 1000, "swapped");
    CHECK_ERRNO(syscall(SYS_setreuid, -1, 3000), EPERM, "setreuid_effective_other_EPERM");
    CHECK_ERRNO(syscall(SYS_setreuid, 3000, -1), EPERM, "setreuid_real_other_EPERM");
    CHECK_EQ(syscall(SYS_setreuid, -1, -1), 0, "setreuid_nothing");
    check_resuid(2000, 1000, 1000, "setreuid_nothing_changes_nothing");
}

static void setreuid_saved_rule(void)
{
    /* euid set to something other than the real uid: saved follows. */
    CHECK_EQ(syscall(SYS_setreuid, -1, 1000), 0, "setreuid_effective_only");
    check_resuid(0, 1000, 1000, "saved_follows_new_effective");
    /* euid set back to the real uid, real not set: saved stays. */
    CHECK_EQ(syscall(SYS_setreuid, -1, 0), 0, "setreuid_effective_to_real");
    check_resuid(0, 0, 1000, "saved_stays");
}

static void seteuid_and_back(void)
{
    CHECK_EQ(seteuid(1000), 0, "seteuid_1000");
    check_resuid(0, 1000, 0, "seteuid_changes_effective_only");
    CHECK_EQ(fsuid_now(), 1000, "fsuid_follows_euid");
    CHECK_EQ(seteuid(0), 0, "seteuid_back_to_0");
    check_resuid(0, 0, 0, "back_to_root");
}

static void setresuid_noop(void)
{
    CHECK_EQ(syscall(SYS_setfsuid, 77), 0, "root_setfsuid_77_returns_old");
    CHECK_EQ(syscall(SYS_setfsuid, 77), 77, "setfsuid_again_returns_77");
    CHECK_EQ(syscall(SYS_setresuid, -1, -1, -1), 0, "setresuid_noop");
    CHECK_EQ(fsuid_now(), 77, "setresuid_noop_keeps_fsuid");
    CHECK_EQ(syscall(SYS_setresuid, 0, 0, 0), 0, "setresuid_same_ids");
    CHECK_EQ(fsuid_now(), 0, "setresuid_resets_fsuid_to_euid");
    CHECK_ERRNO(syscall(SYS_setuid, -1), EINVAL, "setuid_minus_one_EINVAL");
    CHECK_ERRNO(syscall(SYS_setgid, -1), EINVAL, "setgid_minus_one_EINVAL");
}

static void gid_rules(void)
{
    CHECK_EQ(syscall(SYS_setresgid, 100, 200, 300), 0, "root_setresgid");
    check_resgid(100, 200, 300, "resgid_set");
    CHECK_EQ(fsgid_now(), 200, "fsgid_follows_egid");
    CHECK_EQ(getgid(), 100, "getgid");
    CHECK_EQ(getegid(), 200, "getegid");
    CHECK_EQ(syscall(SYS_setresuid, 1000, 1000, 1000), 0, "drop_uid");
    CHECK_EQ(setgid(300), 0, "unprivileged_setgid_to_saved");
    check_resgid(100, 300, 300, "setgid_sets_only_egid");
    CHECK_ERRNO(syscall(SYS_setgid, 200), EPERM, "setgid_gone_gid_EPERM");
    CHECK_EQ(syscall(SYS_setregid, 300, -1), 0, "setregid_real_to_effective");
    check_resgid(300, 300, 300, "setregid_saved_follows");
    CHECK_ERRNO(syscall(SYS_setregid, -1, 100), EPERM, "setregid_gone_gid_EPERM");
    CHECK_ERRNO(syscall(SYS_setresgid, -1, 100, -1), EPERM, "setresgid_gone_gid_EPERM");
    CHECK_EQ(syscall(SYS_setfsgid, 5), 300, "setfsgid_returns_old");
    CHECK_EQ(fsgid_now(), 300, "setfsgid_refused_silently");
}

static void groups(void)
{
    gid_t set[] = { 5, 3, 9 }, got[8] = { 0 };
    CHECK_EQ(setgroups(3, set), 0, "setgroups_3");
    CHECK_EQ(getgroups(0, NULL), 3, "getgroups_0_counts");
    CHECK_EQ(getgroups(8, got), 3, "getgroups");
    CHECK(got[0] == 3 && got[1] == 5 && got[2] == 9, "getgroups_sorted");
    CHECK_ERRNO(syscall(SYS_getgroups, 2, got), EINVAL, "getgroups_too_small_EINVAL");
    CHECK_ERRNO(syscall(SYS_getgroups, -1, got), EINVAL, "getgroups_negative_EINVAL");
    CHECK_ERRNO(syscall(SYS_getgroups, 3, BAD), EFAULT, "getgroups_bad_pointer_EFAULT");
    CHECK_ERRNO(syscall(SYS_setgroups, 1, BAD), EFAULT, "setgroups_bad_pointer_EFAULT");
    CHECK_EQ(getgroups(0, NULL), 3, "failed_setgroups_changes_nothing");
    CHECK_ERRNO(syscall(SYS_setgroups, -1, set), EINVAL, "setgroups_negative_EINVAL");
    CHECK_ERRNO(syscall(SYS_setgroups, 65537, set), EINVAL, "setgroups_past_NGROUPS_MAX_EINVAL");
    gid_t dup[] = { 7, 7, 1 };
    CHECK_EQ(setgroups(3, dup), 0, "setgroups_duplicates");
    CHECK(getgroups(8, got) == 3 && got[0] == 1 && got[1] == 7 && got[2] == 7, "duplicates_kept_sorted");
    static gid_t many[65536];
    for (int i = 0; i < 65536; i++)
        many[i] = 65535 - i;
    CHECK_EQ(setgroups(65536, many), 0, "setgroups_NGROUPS_MAX");
    static gid_t back[65536];
    CHECK_EQ(getgroups(65536, back), 65536, "getgroups_NGROUPS_MAX");
    int sorted = 1;
    for (int i = 0; i < 65536; i++)
        sorted &= back[i] == (gid_t)i;
    CHECK(sorted, "many_groups_sorted");
    CHECK_EQ(setgroups(0, NULL), 0, "setgroups_none");
    CHECK_EQ(getgroups(0, NULL), 0, "no_groups");
    CHECK_EQ(syscall(SYS_getgroups, 5, BAD), 0, "getgroups_none_touches_nothing");
    /* Inherited at fork. */
    CHECK_EQ(setgroups(3, set), 0, "setgroups_again");
    pid_t pid = t_fork();
    if (pid == 0)
        _exit(getgroups(0, NULL) == 3 ? 0 : 1);
    CHECK_EXITED(t_wait(pid), 0, "fork_inherits_groups");
}

/* A file of group 5, readable only by its group: through a supplementary group, or not at all. */
static void open_as_member(void)
{
    gid_t five = 5;
    int ok = setgroups(1, &five) == 0 && syscall(SYS_setresgid, 6, 6, 6) == 0
        && syscall(SYS_setresuid, 1000, 1000, 1000) == 0;
    CHECK(ok, "become_user_with_group_5");
    int fd = open("/tmp/creds-group", O_RDONLY);
    CHECK(fd >= 0, "supplementary_group_grants_read");
    close(fd);
    CHECK_ERRNO(open("/tmp/creds-group", O_WRONLY), EACCES, "group_has_no_write");
}

static void open_as_stranger(void)
{
    int ok = setgroups(0, NULL) == 0 && syscall(SYS_setresgid, 6, 6, 6) == 0
        && syscall(SYS_setresuid, 1000, 1000, 1000) == 0;
    CHECK(ok, "become_user_without_group_5");
    CHECK_ERRNO(open("/tmp/creds-group", O_RDONLY), EACCES, "no_group_no_read");
}

static void make_group_file(void)
{
    if (syscall(SYS_setresgid, 5, 5, 5) != 0)
        _exit(1);
    int fd = open("/tmp/creds-group", O_CREAT | O_WRONLY | O_TRUNC, 0040);
    _exit(fd >= 0 ? 0 : 2);
}

static void exec_keeps(void)
{
    gid_t set[] = { 4, 2 };
    int ok = setgroups(2, set) == 0 && syscall(SYS_setresgid, 11, 12, 13) == 0
        && syscall(SYS_setresuid, 1001, 1002, 1003) == 0;
    CHECK(ok, "set_ids_before_exec");
    char* argv[] = { "/proc/self/exe", "after-exec", NULL };
    execv(argv[0], argv);
    t_print("not ok exec\n#   %s\n", t_errname(errno));
    _exit(1);
}

static int after_exec(void)
{
    /* Kept, except that exec sets the saved ids to the effective ones (as after a set-id exec). */
    check_resuid(1001, 1002, 1002, "exec_keeps_uids_saved_becomes_effective");
    check_resgid(11, 12, 12, "exec_keeps_gids_saved_becomes_effective");
    gid_t got[4] = { 0 };
    CHECK(getgroups(4, got) == 2 && got[0] == 2 && got[1] == 4, "exec_keeps_groups");
    CHECK_EQ(getauxval(AT_UID), 1001, "auxv_uid");
    CHECK_EQ(getauxval(AT_EUID), 1002, "auxv_euid");
    CHECK_EQ(getauxval(AT_GID), 11, "auxv_gid");
    CHECK_EQ(getauxval(AT_EGID), 12, "auxv_egid");
    return t_exit_status();
}

int main(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "after-exec") == 0)
        return after_exec();

    CHECK(getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0, "start_as_root");
    check_resuid(0, 0, 0, "resuid_root");
    check_resgid(0, 0, 0, "resgid_root");
    CHECK_EQ(fsuid_now(), 0, "fsuid_root");
    CHECK_EQ(fsgid_now(), 0, "fsgid_root");
    uid_t a;
    CHECK_ERRNO(syscall(SYS_getresuid, BAD, &a, &a), EFAULT, "getresuid_bad_pointer_EFAULT");
    CHECK_ERRNO(syscall(SYS_getresgid, &a, &a, BAD), EFAULT, "getresgid_bad_last_pointer_EFAULT");

    in_child(root_drops_everything, "child_root_drops_everything");
    in_child(saved_uid_switch, "child_saved_uid_switch");
    in_child(setreuid_rules, "child_setreuid_rules");
    in_child(setreuid_saved_rule, "child_setreuid_saved_rule");
    in_child(seteuid_and_back, "child_seteuid_and_back");
    in_child(setresuid_noop, "child_setresuid_noop");
    in_child(gid_rules, "child_gid_rules");
    in_child(groups, "child_groups");

    pid_t pid = t_fork();
    if (pid == 0)
        make_group_file();
    CHECK_EXITED(t_wait(pid), 0, "file_of_group_5");
    struct stat st;
    CHECK(stat("/tmp/creds-group", &st) == 0 && st.st_gid == 5, "new_file_takes_fsgid");
    in_child(open_as_member, "child_open_as_member");
    in_child(open_as_stranger, "child_open_as_stranger");
    unlink("/tmp/creds-group");

    in_child(exec_keeps, "child_exec_keeps");
    check_resuid(0, 0, 0, "parent_still_root");
    return t_exit_status();
}
