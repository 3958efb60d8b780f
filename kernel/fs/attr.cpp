// chmod and chown with Linux's permission and setuid/setgid rules (attr.h).

#include <abi/linux/stat.h>
#include <fs/attr.h>
#include <fs/super.h>

using namespace linux_abi;

namespace {

constexpr u32 NO_ID = ~u32(0);

// Sprout's capabilities follow the fsuid for file-system checks (see proc/cred.h).
bool fs_capable(const Credentials& cred) { return cred.fsuid == 0; }

// inode_owner_or_capable(): the owner, or CAP_FOWNER.
bool owner_or_capable(const Inode& inode, const Credentials& cred)
{
    return cred.fsuid == inode.uid() || fs_capable(cred);
}

// in_group_or_capable(): in the group, or CAP_FSETID.
bool in_group_or_capable(u32 gid, const Credentials& cred) { return cred.in_group(gid) || fs_capable(cred); }

} // namespace

Result<void> vfs_chmod(Inode& inode, u32 mode, const Credentials& cred)
{
    TRY(sb_want_write(inode.sb()));
    if (!owner_or_capable(inode, cred))
        return Errno::EPERM;
    mode &= S_IALLUGO;
    // setattr_prepare(): "Also check the setgid bit!"
    if (!in_group_or_capable(inode.gid(), cred))
        mode &= ~S_ISGID;
    inode.set_mode_bits(mode);
    return {};
}

Result<void> vfs_chown(Inode& inode, u32 uid, u32 gid, const Credentials& cred)
{
    TRY(sb_want_write(inode.sb()));
    u32 old_uid = inode.uid();
    u32 old_gid = inode.gid();
    bool set_uid = uid != NO_ID;
    bool set_gid = gid != NO_ID;

    // chown_ok() and chgrp_ok().
    if (set_uid && !((cred.fsuid == old_uid && uid == old_uid) || fs_capable(cred)))
        return Errno::EPERM;
    if (set_gid && !((cred.fsuid == old_uid && (gid == old_gid || cred.in_group(gid))) || fs_capable(cred)))
        return Errno::EPERM;

    // ATTR_KILL_SUID, setattr_should_drop_sgid(): what notify_change() turns into a mode change.
    u32 mode = inode.mode() & S_IALLUGO;
    u32 new_mode = mode;
    if (!inode.is_directory()) {
        new_mode &= ~S_ISUID;
        if ((mode & S_ISGID) && ((mode & 0010) /* S_IXGRP */ || !in_group_or_capable(old_gid, cred)))
            new_mode &= ~S_ISGID;
    }
    if (new_mode != mode) {
        // A mode change needs the owner or CAP_FOWNER (setattr_prepare()'s ATTR_MODE check),
        // and loses S_ISGID when the caller is outside the (new) group.
        if (!owner_or_capable(inode, cred))
            return Errno::EPERM;
        if (!in_group_or_capable(set_gid ? gid : old_gid, cred))
            new_mode &= ~S_ISGID;
    }
    inode.set_owner(set_uid ? uid : old_uid, set_gid ? gid : old_gid);
    if (new_mode != mode)
        inode.set_mode_bits(new_mode);
    inode.touch_ctime();
    return {};
}
