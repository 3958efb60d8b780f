/*
 * Copies between kernel and user memory (kernel/mm/uaccess.h). Each instruction that touches user
 * memory has an entry in __ex_table: if it faults and the page-fault handler cannot make the
 * page present, execution resumes at the fixup, which returns how much was left undone.
 *
 * With SMAP on, the kernel may touch user pages only between stac and clac. Those instructions
 * do not exist on CPUs without SMAP, so they run only when x86_smap_enabled says so.
 */
    .text

.macro SMAP_OPEN
    cmpb $0, x86_smap_enabled(%rip)
    je 1f
    stac
1:
.endm

.macro SMAP_CLOSE
    cmpb $0, x86_smap_enabled(%rip)
    je 1f
    clac
1:
.endm

.macro EX_ENTRY insn, fixup
    .pushsection __ex_table, "a"
    .balign 8
    .quad \insn, \fixup
    .popsection
.endm

/* usize x86_copy_user(void* dst, const void* src, usize n): bytes NOT copied (0: all done). */
    .global x86_copy_user
x86_copy_user:
    SMAP_OPEN
    movq %rdx, %rcx
.Lcopy:
    rep movsb
    SMAP_CLOSE
    movq %rcx, %rax
    ret
    EX_ENTRY .Lcopy, .Lcopy_fault
.Lcopy_fault:
    SMAP_CLOSE
    movq %rcx, %rax
    ret

/* usize x86_clear_user(void* dst, usize n): bytes NOT zeroed. */
    .global x86_clear_user
x86_clear_user:
    SMAP_OPEN
    movq %rsi, %rcx
    xorl %eax, %eax
.Lclear:
    rep stosb
    SMAP_CLOSE
    movq %rcx, %rax
    ret
    EX_ENTRY .Lclear, .Lclear_fault
.Lclear_fault:
    SMAP_CLOSE
    movq %rcx, %rax
    ret

/*
 * isize x86_strncpy_user(char* dst, const char* src, usize max): the length of the string
 * (without its NUL) when a NUL came within max bytes, max when none did, -1 on a fault.
 */
    .global x86_strncpy_user
x86_strncpy_user:
    SMAP_OPEN
    xorl %eax, %eax
2:  cmpq %rdx, %rax
    je 3f
.Lstr_load:
    movb (%rsi,%rax), %cl
    movb %cl, (%rdi,%rax)
    testb %cl, %cl
    je 3f
    incq %rax
    jmp 2b
3:  SMAP_CLOSE
    ret
    EX_ENTRY .Lstr_load, .Lstr_fault
.Lstr_fault:
    SMAP_CLOSE
    movq $-1, %rax
    ret

/*
 * usize x86_cmpxchg_user_u32(u32* uaddr, u32 expected, u32 desired, u32* found): an atomic
 * compare-and-exchange of a user word (futexes). *found = the value that was there. Returns 0,
 * or 1 on a fault. NOTE: a locked cmpxchg always makes a write access, even when the values
 * differ, so a read-only (copy-on-write) page faults as for a store.
 */
    .global x86_cmpxchg_user_u32
x86_cmpxchg_user_u32:
    SMAP_OPEN
    movl %esi, %eax
.Lcmpxchg:
    lock cmpxchgl %edx, (%rdi)
    SMAP_CLOSE
    movl %eax, (%rcx)
    xorl %eax, %eax
    ret
    EX_ENTRY .Lcmpxchg, .Lcmpxchg_fault
.Lcmpxchg_fault:
    SMAP_CLOSE
    movl $1, %eax
    ret
