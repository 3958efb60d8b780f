#include <fs/file_table.h>
#include <fs/fs_context.h>
#include <fs/procfs.h>
#include <lib/spinlock.h>
#include <lib/string.h>
#include <mm/address_space.h>
#include <proc/pid.h>
#include <proc/process.h>
#include <proc/task.h>
#include <sched/clock.h>
#include <sched/sched.h>

Process::Process(i32 pid)
    : m_pid(pid)
{
    start_time_ns = ktime_get_ns();
    init_rlimits(rlimits); // fork then copies the parent's
}

Process::~Process()
{
    exit_itimers(*this); // normally done when the group died; a timer must never outlive us
    if (owns_pid)
        free_pid(m_pid);
}

Spinlock tasklist_lock;

namespace {

// Guarded by tasklist_lock. FIXME: a pid-indexed structure when there are many processes.
IntrusiveList<Process, &Process::table_node> table;

} // namespace

Result<NonnullRefPtr<Process>> Process::create(i32 pid) { return try_make_ref_counted<Process>(pid); }

void publish_process(Process& process, Process* parent, Task& leader)
{
    SpinlockGuard guard(tasklist_lock);
    table.push_back(process);
    process.threads.push_back(leader);
    process.live_threads = 1;
    process.parent = parent;
    if (parent) {
        process.ref(); // the parent's, until it waits for the child
        parent->children.push_back(process);
    }
}

Result<void> publish_thread(Process& process, Task& thread)
{
    SpinlockGuard guard(tasklist_lock);
    if (process.group_exiting || process.group_exec_task)
        return Errno::EINTR;
    process.threads.push_back(thread);
    ++process.live_threads;
    return {};
}

void Process::will_be_destroyed()
{
    SpinlockGuard guard(tasklist_lock);
    if (table_node.is_linked())
        table.remove(*this);
}

void for_each_process_locked(void (*fn)(Process&, void*), void* ctx)
{
    for (Process& p : table)
        fn(p, ctx);
}

u64 nr_threads()
{
    SpinlockGuard guard(tasklist_lock);
    u64 count = 0;
    // A process whose threads have all exited is a zombie leader until reaped: one task still.
    for (Process& p : table)
        count += p.live_threads ? p.live_threads : 1;
    return count;
}

void release_process_locked(Process& process)
{
    if (process.table_node.is_linked())
        table.remove(process);
    process.reaped = true;
    if (process.owns_pid) {
        process.owns_pid = false;
        free_pid(process.pid());
    }
}

const Credentials* process_cred_locked(Process& process)
{
    for (Task& thread : process.threads) {
        if (thread.tid() == process.pid())
            return &thread.creds; // the leader, alive
    }
    return &process.zombie_cred; // the leader has exited
}

Process* find_process_locked(i32 pid)
{
    for (Process& p : table) {
        if (p.pid() == pid && p.ref_count() > 0) // not one whose last reference is going
            return &p;
    }
    return nullptr;
}

Process* find_group_member_locked(i32 pgid)
{
    for (Process& p : table) {
        if (p.pgid == pgid && p.ref_count() > 0)
            return &p;
    }
    return nullptr;
}

RefPtr<Process> find_process(i32 pid)
{
    SpinlockGuard guard(tasklist_lock);
    for (Process& p : table) {
        // A process whose last reference is going is on its way out of the table: skip it.
        if (p.pid() == pid && p.try_ref())
            return adopt_ref_if_nonnull(&p);
    }
    return nullptr;
}

Task* find_task_locked(i32 tid)
{
    for (Process& p : table) {
        for (Task& t : p.threads) {
            if (t.tid() == tid)
                return &t;
        }
    }
    return nullptr;
}

RefPtr<Task> find_task(i32 tid)
{
    SpinlockGuard guard(tasklist_lock);
    Task* task = find_task_locked(tid);
    return task && task->try_ref() ? adopt_ref_if_nonnull(task) : nullptr;
}

bool procfs_process_exists(i32 pid) { return find_process(pid) != nullptr; }

Result<usize> procfs_with_process(i32 pid, ProcessShow show, char* buffer, usize size)
{
    RefPtr<Process> process = find_process(pid);
    if (!process)
        return Errno::ENOENT;
    return show(*process, buffer, size);
}

Process& current_process()
{
    Task* task = current();
    VERIFY(task->process);
    return *task->process;
}
