// User mode on x86_64: the system-call MSRs, SMEP/SMAP, the FPU state, and the saved registers.

#include <arch/thread.h>
#include <arch/user.h>
#include <arch/x86_64/gdt.h>
#include <arch/x86_64/io.h>
#include <arch/x86_64/trap.h>
#include <arch/x86_64/uaccess.h>
#include <arch/x86_64/user.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <proc/exit.h>
#include <sched/sched.h>
#include <syscall/syscall.h>

extern "C" void x86_syscall_entry();
extern "C" [[noreturn]] void x86_enter_user(x86::TrapFrame* frame);
extern "C" char x86_ret_from_fork[];

namespace {

constexpr u32 MSR_STAR = 0xC0000081;
constexpr u32 MSR_LSTAR = 0xC0000082;
constexpr u32 MSR_FMASK = 0xC0000084;
constexpr u64 RFLAGS_IF = 1u << 9;
constexpr u64 RFLAGS_RESERVED = 1u << 1; // always reads as 1

// The FXSAVE image of a freshly reset FPU: x87 control word 0x37f (all exceptions masked, double
// extended precision), MXCSR 0x1f80 (all SIMD exceptions masked).
void default_fpu_image(u8* image)
{
    memset(image, 0, 512);
    u16 fcw = 0x37f;
    u32 mxcsr = 0x1f80;
    memcpy(image, &fcw, sizeof(fcw));
    memcpy(image + 24, &mxcsr, sizeof(mxcsr));
}

} // namespace

namespace x86 {

u64 hwcap; // CPUID.1:EDX, what Linux's ELF_HWCAP reports on x86_64

void user_mode_init()
{
    u32 a, b, c, d;
    cpuid(1, 0, a, b, c, d);
    hwcap = d;
    cpuid(7, 0, a, b, c, d);
    u64 cr4 = read_cr4();
    cr4 |= (1u << 9) | (1u << 10); // OSFXSR, OSXMMEXCPT: user programs may use SSE
    if (b & (1u << 7))
        cr4 |= 1u << 20; // SMEP: the kernel never executes user pages
    if (b & (1u << 20)) {
        cr4 |= 1u << 21; // SMAP: the kernel touches user pages only inside uaccess.S
        x86_smap_enabled = 1;
    }
    write_cr4(cr4);
    // CR0: no FPU emulation, monitor coprocessor.
    u64 cr0;
    asm volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 & ~(1ull << 2)) | (1ull << 1);
    asm volatile("mov %0, %%cr0" : : "r"(cr0));

    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | 1); // SCE: the syscall instruction
    // syscall loads CS = STAR[47:32] and SS = +8; sysret loads CS = STAR[63:48] + 16, SS = +8.
    wrmsr(MSR_STAR, (u64(USER32_CS) << 48) | (u64(KERNEL_CS) << 32));
    wrmsr(MSR_LSTAR, reinterpret_cast<u64>(x86_syscall_entry));
    // Cleared on entry: TF, IF, DF, IOPL, NT, AC (as Linux), so the kernel starts sane.
    wrmsr(MSR_FMASK, 0x47700);
    printk("cpu: SMEP %s, SMAP %s\n", (cr4 & (1u << 20)) ? "on" : "off", x86_smap_enabled ? "on" : "off");
}

} // namespace x86

namespace arch {

struct UserRegisters : x86::TrapFrame { };

UserRegisters& user_registers(uptr kernel_stack_top)
{
    return *reinterpret_cast<UserRegisters*>(kernel_stack_top - sizeof(x86::TrapFrame));
}

void start_user_thread(UserRegisters& regs, uptr entry, uptr stack)
{
    memset(static_cast<x86::TrapFrame*>(&regs), 0, sizeof(x86::TrapFrame));
    regs.rip = entry;
    regs.rsp = stack;
    regs.cs = x86::USER_CS;
    regs.ss = x86::USER_DS;
    regs.rflags = RFLAGS_IF | RFLAGS_RESERVED;
}

void enter_user_mode(UserRegisters& regs) { x86_enter_user(&regs); }


void set_tls_base(Context& current, u64 base)
{
    current.tls_base = base;
    x86::wrmsr(x86::MSR_FS_BASE, base);
}

void init_fpu_state(Context& context) { default_fpu_image(context.fpu_state); }

u64 user_hwcap() { return x86::hwcap; }

void copy_thread(Context& parent, const UserRegisters& parent_regs, Context& child, uptr child_kernel_stack_top,
    const ForkThreadState& state)
{
    UserRegisters& regs = user_registers(child_kernel_stack_top);
    memcpy(
        static_cast<x86::TrapFrame*>(&regs), static_cast<const x86::TrapFrame*>(&parent_regs), sizeof(x86::TrapFrame));
    regs.rax = 0; // fork() returns 0 in the child
    if (state.stack)
        regs.rsp = state.stack;
    asm volatile("fxsave64 %0" : "=m"(parent.fpu_state));
    memcpy(child.fpu_state, parent.fpu_state, sizeof(child.fpu_state));
    child.tls_base = state.set_tls ? state.tls : parent.tls_base;
    // The first switch to the child pops the callee-saved registers (zeros) and returns into
    // x86_ret_from_fork, which sits right below the user registers.
    auto* sp = reinterpret_cast<uptr*>(&regs);
    *--sp = reinterpret_cast<uptr>(x86_ret_from_fork);
    for (int i = 0; i < 6; ++i)
        *--sp = 0; // rbp rbx r12 r13 r14 r15
    child.stack_pointer = reinterpret_cast<uptr>(sp);
    child.kernel_stack_top = child_kernel_stack_top;
}

} // namespace arch

// Every system call, with the user's registers saved in `frame`: number in rax, arguments in
// rdi, rsi, rdx, r10, r8, r9 (r10 instead of rcx, which the syscall instruction overwrites).
extern "C" void x86_syscall_from_user(x86::TrapFrame* frame)
{
    const u64 args[6] = { frame->rdi, frame->rsi, frame->rdx, frame->r10, frame->r8, frame->r9 };
    frame->error_code = frame->rax; // Linux's orig_ax: what a restart after a signal re-executes
    frame->rax = u64(syscall_dispatch(frame->rax, args));
    return_to_user_work();
}

// A forked child on its way to user mode for the first time: the same work as any return.
extern "C" void x86_ret_from_fork_work() { return_to_user_work(); }
