#pragma once
// The kernel's pid numbers (Linux's alloc_pid()/free_pid()): one PidAllocator behind a lock.
// Tasks and processes share the numbers, as in Linux: a process's pid is its first thread's id.

#include <lib/result.h>

Result<i32> alloc_pid(); // EAGAIN when every pid is in use
Result<i32> alloc_pid_exact(i32 pid); // clone3's set_tid: EINVAL out of range, EEXIST in use
i32 pid_max(); // one past the largest pid (Linux's /proc/sys/kernel/pid_max)
void free_pid(i32 pid);
i32 last_pid(); // the pid handed out last in cyclic order (/proc/loadavg)
