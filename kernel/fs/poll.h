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
