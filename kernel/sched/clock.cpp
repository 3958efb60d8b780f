#include <arch/cpu.h>
#include <arch/timer.h>
#include <lib/printk.h>
#include <sched/clock.h>
#include <sched/timer.h>

namespace {

u64 cycles_hz;
u64 realtime_offset_ns; // wall clock minus monotonic time, fixed at boot
// ns = cycles * mult >> 32: one multiply on the read path, no division.
u64 mult;

} // namespace

u64 cycle_counter_hz() { return cycles_hz; }

u64 ktime_get_ns()
{
    if (!mult)
        return 0;
    // The cycle counter starts at zero when the machine does (QEMU resets the TSC), so this is
    // time since power-on: boot time itself is measured, not hidden.
    return u64((unsigned __int128)arch::read_cycle_counter() * mult >> 32);
}

u64 ktime_get_real_ns() { return ktime_get_ns() + realtime_offset_ns; }

void clock_init()
{
    u64 hz = arch::timer_init(HZ);
    cycles_hz = hz;
    mult = u64(((unsigned __int128)NSEC_PER_SEC << 32) / hz);
    realtime_offset_ns = arch::read_wall_clock() * NSEC_PER_SEC - ktime_get_ns();
    printk("clock: cycle counter %lu.%03lu MHz, timer %u Hz\n", hz / 1000000, (hz / 1000) % 1000, HZ);
}
