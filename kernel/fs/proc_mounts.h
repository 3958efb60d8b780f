#pragma once
// /proc/mounts and /proc/<pid>/mounts (Linux's fs/proc_namespace.c show_vfsmnt()): one line per
// mount, in mount order: "SOURCE MOUNTPOINT TYPE OPTIONS 0 0".

#include <lib/result.h>
#include <lib/types.h>

class Process;

Result<usize> proc_mounts(char* buffer, usize size);
Result<usize> proc_pid_mounts(Process& process, char* buffer, usize size);
