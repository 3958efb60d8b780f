// statfs, fstatfs (fs/statfs.c), sync, syncfs, fsync, fdatasync (fs/sync.c). Every Sprout file
// system lives in memory, so there is nothing to write back: the sync calls check their
// descriptor as Linux does and succeed.

#include <fs/statfs.h>
#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace fs_syscall;

static Result<i64> sys_statfs(const char* user_path, linux_abi::statfs* user_buffer)
{
    auto path = TRY(KernelPath::from_user(user_path));
    auto inode = TRY(vfs_lookup(VfsContext::current(), linux_abi::AT_FDCWD, path.c_str(), LOOKUP_FOLLOW));
    linux_abi::statfs buffer;
    vfs_statfs(*inode, buffer);
    TRY(copy_to_user(user_buffer, &buffer, sizeof(buffer)));
    return 0;
}
SYSCALL_DEFINE(statfs)

static Result<i64> sys_fstatfs(int fd, linux_abi::statfs* user_buffer)
{
    // fd_statfs(): O_PATH descriptors too (fdget_raw).
    auto file = TRY(fget_raw(fd));
    linux_abi::statfs buffer;
    vfs_statfs(file->inode(), buffer);
    TRY(copy_to_user(user_buffer, &buffer, sizeof(buffer)));
    return 0;
}
SYSCALL_DEFINE(fstatfs)

static Result<i64> sys_sync() { return 0; }
SYSCALL_DEFINE(sync)

static Result<i64> sys_syncfs(int fd)
{
    auto file = TRY(fget(fd)); // only the descriptor is checked: nothing to write back
    (void)file;
    return 0;
}
SYSCALL_DEFINE(syncfs)

namespace {

// do_fsync(): EBADF for a bad or O_PATH descriptor, EINVAL for a file without an fsync method
// (pipes, ttys, devices, procfs), 0 for memory file systems (noop_fsync).
Result<i64> do_fsync(int fd)
{
    auto file = TRY(fget(fd));
    if (!file->inode().supports_fsync())
        return Errno::EINVAL;
    return 0;
}

} // namespace

static Result<i64> sys_fsync(int fd) { return do_fsync(fd); }
SYSCALL_DEFINE(fsync)

static Result<i64> sys_fdatasync(int fd) { return do_fsync(fd); }
SYSCALL_DEFINE(fdatasync)
