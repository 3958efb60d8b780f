// The get*id/set*id family and the supplementary groups: decode, then proc/cred.cpp's rules.

#include <mm/uaccess.h>
#include <proc/cred.h>
#include <syscall/syscall.h>

static Result<i64> sys_getuid() { return current_cred().uid; }
SYSCALL_DEFINE(getuid)
static Result<i64> sys_geteuid() { return current_cred().euid; }
SYSCALL_DEFINE(geteuid)
static Result<i64> sys_getgid() { return current_cred().gid; }
SYSCALL_DEFINE(getgid)
static Result<i64> sys_getegid() { return current_cred().egid; }
SYSCALL_DEFINE(getegid)

// Three put_user()s in order: an EFAULT on a later one leaves the earlier ones written, as Linux.
static Result<i64> put_ids(u32* user_real, u32* user_effective, u32* user_saved, u32 real, u32 effective, u32 saved)
{
    TRY(put_user(user_real, real));
    TRY(put_user(user_effective, effective));
    TRY(put_user(user_saved, saved));
    return 0;
}

static Result<i64> sys_getresuid(u32* user_ruid, u32* user_euid, u32* user_suid)
{
    Credentials cred = current_cred();
    return put_ids(user_ruid, user_euid, user_suid, cred.uid, cred.euid, cred.suid);
}
SYSCALL_DEFINE(getresuid)

static Result<i64> sys_getresgid(u32* user_rgid, u32* user_egid, u32* user_sgid)
{
    Credentials cred = current_cred();
    return put_ids(user_rgid, user_egid, user_sgid, cred.gid, cred.egid, cred.sgid);
}
SYSCALL_DEFINE(getresgid)

static Result<i64> commit(Result<Credentials> fresh)
{
    if (fresh.is_error())
        return fresh.error();
    TRY(commit_creds(fresh.release_value()));
    return 0;
}

static Result<i64> sys_setuid(u32 uid) { return commit(cred_setuid(current_cred(), uid)); }
SYSCALL_DEFINE(setuid)
static Result<i64> sys_setgid(u32 gid) { return commit(cred_setgid(current_cred(), gid)); }
SYSCALL_DEFINE(setgid)
static Result<i64> sys_setreuid(u32 ruid, u32 euid) { return commit(cred_setreuid(current_cred(), ruid, euid)); }
SYSCALL_DEFINE(setreuid)
static Result<i64> sys_setregid(u32 rgid, u32 egid) { return commit(cred_setregid(current_cred(), rgid, egid)); }
SYSCALL_DEFINE(setregid)
static Result<i64> sys_setresuid(u32 ruid, u32 euid, u32 suid)
{
    return commit(cred_setresuid(current_cred(), ruid, euid, suid));
}
SYSCALL_DEFINE(setresuid)
static Result<i64> sys_setresgid(u32 rgid, u32 egid, u32 sgid)
{
    return commit(cred_setresgid(current_cred(), rgid, egid, sgid));
}
SYSCALL_DEFINE(setresgid)

// setfsuid()/setfsgid() return the old value, whether or not they changed it; never an error.
static Result<i64> sys_setfsuid(u32 fsuid)
{
    u32 old = current_cred().fsuid;
    Credentials fresh = cred_setfsuid(current_cred(), fsuid);
    if (fresh.fsuid != old)
        (void)commit_creds(static_cast<Credentials&&>(fresh)); // same real uid: cannot fail
    return old;
}
SYSCALL_DEFINE(setfsuid)

static Result<i64> sys_setfsgid(u32 fsgid)
{
    u32 old = current_cred().fsgid;
    Credentials fresh = cred_setfsgid(current_cred(), fsgid);
    if (fresh.fsgid != old)
        (void)commit_creds(static_cast<Credentials&&>(fresh));
    return old;
}
SYSCALL_DEFINE(setfsgid)

// getgroups(0, ...) counts; a smaller non-zero size is EINVAL (kernel/groups.c).
static Result<i64> sys_getgroups(int size, u32* user_list)
{
    if (size < 0)
        return Errno::EINVAL;
    Credentials cred = current_cred();
    usize count = cred.group_count();
    if (size == 0)
        return i64(count);
    if (count > usize(size))
        return Errno::EINVAL;
    if (count)
        TRY(copy_to_user(user_list, cred.groups->gids(), count * sizeof(u32)));
    return i64(count);
}
SYSCALL_DEFINE(getgroups)

static Result<i64> sys_setgroups(int size, const u32* user_list)
{
    // A negative size is a huge unsigned one: EINVAL, after the EPERM check (Linux's order).
    TRY(set_current_groups(user_list, usize(u32(size))));
    return 0;
}
SYSCALL_DEFINE(setgroups)
