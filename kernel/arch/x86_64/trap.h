#pragma once
// The register state saved on every trap (exception, interrupt), in the order entry.S pushes it.

#include <lib/types.h>

namespace x86 {

struct TrapFrame {
    u64 r15, r14, r13, r12, r11, r10, r9, r8;
    u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
    u64 vector;
    u64 error_code; // pushed by the CPU for some exceptions, by the stub (0) for the rest
    // Pushed by the CPU:
    u64 rip, cs, rflags, rsp, ss;

    bool from_user() const { return (cs & 3) != 0; }
};
static_assert(sizeof(TrapFrame) == 22 * 8);

inline constexpr u8 VECTOR_PAGE_FAULT = 14;
inline constexpr u8 VECTOR_TIMER = 0x20;
inline constexpr u8 VECTOR_PIC_BASE = 0x30; // the legacy PIC, remapped here and masked
inline constexpr u8 VECTOR_SPURIOUS = 0xff;

using IrqHandler = void (*)(TrapFrame&);
void idt_init();
void set_irq_handler(u8 vector, IrqHandler handler);

} // namespace x86
