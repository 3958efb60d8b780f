// The x86_64 signal frame (Linux's arch/x86/kernel/signal_64.c and fpu/signal.c) and system-call
// restart on the saved registers.
//
// A system call's saved registers (entry.S) have vector SYSCALL_VECTOR and keep the original
// system-call number in the error-code slot (Linux's orig_ax); ~0 there means "not a system call
// any more" (after sigreturn, or once a restart was decided).

#include <arch/signal.h>
#include <arch/x86_64/gdt.h>
#include <arch/x86_64/trap.h>
#include <lib/string.h>
#include <mm/uaccess.h>

using namespace linux_abi;

namespace arch {
struct UserRegisters : x86::TrapFrame { };
} // namespace arch

namespace {

constexpr u64 SYSCALL_VECTOR = 0x80;
constexpr u64 NO_SYSCALL = ~0ull;
constexpr usize REDZONE = 128; // the System V ABI's red zone below the stack pointer
constexpr u64 USER_SPACE_LIMIT = 0x0000800000000000ull;

// The flags a handler's sigreturn may change (Linux's FIX_EFLAGS): AC OF DF TF SF ZF AF PF CF RF.
constexpr u64 FIX_EFLAGS = 0x40000 | 0x800 | 0x400 | 0x100 | 0x80 | 0x40 | 0x10 | 0x4 | 0x1 | 0x10000;
constexpr u64 EFLAGS_TF = 0x100, EFLAGS_DF = 0x400, EFLAGS_RF = 0x10000;

struct alignas(16) FxState {
    u8 bytes[FXSAVE_SIZE];
};

void fxsave(FxState& state) { asm volatile("fxsave64 %0" : "=m"(state)); }
void fxrstor(const FxState& state) { asm volatile("fxrstor64 %0" : : "m"(state)); }

// The state a handler starts with (Linux's fpu__clear_user_states()): as after a reset.
void load_init_fpu()
{
    FxState init {};
    u16 fcw = 0x37f;
    u32 mxcsr = 0x1f80;
    memcpy(init.bytes, &fcw, sizeof(fcw));
    memcpy(init.bytes + 24, &mxcsr, sizeof(mxcsr));
    fxrstor(init);
}

constexpr uptr round_down(uptr value, uptr align) { return value & ~(align - 1); }

} // namespace

