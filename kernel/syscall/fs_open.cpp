// open, openat, creat, close, dup, dup2, dup3, umask.

#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace linux_abi;
using namespace fs_syscall;

namespace {

Result<i64> do_open(int dirfd, const char* user_path, u32 flags, u32 mode)
{
    auto path = TRY(KernelPath::from_user(user_path));
    // Reserve nothing up front: the descriptor is allocated after the open succeeds, and an
    // EMFILE then drops the description (nothing was created that Linux would not also create).
    auto file = TRY(vfs_open(VfsContext::current(), dirfd, path.c_str(), flags, mode));
    return TRY(current_files().allocate(file, flags & O_CLOEXEC, nofile_limit()));
}

} // namespace

static Result<i64> sys_open(const char* path, u32 flags, u32 mode) { return do_open(AT_FDCWD, path, flags, mode); }
SYSCALL_DEFINE(open)

static Result<i64> sys_openat(int dirfd, const char* path, u32 flags, u32 mode)
{
    return do_open(dirfd, path, flags, mode);
}
SYSCALL_DEFINE(openat)

static Result<i64> sys_creat(const char* path, u32 mode)
{
    return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}
SYSCALL_DEFINE(creat)

static Result<i64> sys_close(int fd)
{
    TRY(current_files().close(fd));
    return 0;
}
SYSCALL_DEFINE(close)

static Result<i64> sys_dup(int fd)
{
    auto file = TRY(current_files().get(fd));
    return TRY(current_files().allocate(file, false, nofile_limit()));
}
SYSCALL_DEFINE(dup)

static Result<i64> sys_dup2(int oldfd, int newfd)
{
    auto file = TRY(current_files().get(oldfd));
    if (oldfd == newfd)
        return newfd; // valid oldfd: nothing to do, FD_CLOEXEC untouched
    return TRY(current_files().install_at(newfd, file, false, nofile_limit()));
}
SYSCALL_DEFINE(dup2)

static Result<i64> sys_dup3(int oldfd, int newfd, u32 flags)
{
    if (flags & ~O_CLOEXEC)
        return Errno::EINVAL;
    if (oldfd == newfd)
        return Errno::EINVAL;
    auto file = TRY(current_files().get(oldfd));
    return TRY(current_files().install_at(newfd, file, flags & O_CLOEXEC, nofile_limit()));
}
SYSCALL_DEFINE(dup3)

static Result<i64> sys_umask(u32 mask) { return current()->fs->exchange_umask(mask & 0777); }
SYSCALL_DEFINE(umask)
