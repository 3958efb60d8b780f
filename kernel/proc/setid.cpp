// The set*id rules of Linux's kernel/sys.c (__sys_setuid() and friends) and kernel/groups.c, as
// pure functions of the old credentials: no task, no lock, no memory, so that the host tests
// (tests/host/cred_test.cpp) check them too.

#include <proc/cred.h>

namespace {

constexpr u32 NO_ID = ~0u; // (uid_t)-1: "unchanged" for the set*id calls

// Linux's uid_valid(make_kuid(ns, id)): in the initial user namespace only -1 is not a uid.
bool valid(u32 id) { return id != NO_ID; }

bool is_one_of(u32 id, u32 a, u32 b, u32 c) { return id == a || id == b || id == c; }

} // namespace

bool GroupInfo::contains(u32 gid) const
{
    usize left = 0, right = m_count;
    while (left < right) {
        usize mid = left + (right - left) / 2;
        if (m_gids[mid] == gid)
            return true;
        if (m_gids[mid] < gid)
            left = mid + 1;
        else
            right = mid;
    }
    return false;
}

bool Credentials::in_group(u32 group) const { return group == fsgid || (groups && groups->contains(group)); }

// setuid(): with CAP_SETUID all of real, effective, saved (and fs) uid; without, only the
// effective (and fs) uid, to the real or the saved one.
Result<Credentials> cred_setuid(const Credentials& old, u32 uid)
{
    if (!valid(uid))
        return Errno::EINVAL;
    Credentials fresh = old;
    if (old.capable())
        fresh.uid = fresh.suid = uid;
    else if (uid != old.uid && uid != old.suid)
        return Errno::EPERM;
    fresh.euid = fresh.fsuid = uid;
    return fresh;
}

Result<Credentials> cred_setgid(const Credentials& old, u32 gid)
{
    if (!valid(gid))
        return Errno::EINVAL;
    Credentials fresh = old;
    if (old.capable())
        fresh.gid = fresh.egid = fresh.sgid = fresh.fsgid = gid;
    else if (gid == old.gid || gid == old.sgid)
        fresh.egid = fresh.fsgid = gid;
    else
        return Errno::EPERM;
    return fresh;
}

// setreuid(): the real uid may become the effective one, the effective uid the real or saved one;
// the saved uid follows the new effective uid when the real uid is set, or the effective uid is
// set to something other than the old real uid (BSD semantics, kernel/sys.c).
Result<Credentials> cred_setreuid(const Credentials& old, u32 ruid, u32 euid)
{
    Credentials fresh = old;
    if (ruid != NO_ID) {
        fresh.uid = ruid;
        if (ruid != old.uid && ruid != old.euid && !old.capable())
            return Errno::EPERM;
    }
    if (euid != NO_ID) {
        fresh.euid = euid;
        if (!is_one_of(euid, old.uid, old.euid, old.suid) && !old.capable())
            return Errno::EPERM;
    }
    if (ruid != NO_ID || (euid != NO_ID && euid != old.uid))
        fresh.suid = fresh.euid;
    fresh.fsuid = fresh.euid;
    return fresh;
}

Result<Credentials> cred_setregid(const Credentials& old, u32 rgid, u32 egid)
{
    Credentials fresh = old;
    if (rgid != NO_ID) {
        if (rgid != old.gid && rgid != old.egid && !old.capable())
            return Errno::EPERM;
        fresh.gid = rgid;
    }
    if (egid != NO_ID) {
        if (!is_one_of(egid, old.gid, old.egid, old.sgid) && !old.capable())
            return Errno::EPERM;
        fresh.egid = egid;
    }
    if (rgid != NO_ID || (egid != NO_ID && egid != old.gid))
        fresh.sgid = fresh.egid;
    fresh.fsgid = fresh.egid;
    return fresh;
}

