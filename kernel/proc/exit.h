#pragma once
// Ending a process, and the work done on every return to user mode.

#include <lib/types.h>

// The calling thread ends (exit()); when it is its process's last, the process ends with the wait
// status `wait_status` (Linux's encoding: exit code << 8, or the signal number) unless the group is
// exiting with another. Its address space, files and fs context are released.
[[noreturn]] void do_exit(int wait_status);
// The whole process ends (exit_group(), a fatal signal): every thread, with this status.
[[noreturn]] void do_group_exit(int wait_status);
class Task;
class Process;
class AddressSpace;
// SIGKILL to every thread of `process` but `except` (exit_group, a fatal signal, exec's
// de_thread()). Caller holds tasklist_lock.
void zap_other_threads_locked(Process& process, Task& except);
// A task lets go of `mm` by exec or exit: clear its child-tid word for the remaining users, let a
// vfork parent go on.
void mm_release(Task& task, AddressSpace& mm);
// On the way back to user mode from a system call, interrupt or exception: reschedule if asked,
// deliver pending signals, finish a system call's restart (proc/signal_deliver.cpp).
void return_to_user_work();
