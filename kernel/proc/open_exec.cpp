// Finding the program for execve() (Linux's do_open_execat()): the path through the VFS, then
// the checks that make a file executable at all.

#include <abi/linux/fcntl.h>
#include <fs/mount.h>
#include <fs/vfs.h>
#include <proc/exec.h>

Result<NonnullRefPtr<Inode>> open_exec(const char* path, RefPtr<FileName>* name)
{
    if (!*path)
        return Errno::ENOENT;
    FoundName found;
    auto inode = TRY(vfs_lookup(VfsContext::current(), linux_abi::AT_FDCWD, path, LOOKUP_FOLLOW, &found));
    // Only regular files run; a directory or a device is EACCES, as Linux (may_open()).
    if (!inode->is_regular())
        return Errno::EACCES;
    // path_noexec(): nothing runs from a file system mounted noexec. NOTE: the flag of the
    // newest mount of the file system (fs/mount.h: lookups do not say which mount they crossed).
    if (mount_flags_of(inode->sb()) & MNT_NOEXEC)
        return Errno::EACCES;
    TRY(inode_permission(*inode, MAY_EXEC));
    if (name && found.carried)
        *name = found.carried;
    else if (name && found.dir)
        *name = TRY(FileName::create(found.dir.release_nonnull(), StringView(found.name, found.name_length)));
    return inode;
}
