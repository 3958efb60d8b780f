// Changing a file's attributes: chmod, fchmod, fchmodat (Linux's fs/open.c chmod_common()).
// FIXME: chown, utimensat and the setgid-bit clearing rule come with the shell issue.

#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace fs_syscall;

namespace {

// Only the owner, or root (CAP_FOWNER), may change the mode.
Result<i64> chmod_common(Inode& inode, u32 mode)
{
    const Credentials& cred = current_cred();
    if (cred.fsuid != 0 && cred.fsuid != inode.uid())
        return Errno::EPERM;
    inode.set_mode_bits(mode & 07777);
    inode.touch_ctime();
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
