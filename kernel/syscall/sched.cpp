// Scheduler system calls: giving up the CPU, which CPUs a task may run on, and nice values
// (kernel/sched/core.c's sched_yield, sched_getaffinity, sched_setaffinity; kernel/sys.c's
// getpriority, setpriority).

#include <mm/uaccess.h>
#include <proc/priority.h>
#include <proc/process.h>
#include <proc/task.h>
#include <sched/sched.h>
#include <syscall/syscall.h>

namespace {

// Linux's cpumask_size(): the bytes of a CPU mask as the kernel keeps it, in whole longs. With
// up to 64 possible CPUs (nr_cpu_ids), one long.
constexpr usize CPUMASK_SIZE = sizeof(u64);
constexpr u32 NR_CPU_IDS = 1;
constexpr u64 ONLINE_CPUS = 1; // CPU 0

Result<NonnullRefPtr<Task>> task_by_tid(i32 tid)
{
    if (tid == 0)
        return NonnullRefPtr<Task>(*current());
    if (tid < 0)
        return Errno::ESRCH;
    auto task = find_task(tid);
    if (!task)
        return Errno::ESRCH;
    return NonnullRefPtr<Task>(*task);
}

} // namespace

static Result<i64> sys_sched_yield()
{
    yield();
    return 0;
}
SYSCALL_DEFINE(sched_yield)

static Result<i64> sys_sched_getaffinity(i32 tid, u32 length, u64* user_mask)
{
    // The buffer must hold a bit per possible CPU, in whole longs.
    if (u64(length) * 8 < NR_CPU_IDS || length % sizeof(unsigned long))
        return Errno::EINVAL;
    auto task = TRY(task_by_tid(tid));
    u64 mask = task->cpus_allowed & ONLINE_CPUS;
    usize n = lib::min(usize(length), CPUMASK_SIZE);
    TRY(copy_to_user(user_mask, &mask, n));
    return i64(n);
}
SYSCALL_DEFINE(sched_getaffinity)

static Result<i64> sys_sched_setaffinity(i32 tid, u32 length, const u64* user_mask)
{
    // A shorter mask is zero-extended; a longer one is cut to the kernel's size.
    u64 mask = 0;
    TRY(copy_from_user(&mask, user_mask, lib::min(usize(length), CPUMASK_SIZE)));
    auto task = TRY(task_by_tid(tid));
    // Another's task: only its owner (our euid is its uid or euid) or CAP_SYS_NICE.
    {
        SpinlockGuard guard(tasklist_lock);
        if (!same_owner_or_capable(current()->creds, task->creds))
            return Errno::EPERM;
    }
    if (!(mask & ONLINE_CPUS))
        return Errno::EINVAL; // no CPU the task could run on
    task->cpus_allowed = mask & ONLINE_CPUS;
    return 0;
}
SYSCALL_DEFINE(sched_setaffinity)

static Result<i64> sys_getpriority(int which, i32 who)
{
    return TRY(do_getpriority(PrioWhich(which), who));
}
SYSCALL_DEFINE(getpriority)

static Result<i64> sys_setpriority(int which, i32 who, int nice)
{
    TRY(do_setpriority(PrioWhich(which), who, nice));
    return 0;
}
SYSCALL_DEFINE(setpriority)
