#pragma once
// The scheduler: round-robin run queues with a time slice, preemption when an interrupt returns,
// and sleeping and waking for wait queues and timers.

#include <lib/refptr.h>
#include <proc/task.h>

inline constexpr u32 SCHED_TIME_SLICE_TICKS = 2; // 8 ms at HZ=250, for nice 0

// A task's time slice in ticks: SCHED_TIME_SLICE_TICKS scaled by its nice value's weight, at
// least one tick. The weights are about 1024 / 1.25^nice, as Linux's sched_prio_to_weight, so
// each step of nice is about 10% of CPU between two busy tasks. NOTE: with slices of whole
// ticks, every nice value above 0 gets one tick (half of nice 0's share); the proportions below
// 0 hold.
u32 sched_time_slice_ticks(int nice);

void sched_init();
// The boot CPU's original thread ends here, as the idle task: halt until there is work.
[[noreturn]] void cpu_idle();
Task* current();

// Pick the next task and switch to it. The current task stays runnable unless it marked itself
// asleep (set_current_state) or dead first.
void schedule();
void yield();
void set_current_state(TaskState state);

// Make a sleeping task runnable (asleep interruptibly, uninterruptibly or killably; not stopped).
// Returns false if it was not asleep.
bool wake_up_process(Task& task);
// Make the task runnable only if it is in `state` (signals: signal_wake_up(), SIGCONT).
bool wake_up_state(Task& task, TaskState state);
// The policy for a new child process: run it before its parent (the default, Linux's old
// sched_child_runs_first=1), or after. The kernel command line's sched_child_runs_first=0|1 sets it.
extern bool sched_child_runs_first;

// First wake-up of a task made by Task::create_*(); the scheduler takes its own reference.
void wake_up_new_task(Task& task);

// A kernel thread: create it and start it. The caller's reference lets it kthread_join().
Result<NonnullRefPtr<Task>> kthread_run(const char* name, Task::EntryFunction entry, void* arg);
[[noreturn]] void kthread_exit(int code);
int kthread_join(Task& task);

// From the timer interrupt (`user`: it interrupted user mode), and from the architecture on the
// way out of any interrupt.
void sched_tick(bool user);
namespace sched {
void preempt_on_irq_exit();
}

u64 context_switches();
// Runnable tasks, the running one included (not the idle task): Linux's nr_running().
u64 nr_running();
// User tasks asleep uninterruptibly: Linux's nr_uninterruptible().
u64 nr_uninterruptible();
