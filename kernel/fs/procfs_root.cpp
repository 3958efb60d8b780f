// The files at the top of /proc (procfs_root.h), in Linux's formats.

#include <fs/procfs_root.h>
#include <lib/format.h>
#include <mm/page_alloc.h>
#include <sched/clock.h>
#include <sched/cpu.h>

// /proc/meminfo: the first lines of Linux's (fs/proc/meminfo.c), in its format: a label padded to
// 16 columns, the value in KiB right-aligned in 8, " kB". PageTables is the memory held by page
// tables, which fork grows and exit gives back. NOTE: it includes the kernel half's tables (about
// 1 MiB, allocated at boot, mm/page_alloc.cpp counts every page-table page), which Linux leaves
// out; the numbers differ by machine anyway, and what moves is the processes' part.
Result<usize> proc_meminfo(char* buffer, usize size)
{
    PageStats stats = page_stats();
    usize length = 0;
    auto line = [&](const char* label, u64 pages) {
        length += format_to(buffer + length, size - length, "%-16s%8llu kB\n", label,
            static_cast<unsigned long long>(pages * (PAGE_SIZE / 1024)));
    };
    line("MemTotal:", stats.total);
    line("MemFree:", stats.free);
    // What a new program could have without swapping (Linux's si_mem_available()): with no
    // page cache to drop (tmpfs pages are not reclaimable), the free memory.
    line("MemAvailable:", stats.free);
    line("PageTables:", stats.pgtables);
    return lib::min(length, size - 1);
}

// /proc/uptime (fs/proc/uptime.c): seconds since boot and seconds the CPUs spent idle, both with
// hundredths. The idle time is counted in timer ticks that found the idle task running
// (sched_tick()), so its resolution is 1/HZ.
Result<usize> proc_uptime(char* buffer, usize size)
{
    u64 now = ktime_get_ns();
    // NOTE: one CPU today; with SMP this sums every CPU's idle ticks, as Linux does.
    u64 idle = this_cpu().run_queue.idle_ticks * (NSEC_PER_SEC / HZ);
    usize length = format_to(buffer, size, "%llu.%02llu %llu.%02llu\n",
        (unsigned long long)(now / NSEC_PER_SEC), (unsigned long long)(now % NSEC_PER_SEC / (NSEC_PER_SEC / 100)),
        (unsigned long long)(idle / NSEC_PER_SEC), (unsigned long long)(idle % NSEC_PER_SEC / (NSEC_PER_SEC / 100)));
    return lib::min(length, size - 1);
}
