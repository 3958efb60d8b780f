#pragma once
// The load average (Linux's kernel/sched/loadavg.c): every LOAD_FREQ (5 s and a tick), the
// number of active tasks (runnable, the running one included, plus user tasks asleep
// uninterruptibly) is folded into three exponentially decaying averages over 1, 5 and 15
// minutes, in FSHIFT-bit fixed point. /proc/loadavg and sysinfo() show them.

#include <lib/types.h>

inline constexpr u32 FSHIFT = 11; // bits of fraction
inline constexpr u64 FIXED_1 = 1ull << FSHIFT; // 1.0
inline constexpr u64 LOAD_FREQ_TICKS = 5 * 250 + 1; // 5 s at HZ, and one tick (Linux's LOAD_FREQ)
inline constexpr u64 EXP_1 = 1884; // FIXED_1 / exp(5 s / 1 min)
inline constexpr u64 EXP_5 = 2014; // FIXED_1 / exp(5 s / 5 min)
inline constexpr u64 EXP_15 = 2037; // FIXED_1 / exp(5 s / 15 min)

// Linux's calc_load(): one step of the decay, `active` in FIXED_1 units.
constexpr u64 calc_load(u64 load, u64 exp, u64 active)
{
    u64 newload = load * exp + active * (FIXED_1 - exp);
    if (active >= load)
        newload += FIXED_1 - 1; // round up while rising, so that a steady load is reached
    return newload / FIXED_1;
}

// From the timer tick.
void calc_global_load_tick();
// The three averages (Linux's avenrun[]), FSHIFT fixed point.
void get_avenrun(u64 loads[3]);
