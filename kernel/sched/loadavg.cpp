// The load average (sched/loadavg.h; Linux's calc_global_load()).

#include <sched/clock.h>
#include <sched/loadavg.h>
#include <sched/sched.h>

namespace {

// NOTE: written only by the timer tick (interrupts off, one CPU: FIXME(SMP) the tick of one CPU
// only, as Linux's tick_do_timer_cpu); read without a lock, each a single 64-bit load.
u64 avenrun[3];
u64 next_sample = LOAD_FREQ_TICKS; // in jiffies

} // namespace

void calc_global_load_tick()
{
    u64 now = jiffies();
    if (now < next_sample)
        return;
    next_sample += LOAD_FREQ_TICKS;
    u64 active = (nr_running() + nr_uninterruptible()) * FIXED_1;
    avenrun[0] = calc_load(avenrun[0], EXP_1, active);
    avenrun[1] = calc_load(avenrun[1], EXP_5, active);
    avenrun[2] = calc_load(avenrun[2], EXP_15, active);
}

void get_avenrun(u64 loads[3])
{
    for (int i = 0; i < 3; ++i)
        loads[i] = avenrun[i];
}
