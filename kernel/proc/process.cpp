#include <fs/file_table.h>
#include <fs/fs_context.h>
#include <lib/string.h>
#include <mm/address_space.h>
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

Process::~Process() = default;

Result<NonnullRefPtr<Process>> Process::create(i32 pid) { return try_make_ref_counted<Process>(pid); }

Process& current_process()
{
    Task* task = current();
    VERIFY(task->process);
    return *task->process;
}
