#pragma once
// User mode, as generic code (exec, the syscall dispatcher) needs it.

#include <lib/types.h>

namespace arch {

// The user registers saved on every entry from user mode (trap or system call), at the top of
// the task's kernel stack. Opaque outside the architecture; these accessors are what generic code
// may do with them.
struct UserRegisters;
UserRegisters& user_registers(uptr kernel_stack_top);

// exec: the saved registers now start a new program at `entry` with stack pointer `stack`, every
// other register zero (as Linux's start_thread()).
void start_user_thread(UserRegisters& regs, uptr entry, uptr stack);
// Leave the kernel for user mode with `regs` (a kernel thread becoming a user process).
[[noreturn]] void enter_user_mode(UserRegisters& regs);


// AT_HWCAP for a new program: the CPU features user code may rely on (CPUID.1:EDX on x86_64,
// read once at boot).
u64 user_hwcap();

// Set the current thread's user TLS base (arch_prctl(ARCH_SET_FS) on x86_64).
struct Context;
void set_tls_base(Context& current, u64 base);

// fork's copy_thread(): the child's first switch lands in the kernel's return-to-user path with
// a copy of the parent's user registers, except that the system call returns 0 in the child, and,
// when given, the stack pointer and TLS base are the new thread's. The parent's floating-point
// registers are copied too (saved from the CPU first: they are live, not in its Context).
struct ForkThreadState {
    uptr stack { 0 }; // 0: the parent's
    bool set_tls { false };
    u64 tls { 0 };
};
void copy_thread(Context& parent, const UserRegisters& parent_regs, Context& child, uptr child_kernel_stack_top,
    const ForkThreadState& state);

} // namespace arch
