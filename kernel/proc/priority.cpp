#include <proc/priority.h>
#include <proc/process.h>
#include <proc/rlimit.h>
#include <proc/task.h>
#include <sched/sched.h>

namespace {

struct PrioWalk {
    PrioWhich which;
    i32 who; // the pid, pgid or uid, with 0 resolved
    // What to do with each matching task.
    void (*visit)(PrioWalk& walk, Task& task);
    int best { 0 }; // getpriority: the highest 20 - nice seen
    int nice { 0 }; // setpriority: the new value
    bool matched { false };
    int error { int(Errno::ESRCH) }; // setpriority: 0 once a task took the value
};

bool matches(const PrioWalk& walk, const Process& process, const Task& task)
{
    switch (walk.which) {
    case PrioWhich::Process: return task.tid() == walk.who;
    case PrioWhich::Pgrp: return process.pgid == walk.who;
    case PrioWhich::User: return i64(task.creds.uid) == i64(u32(walk.who));
    }
    return false;
}

void walk_tasks_locked(PrioWalk& walk)
{
    for_each_process_locked(
        [](Process& process, void* ctx) {
            auto& walk = *static_cast<PrioWalk*>(ctx);
            for (Task& task : process.threads) {
                if (matches(walk, process, task)) {
                    walk.matched = true;
                    walk.visit(walk, task);
                }
            }
        },
        &walk);
}

Result<void> resolve(PrioWalk& walk)
{
    if (walk.which != PrioWhich::Process && walk.which != PrioWhich::Pgrp && walk.which != PrioWhich::User)
        return Errno::EINVAL;
    if (walk.who != 0)
        return {};
    switch (walk.which) {
    case PrioWhich::Process: walk.who = current()->tid(); break;
    case PrioWhich::Pgrp: walk.who = current_process().pgid; break;
    case PrioWhich::User: walk.who = i32(current()->creds.uid); break;
    }
    return {};
}

// Lowering a nice value needs RLIMIT_NICE to allow it (the limit is 20 - nice: 40 allows -20)
// or CAP_SYS_NICE (Linux's can_nice()).
bool can_nice(const Task& task, int nice)
{
    u64 limit = task.process->rlimits[RLIMIT_NICE].soft;
    return u64(20 - nice) <= limit || current()->creds.capable();
}

} // namespace

Result<int> do_getpriority(PrioWhich which, i32 who)
{
    PrioWalk walk { which, who, [](PrioWalk& w, Task& task) {
                       if (20 - task.nice > w.best)
                           w.best = 20 - task.nice;
                   } };
    TRY(resolve(walk));
    SpinlockGuard guard(tasklist_lock);
    walk_tasks_locked(walk);
    if (!walk.matched)
        return Errno::ESRCH;
    return walk.best;
}

Result<void> do_setpriority(PrioWhich which, i32 who, int nice)
{
    PrioWalk walk { which, who, [](PrioWalk& w, Task& task) {
                       // Linux's set_one_prio(): the first error sticks for that task only; a
                       // later success turns ESRCH (nothing yet) into 0, never EPERM or EACCES.
                       if (!same_owner_or_capable(current()->creds, task.creds)) {
                           w.error = int(Errno::EPERM);
                           return;
                       }
                       if (w.nice < task.nice && !can_nice(task, w.nice)) {
                           w.error = int(Errno::EACCES);
                           return;
                       }
                       if (w.error == int(Errno::ESRCH))
                           w.error = 0;
                       task.nice = i8(w.nice);
                   } };
    walk.nice = nice < MIN_NICE ? MIN_NICE : nice > MAX_NICE ? MAX_NICE : nice;
    TRY(resolve(walk));
    SpinlockGuard guard(tasklist_lock);
    walk_tasks_locked(walk);
    if (walk.error)
        return Errno(walk.error);
    return {};
}
