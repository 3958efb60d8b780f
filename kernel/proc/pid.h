#pragma once
// The kernel's pid numbers (Linux's alloc_pid()/free_pid()): one PidAllocator behind a lock.
// Tasks and processes share the numbers, as in Linux: a process's pid is its first thread's id.

#include <lib/result.h>

Result<i32> alloc_pid(); // EAGAIN when every pid is in use
void free_pid(i32 pid);
