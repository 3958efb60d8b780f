// Changing a file's attributes: chmod, fchmod, fchmodat, chown, fchown, lchown, fchownat (Linux's
// fs/open.c); the rules are in fs/attr.cpp.

#include <fs/attr.h>
#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace fs_syscall;

namespace {

Result<i64> chmod_common(Inode& inode, u32 mode)
{
    TRY(vfs_chmod(inode, mode, current_cred()));
    return 0;
}

Result<i64> chown_common(Inode& inode, u32 uid, u32 gid)
{
    TRY(vfs_chown(inode, uid, gid, current_cred()));
    return 0;
}

} // namespace

static Result<i64> sys_fchmodat(int dirfd, const char* user_path, u32 mode)
{
    auto path = TRY(KernelPath::from_user(user_path));
    auto inode = TRY(vfs_lookup(VfsContext::current(), dirfd, path.c_str(), LOOKUP_FOLLOW));
    return chmod_common(*inode, mode);
}
SYSCALL_DEFINE(fchmodat)

static Result<i64> sys_chmod(const char* user_path, u32 mode)
{
    return sys_fchmodat(linux_abi::AT_FDCWD, user_path, mode);
}
SYSCALL_DEFINE(chmod)

static Result<i64> sys_fchmod(int fd, u32 mode)
{
    auto file = TRY(fget_raw(fd));
    if (file->is_path())
        return Errno::EBADF;
    return chmod_common(file->inode(), mode);
}
SYSCALL_DEFINE(fchmod)

static Result<i64> sys_fchownat(int dirfd, const char* user_path, u32 uid, u32 gid, int flags)
{
    using namespace linux_abi;
    if (u32(flags) & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return Errno::EINVAL;
    unsigned lookup_flags = (flags & AT_SYMLINK_NOFOLLOW) ? 0u : unsigned(LOOKUP_FOLLOW);
    if (flags & AT_EMPTY_PATH)
        lookup_flags |= LOOKUP_EMPTY;
    auto path = TRY(KernelPath::from_user(user_path));
    auto inode = TRY(vfs_lookup(VfsContext::current(), dirfd, path.c_str(), lookup_flags));
    return chown_common(*inode, uid, gid);
}
SYSCALL_DEFINE(fchownat)

static Result<i64> sys_chown(const char* user_path, u32 uid, u32 gid)
{
    return sys_fchownat(linux_abi::AT_FDCWD, user_path, uid, gid, 0);
}
SYSCALL_DEFINE(chown)

static Result<i64> sys_lchown(const char* user_path, u32 uid, u32 gid)
{
    return sys_fchownat(linux_abi::AT_FDCWD, user_path, uid, gid, int(linux_abi::AT_SYMLINK_NOFOLLOW));
}
SYSCALL_DEFINE(lchown)

static Result<i64> sys_fchown(int fd, u32 uid, u32 gid)
{
    auto file = TRY(fget(fd));
    return chown_common(file->inode(), uid, gid);
}
SYSCALL_DEFINE(fchown)
