// select(2) and pselect6(2) (Linux's fs/select.c: kern_select(), do_pselect(), core_sys_select(),
// poll_select_finish()): copy the timeout and the sets in, fs/select.cpp waits, copy the sets and
// the time left back out.

#include <fs/poll.h>
#include <mm/slab.h>
#include <proc/signal.h>
#include <syscall/fs_common.h>
#include <syscall/syscall.h>
#include <syscall/timespec.h>

using namespace fs_syscall;

namespace {

// The absolute deadline of a relative timeout of `sec` seconds and `nsec` nanoseconds, with
// Linux's poll_select_set_timeout() check (EINVAL unless sec >= 0 and 0 <= nsec < 1e9); 0 for a
// zero timeout (poll once), as Linux's end_time of {0, 0}.
Result<u64> deadline_of(i64 sec, i64 nsec)
{
    if (sec < 0 || nsec < 0 || nsec >= i64(NSEC_PER_SEC))
        return Errno::EINVAL;
    if (sec == 0 && nsec == 0)
        return 0;
    u64 now = ktime_get_ns();
    if (u64(sec) > (~0ull - now - u64(nsec)) / NSEC_PER_SEC)
        return ~0ull;
    return now + u64(sec) * NSEC_PER_SEC + u64(nsec);
}

// Linux's core_sys_select(): EINVAL for a negative count, which is then cut to the descriptor
// table's size (fdt->max_fds: at least 64, a power of two, as Linux's table grows); the sets are
// copied in (EFAULT), waited on, and copied back unless a signal came first.
Result<i64> core_sys_select(int n, FdSetWord* user_in, FdSetWord* user_out, FdSetWord* user_ex, u64 deadline)
{
    if (n < 0)
        return Errno::EINVAL;
    FileTable& files = current_files();
    usize max_fds = 64;
    while (max_fds < files.capacity())
        max_fds *= 2;
    if (usize(n) > max_fds)
        n = int(max_fds);
    usize words = (usize(n) + FD_SET_BITS - 1) / FD_SET_BITS;
    usize bytes = words * sizeof(FdSetWord);
    auto buffer = TRY(KmallocBuffer<FdSetWord>::create(3 * (words ? words : 1)));
    FdSetWord* sets[3] = { buffer.data(), buffer.data() + words, buffer.data() + 2 * words };
    FdSetWord* users[3] = { user_in, user_out, user_ex };
    for (int i = 0; i < 3; ++i) {
        if (!users[i])
            sets[i] = nullptr;
        else if (bytes)
            TRY(copy_from_user(sets[i], users[i], bytes));
    }
    i64 ready = TRY(do_select(files, n, sets[0], sets[1], sets[2], deadline == 0 ? 0 : deadline));
    for (int i = 0; i < 3; ++i) {
        if (sets[i] && bytes)
            TRY(copy_to_user(users[i], sets[i], bytes));
    }
    return ready;
}

// Linux's poll_select_finish(): the time left written back (select's Linux-only behaviour), but
// not for a zero timeout; if it cannot be written, an interrupted call is not restarted (EINTR),
// since its timeout could not be updated.
template<typename Put>
Result<i64> finish(Result<i64> result, u64 deadline, Put put)
{
    if (deadline == 0)
        return result;
    u64 now = ktime_get_ns();
    u64 left = deadline == ~0ull ? ~0ull : (deadline > now ? deadline - now : 0);
    if (left != ~0ull && !put(left).is_error())
        return result;
    if (result.is_error() && result.error() == Errno::ERESTARTNOHAND)
        return Errno::EINTR;
    return result;
}

} // namespace

static Result<i64> sys_select(int n, FdSetWord* in, FdSetWord* out, FdSetWord* ex, linux_abi::timeval* user_tv)
{
    u64 deadline = ~0ull;
    if (user_tv) {
        linux_abi::timeval tv = TRY(get_user(user_tv));
        // Linux folds whole seconds of tv_usec into tv_sec first, then checks.
        deadline = TRY(deadline_of(tv.tv_sec + tv.tv_usec / 1000000, (tv.tv_usec % 1000000) * 1000));
    }
    auto result = core_sys_select(n, in, out, ex, deadline == 0 ? 0 : deadline);
    if (!user_tv)
        return result;
    return finish(result, deadline, [&](u64 left) {
        linux_abi::timeval tv { i64(left / NSEC_PER_SEC), i64(left % NSEC_PER_SEC / 1000) };
        return put_user(user_tv, tv);
    });
}
SYSCALL_DEFINE(select)

// pselect6's sixth argument: where the signal mask is and its size (Linux's sigset_argpack).
struct SigsetArgpack {
    const SigSet* mask;
    usize size;
};
static_assert(sizeof(SigsetArgpack) == 16);

static Result<i64> sys_pselect6(
    int n, FdSetWord* in, FdSetWord* out, FdSetWord* ex, linux_abi::timespec* user_ts, const SigsetArgpack* user_sig)
{
    SigsetArgpack sig { nullptr, 0 };
    if (user_sig)
        sig = TRY(get_user(user_sig));
    u64 deadline = ~0ull;
    if (user_ts) {
        linux_abi::timespec ts = TRY(get_user(user_ts));
        deadline = TRY(deadline_of(ts.tv_sec, ts.tv_nsec));
    }
    // Linux's set_user_sigmask(): the mask in force during the wait only; when a signal ends the
    // wait, the old mask comes back after the handler ran.
    if (sig.mask) {
        if (sig.size != sizeof(SigSet))
            return Errno::EINVAL;
        SigSet mask = TRY(get_user(sig.mask));
        set_restore_sigmask(mask);
    }
    auto result = core_sys_select(n, in, out, ex, deadline);
    if (user_ts) {
        result = finish(result, deadline, [&](u64 left) {
            linux_abi::timespec ts { i64(left / NSEC_PER_SEC), i64(left % NSEC_PER_SEC) };
            return put_user(user_ts, ts);
        });
    }
    if (sig.mask && !(result.is_error() && result.error() == Errno::ERESTARTNOHAND))
        restore_saved_sigmask();
    return result;
}
SYSCALL_DEFINE(pselect6)
