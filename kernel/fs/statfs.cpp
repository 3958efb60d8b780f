#include <fs/mount.h>
#include <fs/statfs.h>
#include <lib/string.h>

using namespace linux_abi;

namespace {

// flags_by_mnt() | flags_by_sb() | ST_VALID (calculate_f_flags()).
u64 calculate_f_flags(const SuperBlock& sb)
{
    u32 mnt_flags = mount_flags_of(sb);
    u64 flags = ST_VALID;
    if ((mnt_flags & MNT_READONLY) || sb.is_readonly())
        flags |= ST_RDONLY;
    if (mnt_flags & MNT_NOSUID)
        flags |= ST_NOSUID;
    if (mnt_flags & MNT_NODEV)
        flags |= ST_NODEV;
    if (mnt_flags & MNT_NOEXEC)
        flags |= ST_NOEXEC;
    if (mnt_flags & MNT_NOATIME)
        flags |= ST_NOATIME;
    if (mnt_flags & MNT_NODIRATIME)
        flags |= ST_NODIRATIME;
    if (mnt_flags & MNT_RELATIME)
        flags |= ST_RELATIME;
    if (mnt_flags & MNT_NOSYMFOLLOW)
        flags |= ST_NOSYMFOLLOW;
    return flags;
}

} // namespace

void vfs_statfs(const Inode& inode, linux_abi::statfs& out)
{
    memset(&out, 0, sizeof(out));
    inode.sb().statfs(out);
    if (out.f_frsize == 0)
        out.f_frsize = out.f_bsize;
    out.f_flags = i64(calculate_f_flags(inode.sb()));
}
