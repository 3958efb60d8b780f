// Kernel thread contexts: what x86_switch_context (entry.S) expects to find on a stack.

#include <arch/thread.h>
#include <arch/x86_64/gdt.h>
#include <arch/x86_64/io.h>
#include <arch/x86_64/trap.h>

extern "C" void x86_switch_context(uptr* prev_sp, uptr next_sp);
extern "C" char x86_thread_start[];

namespace arch {

void init_kernel_context(Context& context, uptr stack_top, void (*entry)(void*), void* arg)
{
    // The frame x86_switch_context pops: r15 r14 r13 r12 rbx rbp, then the return address. The
    // return address sits in the top word so that x86_thread_start runs with a 16-byte-aligned
    // stack, as the ABI wants at its call.
    // The top of every kernel stack is reserved for the user registers (arch::user_registers()):
    // a kernel thread that becomes a user process (exec from PID 1's thread) writes them there
    // while it still runs below, so its own frames must start underneath.
    auto* sp = reinterpret_cast<uptr*>(stack_top - sizeof(x86::TrapFrame));
    *--sp = reinterpret_cast<uptr>(x86_thread_start);
    *--sp = 0; // rbp
    *--sp = 0; // rbx
    *--sp = reinterpret_cast<uptr>(entry); // r12
    *--sp = reinterpret_cast<uptr>(arg); // r13
    *--sp = 0; // r14
    *--sp = 0; // r15
    context.stack_pointer = reinterpret_cast<uptr>(sp);
    context.kernel_stack_top = stack_top;
}

void switch_context(Context& prev, const Context& next, uptr& entry_stack_top)
{
    // Traps and system calls from the next thread's user mode must land on its own stack.
    x86::set_kernel_stack(next.kernel_stack_top);
    entry_stack_top = next.kernel_stack_top;
    if (prev.tls_base != next.tls_base)
        x86::wrmsr(x86::MSR_FS_BASE, next.tls_base);
    // FIXME: save and restore lazily (only tasks that ran in user mode since) when it shows up in
    // the fork benchmark; today it is two instructions per switch.
    asm volatile("fxsave64 %0" : "=m"(prev.fpu_state));
    asm volatile("fxrstor64 %0" : : "m"(next.fpu_state));
    x86_switch_context(&prev.stack_pointer, next.stack_pointer);
}

} // namespace arch
