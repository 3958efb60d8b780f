#pragma once
// Monotonic time since boot, from the CPU's cycle counter (the TSC), calibrated at boot against
// the PIT. Under QEMU with -icount the TSC advances with the virtual clock, so guest time is
// deterministic: one nanosecond per instruction with shift=0.

#include <lib/types.h>

inline constexpr u32 HZ = 250; // timer interrupts per second (as Debian's Linux)
inline constexpr u64 NSEC_PER_SEC = 1000000000ull;
inline constexpr u64 NSEC_PER_MSEC = 1000000ull;

// The largest time (Linux's KTIME_MAX, a signed 64-bit count of nanoseconds): "never".
inline constexpr u64 KTIME_MAX = 0x7fffffffffffffffull;
// a + b, saturated at KTIME_MAX (Linux's ktime_add_safe()).
inline constexpr u64 ktime_add_safe(u64 a, u64 b) { return a >= KTIME_MAX || b >= KTIME_MAX - a ? KTIME_MAX : a + b; }

// Nanoseconds since the machine started; 0 until clock_init() has calibrated the counter.
u64 ktime_get_ns();
// Wall-clock time (CLOCK_REALTIME): nanoseconds since the Unix epoch.
u64 ktime_get_real_ns();

// Timer interrupts since boot.
u64 jiffies();
// The calibrated cycle-counter frequency.
u64 cycle_counter_hz();

void clock_init();
