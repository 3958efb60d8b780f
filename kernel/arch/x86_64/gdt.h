#pragma once
// Segment descriptors and the TSS. Sprout's selectors are Linux's, so that a user program that
// looks at %cs or %ss sees the values it would see on Linux (arch/x86/include/asm/segment.h).

#include <lib/types.h>

namespace x86 {

inline constexpr u16 KERNEL_CS = 0x10;
inline constexpr u16 KERNEL_DS = 0x18;
inline constexpr u16 USER32_CS = 0x23;
inline constexpr u16 USER_DS = 0x2b;
inline constexpr u16 USER_CS = 0x33;
inline constexpr u16 TSS_SEL = 0x40;

// Interrupt stack table slots (IST1..): exceptions that must not trust the current stack.
inline constexpr u8 IST_DOUBLE_FAULT = 1;
inline constexpr u8 IST_NMI = 2;
inline constexpr u8 IST_MACHINE_CHECK = 3;

struct [[gnu::packed]] Tss {
    u32 reserved0;
    u64 rsp[3]; // rsp[0]: the stack for traps from user mode
    u64 reserved1;
    u64 ist[7];
    u64 reserved2;
    u16 reserved3;
    u16 iomap_base;
};
static_assert(sizeof(Tss) == 104);

// Load this CPU's GDT and TSS. Called once per CPU.
void gdt_init();
// The stack the CPU switches to on a trap from user mode.
void set_kernel_stack(uptr top);

} // namespace x86
