#pragma once
// Nice values (Linux's getpriority/setpriority in kernel/sys.c): each task has one, from -20 (the
// most CPU) to 19 (the least), inherited at fork. The scheduler gives a task a time slice in
// proportion to its nice value's weight (sched_time_slice_ticks() in sched.h).

#include <lib/result.h>
#include <lib/types.h>

enum class PrioWhich { Process = 0, Pgrp = 1, User = 2 };

inline constexpr int MIN_NICE = -20;
inline constexpr int MAX_NICE = 19;

// getpriority(): the highest priority (lowest nice) among the tasks `which`/`who` names, as the
// system call returns it: 20 - nice, so 40 (nice -20) down to 1 (nice 19). ESRCH if none.
Result<int> do_getpriority(PrioWhich which, i32 who);
// setpriority(): every task `which`/`who` names gets `nice` (clamped to -20..19). EPERM for a
// task of another user (unless root), EACCES for lowering nice past RLIMIT_NICE without
// CAP_SYS_NICE; ESRCH if no task matched.
Result<void> do_setpriority(PrioWhich which, i32 who, int nice);
