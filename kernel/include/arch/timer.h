#pragma once
// The architecture's clock hardware, as generic time code (sched/clock.cpp) needs it.

#include <lib/types.h>

namespace arch {

// Calibrate the cycle counter and start a periodic interrupt at `hz` that calls
// sched::timer_interrupt(). Returns the calibrated cycle-counter frequency in Hz.
u64 timer_init(u32 hz);

} // namespace arch

namespace arch {

// The battery-backed wall clock, in seconds since the Unix epoch (UTC), read once at boot.
u64 read_wall_clock();

} // namespace arch
