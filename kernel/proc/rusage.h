#pragma once
// getrusage(), times() and what wait() adds to the parent (Linux's kernel/sys.c getrusage() and
// do_sys_times(), kernel/exit.c wait_task_zombie()). The counters themselves are kept by
// sched/cputime.cpp (CPU time, context switches) and mm/fault.cpp (page faults).

#include <abi/linux/resource.h>
#include <lib/result.h>
#include <sched/cputime.h>

class AddressSpace;
class Process;
class Task;

// A usage report: the counters and the peak resident set in KiB.
struct RusageReport {
    Usage usage;
    u64 maxrss_kib { 0 };
};

// Usage with the reported user/system split (cputime_adjust()): of one task (RUSAGE_THREAD), of a
// whole group (times(), RUSAGE_SELF, /proc/PID/stat; Linux's thread_group_cputime_adjusted()).
Usage task_cputime_adjusted(Task& task);
Usage thread_group_cputime_adjusted(Process& process);

// getrusage(who) of `task` (the caller) and its process: RusageSelf, RusageChildren, RusageThread,
// or RusageBoth (wait's report of a child: its own and its reaped children's). EINVAL otherwise.
Result<RusageReport> getrusage(Task& task, int who);
// The same for a child that wait() reports; caller holds tasklist_lock.
RusageReport child_rusage_locked(Process& child);
linux_abi::rusage to_user_rusage(const RusageReport& report);

// The group lets go of an address space (exec replaces it, the last user exits): its peak stays
// in the group's maxrss (Linux's setmax_mm_hiwater_rss(&sig->maxrss, mm)).
void account_mm_maxrss(Process& process, const AddressSpace& mm);

// wait() reaps `child` (not when the parent ignores SIGCHLD: autoreaped children are not
// counted, as in Linux): the child's usage and its own children's become the parent's
// children's usage. Caller holds tasklist_lock.
void account_reaped_child_locked(Process& parent, Process& child);
