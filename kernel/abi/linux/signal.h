#pragma once
// Linux x86_64 signals: numbers (arch/x86/include/uapi/asm/signal.h), sigaction flags, siginfo_t
// (include/uapi/asm-generic/siginfo.h), stack_t, and the signal frame (arch/x86/include/uapi/asm/
// sigcontext.h, ucontext.h; arch/x86/include/asm/sigframe.h). Every layout is pinned below.

#include <lib/types.h>

// The C library's <signal.h> can reach a freestanding build through libstdc++'s headers: its
// macros would rewrite the names below.
#undef SA_NOCLDSTOP
#undef SA_NOCLDWAIT
#undef SA_SIGINFO
#undef SA_ONSTACK
#undef SA_RESTART
#undef SA_NODEFER
#undef SA_RESETHAND
#undef SA_RESTORER
#undef SIG_DFL
#undef SIG_IGN
#undef SIG_BLOCK
#undef SIG_UNBLOCK
#undef SIG_SETMASK
#undef SS_ONSTACK
#undef SS_DISABLE
#undef MINSIGSTKSZ
#undef SIGRTMIN
#undef SIGRTMAX

inline constexpr int SIGHUP = 1;
inline constexpr int SIGINT = 2;
inline constexpr int SIGQUIT = 3;
inline constexpr int SIGILL = 4;
inline constexpr int SIGTRAP = 5;
inline constexpr int SIGABRT = 6;
inline constexpr int SIGBUS = 7;
inline constexpr int SIGFPE = 8;
inline constexpr int SIGKILL = 9;
inline constexpr int SIGUSR1 = 10;
inline constexpr int SIGSEGV = 11;
inline constexpr int SIGUSR2 = 12;
inline constexpr int SIGPIPE = 13;
inline constexpr int SIGALRM = 14;
inline constexpr int SIGTERM = 15;
inline constexpr int SIGSTKFLT = 16;
inline constexpr int SIGCHLD = 17;
inline constexpr int SIGCONT = 18;
inline constexpr int SIGSTOP = 19;
inline constexpr int SIGTSTP = 20;
inline constexpr int SIGTTIN = 21;
inline constexpr int SIGTTOU = 22;
inline constexpr int SIGURG = 23;
inline constexpr int SIGXCPU = 24;
inline constexpr int SIGXFSZ = 25;
inline constexpr int SIGVTALRM = 26;
inline constexpr int SIGPROF = 27;
inline constexpr int SIGWINCH = 28;
inline constexpr int SIGIO = 29;
inline constexpr int SIGPWR = 30;
inline constexpr int SIGSYS = 31;
inline constexpr int SIGRTMIN = 32; // the kernel's; the C libraries reserve the first few
inline constexpr int NSIG = 64;

