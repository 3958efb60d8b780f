#include <lib/string.h>
#include <mm/slab.h>
#include <proc/task.h>
#include <sched/sched.h>

namespace {

SlabCache task_cache("task", sizeof(Task), alignof(Task));
std::atomic<i32> next_tid { 1 }; // FIXME: a real pid allocator comes with process creation

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
    KernelStack stack = TRY(KernelStack::create());
    auto task = TRY(try_make_ref_counted<Task>(next_tid.fetch_add(1), name));
    task->m_kstack = static_cast<KernelStack&&>(stack);
    arch::init_kernel_context(task->context, task->m_kstack.top(), entry, arg);
    return task;
}

Result<NonnullRefPtr<Task>> Task::create_for_fork(const Task& parent)
{
    KernelStack stack = TRY(KernelStack::create());
    auto task = TRY(try_make_ref_counted<Task>(next_tid.fetch_add(1), parent.name()));
    task->m_kstack = static_cast<KernelStack&&>(stack);
    return task;
}

Result<NonnullRefPtr<Task>> Task::create_boot_task()
{
    auto task = TRY(try_make_ref_counted<Task>(0, "idle"));
    task->state = TaskState::Running;
    return task;
}

usize tasks_alive() { return task_cache.objects_in_use(); }
