// Resource limits: their initial values and prlimit's rules (Linux's kernel/sys.c do_prlimit(),
// check_prlimit_permission()).

#include <arch/mmu.h>
#include <mm/kstack.h>
#include <mm/page_alloc.h>
#include <proc/cred.h>
#include <proc/process.h>
#include <proc/rlimit.h>
#include <proc/task.h>
#include <sched/sched.h>

u64 max_threads()
{
    // set_max_threads(): memory / (THREAD_SIZE * 8), between MIN_THREADS and FUTEX_TID_MASK.
    u64 threads = page_stats().total * arch::page_size / (KernelStack::size * 8);
    return lib::min(lib::max(threads, u64(20)), u64(0x3fffffff));
}

void init_rlimits(ResourceLimit (&limits)[RLIM_NLIMITS])
{
    for (auto& limit : limits)
        limit = { RLIM_INFINITY, RLIM_INFINITY };
    limits[RLIMIT_STACK] = { 8 * 1024 * 1024, RLIM_INFINITY }; // _STK_LIM
    limits[RLIMIT_CORE] = { 0, RLIM_INFINITY };
    u64 tasks = max_threads() / 2; // fork_init()
    limits[RLIMIT_NPROC] = { tasks, tasks };
    limits[RLIMIT_NOFILE] = { 1024, 4096 }; // INR_OPEN_CUR, INR_OPEN_MAX
    limits[RLIMIT_MEMLOCK] = { 8 * 1024 * 1024, 8 * 1024 * 1024 }; // MLOCK_LIMIT
    limits[RLIMIT_SIGPENDING] = { tasks, tasks };
    limits[RLIMIT_MSGQUEUE] = { 819200, 819200 }; // MQ_BYTES_MAX
    limits[RLIMIT_NICE] = { 0, 0 };
    limits[RLIMIT_RTPRIO] = { 0, 0 };
}

Result<void> check_prlimit_permission(Process& target)
{
    if (&target == &current_process())
        return {};
    const Credentials& cred = current_cred();
    SpinlockGuard guard(tasklist_lock);
    const Credentials* tcred = process_cred_locked(target);
    bool id_match = cred.uid == tcred->euid && cred.uid == tcred->suid && cred.uid == tcred->uid
        && cred.gid == tcred->egid && cred.gid == tcred->sgid && cred.gid == tcred->gid;
    if (!id_match && !cred.capable())
        return Errno::EPERM;
    return {};
}

Result<void> do_prlimit(Process& target, unsigned resource, const ResourceLimit* fresh, ResourceLimit* old)
{
    if (resource >= RLIM_NLIMITS)
        return Errno::EINVAL;
    if (fresh) {
        if (fresh->soft > fresh->hard)
            return Errno::EINVAL;
        if (resource == RLIMIT_NOFILE && fresh->hard > NR_OPEN)
            return Errno::EPERM;
    }
    // NOTE: tasklist_lock stands in for Linux's task_lock(group_leader): a reader and a writer of
    // the same limit (prlimit on another process) see one pair, never half of each.
    SpinlockGuard guard(tasklist_lock);
    ResourceLimit& limit = target.rlimits[resource];
    // Raising a hard limit needs CAP_SYS_RESOURCE.
    if (fresh && fresh->hard > limit.hard && !current_cred().capable())
        return Errno::EPERM;
    if (old)
        *old = limit;
    if (fresh)
        limit = *fresh;
    return {};
}
