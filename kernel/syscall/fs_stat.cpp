// stat, fstat, lstat, newfstatat, statx, access, faccessat, faccessat2, readlink, readlinkat.

#include <fs/stat.h>
#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace linux_abi;
using namespace fs_syscall;

namespace {

Result<NonnullRefPtr<Inode>> lookup_for_stat(int dirfd, const char* user_path, u32 flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
        return Errno::EINVAL;
    auto path = TRY(KernelPath::from_user(user_path));
    unsigned lookup_flags = (flags & AT_SYMLINK_NOFOLLOW) ? 0u : unsigned(LOOKUP_FOLLOW);
    if (flags & AT_EMPTY_PATH)
        lookup_flags |= LOOKUP_EMPTY;
    return vfs_lookup(VfsContext::current(), dirfd, path.c_str(), lookup_flags);
}

Result<i64> copy_stat(Inode& inode, linux_abi::stat* user_stat)
{
    linux_abi::stat st;
    fill_stat(inode, st);
    TRY(copy_to_user(user_stat, &st, sizeof(st)));
    return 0;
}

Result<i64> do_access(int dirfd, const char* user_path, int mode, u32 flags)
{
    auto path = TRY(KernelPath::from_user(user_path));
    TRY(vfs_access(VfsContext::current(), dirfd, path.c_str(), mode, flags));
    return 0;
}

Result<i64> do_readlink(int dirfd, const char* user_path, char* user_buffer, int size)
{
    if (size <= 0)
        return Errno::EINVAL;
    auto path = TRY(KernelPath::from_user(user_path));
    char* target = static_cast<char*>(kmalloc(PATH_MAX));
    if (!target)
        return Errno::ENOMEM;
    auto length = vfs_readlink(VfsContext::current(), dirfd, path.c_str(), target, lib::min(usize(size), PATH_MAX));
    Result<void> copied = length.is_error() ? Result<void>() : copy_to_user(user_buffer, target, length.value());
    kfree(target);
    TRY(length);
    TRY(copied);
    return i64(length.value());
}

} // namespace

static Result<i64> sys_stat(const char* path, linux_abi::stat* st)
{
    return copy_stat(*TRY(lookup_for_stat(AT_FDCWD, path, 0)), st);
}
SYSCALL_DEFINE(stat)

static Result<i64> sys_lstat(const char* path, linux_abi::stat* st)
{
    return copy_stat(*TRY(lookup_for_stat(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW)), st);
}
SYSCALL_DEFINE(lstat)

static Result<i64> sys_fstat(int fd, linux_abi::stat* st)
{
    auto file = TRY(fget_raw(fd));
    return copy_stat(file->inode(), st);
}
SYSCALL_DEFINE(fstat)

static Result<i64> sys_newfstatat(int dirfd, const char* path, linux_abi::stat* st, u32 flags)
{
    return copy_stat(*TRY(lookup_for_stat(dirfd, path, flags)), st);
}
SYSCALL_DEFINE(newfstatat)

static Result<i64> sys_statx(int dirfd, const char* path, u32 flags, u32 mask, linux_abi::statx* user_statx)
{
    if (mask & STATX__RESERVED)
        return Errno::EINVAL;
    if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
        return Errno::EINVAL;
    auto inode = TRY(lookup_for_stat(dirfd, path, flags));
    linux_abi::statx stx;
    fill_statx(*inode, stx);
    TRY(copy_to_user(user_statx, &stx, sizeof(stx)));
    return 0;
}
SYSCALL_DEFINE(statx)

static Result<i64> sys_access(const char* path, int mode) { return do_access(AT_FDCWD, path, mode, 0); }
SYSCALL_DEFINE(access)

static Result<i64> sys_faccessat(int dirfd, const char* path, int mode) { return do_access(dirfd, path, mode, 0); }
SYSCALL_DEFINE(faccessat)

static Result<i64> sys_faccessat2(int dirfd, const char* path, int mode, u32 flags)
{
    return do_access(dirfd, path, mode, flags);
}
SYSCALL_DEFINE(faccessat2)

static Result<i64> sys_readlink(const char* path, char* buffer, int size)
{
    return do_readlink(AT_FDCWD, path, buffer, size);
}
SYSCALL_DEFINE(readlink)

static Result<i64> sys_readlinkat(int dirfd, const char* path, char* buffer, int size)
{
    return do_readlink(dirfd, path, buffer, size);
}
SYSCALL_DEFINE(readlinkat)
