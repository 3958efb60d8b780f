// ioctl: the generic requests (do_vfs_ioctl() in Linux), then the device's own.

#include <abi/linux/termios.h>
#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace linux_abi;
using namespace fs_syscall;

static Result<i64> sys_ioctl(int fd, u32 request, u64 argument)
{
    auto file = TRY(fget(fd));
    switch (request) {
    case FIOCLEX:
        TRY(current_files().set_cloexec(fd, true));
        return 0;
    case FIONCLEX:
        TRY(current_files().set_cloexec(fd, false));
        return 0;
    case FIONBIO: {
        int on = TRY(get_user(reinterpret_cast<const int*>(argument)));
        u32 flags = file->flags();
        file->set_status_flags(on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK));
        return 0;
    }
    default:
        // Terminal requests on anything but a tty are ENOTTY, as every other unknown request.
        return file->inode().ioctl(*file, request, argument);
    }
}
SYSCALL_DEFINE(ioctl)
