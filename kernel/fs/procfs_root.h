#pragma once
// The files at the top of /proc that are not a process's: /proc/meminfo, /proc/uptime, ...
// (fs/proc/meminfo.c, uptime.c in Linux). Each is a row of root_entries in procfs.cpp; its show
// function writes the whole text into `buffer` (at most `size` bytes) and returns its length.

#include <lib/result.h>
#include <lib/types.h>

using ProcRootShow = Result<usize> (*)(char* buffer, usize size);

class Inode;
class SuperBlock;
template<typename T>
class NonnullRefPtr;
// A row that is an inode of its own kind (the /proc/sys directory).
using ProcRootMake = Result<NonnullRefPtr<Inode>> (*)(SuperBlock& sb);

struct ProcRootEntry {
    const char* name;
    u32 mode;
    ProcRootShow show;
    ProcRootMake make = nullptr;
};

Result<usize> proc_meminfo(char* buffer, usize size);
Result<usize> proc_uptime(char* buffer, usize size);
// procfs_stat.cpp: the system's CPU time and scheduling counts.
Result<usize> proc_stat(char* buffer, usize size);
Result<usize> proc_loadavg(char* buffer, usize size);
