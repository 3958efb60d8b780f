#pragma once
// Port I/O and model-specific registers: the x86 instructions C++ cannot say.

#include <lib/types.h>

namespace x86 {

inline void outb(u16 port, u8 value) { asm volatile("outb %0, %1" : : "a"(value), "Nd"(port)); }
inline void outl(u16 port, u32 value) { asm volatile("outl %0, %1" : : "a"(value), "Nd"(port)); }
inline u8 inb(u16 port)
{
    u8 value;
    asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

inline u64 rdmsr(u32 msr)
{
    u32 lo, hi;
    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (u64(hi) << 32) | lo;
}
inline void wrmsr(u32 msr, u64 value) { asm volatile("wrmsr" : : "c"(msr), "a"(u32(value)), "d"(u32(value >> 32))); }

inline u64 read_cr2()
{
    u64 v;
    asm volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}
inline u64 read_cr3()
{
    u64 v;
    asm volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}
inline void write_cr3(u64 v) { asm volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
inline u64 read_cr4()
{
    u64 v;
    asm volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}
inline void write_cr4(u64 v) { asm volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }

inline void cpuid(u32 leaf, u32 subleaf, u32& a, u32& b, u32& c, u32& d)
{
    asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf), "c"(subleaf));
}

inline constexpr u32 MSR_EFER = 0xC0000080;
inline constexpr u32 MSR_FS_BASE = 0xC0000100;
inline constexpr u32 MSR_GS_BASE = 0xC0000101;
inline constexpr u32 MSR_KERNEL_GS_BASE = 0xC0000102;
inline constexpr u32 MSR_APIC_BASE = 0x1B;

} // namespace x86
