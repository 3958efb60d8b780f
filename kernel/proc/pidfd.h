#pragma once
// pidfds (Linux's kernel/pid.c pidfd_open(), fs/pidfs.c): a file descriptor that refers to one
// process, not to its pid number. It keeps the Process object alive (never the pid: a reaped
// process's number goes back to the allocator as usual, and the pidfd then refers to nothing
// that lives), so it cannot be fooled by pid reuse. poll() says POLLIN once the process has
// exited, and POLLHUP too once it has been reaped; waitid(P_PIDFD) waits for it; read and write
// are EINVAL, lseek ESPIPE.
//
// A pidfd comes from pidfd_open() or from clone(CLONE_PIDFD), always close-on-exec.

#include <fs/file.h>
#include <fs/file_table.h>
#include <proc/process.h>

// A new open file description ("[pidfd]") for `process`: O_RDWR, plus O_NONBLOCK from
// PIDFD_NONBLOCK.
Result<NonnullRefPtr<OpenFile>> pidfd_create_file(NonnullRefPtr<Process> process, u32 flags);

// The process behind descriptor `fd` and the file's status flags: EBADF if `fd` is not open or
// is not a pidfd (Linux's pidfd_get_pid()).
struct PidfdTarget {
    NonnullRefPtr<Process> process;
    u32 file_flags;
};
Result<PidfdTarget> pidfd_get_process(FileTable& files, int fd);

// pidfd_open(pid, flags): EINVAL for flags other than PIDFD_NONBLOCK and PIDFD_THREAD or a
// pid <= 0, ESRCH when no process has that pid (or it has been reaped).
Result<int> do_pidfd_open(i32 pid, u32 flags);
