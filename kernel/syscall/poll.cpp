// poll(2) and ppoll(2): copy the descriptors in, fs/poll.cpp decides, copy the results out.

#include <fs/poll.h>
#include <proc/signal.h>
#include <syscall/fs_common.h>
#include <syscall/syscall.h>
#include <syscall/timespec.h>

using namespace fs_syscall;

namespace {

constexpr usize MAX_POLL_FDS = 64; // FIXME: a heap buffer for more descriptors

Result<i64> poll_user(PollFd* user_fds, usize count, u64 timeout_ns)
{
    if (count > nofile_limit())
        return Errno::EINVAL; // Linux's limit: RLIMIT_NOFILE
    if (count > MAX_POLL_FDS)
        return Errno::EINVAL;
    PollFd fds[MAX_POLL_FDS];
    TRY(copy_from_user(fds, user_fds, count * sizeof(PollFd)));
    i64 ready = TRY(do_poll(current_files(), fds, count, timeout_ns));
    TRY(copy_to_user(user_fds, fds, count * sizeof(PollFd)));
    return ready;
}

} // namespace

static Result<i64> sys_poll(PollFd* user_fds, usize count, int timeout_ms)
{
    return poll_user(user_fds, count, timeout_ms < 0 ? ~0ull : u64(timeout_ms) * NSEC_PER_MSEC);
}
SYSCALL_DEFINE(poll)

// ppoll's signal mask is in force during the wait only; when a signal interrupts it, the old mask
// comes back after the handler ran (Linux's poll_select_finish() and set_restore_sigmask()).
static Result<i64> sys_ppoll(
    PollFd* user_fds, usize count, const linux_abi::timespec* user_timeout, const SigSet* user_mask, usize sigsetsize)
{
    u64 timeout = user_timeout ? TRY(timespec_from_user(user_timeout)) : ~0ull;
    SigSet mask = 0;
    if (user_mask) {
        if (sigsetsize != sizeof(SigSet))
            return Errno::EINVAL;
        mask = TRY(get_user(user_mask));
        set_restore_sigmask(mask);
    }
    auto result = poll_user(user_fds, count, timeout);
    if (user_mask && !(result.is_error() && result.error() == Errno::ERESTARTNOHAND))
        restore_saved_sigmask(); // not interrupted: the old mask back now
    return result;
}
SYSCALL_DEFINE(ppoll)
