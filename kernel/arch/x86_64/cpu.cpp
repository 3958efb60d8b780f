// The small CPU services generic code calls (kernel/include/arch/cpu.h).

#include <arch/cpu.h>
#include <arch/thread.h>
#include <arch/x86_64/io.h>

namespace arch {

IrqFlags irq_save()
{
    u64 flags;
    asm volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
    return flags;
}

void irq_restore(IrqFlags flags)
{
    if (flags & (1u << 9)) // IF
        asm volatile("sti" : : : "memory");
}

void irq_enable() { asm volatile("sti" : : : "memory"); }
void irq_disable() { asm volatile("cli" : : : "memory"); }

bool irqs_enabled()
{
    u64 flags;
    asm volatile("pushfq; popq %0" : "=r"(flags));
    return flags & (1u << 9);
}

void cpu_relax() { asm volatile("pause"); }

// `sti; hlt` is one idle step: sti takes effect after the next instruction, so an interrupt that
// is already pending wakes the hlt instead of slipping in between.
void wait_for_interrupt() { asm volatile("sti; hlt" : : : "memory"); }

void halt_forever()
{
    for (;;)
        asm volatile("cli; hlt");
}

u64 read_cycle_counter()
{
    u32 lo, hi;
    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (u64(hi) << 32) | lo;
}

// QEMU's isa-debug-exit device (the runner always adds it at port 0xf4) ends QEMU with exit
// status (value << 1) | 1. We write status + 1 so that even status 0 cannot be mistaken for QEMU's
// own exit 1 on error; tools/qemu.sh turns it back into `status` (0 to 126).
void power_off(int status)
{
    x86::outl(0xf4, u32(status + 1));
    halt_forever(); // not under QEMU, or the device is missing
}

// The per-CPU block's address sits in GS base while in the kernel; its first word points to
// itself so that one `mov %gs:0` finds it.
void set_cpu_local(void* cpu) { x86::wrmsr(x86::MSR_GS_BASE, reinterpret_cast<u64>(cpu)); }

void* cpu_local()
{
    void* cpu;
    asm volatile("movq %%gs:0, %0" : "=r"(cpu));
    return cpu;
}

void walk_stack(void (*visit)(uptr, void*), void* ctx, uptr frame)
{
    // With -fno-omit-frame-pointer each frame starts with {saved rbp, return address}. The boot
    // code zeroes rbp before the first call, which ends the walk.
    auto* fp = reinterpret_cast<uptr*>(frame ? frame : reinterpret_cast<uptr>(__builtin_frame_address(0)));
    for (int depth = 0; fp && depth < 1024; ++depth) {
        uptr addr = reinterpret_cast<uptr>(fp);
        if (addr & 7 || addr < 0xffff800000000000ull)
            break; // not a kernel frame: stop rather than fault inside a panic
        uptr ret = fp[1];
        if (ret == 0)
            break;
        visit(ret, ctx);
        auto* up = reinterpret_cast<uptr*>(fp[0]);
        if (up <= fp)
            break; // callers' frames lie above: anything else is a corrupt chain
        fp = up;
    }
}

} // namespace arch
