#pragma once
// /proc/PID/{maps,smaps,smaps_rollup,statm} and the memory lines of /proc/PID/status, in Linux's
// formats (fs/proc/task_mmu.c). They show what copy-on-write is doing: after fork, a written
// buffer's pages are Shared_Dirty in parent and child until one of them writes a page, which
// then becomes Private_Dirty in the writer (see mm/mm_stats.cpp for how pages are counted).

#include <fs/procfs_text.h>
#include <lib/result.h>

class Process;
class AddressSpace;

Result<usize> proc_pid_maps(Process& process, char* buffer, usize size);
Result<usize> proc_pid_smaps(Process& process, char* buffer, usize size);
Result<usize> proc_pid_smaps_rollup(Process& process, char* buffer, usize size);
Result<usize> proc_pid_statm(Process& process, char* buffer, usize size);
// Linux's task_mem(): VmPeak ... VmSwap, for /proc/PID/status.
void proc_task_mem(ProcText& text, AddressSpace& mm);
