#pragma once
// /proc/<pid>/fd/ (a symlink per open descriptor), /proc/<pid>/fdinfo/ (a file per descriptor:
// pos, flags, mnt_id, ino), /proc/<pid>/cwd and /proc/<pid>/root (Linux's fs/proc/fd.c and
// base.c). The links are magic: opening /proc/self/fd/N opens the file descriptor N names (its
// inode, under its name), not the text readlink() shows; so do chdir("/proc/PID/cwd") and the
// like. All of them need ptrace_may_access() (procfs_task.h): EACCES for another user's process.

#include <fs/procfs.h>
#include <fs/super.h>

Result<NonnullRefPtr<Inode>> proc_pid_fd_make(SuperBlock& sb, i32 pid);
Result<NonnullRefPtr<Inode>> proc_pid_fdinfo_make(SuperBlock& sb, i32 pid);
Result<NonnullRefPtr<Inode>> proc_pid_cwd_make(SuperBlock& sb, i32 pid);
Result<NonnullRefPtr<Inode>> proc_pid_root_make(SuperBlock& sb, i32 pid);

// The directory /proc/<pid> (procfs.cpp), for the parent of fd/ and fdinfo/.
Result<NonnullRefPtr<Inode>> procfs_pid_dir(SuperBlock& sb, i32 pid);
