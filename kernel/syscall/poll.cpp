// poll(2) and ppoll(2), enough for a shell on the console: descriptors are checked for readiness
// and the caller sleeps in short steps until one is ready or the timeout passes.
// FIXME: wait queues on files (pipes, the tty) instead of polling in steps, and signal masks for
// ppoll, with the shell issue.

#include <abi/linux/time.h>
#include <sched/clock.h>
#include <sched/timer.h>
#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace fs_syscall;

namespace {

struct PollFd {
    int fd;
    i16 events;
    i16 revents;
};
static_assert(sizeof(PollFd) == 8);

constexpr i16 POLLIN = 0x001, POLLOUT = 0x004, POLLNVAL = 0x020, POLLRDNORM = 0x040, POLLWRNORM = 0x100;
constexpr usize MAX_POLL_FDS = 1024;
constexpr u64 POLL_STEP_NS = 10 * NSEC_PER_MSEC; // the console is polled every 10 ms too

i16 readiness(int fd)
{
    if (fd < 0)
        return 0;
    auto file = current_files().get(fd);
    if (file.is_error())
        return POLLNVAL;
    Inode& inode = file.value()->inode();
    i16 ready = 0;
    if (inode.poll_writable())
        ready |= POLLOUT | POLLWRNORM;
    if (inode.poll_readable())
        ready |= POLLIN | POLLRDNORM;
    return ready;
}

Result<i64> do_poll(PollFd* user_fds, usize count, u64 timeout_ns)
{
    if (count > MAX_POLL_FDS || count > current_process().rlimits[RLIMIT_NOFILE].soft)
        return Errno::EINVAL;
    PollFd fds[64];
    if (count > sizeof(fds) / sizeof(fds[0]))
        return Errno::EINVAL; // FIXME: a heap buffer for more descriptors
    TRY(copy_from_user(fds, user_fds, count * sizeof(PollFd)));
    u64 deadline = timeout_ns == ~0ull ? ~0ull : ktime_get_ns() + timeout_ns;
    for (;;) {
        i64 ready = 0;
        for (usize i = 0; i < count; ++i) {
            i16 r = readiness(fds[i].fd);
            fds[i].revents = r & (fds[i].events | POLLNVAL);
            if (fds[i].revents)
                ++ready;
        }
        u64 now = ktime_get_ns();
        if (ready || now >= deadline) {
            TRY(copy_to_user(user_fds, fds, count * sizeof(PollFd)));
            return ready;
        }
        sleep_ns(lib::min(POLL_STEP_NS, deadline - now));
    }
}

} // namespace

static Result<i64> sys_poll(PollFd* user_fds, usize count, int timeout_ms)
{
    return do_poll(user_fds, count, timeout_ms < 0 ? ~0ull : u64(timeout_ms) * NSEC_PER_MSEC);
}
SYSCALL_DEFINE(poll)

static Result<i64> sys_ppoll(PollFd* user_fds, usize count, const linux_abi::timespec* user_timeout, const void*, usize)
{
    u64 timeout = ~0ull;
    if (user_timeout) {
        linux_abi::timespec ts = TRY(get_user(user_timeout));
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= i64(NSEC_PER_SEC))
            return Errno::EINVAL;
        timeout = u64(ts.tv_sec) * NSEC_PER_SEC + u64(ts.tv_nsec);
    }
    return do_poll(user_fds, count, timeout);
}
SYSCALL_DEFINE(ppoll)
