// The GDT and TSS of the boot CPU. Everything here is per CPU by construction (one CpuTables per
// CPU) so that SMP can later give each CPU its own.

#include <arch/x86_64/gdt.h>

namespace x86 {
namespace {

constexpr usize ist_stack_size = 16384;

struct CpuTables {
    u64 gdt[10];
    Tss tss;
    alignas(16) u8 ist_stacks[3][ist_stack_size];
};

CpuTables boot_cpu_tables;

struct [[gnu::packed]] DescriptorPointer {
    u16 limit;
    u64 base;
};

// Flags of a 64-bit segment descriptor: present, DPL, code or data, long mode.
constexpr u64 segment(bool code, u8 dpl, bool long_mode)
{
    u64 access = (1ull << 7) | (u64(dpl) << 5) | (1ull << 4) | (code ? (1ull << 3) : 0) | (1ull << 1);
    u64 flags = long_mode ? 0x2 /* L */ : 0xC /* 32-bit, 4 KiB granularity */;
    return 0xffffull | (access << 40) | (0xfull << 48) | (flags << 52);
}

} // namespace

void gdt_init()
{
    CpuTables& t = boot_cpu_tables;
    t.gdt[0] = 0;
    t.gdt[1] = segment(true, 0, false); // 0x08: kernel 32-bit code (unused)
    t.gdt[2] = segment(true, 0, true); // 0x10: KERNEL_CS
    t.gdt[3] = segment(false, 0, false); // 0x18: KERNEL_DS
    t.gdt[4] = segment(true, 3, false); // 0x23: USER32_CS
    t.gdt[5] = segment(false, 3, false); // 0x2b: USER_DS
    t.gdt[6] = segment(true, 3, true); // 0x33: USER_CS
    t.gdt[7] = 0;
    // 0x40: the TSS, a 16-byte system descriptor.
    u64 base = reinterpret_cast<u64>(&t.tss);
    u64 limit = sizeof(Tss) - 1;
    t.gdt[8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) | (((limit >> 16) & 0xf) << 48)
        | (((base >> 24) & 0xff) << 56);
    t.gdt[9] = base >> 32;

    t.tss.iomap_base = sizeof(Tss); // no I/O permission bitmap: user port access faults
    for (int i = 0; i < 3; ++i)
        t.tss.ist[i] = reinterpret_cast<u64>(t.ist_stacks[i] + ist_stack_size);

    DescriptorPointer gdtr { sizeof(t.gdt) - 1, reinterpret_cast<u64>(t.gdt) };
    asm volatile("lgdt %0" : : "m"(gdtr));
    // Reload every segment register, CS with a far return.
    asm volatile("pushq %[cs]\n"
                 "leaq 1f(%%rip), %%rax\n"
                 "pushq %%rax\n"
                 "lretq\n"
                 "1:\n"
                 "movw %w[ds], %%ax\n"
                 "movw %%ax, %%ds\n"
                 "movw %%ax, %%es\n"
                 "movw %%ax, %%ss\n"
                 :
                 : [cs] "i"(KERNEL_CS), [ds] "r"(u32(KERNEL_DS))
                 : "rax", "memory");
    asm volatile("ltr %w0" : : "r"(TSS_SEL));
}

void set_kernel_stack(uptr top) { boot_cpu_tables.tss.rsp[0] = top; }

} // namespace x86
