#pragma once
// Watching the system calls: with `trace=syscalls` on the kernel command line (./sprout run
// --trace syscalls), every system call of every user task is logged, strace-style, when it
// returns: "[pid] name(arguments) = result". The calls of process life (clone, execve, pipe2,
// dup2, close, wait4, exit_group, kill...) show their arguments decoded: strings, argv, clone
// flags by name, the pipe's two descriptors, the wait status; the others show three raw
// arguments. Lines go to the kernel log prefixed "syscall-trace:"; the runner prints them after
// CMD's output. Off, a system call pays one branch.

#include <lib/types.h>

extern bool syscall_trace_enabled;

// What the trace needs to remember between entry and exit: the arguments, decoded at entry (an
// execve's strings are gone from memory by the time it returns).
// Out-arguments (a pipe's descriptors, a wait status) are filled in at exit, at the recorded
// places in the text.
struct SyscallTraceRecord {
    char text[200];
    usize length { 0 };
    usize out_count { 0 };
    usize out_at[2] {};
    u8 out_arg[2] {};
};

void syscall_trace_enter(u64 number, const u64* args, SyscallTraceRecord& record);
void syscall_trace_exit(u64 number, const u64* args, SyscallTraceRecord& record, i64 result);
