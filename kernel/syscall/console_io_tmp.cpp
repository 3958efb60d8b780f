// FIXME(vfs merge): delete this file. Until the VFS lands, write() and writev() to fds 1 and 2
// go straight to the console, so that user programs can say something.

#include <arch/cpu.h>
#include <mm/uaccess.h>
#include <syscall/syscall.h>

static Result<i64> sys_write(int fd, const char* user_buf, usize count)
{
    if (fd != 1 && fd != 2)
        return Errno::EBADF;
    char chunk[256];
    usize done = 0;
    while (done < count) {
        usize n = lib::min(count - done, sizeof(chunk));
        TRY(copy_from_user(chunk, user_buf + done, n));
        arch::early_console_write(chunk, n);
        done += n;
    }
    return i64(done);
}
SYSCALL_DEFINE(write)

struct Iovec {
    const char* base;
    usize length;
};

static Result<i64> sys_writev(int fd, const Iovec* user_iov, int count)
{
    if (count < 0 || count > 1024)
        return Errno::EINVAL;
    i64 total = 0;
    for (int i = 0; i < count; ++i) {
        Iovec v = TRY(get_user(user_iov + i));
        total += TRY(sys_write(fd, v.base, v.length));
    }
    return total;
}
SYSCALL_DEFINE(writev)

static Result<i64> sys_ioctl(int, unsigned long, unsigned long) { return Errno::ENOTTY; }
SYSCALL_DEFINE(ioctl)
