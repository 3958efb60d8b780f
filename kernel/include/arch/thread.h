#pragma once
// A thread's saved CPU state in the kernel, and switching between threads.

#include <lib/types.h>

namespace arch {

// What switch_context() leaves behind: the callee-saved registers are on the thread's own kernel
// stack, so the context is just the stack pointer.
struct Context {
    uptr stack_pointer = 0;
};

// Prepare `context` so that the first switch to it calls entry(arg) on the stack whose top is
// `stack_top`, by way of sched's kthread start path. `entry` must never return.
void init_kernel_context(Context& context, uptr stack_top, void (*entry)(void*), void* arg);

// Save the current thread's registers into `prev` and resume `next`. Returns when someone
// switches back to `prev`.
void switch_context(Context& prev, const Context& next);

// The per-CPU block of the running CPU (see sched/cpu.h); set once per CPU at boot.
void set_cpu_local(void* cpu);
void* cpu_local();

} // namespace arch
