// getdents64, getcwd, chdir, fchdir, mkdir(at), mknod(at), unlink(at), rmdir, rename(at/at2), symlink(at),
// link(at), truncate, ftruncate.

#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace linux_abi;
using namespace fs_syscall;

static Result<i64> sys_getdents64(int fd, void* buffer, u32 count)
{
    auto file = TRY(fget(fd));
    return i64(TRY(file->getdents64(UserOrKernelBuffer::for_user(buffer), count)));
}
SYSCALL_DEFINE(getdents64)

static Result<i64> sys_getcwd(char* user_buffer, usize size)
{
    char* buffer = static_cast<char*>(kmalloc(PATH_MAX));
    if (!buffer)
        return Errno::ENOMEM;
    auto length = vfs_getcwd(VfsContext::current(), buffer, lib::min(size, PATH_MAX));
    Result<void> copied = length.is_error() ? Result<void>() : copy_to_user(user_buffer, buffer, length.value());
    kfree(buffer);
    TRY(length);
    TRY(copied);
    return i64(length.value());
}
SYSCALL_DEFINE(getcwd)

static Result<i64> sys_chdir(const char* user_path)
{
    auto path = TRY(KernelPath::from_user(user_path));
    TRY(vfs_chdir(VfsContext::current(), AT_FDCWD, path.c_str()));
    return 0;
}
SYSCALL_DEFINE(chdir)

static Result<i64> sys_fchdir(int fd)
{
    auto file = TRY(fget_raw(fd));
    if (!file->inode().is_directory())
        return Errno::ENOTDIR;
    auto ctx = VfsContext::current();
    TRY(inode_permission(file->inode(), MAY_EXEC, ctx.cred));
    ctx.fs->set_cwd(file->inode_ref());
    return 0;
}
SYSCALL_DEFINE(fchdir)

static Result<i64> sys_mkdirat(int dirfd, const char* user_path, u32 mode)
{
    auto path = TRY(KernelPath::from_user(user_path));
    TRY(vfs_mkdir(VfsContext::current(), dirfd, path.c_str(), mode));
    return 0;
}
SYSCALL_DEFINE(mkdirat)

static Result<i64> sys_mkdir(const char* path, u32 mode) { return sys_mkdirat(AT_FDCWD, path, mode); }
SYSCALL_DEFINE(mkdir)

static Result<i64> sys_mknodat(int dirfd, const char* user_path, u32 mode, u32 dev)
{
    auto path = TRY(KernelPath::from_user(user_path));
    TRY(vfs_mknod(VfsContext::current(), dirfd, path.c_str(), mode, dev));
    return 0;
}
SYSCALL_DEFINE(mknodat)

static Result<i64> sys_mknod(const char* path, u32 mode, u32 dev) { return sys_mknodat(AT_FDCWD, path, mode, dev); }
SYSCALL_DEFINE(mknod)

static Result<i64> sys_unlinkat(int dirfd, const char* user_path, u32 flags)
{
    if (flags & ~AT_REMOVEDIR)
        return Errno::EINVAL;
    auto path = TRY(KernelPath::from_user(user_path));
    if (flags & AT_REMOVEDIR)
        TRY(vfs_rmdir(VfsContext::current(), dirfd, path.c_str()));
    else
        TRY(vfs_unlink(VfsContext::current(), dirfd, path.c_str()));
    return 0;
}
SYSCALL_DEFINE(unlinkat)

static Result<i64> sys_unlink(const char* path) { return sys_unlinkat(AT_FDCWD, path, 0); }
SYSCALL_DEFINE(unlink)

static Result<i64> sys_rmdir(const char* path) { return sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR); }
SYSCALL_DEFINE(rmdir)

static Result<i64> sys_renameat2(int old_dirfd, const char* user_old, int new_dirfd, const char* user_new, u32 flags)
{
    auto old_path = TRY(KernelPath::from_user(user_old));
    auto new_path = TRY(KernelPath::from_user(user_new));
    TRY(vfs_rename(VfsContext::current(), old_dirfd, old_path.c_str(), new_dirfd, new_path.c_str(), flags));
    return 0;
}
SYSCALL_DEFINE(renameat2)

static Result<i64> sys_renameat(int old_dirfd, const char* old_path, int new_dirfd, const char* new_path)
{
    return sys_renameat2(old_dirfd, old_path, new_dirfd, new_path, 0);
}
SYSCALL_DEFINE(renameat)

static Result<i64> sys_rename(const char* old_path, const char* new_path)
{
    return sys_renameat2(AT_FDCWD, old_path, AT_FDCWD, new_path, 0);
}
SYSCALL_DEFINE(rename)

static Result<i64> sys_symlinkat(const char* user_target, int dirfd, const char* user_path)
{
    auto target = TRY(KernelPath::from_user(user_target));
    auto path = TRY(KernelPath::from_user(user_path));
    TRY(vfs_symlink(VfsContext::current(), target.c_str(), dirfd, path.c_str()));
    return 0;
}
SYSCALL_DEFINE(symlinkat)

static Result<i64> sys_symlink(const char* target, const char* path) { return sys_symlinkat(target, AT_FDCWD, path); }
SYSCALL_DEFINE(symlink)

static Result<i64> sys_linkat(int old_dirfd, const char* user_old, int new_dirfd, const char* user_new, u32 flags)
{
    auto old_path = TRY(KernelPath::from_user(user_old));
    auto new_path = TRY(KernelPath::from_user(user_new));
    TRY(vfs_link(VfsContext::current(), old_dirfd, old_path.c_str(), new_dirfd, new_path.c_str(), flags));
    return 0;
}
SYSCALL_DEFINE(linkat)

static Result<i64> sys_link(const char* old_path, const char* new_path)
{
    return sys_linkat(AT_FDCWD, old_path, AT_FDCWD, new_path, 0);
}
SYSCALL_DEFINE(link)

static Result<i64> sys_truncate(const char* user_path, i64 length)
{
    auto path = TRY(KernelPath::from_user(user_path));
    auto ctx = VfsContext::current();
    auto inode = TRY(vfs_lookup(ctx, AT_FDCWD, path.c_str(), LOOKUP_FOLLOW));
    if (inode->is_directory())
        return Errno::EISDIR;
    TRY(inode_permission(*inode, MAY_WRITE, ctx.cred));
    TRY(vfs_truncate(*inode, length));
    return 0;
}
SYSCALL_DEFINE(truncate)

static Result<i64> sys_ftruncate(int fd, i64 length)
{
    auto file = TRY(fget(fd));
    if (length < 0)
        return Errno::EINVAL;
    // Linux: EINVAL unless the file is a regular file open for writing.
    if (!file->is_writable() || !file->inode().is_regular())
        return Errno::EINVAL;
    TRY(vfs_truncate(file->inode(), length));
    return 0;
}
SYSCALL_DEFINE(ftruncate)