namespace arch {

bool in_syscall(const UserRegisters& regs) { return regs.vector == SYSCALL_VECTOR && regs.error_code != NO_SYSCALL; }
i64 syscall_result(const UserRegisters& regs) { return i64(regs.rax); }
void set_syscall_result(UserRegisters& regs, i64 value) { regs.rax = u64(value); }
void restart_syscall(UserRegisters& regs)
{
    regs.rax = regs.error_code;
    regs.rip -= 2; // the syscall instruction is two bytes long
}
void forget_syscall(UserRegisters& regs) { regs.error_code = NO_SYSCALL; }
uptr user_stack_pointer(const UserRegisters& regs) { return regs.rsp; }

Result<void> setup_rt_frame(UserRegisters& regs, const SignalFrameRequest& request)
{
    // Linux's get_sigframe(): below the red zone (or at the top of the alternate stack), the FPU
    // image 64-byte aligned, then the frame, aligned so that the handler sees the stack as a
    // function does right after a call (rsp + 8 a multiple of 16).
    uptr sp = request.stack_top ? request.stack_top : regs.rsp - REDZONE;
    uptr fpstate = round_down(sp - FXSAVE_SIZE, 64);
    uptr frame_address = round_down(fpstate - sizeof(rt_sigframe), 16) - 8;

    FxState fx;
    fxsave(fx);
    memset(fx.bytes + 464, 0, 48); // the software-reserved tail: no xstate follows
    TRY(copy_to_user(reinterpret_cast<void*>(fpstate), fx.bytes, sizeof(fx.bytes)));

    rt_sigframe frame {};
    frame.pretcode = request.restorer;
    // A legacy FXSAVE frame: no UC_FP_XSTATE (Linux sets it only with XSAVE).
    frame.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
    frame.uc.uc_link = 0;
    frame.uc.uc_stack = request.altstack;
    sigcontext& sc = frame.uc.uc_mcontext;
    sc.r8 = regs.r8, sc.r9 = regs.r9, sc.r10 = regs.r10, sc.r11 = regs.r11;
    sc.r12 = regs.r12, sc.r13 = regs.r13, sc.r14 = regs.r14, sc.r15 = regs.r15;
    sc.rdi = regs.rdi, sc.rsi = regs.rsi, sc.rbp = regs.rbp, sc.rbx = regs.rbx;
    sc.rdx = regs.rdx, sc.rax = regs.rax, sc.rcx = regs.rcx, sc.rsp = regs.rsp;
    sc.rip = regs.rip, sc.eflags = regs.rflags;
    sc.cs = u16(regs.cs), sc.ss = u16(regs.ss);
    // FIXME: trapno, err and cr2 of the fault that raised a synchronous signal.
    sc.oldmask = request.saved_mask;
    sc.fpstate = fpstate;
    frame.uc.uc_sigmask = request.saved_mask;
    if (request.siginfo)
        frame.info = request.info;
    TRY(copy_to_user(reinterpret_cast<void*>(frame_address), &frame, sizeof(frame)));

    // Into the handler: handler(sig, &info, &uc), returning to the restorer.
    regs.rdi = u64(request.sig);
    regs.rsi = frame_address + __builtin_offsetof(rt_sigframe, info);
    regs.rdx = frame_address + __builtin_offsetof(rt_sigframe, uc);
    regs.rax = 0;
    regs.rsp = frame_address;
    regs.rip = request.handler;
    regs.cs = x86::USER_CS;
    regs.ss = x86::USER_DS;
    regs.rflags &= ~(EFLAGS_DF | EFLAGS_RF | EFLAGS_TF);
    load_init_fpu();
    return {};
}

Result<SignalFrameRestore> restore_rt_frame(UserRegisters& regs)
{
    // The handler returned into the restorer, which popped pretcode: the frame is 8 bytes below.
    uptr frame_address = regs.rsp - 8;
    rt_sigframe frame;
    TRY(copy_from_user(&frame, reinterpret_cast<const void*>(frame_address), sizeof(frame)));
    const sigcontext& sc = frame.uc.uc_mcontext;
    // iretq to a non-canonical or kernel address would fault in the kernel: refuse it here.
    if (sc.rip >= USER_SPACE_LIMIT || sc.rsp >= USER_SPACE_LIMIT)
        return Errno::EFAULT;
    if (sc.fpstate) {
        FxState fx;
        TRY(copy_from_user(fx.bytes, reinterpret_cast<const void*>(sc.fpstate), sizeof(fx.bytes)));
        // Reserved MXCSR bits would make fxrstor fault: keep only what this CPU supports.
        FxState current;
        fxsave(current);
        u32 mxcsr_mask, mxcsr;
        memcpy(&mxcsr_mask, current.bytes + 28, 4);
        if (!mxcsr_mask)
            mxcsr_mask = 0xffbf;
        memcpy(&mxcsr, fx.bytes + 24, 4);
        mxcsr &= mxcsr_mask;
        memcpy(fx.bytes + 24, &mxcsr, 4);
        fxrstor(fx);
    } else {
        load_init_fpu();
    }
    regs.r8 = sc.r8, regs.r9 = sc.r9, regs.r10 = sc.r10, regs.r11 = sc.r11;
    regs.r12 = sc.r12, regs.r13 = sc.r13, regs.r14 = sc.r14, regs.r15 = sc.r15;
    regs.rdi = sc.rdi, regs.rsi = sc.rsi, regs.rbp = sc.rbp, regs.rbx = sc.rbx;
    regs.rdx = sc.rdx, regs.rax = sc.rax, regs.rcx = sc.rcx, regs.rsp = sc.rsp;
    regs.rip = sc.rip;
    regs.rflags = (regs.rflags & ~FIX_EFLAGS) | (sc.eflags & FIX_EFLAGS);
    regs.cs = x86::USER_CS;
    regs.ss = x86::USER_DS;
    forget_syscall(regs); // rt_sigreturn itself is never restarted
    return SignalFrameRestore { frame.uc.uc_sigmask, frame.uc.uc_stack };
}

} // namespace arch
