#pragma once
// The per-CPU block. Reached through arch::cpu_local() (GS base on x86_64); written so that
// each CPU gets its own when SMP comes.

#include <lib/list.h>
#include <lib/spinlock.h>
#include <proc/task.h>

struct RunQueue {
    // NOTE: lock guards `tasks` and, for every task of this CPU, Task::state, on_run_queue and
    // time_slice. Lock order: a wait queue's lock may be held when taking this one, never the
    // reverse.
    Spinlock lock;
    IntrusiveList<Task, &Task::run_node> tasks; // runnable, not running: the next to run first
    u64 nr_switches { 0 };
    u64 idle_ticks { 0 }; // timer ticks that found the idle task running (/proc/uptime's idle time)
    u64 user_ticks { 0 }; // ... a task in user mode (/proc/stat's user time)
    u64 nice_ticks { 0 }; // ... a task with a nice value above 0 in user mode (/proc/stat's nice)
    u64 system_ticks { 0 }; // ... a task (or kernel thread) in the kernel (/proc/stat's system time)
    // User tasks asleep uninterruptibly (or killably): they count in the load average, as Linux's
    // rq->nr_uninterruptible. Raised when such a task switches away asleep, lowered when woken.
    i64 nr_uninterruptible { 0 };
    u64 nr_irqs { 0 }; // hardware interrupts taken (/proc/stat's intr)
};

struct Cpu {
    Cpu* self { this }; // first: arch::cpu_local() reads this word
    // The architecture's entry code reads these two at fixed offsets (8 and 16), before it has a
    // stack: the kernel stack of the current task, and a slot for the user's stack pointer.
    uptr entry_stack_top { 0 };
    uptr entry_scratch { 0 };
    Task* current { nullptr };
    Task* idle { nullptr };
    RunQueue run_queue;
    Task* last_switched_from { nullptr }; // for finish_task_switch() on the far side of a switch
    bool need_resched { false };
    u32 id { 0 };
};

static_assert(__builtin_offsetof(Cpu, entry_stack_top) == 8 && __builtin_offsetof(Cpu, entry_scratch) == 16);

inline Cpu& this_cpu() { return *static_cast<Cpu*>(arch::cpu_local()); }
