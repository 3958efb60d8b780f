#pragma once
// Monotonic time since boot, from the CPU's cycle counter (the TSC), calibrated at boot against
// the PIT. Under QEMU with -icount the TSC advances with the virtual clock, so guest time is
// deterministic: one nanosecond per instruction with shift=0.

#include <lib/types.h>

inline constexpr u32 HZ = 250; // timer interrupts per second (as Debian's Linux)
inline constexpr u64 NSEC_PER_SEC = 1000000000ull;
inline constexpr u64 NSEC_PER_MSEC = 1000000ull;

// Nanoseconds since the machine started; 0 until clock_init() has calibrated the counter.
u64 ktime_get_ns();
// Wall-clock time (CLOCK_REALTIME): nanoseconds since the Unix epoch.
u64 ktime_get_real_ns();

// Timer interrupts since boot.
u64 jiffies();
// The calibrated cycle-counter frequency.
u64 cycle_counter_hz();

void clock_init();
