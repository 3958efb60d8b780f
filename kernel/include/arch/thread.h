#pragma once
// A thread's saved CPU state in the kernel, and switching between threads.

#include <lib/types.h>

namespace arch {

// What switch_context() leaves behind: the callee-saved registers are on the thread's own kernel
// stack, so the context is the stack pointer, plus what the CPU needs to know about the thread
// while it runs: where traps from user mode enter its kernel stack, and its user TLS base.
struct Context {
    uptr stack_pointer = 0;
    uptr kernel_stack_top = 0;
    u64 tls_base = 0; // FS base on x86_64 (arch_prctl(ARCH_SET_FS))
    // The user's floating-point and vector registers (FXSAVE's 512 bytes on x86_64). The kernel
    // never touches them itself (it is built without SSE), so they change only in user mode.
    alignas(16) u8 fpu_state[512] {};
};

// A fresh user floating-point state (as after exec): default control words, empty registers.
void init_fpu_state(Context& context);

// Prepare `context` so that the first switch to it calls entry(arg) on the stack whose top is
// `stack_top`, by way of sched's kthread start path. `entry` must never return.
void init_kernel_context(Context& context, uptr stack_top, void (*entry)(void*), void* arg);

// Save the current thread's registers into `prev` and resume `next`. Returns when someone
// switches back to `prev`. `entry_stack_top` is the per-CPU word the syscall entry loads its
// stack from (sched/cpu.h).
void switch_context(Context& prev, const Context& next, uptr& entry_stack_top);

// The per-CPU block of the running CPU (see sched/cpu.h); set once per CPU at boot.
void set_cpu_local(void* cpu);
void* cpu_local();

} // namespace arch
