/*
 * Trap entry: 256 stubs, 16 bytes apart, that give every vector the same stack layout
 * (x86::TrapFrame), then one common path into trap_dispatch() and back out with iretq.
 */
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
1:  pushq %rax
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
