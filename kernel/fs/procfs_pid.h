#pragma once
// The text of /proc/<pid>/{stat,status,cmdline,comm} (fs/proc/array.c and base.c), and the
// process listing of /proc. Each show function writes the whole text into `buffer` (at most
// `size` bytes) and returns its length.

#include <lib/result.h>
#include <lib/types.h>

class Process;

Result<usize> proc_pid_stat(Process& process, char* buffer, usize size);
Result<usize> proc_pid_status(Process& process, char* buffer, usize size);
Result<usize> proc_pid_cmdline(Process& process, char* buffer, usize size);
Result<usize> proc_pid_comm(Process& process, char* buffer, usize size);

// The smallest pid of a process in the table (zombies included) that is >= `from`; 0 if none.
i32 proc_next_pid(i32 from);
