/*
 * Multiboot (v1) entry: QEMU's -kernel loader enters here in 32-bit protected mode with paging off,
 * EAX = 0x2BADB002 and EBX = the physical address of the Multiboot information.
 *
 * We build just enough paging to enter long mode: the first 1 GiB identity-mapped (so this code
 * keeps running after paging is on) and the same 1 GiB at -2 GiB, where the kernel is linked.
 * mm/ replaces these tables with the real ones (a direct map of all RAM) early in boot.
 */
#define KERNEL_VMA 0xffffffff80000000
#define PHYS(x) ((x) - KERNEL_VMA)

#define MB_MAGIC 0x1BADB002
/* page-align modules | want memory info | the address fields below are valid (a.out kludge) */
#define MB_FLAGS ((1 << 0) | (1 << 1) | (1 << 16))

    .section .multiboot, "a"
    .align 4
multiboot_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long PHYS(multiboot_header)   /* header_addr */
    .long __load_start_phys        /* load_addr */
    .long __load_end_phys          /* load_end_addr */
    .long __bss_end_phys           /* bss_end_addr */
    .long PHYS(multiboot_entry)    /* entry_addr */

    .section .boot.text, "ax"
    .code32
    .global multiboot_entry
multiboot_entry:
    cli
    cld
    movl $PHYS(boot_stack_top), %esp
    movl %eax, %edi                 /* kernel_main(magic, info): SysV arguments, kept in 64-bit mode */
    movl %ebx, %esi

    /* PML4[0] and PML4[511] -> PDPT; PDPT[0] and PDPT[510] -> PD (2 MiB pages over 1 GiB). */
    movl $PHYS(boot_pdpt) + 0x3, %eax
    movl %eax, PHYS(boot_pml4)
    movl %eax, PHYS(boot_pml4) + 511 * 8
    movl $PHYS(boot_pd) + 0x3, %eax
    movl %eax, PHYS(boot_pdpt)
    movl %eax, PHYS(boot_pdpt) + 510 * 8
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $21, %eax
    orl $0x83, %eax                 /* present | writable | 2 MiB */
    movl %eax, PHYS(boot_pd)(,%ecx,8)
    incl %ecx
    cmpl $512, %ecx
    jne 1b

    movl %cr4, %eax
    orl $(1 << 5), %eax             /* PAE */
    movl %eax, %cr4
    movl $PHYS(boot_pml4), %eax
    movl %eax, %cr3
    movl $0xC0000080, %ecx          /* EFER: long mode enable, no-execute enable */
    rdmsr
    orl $((1 << 8) | (1 << 11)), %eax
    wrmsr
    movl %cr0, %eax
    orl $((1 << 31) | (1 << 16) | 1), %eax   /* paging, write-protect, protected mode */
    movl %eax, %cr0

    lgdt PHYS(boot_gdt_ptr)
    ljmp $0x08, $PHYS(long_mode_low)

    .code64
long_mode_low:
    movabsq $long_mode_high, %rax
    jmp *%rax

    .text
long_mode_high:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorw %ax, %ax
    movw %ax, %fs
    movw %ax, %gs
    movabsq $boot_stack_top, %rsp
    xorl %ebp, %ebp                 /* the backtrace ends here */
    call kernel_main
1:  cli
    hlt
    jmp 1b

    .section .rodata
    .align 16
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff        /* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
    .word boot_gdt_end - boot_gdt - 1
    .long PHYS(boot_gdt)

    .section .bss
    .align 4096
    .global boot_pml4
boot_pml4:  .skip 4096
boot_pdpt:  .skip 4096
boot_pd:    .skip 4096
    .global boot_stack_bottom
boot_stack_bottom:
    .skip 16384
    .global boot_stack_top
boot_stack_top:
