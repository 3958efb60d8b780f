#include <abi/linux/poll.h>
#include <fs/file.h>
#include <fs/poll.h>
#include <sched/clock.h>
#include <sched/timer.h>

namespace {

static_assert((0x008 | 0x010 | 0x020) == 0x038); // the default of do_poll_until()'s `always`
using namespace linux_abi;
constexpr u64 POLL_STEP_NS = 10 * NSEC_PER_MSEC; // the console is polled every 10 ms too

i16 readiness(FileTable& files, int fd)
{
    if (fd < 0)
        return 0; // ignored, as POSIX says
    auto file = files.get(fd);
    if (file.is_error())
        return POLLNVAL;
    return i16(file.value()->inode().poll(*file.value()));
}

} // namespace

Result<i64> do_poll(FileTable& files, PollFd* fds, usize count, u64 timeout_ns)
{
    u64 now = ktime_get_ns();
    u64 deadline = timeout_ns == ~0ull || timeout_ns > ~0ull - now ? ~0ull : now + timeout_ns;
    return do_poll_until(files, fds, count, deadline);
}

Result<i64> do_poll_until(FileTable& files, PollFd* fds, usize count, u64 deadline, i16 always)
{
    for (;;) {
        i64 ready = 0;
        for (usize i = 0; i < count; ++i) {
            // poll(): POLLERR, POLLHUP and POLLNVAL are reported whether asked for or not.
            fds[i].revents = readiness(files, fds[i].fd) & (fds[i].events | always);
            if (fds[i].revents)
                ++ready;
        }
        u64 now = ktime_get_ns();
        if (ready || now >= deadline)
            return ready;
        // A signal ends the wait (Linux: -ERESTARTNOHAND, EINTR after a handler).
        TRY(sleep_until_interruptible(now + lib::min(POLL_STEP_NS, deadline - now)));
    }
}
