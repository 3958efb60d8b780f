// /proc/stat and /proc/loadavg (Linux's fs/proc/stat.c and loadavg.c), in their formats.

#include <fs/procfs_root.h>
#include <lib/format.h>
#include <proc/fork.h>
#include <proc/pid.h>
#include <proc/process.h>
#include <sched/clock.h>
#include <sched/cputime.h>
#include <sched/loadavg.h>
#include <sched/sched.h>

namespace {

unsigned long long ticks_to_clock_t(u64 ticks) { return nsec_to_clock_t(ticks * TICK_NSEC); }

} // namespace

// The CPU's time in clock ticks (USER_HZ) by kind: user, nice, system, idle, iowait, irq,
// softirq, steal, guest, guest_nice; first the sum over the CPUs ("cpu", two spaces), then each
// CPU. busybox top computes its CPU percentages from the differences between two reads.
// Sprout counts user, nice, system and idle by the timer tick (sched/cputime.cpp); the others
// are kinds it does not have: no I/O wait (no block devices), interrupt time is system time, no
// virtualisation.
Result<usize> proc_stat(char* buffer, usize size)
{
    CpuStat cpu = cpu_stat();
    u64 boot_seconds = (ktime_get_real_ns() - ktime_get_ns()) / NSEC_PER_SEC;
    usize length = 0;
    auto add = [&](const char* format, auto... args) {
        if (length < size)
            length += format_to(buffer + length, size - length, format, args...);
    };
    const char* cpu_lines[] = { "cpu ", "cpu0" }; // NOTE: one CPU today
    for (const char* name : cpu_lines)
        add("%s %llu %llu %llu %llu 0 0 0 0 0 0\n", name, ticks_to_clock_t(cpu.user), ticks_to_clock_t(cpu.nice),
            ticks_to_clock_t(cpu.system), ticks_to_clock_t(cpu.idle));
    // intr: the total, then a count per interrupt number, which Sprout does not keep apart.
    add("intr %llu\n", (unsigned long long)kstat_irqs_sum());
    // procs_blocked is Linux's nr_iowait(): tasks waiting for block I/O, which Sprout has none of.
    add("ctxt %llu\nbtime %llu\nprocesses %llu\nprocs_running %llu\nprocs_blocked 0\n",
        (unsigned long long)context_switches(), (unsigned long long)boot_seconds, (unsigned long long)nr_forks(),
        (unsigned long long)nr_running());
    // softirq: the total, then each of Linux's 10 kinds; Sprout has no softirqs.
    add("softirq %d 0 0 0 0 0 0 0 0 0 0\n", 0);
    return lib::min(length, size - 1);
}

// "0.00 0.01 0.05 1/34 567": the 1, 5 and 15 minute load averages with two decimals (rounded:
// Linux adds FIXED_1/200 first), running / total tasks, and the last pid handed out.
Result<usize> proc_loadavg(char* buffer, usize size)
{
    u64 loads[3];
    get_avenrun(loads);
    unsigned long long whole[3], hundredths[3];
    for (int i = 0; i < 3; ++i) {
        u64 x = loads[i] + FIXED_1 / 200;
        whole[i] = x >> FSHIFT;
        hundredths[i] = ((x & (FIXED_1 - 1)) * 100) >> FSHIFT;
    }
    usize length = format_to(buffer, size, "%llu.%02llu %llu.%02llu %llu.%02llu %llu/%llu %d\n", whole[0], hundredths[0],
        whole[1], hundredths[1], whole[2], hundredths[2], (unsigned long long)nr_running(),
        (unsigned long long)nr_threads(), last_pid());
    return lib::min(length, size - 1);
}
