/*
 * Trap entry: 256 stubs, 16 bytes apart, that give every vector the same stack layout
 * (x86::TrapFrame), then one common path into trap_dispatch() and back out with iretq.
 */
/* The general registers, in x86::TrapFrame's order (rax pushed first, r15 last, lowest). */
.macro PUSH_GENERAL_REGISTERS
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
.endm

.macro POP_GENERAL_REGISTERS
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
.endm

    .text

    .balign 16
    .global isr_stubs
isr_stubs:
    .set vec, 0
    .rept 256
    .balign 16
    /* These exceptions push an error code; for the others, push a zero in its place. */
    .if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    .else
    pushq $0
    .endif
    pushq $vec
    jmp trap_common
    .set vec, vec + 1
    .endr

trap_common:
    /* From user mode, GS base holds the user's value: switch to the kernel's per-CPU block.
       (24(%rsp) is the saved CS, above the vector and the error code.) */
    testb $3, 24(%rsp)
    jz 1f
    swapgs
1:  PUSH_GENERAL_REGISTERS
    cld
    movq %rsp, %rdi             /* the TrapFrame; the CPU aligned the stack, so it is 16-aligned */
    /* Link a fake frame so that backtraces continue from the trapped code into the frame above. */
    pushq 136(%rsp)             /* the trapped rip, above 15 registers, the vector and the error code */
    pushq %rbp
    movq %rsp, %rbp
    call trap_dispatch
    addq $16, %rsp

    .global trap_return
trap_return:
    POP_GENERAL_REGISTERS
    testb $3, 24(%rsp)
    jz 2f
    swapgs
2:  addq $16, %rsp              /* vector and error code */
    iretq

/*
 * void x86_switch_context(uptr* prev_sp, uptr next_sp): save the callee-saved registers on the
 * current stack, store the stack pointer in *prev_sp, load next_sp, restore, return into the next
 * thread. The caller-saved registers are the compiler's business (this is a function call).
 */
    .global x86_switch_context
x86_switch_context:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret

/* A new kernel thread's first return lands here with entry in %r12 and its argument in %r13. */
    .global x86_thread_start
x86_thread_start:
    movq %r12, %rdi
    movq %r13, %rsi
    xorl %ebp, %ebp             /* the backtrace of a thread ends at its start */
    call kthread_start
    ud2

/*
 * The syscall instruction lands here (MSR_LSTAR) with interrupts off (MSR_FMASK), RCX = the
 * user's RIP, R11 = the user's RFLAGS, and RSP still the user's. We build the same TrapFrame a
 * trap from user mode would have at the top of this task's kernel stack, so that everything after
 * (exec changing the registers, signal delivery, fork copying them) has one layout to deal with.
 */
#define CPU_ENTRY_STACK_TOP 8
#define CPU_ENTRY_SCRATCH 16
#define USER_DS 0x2b
#define USER_CS 0x33
#define SYSCALL_VECTOR 0x80       /* marks the frame as a system call's */

    .global x86_syscall_entry
x86_syscall_entry:
    swapgs
    movq %rsp, %gs:CPU_ENTRY_SCRATCH
    movq %gs:CPU_ENTRY_STACK_TOP, %rsp
    pushq $USER_DS                  /* ss */
    pushq %gs:CPU_ENTRY_SCRATCH     /* rsp */
    pushq %r11                      /* rflags */
    pushq $USER_CS                  /* cs */
    pushq %rcx                      /* rip */
    pushq $0                        /* error code */
    pushq $SYSCALL_VECTOR
    PUSH_GENERAL_REGISTERS
    xorl %ebp, %ebp                 /* the kernel backtrace of a system call ends here */
    movq %rsp, %rdi
    sti
    call x86_syscall_from_user
    cli
    /*
     * Back to user mode. sysretq is the fast way, but it loads RIP from RCX and RFLAGS from R11
     * and cannot return to a non-canonical RIP without faulting in kernel mode; exec or a signal
     * may have changed the frame in ways only iretq restores. So: sysretq only when the frame is
     * exactly what sysretq can produce.
     */
    movq 136(%rsp), %rcx            /* rip */
    movq 152(%rsp), %r11            /* rflags */
    movq %rcx, %rax
    shrq $47, %rax
    jnz .Liret_path                 /* not a canonical lower-half address */
    cmpq $USER_CS, 144(%rsp)
    jne .Liret_path
    cmpq $USER_DS, 168(%rsp)
    jne .Liret_path
    testq $0x10100, %r11            /* RF or TF: iretq handles those exactly */
    jnz .Liret_path
    /* sysretq clobbers rcx and r11 with rip and rflags: only when they hold exactly those (a
       sigreturn restores every register, and must take the iretq path). */
    cmpq %rcx, 96(%rsp)             /* rcx */
    jne .Liret_path
    cmpq %r11, 32(%rsp)             /* r11 */
    jne .Liret_path
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    addq $8, %rsp                   /* r11: the frame's rflags are loaded below */
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    addq $8, %rsp                   /* rcx: the frame's rip is already in rcx */
    popq %rbx
    popq %rax
    movq 40(%rsp), %rsp             /* the user's rsp, above vector, error code, rip, cs, rflags */
    swapgs
    sysretq
.Liret_path:
    jmp trap_return

/* void x86_enter_user(TrapFrame* frame): leave for user mode with the registers in `frame`. */
    .global x86_enter_user
x86_enter_user:
    cli
    movq %rdi, %rsp
    jmp trap_return

/*
 * A forked child's first instruction in the kernel: its first switch returned here, with the
 * stack pointer at the copy of the parent's user registers. Finish the switch, then leave for user
 * mode exactly as the parent's system call will.
 */
    .global x86_ret_from_fork
x86_ret_from_fork:
    call schedule_tail
    call x86_ret_from_fork_work     /* a signal sent to the child before it first ran */
    jmp trap_return
