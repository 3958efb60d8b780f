#pragma once
// /proc: a directory per process (zombies too), /proc/self (a symlink to the caller's pid
// directory), /proc/<pid>/{cmdline,comm,exe,stat,status} (procfs_pid.cpp),
// /proc/<pid>/{maps,smaps,smaps_rollup,statm} (procfs_mm.cpp), /proc/<pid>/{fd/,fdinfo/,cwd,root}
// (procfs_fd.cpp), /proc/sys/ (procfs_sys.cpp), /proc/meminfo (MemTotal, MemFree, PageTables)
// and /proc/uptime (procfs_root.cpp).
// A pid directory's files are rows of one table in procfs.cpp (name, mode, how to produce the
// content): adding /proc/<pid>/cmdline is adding a row.

#include <fs/super.h>
#include <lib/refptr.h>
#include <lib/result.h>

class Inode;

Result<SuperBlock*> procfs_create();

class Process;

// Hooks for the process code, which owns the pid table (kernel/proc/process.cpp): whether `pid`
// exists, and a call of `show` on that process while it is kept alive (ENOENT if there is none).
using ProcessShow = Result<usize> (*)(Process& process, char* buffer, usize size);
bool procfs_process_exists(i32 pid);
// A /proc/<pid>/ entry that is an inode of its own kind (a directory, a magic link).
using ProcPidMake = Result<NonnullRefPtr<Inode>> (*)(SuperBlock& sb, i32 pid);
Result<usize> procfs_with_process(i32 pid, ProcessShow show, char* buffer, usize size);
