#pragma once
// Signal frames and system-call restart, as generic signal code (proc/signal.cpp) needs them.

#include <abi/linux/signal.h>
#include <lib/result.h>
#include <lib/types.h>

namespace arch {

struct UserRegisters;

// The saved registers belong to a system call (not an interrupt, an exception, or a sigreturn),
// and that call's result.
bool in_syscall(const UserRegisters& regs);
i64 syscall_result(const UserRegisters& regs);
void set_syscall_result(UserRegisters& regs, i64 value);
// Re-execute the system call instruction with its original number (Linux: ax = orig_ax, ip -= 2).
void restart_syscall(UserRegisters& regs);
// Forget that this was a system call: no restart will be considered again.
void forget_syscall(UserRegisters& regs);
uptr user_stack_pointer(const UserRegisters& regs);

// Everything a signal frame needs besides the registers.
struct SignalFrameRequest {
    int sig;
    u64 handler;
    u64 restorer;
    bool siginfo; // SA_SIGINFO: copy `info` into the frame
    linux_abi::siginfo info;
    u64 saved_mask; // uc_sigmask: restored by sigreturn
    uptr stack_top; // where the frame goes below: the alternate stack's top, or 0 for the current stack
    linux_abi::stack_t altstack; // uc_stack: the alternate stack as it was
};
// Build the rt_sigframe (registers, FPU state, mask, info) on the user stack and point the
// registers at the handler. The handler starts with a clean FPU. EFAULT if the stack is unusable.
Result<void> setup_rt_frame(UserRegisters& regs, const SignalFrameRequest& request);

// What rt_sigreturn found in the frame.
struct SignalFrameRestore {
    u64 mask;
    linux_abi::stack_t altstack;
};
// Undo setup_rt_frame(): the registers and FPU state from the frame at the stack pointer.
// EFAULT (or an unusable saved state) means the caller must kill with SIGSEGV.
Result<SignalFrameRestore> restore_rt_frame(UserRegisters& regs);

} // namespace arch
