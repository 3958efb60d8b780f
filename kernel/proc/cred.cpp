// Installing credentials: commit_creds() and setgroups(). The set*id rules themselves are pure
// functions in setid.cpp (host-tested); each call is one of them, then one commit_creds(), as in
// Linux's prepare_creds()/commit_creds() pair.

#include <mm/slab.h>
#include <mm/uaccess.h>
#include <proc/cred.h>
#include <proc/process.h>
#include <proc/rlimit.h>
#include <proc/task.h>
#include <sched/sched.h>

GroupInfo::~GroupInfo() { kfree(m_gids); }

const Credentials& current_cred() { return current()->creds; }

Result<void> commit_creds(Credentials fresh)
{
    Task& task = *current();
    if (fresh.uid != task.creds.uid) {
        // The RLIMIT_NPROC slot moves to the new real user (Linux: set_user(), then
        // commit_creds()'s inc/dec of the ucounts). Linux's flag_nproc_exceeded() looks at the new
        // user's count before this task joins it; root (INIT_USER) is never flagged.
        u64 limit = current_process().rlimits[RLIMIT_NPROC].soft;
        bool exceeded = fresh.uid != 0 && nproc_over_limit(fresh.uid, limit);
        auto charge = NprocCharge::take(fresh.uid);
        if (charge.is_error())
            return Errno::EAGAIN; // Linux's set_user() when it cannot allocate the new user
        task.nproc = charge.release_value();
        task.nproc_exceeded = exceeded;
    }
    // Others read a task's credentials under tasklist_lock (kill, prlimit): swap them under it,
    // and let the old groups go after.
    Credentials old;
    {
        SpinlockGuard guard(tasklist_lock);
        old = static_cast<Credentials&&>(task.creds);
        task.creds = static_cast<Credentials&&>(fresh);
    }
    return {};
}

Result<void> set_current_groups(const u32* user_gids, usize count)
{
    if (!current_cred().capable())
        return Errno::EPERM;
    if (count > NGROUPS_MAX)
        return Errno::EINVAL;
    u32* gids = nullptr;
    if (count) {
        gids = static_cast<u32*>(kmalloc(count * sizeof(u32)));
        if (!gids)
            return Errno::ENOMEM;
    }
    auto groups = try_make_ref_counted<GroupInfo>(gids, count);
    if (groups.is_error()) {
        kfree(gids);
        return groups.error();
    }
    // From here the GroupInfo owns the array.
    TRY(copy_from_user(gids, user_gids, count * sizeof(u32)));
    sort_groups(gids, count);
    Credentials fresh = current_cred();
    fresh.groups = count ? RefPtr<GroupInfo>(groups.release_value()) : nullptr;
    return commit_creds(static_cast<Credentials&&>(fresh));
}

bool ptrace_creds_allow(const Credentials& caller, const Credentials& target, PtraceCreds mode)
{
    u32 uid = mode == PtraceCreds::FsCreds ? caller.fsuid : caller.uid;
    u32 gid = mode == PtraceCreds::FsCreds ? caller.fsgid : caller.gid;
    if (uid == target.uid && uid == target.euid && uid == target.suid && gid == target.gid && gid == target.egid
        && gid == target.sgid)
        return true;
    return caller.capable();
}

bool same_owner_or_capable(const Credentials& caller, const Credentials& target)
{
    return caller.euid == target.uid || caller.euid == target.euid || caller.capable();
}