// setresuid(): without CAP_SETUID each new id must be one of the current real, effective and
// saved uids.
Result<Credentials> cred_setresuid(const Credentials& old, u32 ruid, u32 euid, u32 suid)
{
    // Linux's early return when nothing would change (the fsuid then keeps a setfsuid() value).
    if ((ruid == NO_ID || ruid == old.uid) && (euid == NO_ID || (euid == old.euid && euid == old.fsuid))
        && (suid == NO_ID || suid == old.suid))
        return old;
    bool ruid_new = ruid != NO_ID && !is_one_of(ruid, old.uid, old.euid, old.suid);
    bool euid_new = euid != NO_ID && !is_one_of(euid, old.uid, old.euid, old.suid);
    bool suid_new = suid != NO_ID && !is_one_of(suid, old.uid, old.euid, old.suid);
    if ((ruid_new || euid_new || suid_new) && !old.capable())
        return Errno::EPERM;
    Credentials fresh = old;
    if (ruid != NO_ID)
        fresh.uid = ruid;
    if (euid != NO_ID)
        fresh.euid = euid;
    if (suid != NO_ID)
        fresh.suid = suid;
    fresh.fsuid = fresh.euid;
    return fresh;
}

Result<Credentials> cred_setresgid(const Credentials& old, u32 rgid, u32 egid, u32 sgid)
{
    if ((rgid == NO_ID || rgid == old.gid) && (egid == NO_ID || (egid == old.egid && egid == old.fsgid))
        && (sgid == NO_ID || sgid == old.sgid))
        return old;
    bool rgid_new = rgid != NO_ID && !is_one_of(rgid, old.gid, old.egid, old.sgid);
    bool egid_new = egid != NO_ID && !is_one_of(egid, old.gid, old.egid, old.sgid);
    bool sgid_new = sgid != NO_ID && !is_one_of(sgid, old.gid, old.egid, old.sgid);
    if ((rgid_new || egid_new || sgid_new) && !old.capable())
        return Errno::EPERM;
    Credentials fresh = old;
    if (rgid != NO_ID)
        fresh.gid = rgid;
    if (egid != NO_ID)
        fresh.egid = egid;
    if (sgid != NO_ID)
        fresh.sgid = sgid;
    fresh.fsgid = fresh.egid;
    return fresh;
}

// setfsuid(): to any of the real, effective, saved or current fs uid, or anything with
// CAP_SETUID; an id of -1 only asks for the current one.
Credentials cred_setfsuid(const Credentials& old, u32 fsuid)
{
    Credentials fresh = old;
    if (valid(fsuid) && (is_one_of(fsuid, old.uid, old.euid, old.suid) || fsuid == old.fsuid || old.capable()))
        fresh.fsuid = fsuid;
    return fresh;
}

// NOTE: Linux checks CAP_SETGID here, which goes with the effective uid, not the gid.
Credentials cred_setfsgid(const Credentials& old, u32 fsgid)
{
    Credentials fresh = old;
    if (valid(fsgid) && (is_one_of(fsgid, old.gid, old.egid, old.sgid) || fsgid == old.fsgid || old.capable()))
        fresh.fsgid = fsgid;
    return fresh;
}

// Linux's groups_sort(): a heap sort (an insertion sort would be quadratic at NGROUPS_MAX).
void sort_groups(u32* gids, usize count)
{
    auto sift_down = [&](usize root, usize end) {
        while (2 * root + 1 < end) {
            usize child = 2 * root + 1;
            if (child + 1 < end && gids[child] < gids[child + 1])
                ++child;
            if (gids[root] >= gids[child])
                return;
            u32 t = gids[root];
            gids[root] = gids[child];
            gids[child] = t;
            root = child;
        }
    };
    for (usize i = count / 2; i-- > 0;)
        sift_down(i, count);
    for (usize end = count; end > 1; --end) {
        u32 t = gids[0];
        gids[0] = gids[end - 1];
        gids[end - 1] = t;
        sift_down(0, end - 1);
    }
}
