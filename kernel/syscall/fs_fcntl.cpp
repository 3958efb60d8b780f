// fcntl: descriptor duplication, FD_CLOEXEC, status flags.

#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace linux_abi;
using namespace fs_syscall;

static Result<i64> sys_fcntl(int fd, int command, u64 argument)
{
    auto file = TRY(fget_raw(fd));
    // An O_PATH descriptor allows only these (fs/fcntl.c, check_fcntl_cmd()).
    if (file->is_path() && command != F_DUPFD && command != F_DUPFD_CLOEXEC && command != F_GETFD && command != F_SETFD
        && command != F_GETFL)
        return Errno::EBADF;
    FileTable& files = current_files();
    switch (command) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
        u64 limit = nofile_limit();
        if (argument >= limit || argument > u64(INT32_MAX))
            return Errno::EINVAL;
        return TRY(files.allocate(file, command == F_DUPFD_CLOEXEC, limit, int(argument)));
    }
    case F_GETFD:
        return TRY(files.cloexec(fd)) ? FD_CLOEXEC : 0;
    case F_SETFD:
        TRY(files.set_cloexec(fd, argument & FD_CLOEXEC));
        return 0;
    case F_GETFL:
        return file->flags();
    case F_SETFL:
        file->set_status_flags(u32(argument));
        return 0;
    default:
        // FIXME: locks (F_GETLK...), F_GETOWN/F_SETOWN, pipes' F_GETPIPE_SZ.
        return Errno::EINVAL;
    }
}
SYSCALL_DEFINE(fcntl)
