#include <fs/file_table.h>
#include <fs/fs_context.h>
#include <fs/procfs.h>
#include <lib/spinlock.h>
#include <lib/string.h>
#include <mm/address_space.h>
#include <proc/pid.h>
#include <proc/process.h>
#include <proc/task.h>
#include <sched/sched.h>

Process::Process(i32 pid)
    : m_pid(pid)
{
    // Linux's defaults for init (include/asm-generic/resource.h, INIT_RLIMITS).
    for (auto& limit : rlimits)
        limit = { RLIM_INFINITY, RLIM_INFINITY };
    rlimits[3] = { 8 * 1024 * 1024, RLIM_INFINITY }; // RLIMIT_STACK
    rlimits[4] = { 0, RLIM_INFINITY }; // RLIMIT_CORE
    rlimits[7] = { 1024, 4096 }; // RLIMIT_NOFILE
    rlimits[8] = { 8 * 1024 * 1024, 8 * 1024 * 1024 }; // RLIMIT_MEMLOCK
}

Process::~Process()
{
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

usize count_processes_of(u32 uid)
{
    SpinlockGuard guard(tasklist_lock);
    usize n = 0;
    for (Process& p : table) {
        if (p.creds.uid == uid && p.state == ProcessState::Alive)
            ++n;
    }
    return n;
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

RefPtr<Task> find_task(i32 tid)
{
    SpinlockGuard guard(tasklist_lock);
    for (Process& p : table) {
        for (Task& t : p.threads) {
            if (t.tid() == tid && t.try_ref())
                return adopt_ref_if_nonnull(&t);
        }
    }
    return nullptr;
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
