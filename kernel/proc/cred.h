#pragma once
// Credentials: who a task acts as (Linux's struct cred, include/linux/cred.h). They belong to the
// task (task->cred), are copied at fork and kept across exec. The rules for changing them are
// Linux's kernel/sys.c and kernel/groups.c (cred.cpp).
//
// NOTE: Sprout has no capabilities. Linux's capability rules make "effective uid 0" and "holds
// CAP_SETUID, CAP_SETGID, CAP_SYS_RESOURCE, CAP_KILL" the same thing for every state a process can
// reach with the set*id calls (without securebits): the capabilities are dropped when no uid is 0
// any more, and come back into the effective set exactly when the euid becomes 0 again. So
// `capable()` here is `euid == 0`; file-system checks (CAP_DAC_OVERRIDE, CAP_FOWNER) follow the
// fsuid the same way.

#include <lib/refptr.h>
#include <lib/result.h>
#include <lib/types.h>

// Linux's NGROUPS_MAX (include/uapi/linux/limits.h; also a C library macro).
#undef NGROUPS_MAX
inline constexpr usize NGROUPS_MAX = 65536;

// The supplementary groups, sorted (setgroups sorts them, as Linux's groups_sort()). Never changed
// once made: a task that changes its groups gets a new GroupInfo, so sharing one is safe.
class GroupInfo : public RefCounted<GroupInfo> {
public:
    // Takes `count` gids (already sorted); `gids` is a kmalloc()ed array, or null when count is 0.
    GroupInfo(u32* gids, usize count)
        : m_gids(gids)
        , m_count(count)
    {
    }
    ~GroupInfo();
    usize count() const { return m_count; }
    const u32* gids() const { return m_gids; }
    bool contains(u32 gid) const; // a binary search (Linux's groups_search())

private:
    u32* m_gids;
    usize m_count;
};

struct Credentials {
    u32 uid { 0 }, euid { 0 }, suid { 0 }, fsuid { 0 };
    u32 gid { 0 }, egid { 0 }, sgid { 0 }, fsgid { 0 };
    RefPtr<GroupInfo> groups; // null: no supplementary groups

    // CAP_SETUID, CAP_SETGID, CAP_SYS_RESOURCE, ... (see the NOTE above).
    bool capable() const { return euid == 0; }
    // Linux's in_group_p(): the fsgid or a supplementary group (file permission checks).
    bool in_group(u32 gid) const;
    usize group_count() const { return groups ? groups->count() : 0; }
};

// The calling task's credentials (Linux's current_cred()).
const Credentials& current_cred();

// Linux's __ptrace_may_access() on credentials alone: may `caller` look into a task acting as
// `target`? Yes if the caller's uid (its fsuid with FsCreds, its real uid with RealCreds) is the
// target's real, effective and saved uid and likewise for the gids, or if the caller is
// privileged (CAP_SYS_PTRACE). (Sprout has no dumpable flag: set-uid exec is not done.)
enum class PtraceCreds { FsCreds, RealCreds };
bool ptrace_creds_allow(const Credentials& caller, const Credentials& target, PtraceCreds mode);
// Linux's check_same_owner() and set_one_prio_perm(): may `caller` change a task acting as
// `target` (its nice value, its CPUs)? Its effective uid is the target's real or effective uid,
// or it is privileged (CAP_SYS_NICE).
bool same_owner_or_capable(const Credentials& caller, const Credentials& target);

// The set*id rules of Linux's kernel/sys.c, as pure functions: each checks the caller's `old`
// credentials and returns the new ones (EPERM when not allowed, EINVAL for an id of -1 where
// Linux refuses it). Nothing is committed; commit_creds() does that. An id of -1 (u32 ~0) means
// "leave unchanged" where Linux says so.
Result<Credentials> cred_setuid(const Credentials& old, u32 uid);
Result<Credentials> cred_setgid(const Credentials& old, u32 gid);
Result<Credentials> cred_setreuid(const Credentials& old, u32 ruid, u32 euid);
Result<Credentials> cred_setregid(const Credentials& old, u32 rgid, u32 egid);
// setresuid/setresgid: a call that changes nothing returns `old` as it is (Linux's early no-op
// return, which e.g. leaves an fsuid set by setfsuid() alone).
Result<Credentials> cred_setresuid(const Credentials& old, u32 ruid, u32 euid, u32 suid);
Result<Credentials> cred_setresgid(const Credentials& old, u32 rgid, u32 egid, u32 sgid);
// setfsuid()/setfsgid() never fail: the new credentials, or `old` when not allowed.
Credentials cred_setfsuid(const Credentials& old, u32 fsuid);
Credentials cred_setfsgid(const Credentials& old, u32 fsgid);

// Sort gids in place, as setgroups() does (Linux's groups_sort()).
void sort_groups(u32* gids, usize count);

// Install `fresh` as the calling task's credentials (Linux's commit_creds()). When the real uid
// changes, the task's RLIMIT_NPROC slot moves to the new user (EAGAIN if that cannot be
// recorded, before anything changed) and, if the new user is already over the limit, the task is
// marked so that its next execve fails (Linux's flag_nproc_exceeded()).
Result<void> commit_creds(Credentials fresh);

// setgroups(): `count` gids copied from user memory, sorted, installed. EPERM for non-root,
// EINVAL past NGROUPS_MAX, EFAULT.
Result<void> set_current_groups(const u32* user_gids, usize count);
