// The local APIC timer, calibrated together with the TSC against the PIT.
//
// The PIT runs at a known 1.193182 MHz. We let its channel 2 count down 10 ms (gate on, speaker
// off: the method Linux's pit_calibrate_tsc uses) and see how far the TSC and the APIC timer moved
// meanwhile. Under QEMU all three follow the same virtual clock, so this is exact with -icount.

#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/timer.h>
#include <arch/x86_64/io.h>
#include <arch/x86_64/lapic.h>
#include <arch/x86_64/trap.h>
#include <lib/panic.h>
#include <mm/ioremap.h>
#include <sched/timer.h>

namespace x86 {
namespace {

constexpr u32 LAPIC_EOI = 0xB0;
constexpr u32 LAPIC_SVR = 0xF0;
constexpr u32 LAPIC_LVT_TIMER = 0x320;
constexpr u32 LAPIC_TIMER_INITIAL = 0x380;
constexpr u32 LAPIC_TIMER_CURRENT = 0x390;
constexpr u32 LAPIC_TIMER_DIVIDE = 0x3E0;
constexpr u32 LVT_MASKED = 1u << 16;
constexpr u32 LVT_PERIODIC = 1u << 17;

constexpr u32 PIT_HZ = 1193182;
constexpr u32 CALIBRATION_MS = 10;

volatile u32* lapic_regs;

u32 lapic_read(u32 reg) { return lapic_regs[reg / 4]; }
void lapic_write(u32 reg, u32 value) { lapic_regs[reg / 4] = value; }

void timer_irq(TrapFrame& frame)
{
    lapic_eoi();
    timer_interrupt(frame.from_user());
}

} // namespace

void lapic_eoi() { lapic_write(LAPIC_EOI, 0); }

} // namespace x86

namespace arch {

u64 timer_init(u32 hz)
{
    using namespace x86;
    u64 base = rdmsr(MSR_APIC_BASE) & ~0xfffull;
    wrmsr(MSR_APIC_BASE, base | (1u << 11)); // globally enabled
    auto mapped = ioremap(base, page_size);
    if (mapped.is_error())
        panic("lapic: cannot map its registers");
    lapic_regs = reinterpret_cast<volatile u32*>(mapped.value());
    lapic_write(LAPIC_SVR, 0x100 | VECTOR_SPURIOUS); // software-enable, spurious vector

    // One calibration window for both counters.
    lapic_write(LAPIC_TIMER_DIVIDE, 0x3); // divide by 16
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
    u32 latch = PIT_HZ * CALIBRATION_MS / 1000;
    outb(0x61, (inb(0x61) & ~0x02) | 0x01); // channel 2 gate on, speaker off
    outb(0x43, 0xB0); // channel 2, lobyte/hibyte, mode 0 (count down once)
    outb(0x42, latch & 0xff);
    outb(0x42, latch >> 8);
    lapic_write(LAPIC_TIMER_INITIAL, 0xffffffff);
    u64 tsc_start = read_cycle_counter();
    while ((inb(0x61) & 0x20) == 0) // OUT2 rises when the count reaches zero
        cpu_relax();
    u64 tsc_end = read_cycle_counter();
    u32 apic_ticks = 0xffffffff - lapic_read(LAPIC_TIMER_CURRENT);
    lapic_write(LAPIC_TIMER_INITIAL, 0);

    u64 tsc_hz = (tsc_end - tsc_start) * 1000 / CALIBRATION_MS;
    u64 apic_hz = u64(apic_ticks) * 1000 / CALIBRATION_MS;

    set_irq_handler(VECTOR_TIMER, timer_irq);
    lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | VECTOR_TIMER);
    lapic_write(LAPIC_TIMER_INITIAL, u32(apic_hz / hz));
    return tsc_hz;
}

} // namespace arch
