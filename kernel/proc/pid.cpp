#include <lib/spinlock.h>
#include <proc/pid.h>
#include <proc/pid_allocator.h>

namespace {

Spinlock pid_lock;
PidAllocator pids; // guarded by pid_lock

} // namespace

Result<i32> alloc_pid()
{
    SpinlockGuard guard(pid_lock);
    return pids.allocate();
}

Result<i32> alloc_pid_exact(i32 pid)
{
    SpinlockGuard guard(pid_lock);
    return pids.allocate_exact(pid);
}

i32 pid_max() { return pids.pid_max(); }

i32 last_pid()
{
    SpinlockGuard guard(pid_lock);
    return pids.last_allocated();
}

void free_pid(i32 pid)
{
    SpinlockGuard guard(pid_lock);
    pids.free(pid);
}
