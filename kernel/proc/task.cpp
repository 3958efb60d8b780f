#include <lib/string.h>
#include <mm/slab.h>
#include <proc/pid.h>
#include <fs/file_table.h>
#include <fs/fs_context.h>
#include <mm/address_space.h>
#include <proc/process.h>
#include <sched/sched.h>

namespace {

SlabCache task_cache("task", sizeof(Task), alignof(Task));

} // namespace

void* Task::operator new(usize size, const std::nothrow_t&) noexcept
{
    VERIFY(size == sizeof(Task));
    return task_cache.allocate();
}

void Task::operator delete(void* ptr) { task_cache.free(ptr); }

Task::Task(i32 tid, const char* name)
    : m_tid(tid)
{
    usize n = strnlen(name, sizeof(m_name) - 1);
    memcpy(m_name, name, n);
}

Result<NonnullRefPtr<Task>> Task::create_kernel_thread(const char* name, EntryFunction entry, void* arg)
{
    // The stack first: if it fails, nothing else was made. The task then owns it, and its
    // destructor frees both if anything after this fails.
    auto task = TRY(create_with_id(name));
    arch::init_kernel_context(task->context, task->m_kstack.top(), entry, arg);
    return task;
}

Result<NonnullRefPtr<Task>> Task::create_for_fork(const Task& parent)
{
    auto task = TRY(create_with_id(parent.name()));
    // Affinity and nice value are inherited, as all of task_struct is.
    task->cpus_allowed = parent.cpus_allowed;
    task->nice = parent.nice;
    return task;
}

// A task with a kernel stack and an id of its own: each, if the next fails, freed by the task's
// destructor.
Result<NonnullRefPtr<Task>> Task::create_with_id(const char* name)
{
    KernelStack stack = TRY(KernelStack::create());
    i32 tid = TRY(alloc_pid());
    auto task = try_make_ref_counted<Task>(tid, name);
    if (task.is_error()) {
        free_pid(tid);
        return task.error();
    }
    task.value()->m_owns_id = true;
    task.value()->m_kstack = static_cast<KernelStack&&>(stack);
    return task;
}

Task::~Task()
{
    if (m_owns_id)
        free_pid(m_tid);
}

void Task::give_id_to(Process& process)
{
    VERIFY(m_owns_id && process.pid() == m_tid);
    m_owns_id = false;
    process.owns_pid = true;
}

void Task::take_leader_id(Process& process)
{
    VERIFY(m_owns_id);
    free_pid(m_tid);
    m_owns_id = false;
    m_tid = process.pid();
}

void Task::replace_id(i32 tid)
{
    VERIFY(m_owns_id);
    free_pid(m_tid);
    m_tid = tid;
}

Result<NonnullRefPtr<Task>> Task::create_boot_task()
{
    auto task = TRY(try_make_ref_counted<Task>(0, "idle"));
    task->state = TaskState::Running;
    return task;
}

usize tasks_alive() { return task_cache.objects_in_use(); }
