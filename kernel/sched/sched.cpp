#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/thread.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <mm/address_space.h>
#include <proc/process.h>
#include <sched/clock.h>
#include <sched/cpu.h>
#include <sched/cputime.h>
#include <sched/loadavg.h>
#include <sched/sched.h>

namespace {

Cpu boot_cpu;

// Called with the run queue lock held.
void enqueue_locked(RunQueue& rq, Task& task)
{
    task.on_run_queue = true;
    rq.tasks.push_back(task);
}

Task& pick_next_locked(Cpu& cpu)
{
    Task* next = cpu.run_queue.tasks.pop_front();
    if (!next)
        return *cpu.idle;
    next->on_run_queue = false;
    return *next;
}

// After the switch, on the next task's stack: what the previous task could not do for itself.
// A dead task's stack was in use until the switch; only now can its last reference go.
void finish_task_switch(Task* prev)
{
    if (prev && prev->state == TaskState::Dead)
        prev->unref();
}

// Linux's context_switch(): the address space first, then the registers. A kernel thread has no
// address space of its own and keeps running on whatever page tables are loaded (the kernel half
// is the same in all of them), which saves a TLB flush, as Linux's lazy TLB mode does.
// NOTE: that is safe because an address space is only destroyed by its own process (exit and exec
// switch away from it first). FIXME(SMP): another CPU may still be borrowing it then.
void switch_to(Cpu& cpu, Task& prev, Task& next)
{
    account_switch(prev, next, ktime_get_ns());
    cpu.current = &next;
    cpu.last_switched_from = &prev;
    cpu.run_queue.nr_switches++;
    if (next.mm) {
        arch::PageTableRoot root = next.mm->root();
        if (arch::current_root().phys != root.phys)
            arch::switch_root(root);
    }
    arch::switch_context(prev.context, next.context, cpu.entry_stack_top);
}

// The heart of schedule(), for both voluntary calls and preemption. A preempted task is always
// put back on the run queue whatever its state says: it may have been preempted between marking
// itself asleep and checking its wait condition, and must get to check it.
void do_schedule(bool preempted)
{
    arch::IrqFlags flags = arch::irq_save();
    Cpu& cpu = this_cpu();
    Task& prev = *cpu.current;
    Task* next;
    {
        SpinlockGuard guard(cpu.run_queue.lock);
        cpu.need_resched = false;
        // Linux's __schedule(): a task that goes to sleep switches away voluntarily; one that is
        // preempted, or yields while runnable, involuntarily.
        bool voluntary = !preempted && prev.state != TaskState::Running;
        if (&prev != cpu.idle && prev.state != TaskState::Dead && (prev.state == TaskState::Running || preempted)) {
            if (preempted && prev.state != TaskState::Running)
                prev.state = TaskState::Running;
            enqueue_locked(cpu.run_queue, prev);
        } else if (voluntary && prev.process
            && (prev.state == TaskState::Uninterruptible || prev.state == TaskState::Killable)) {
            // The load average counts it until it is woken (Linux's sched_contributes_to_load).
            prev.contributes_to_load = true;
            ++cpu.run_queue.nr_uninterruptible;
        }
        next = &pick_next_locked(cpu);
        if (next != &prev) {
            u64 Usage::*counter = voluntary ? &Usage::nvcsw : &Usage::nivcsw;
            ++(prev.usage.*counter);
            if (Process* process = prev.process.ptr())
                ++(process->usage.*counter);
        }
        next->time_slice = sched_time_slice_ticks(next->nice);
        // FIXME(SMP): prev may be picked by another CPU before its registers are saved; Linux's
        // on_cpu flag is what closes that window.
    }
    if (next != &prev) {
        switch_to(cpu, prev, *next);
        // Back on prev's stack, possibly much later; `cpu` is still right with one CPU.
        finish_task_switch(this_cpu().last_switched_from);
    }
    arch::irq_restore(flags);
}

} // namespace

extern "C" [[noreturn]] void kthread_start(Task::EntryFunction entry, void* arg);

// Every kernel thread starts here (by way of arch code), in the middle of a schedule() that
// switched to it: finish that switch, turn interrupts on, run.
void kthread_start(Task::EntryFunction entry, void* arg)
{
    finish_task_switch(this_cpu().last_switched_from);
    arch::irq_enable();
    entry(arg);
    kthread_exit(0);
}

// The first thing a forked child runs (x86_ret_from_fork): the end of the switch that started it.
extern "C" void schedule_tail() { finish_task_switch(this_cpu().last_switched_from); }

void sched_init()
{
    arch::set_cpu_local(&boot_cpu);
    auto idle = Task::create_boot_task();
    if (idle.is_error())
        panic("sched: no memory for the idle task");
    boot_cpu.idle = &idle.release_value().leak_ref(); // the idle task lives forever
    boot_cpu.current = boot_cpu.idle;
}

Task* current() { return this_cpu().current; }

void cpu_idle()
{
    for (;;) {
        arch::irq_disable();
        if (this_cpu().need_resched) {
            arch::irq_enable();
            schedule();
        } else {
            arch::wait_for_interrupt(); // enables interrupts and halts, atomically
        }
    }
}

void schedule() { do_schedule(false); }

void yield() { schedule(); }

void set_current_state(TaskState state)
{
    Cpu& cpu = this_cpu();
    SpinlockGuard guard(cpu.run_queue.lock);
    cpu.current->state = state;
}

