#pragma once
// poll(): which descriptors are ready, waiting up to a timeout.
// FIXME: wait queues on files (pipes, the tty) instead of checking in 10 ms steps.

#include <fs/file_table.h>
#include <lib/result.h>

struct PollFd { // struct pollfd
    int fd;
    i16 events;
    i16 revents;
};
static_assert(sizeof(PollFd) == 8);

// Fill each revents; sleep until at least one is non-zero or `timeout_ns` has passed (~0: never).
// Returns how many descriptors are ready; ERESTARTNOHAND when a signal ends the wait.
Result<i64> do_poll(FileTable& files, PollFd* fds, usize count, u64 timeout_ns);
// The same with an absolute deadline on the monotonic clock (~0: never), for select(), which
// passes `always` 0: only the events each entry asks for count (poll reports POLLERR, POLLHUP and
// POLLNVAL whatever was asked).
Result<i64> do_poll_until(FileTable& files, PollFd* fds, usize count, u64 deadline_ns, i16 always = 0x038);

// select()'s fd_set: a bitmap in 64-bit words, as on x86_64 Linux.
using FdSetWord = u64;
inline constexpr usize FD_SET_BITS = 64;

// Linux's core_sys_select() after the sets are copied in: `n` already clamped to the table's
// size; the sets (null: none) are replaced by the ready ones. EBADF if a set names a closed
// descriptor; the number of bits set on return; ERESTARTNOHAND when a signal ends the wait first.
Result<i64> do_select(FileTable& files, int n, FdSetWord* in, FdSetWord* out, FdSetWord* ex, u64 deadline_ns);