namespace linux_abi {

// sigaction's sa_flags.
inline constexpr u64 SA_NOCLDSTOP = 0x00000001;
inline constexpr u64 SA_NOCLDWAIT = 0x00000002;
inline constexpr u64 SA_SIGINFO = 0x00000004;
inline constexpr u64 SA_UNSUPPORTED = 0x00000400;
inline constexpr u64 SA_EXPOSE_TAGBITS = 0x00000800;
inline constexpr u64 SA_RESTORER = 0x04000000;
inline constexpr u64 SA_ONSTACK = 0x08000000;
inline constexpr u64 SA_RESTART = 0x10000000;
inline constexpr u64 SA_NODEFER = 0x40000000;
inline constexpr u64 SA_RESETHAND = 0x80000000;
// The flags Linux knows (UAPI_SA_FLAGS); others are cleared, and SA_UNSUPPORTED tells user
// space so (kernel/signal.c do_sigaction()).
inline constexpr u64 SA_KNOWN = SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER
    | SA_RESETHAND | SA_EXPOSE_TAGBITS | SA_RESTORER;

inline constexpr u64 SIG_DFL = 0;
inline constexpr u64 SIG_IGN = 1;

inline constexpr int SIG_BLOCK = 0;
inline constexpr int SIG_UNBLOCK = 1;
inline constexpr int SIG_SETMASK = 2;

// The kernel's sigaction (struct sigaction in arch/x86/include/uapi/asm/signal.h, as
// rt_sigaction() takes it): a different order from the C library's.
struct k_sigaction {
    u64 handler;
    u64 flags;
    u64 restorer;
    u64 mask; // the kernel's sigset_t: 64 bits
};
static_assert(sizeof(k_sigaction) == 32);

// si_code values.
inline constexpr int SI_USER = 0;
inline constexpr int SI_KERNEL = 0x80;
inline constexpr int SI_QUEUE = -1;
inline constexpr int SI_TIMER = -2; // a POSIX timer: si_tid (timer id), si_overrun, si_value
inline constexpr int SI_TKILL = -6;
inline constexpr int CLD_EXITED = 1;
inline constexpr int CLD_KILLED = 2;
inline constexpr int CLD_DUMPED = 3;
inline constexpr int CLD_TRAPPED = 4;
inline constexpr int CLD_STOPPED = 5;
inline constexpr int CLD_CONTINUED = 6;
inline constexpr int SEGV_MAPERR = 1;
inline constexpr int SEGV_ACCERR = 2;
inline constexpr int BUS_ADRERR = 2;
inline constexpr int ILL_ILLOPN = 2;
inline constexpr int FPE_INTDIV = 1;
inline constexpr int TRAP_BRKPT = 1;

// siginfo_t: 128 bytes; the union after the first three ints depends on the signal and code.
struct siginfo {
    i32 si_signo;
    i32 si_errno;
    i32 si_code;
    i32 pad0;
    union {
        struct { // kill, tkill, sigqueue, SIGCHLD
            i32 pid;
            u32 uid;
            union {
                u64 value; // sigval (SI_QUEUE)
                i32 status; // SIGCHLD
            };
            i64 utime; // SIGCHLD
            i64 stime;
        } proc;
        struct { // SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP
            u64 addr;
        } fault;
        u8 raw[112];
    };
};
static_assert(sizeof(siginfo) == 128);
static_assert(__builtin_offsetof(siginfo, proc.pid) == 16);
static_assert(__builtin_offsetof(siginfo, proc.uid) == 20);
static_assert(__builtin_offsetof(siginfo, proc.status) == 24);
static_assert(__builtin_offsetof(siginfo, proc.utime) == 32);
static_assert(__builtin_offsetof(siginfo, fault.addr) == 16);

// sigaltstack's stack_t.
inline constexpr int SS_ONSTACK = 1;
inline constexpr int SS_DISABLE = 2;
inline constexpr u32 SS_AUTODISARM = 1u << 31;
inline constexpr usize MINSIGSTKSZ = 2048;
struct stack_t {
    u64 ss_sp;
    i32 ss_flags;
    i32 pad;
    u64 ss_size;
};
static_assert(sizeof(stack_t) == 24);

// The x86_64 signal frame. The handler's stack pointer points at `pretcode` (as if the restorer
// had called it); the FXSAVE image sits above the frame, 64-byte aligned, and sigcontext.fpstate
// points at it.
struct sigcontext {
    u64 r8, r9, r10, r11, r12, r13, r14, r15;
    u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    u16 cs, gs, fs, ss;
    u64 err, trapno, oldmask, cr2;
    u64 fpstate; // user address of the FXSAVE image, or 0
    u64 reserved1[8];
};
static_assert(sizeof(sigcontext) == 256);
static_assert(__builtin_offsetof(sigcontext, rip) == 128);
static_assert(__builtin_offsetof(sigcontext, cs) == 144);
static_assert(__builtin_offsetof(sigcontext, fpstate) == 184);

inline constexpr u64 UC_FP_XSTATE = 0x1;
inline constexpr u64 UC_SIGCONTEXT_SS = 0x2;
inline constexpr u64 UC_STRICT_RESTORE_SS = 0x4;

struct ucontext {
    u64 uc_flags;
    u64 uc_link;
    stack_t uc_stack;
    sigcontext uc_mcontext;
    u64 uc_sigmask;
};
static_assert(sizeof(ucontext) == 304);
static_assert(__builtin_offsetof(ucontext, uc_mcontext) == 40);
static_assert(__builtin_offsetof(ucontext, uc_sigmask) == 296);

struct rt_sigframe {
    u64 pretcode; // the restorer: the handler's return address
    ucontext uc;
    siginfo info;
};
static_assert(sizeof(rt_sigframe) == 440);
static_assert(__builtin_offsetof(rt_sigframe, info) == 312);

inline constexpr usize FXSAVE_SIZE = 512;

// pidfd_send_signal()'s scope flags (include/uapi/linux/pidfd.h, Linux 6.9).
inline constexpr u32 PIDFD_SIGNAL_THREAD = 1u << 0;
inline constexpr u32 PIDFD_SIGNAL_THREAD_GROUP = 1u << 1;
inline constexpr u32 PIDFD_SIGNAL_PROCESS_GROUP = 1u << 2;

} // namespace linux_abi