namespace {

bool try_to_wake_up(Task& task, bool (*wanted)(TaskState))
{
    Cpu& cpu = this_cpu(); // FIXME(SMP): the task's own CPU
    SpinlockGuard guard(cpu.run_queue.lock);
    if (!wanted(task.state))
        return false;
    task.state = TaskState::Running;
    if (task.contributes_to_load) {
        task.contributes_to_load = false;
        --cpu.run_queue.nr_uninterruptible;
    }
    // The current task is already "on the CPU": schedule() will requeue it (it may be between
    // marking itself asleep and calling schedule()).
    if (&task != cpu.current && !task.on_run_queue)
        enqueue_locked(cpu.run_queue, task);
    if (cpu.current == cpu.idle)
        cpu.need_resched = true;
    return true;
}

} // namespace

bool wake_up_process(Task& task)
{
    return try_to_wake_up(task, [](TaskState s) {
        return s == TaskState::Interruptible || s == TaskState::Uninterruptible || s == TaskState::Killable;
    });
}

bool wake_up_state(Task& task, TaskState state)
{
    switch (state) {
    case TaskState::Interruptible:
        return try_to_wake_up(task, [](TaskState s) { return s == TaskState::Interruptible; });
    case TaskState::Killable:
        return try_to_wake_up(task, [](TaskState s) { return s == TaskState::Killable; });
    case TaskState::Stopped:
        return try_to_wake_up(task, [](TaskState s) { return s == TaskState::Stopped; });
    default:
        return wake_up_process(task);
    }
}

bool sched_child_runs_first = true;

void wake_up_new_task(Task& task)
{
    Cpu& cpu = this_cpu();
    task.ref(); // the scheduler's reference, dropped by finish_task_switch() after it dies
    SpinlockGuard guard(cpu.run_queue.lock);
    VERIFY(task.state == TaskState::New);
    task.state = TaskState::Running;
    // Child runs first: at the head of the queue, and the parent gives up the CPU on its way
    // back to user mode. A child that execs at once then never has to copy the pages the parent
    // would otherwise dirty (and share copy-on-write) in the meantime.
    if (sched_child_runs_first && task.process) {
        task.on_run_queue = true;
        cpu.run_queue.tasks.push_front(task);
        cpu.need_resched = true;
        return;
    }
    enqueue_locked(cpu.run_queue, task);
    if (cpu.current == cpu.idle)
        cpu.need_resched = true;
}

Result<NonnullRefPtr<Task>> kthread_run(const char* name, Task::EntryFunction entry, void* arg)
{
    auto task = TRY(Task::create_kernel_thread(name, entry, arg));
    wake_up_new_task(*task);
    return task;
}

void kthread_exit(int code)
{
    Task& self = *current();
    self.exit_code = code;
    {
        // Mark dead before waking the joiner, with interrupts off so that no preemption can come
        // between the two: once Dead, this task never runs again.
        InterruptsDisabled no_irqs;
        self.exited = true;
        self.exit_waiters.wake_all();
        set_current_state(TaskState::Dead);
        schedule();
    }
    panic("a dead task was scheduled");
}

int kthread_join(Task& task)
{
    task.exit_waiters.wait_event([&] { return task.exited; });
    return task.exit_code;
}

namespace {

// The weight of each nice value, -20..19: 1024 at nice 0, and each step 1.25 times the next.
constexpr auto nice_weights = [] {
    struct Table {
        u32 weight[40];
    } t {};
    u64 scaled[40] {}; // in 1/1024ths, so that the rounding does not pile up
    scaled[20] = 1024 << 10;
    for (int i = 21; i < 40; ++i)
        scaled[i] = scaled[i - 1] * 4 / 5;
    for (int i = 19; i >= 0; --i)
        scaled[i] = scaled[i + 1] * 5 / 4;
    for (int i = 0; i < 40; ++i)
        t.weight[i] = u32(scaled[i] >> 10);
    return t;
}();
static_assert(nice_weights.weight[0] == 88817 && nice_weights.weight[39] == 14);

} // namespace

u32 sched_time_slice_ticks(int nice)
{
    u32 ticks = SCHED_TIME_SLICE_TICKS * nice_weights.weight[nice + 20] / 1024;
    return ticks ? ticks : 1;
}

void sched_tick(bool user)
{
    Cpu& cpu = this_cpu();
    Task* task = cpu.current;
    calc_global_load_tick();
    if (task == cpu.idle) {
        ++cpu.run_queue.idle_ticks;
        cpu.need_resched = !cpu.run_queue.tasks.is_empty();
        return;
    }
    account_process_tick(*task, user);
    if (task->time_slice > 0)
        --task->time_slice;
    if (task->time_slice == 0)
        cpu.need_resched = true;
}

namespace sched {

void preempt_on_irq_exit()
{
    if (this_cpu().need_resched)
        do_schedule(true);
}

} // namespace sched

u64 context_switches() { return this_cpu().run_queue.nr_switches; }

u64 nr_running()
{
    // NOTE: one CPU today; with SMP, the sum over every CPU's run queue.
    Cpu& cpu = this_cpu();
    SpinlockGuard guard(cpu.run_queue.lock);
    return cpu.run_queue.tasks.size_slow() + (cpu.current != cpu.idle ? 1 : 0);
}

u64 nr_uninterruptible()
{
    Cpu& cpu = this_cpu();
    SpinlockGuard guard(cpu.run_queue.lock);
    return cpu.run_queue.nr_uninterruptible > 0 ? u64(cpu.run_queue.nr_uninterruptible) : 0;
}
