// getrusage and the children's usage (proc/rusage.h).

#include <mm/address_space.h>
#include <mm/memory.h>
#include <proc/process.h>
#include <proc/rusage.h>
#include <proc/task.h>
#include <sched/cputime.h>

using namespace linux_abi;

namespace {

constexpr u64 pages_to_kib(u64 pages) { return pages * (PAGE_SIZE / 1024); }

linux_abi::timeval to_timeval(u64 ns) { return { i64(ns / 1000000000ull), i64(ns % 1000000000ull / 1000) }; }

} // namespace

Usage task_cputime_adjusted(Task& task) { return cputime_adjust(task.usage, task_sched_runtime(task), task.prev_cputime); }

Usage thread_group_cputime_adjusted(Process& process)
{
    return cputime_adjust(process.usage, thread_group_sched_runtime(process), process.prev_cputime);
}

Result<RusageReport> getrusage(Task& task, int who)
{
    Process& process = *task.process;
    RusageReport r;
    switch (who) {
    case RusageThread:
        r.usage = task_cputime_adjusted(task);
        r.maxrss_kib = process.maxrss_kib;
        break;
    case RusageChildren: {
        SpinlockGuard guard(tasklist_lock);
        r.usage = process.children_usage;
        r.maxrss_kib = process.children_maxrss_kib;
        // Linux's RUSAGE_CHILDREN does not look at our own address space.
        return r;
    }
    case RusageSelf:
        r.usage = thread_group_cputime_adjusted(process);
        r.maxrss_kib = process.maxrss_kib;
        break;
    default:
        return Errno::EINVAL;
    }
    // The address space in use now counts with its peak so far (Linux: setmax_mm_hiwater_rss()
    // on get_task_mm()).
    if (task.mm)
        r.maxrss_kib = lib::max(r.maxrss_kib, pages_to_kib(task.mm->hiwater_rss_pages()));
    return r;
}

RusageReport child_rusage_locked(Process& child)
{
    RusageReport r;
    r.usage = thread_group_cputime_adjusted(child);
    r.usage.add(child.children_usage);
    r.maxrss_kib = lib::max(child.maxrss_kib, child.children_maxrss_kib);
    // A stopped or continued child is alive: its address space counts too (Linux's
    // getrusage(p, RUSAGE_BOTH) finds its mm). A zombie has none.
    for (Task& thread : child.threads) {
        if (thread.mm) {
            r.maxrss_kib = lib::max(r.maxrss_kib, pages_to_kib(thread.mm->hiwater_rss_pages()));
            break;
        }
    }
    return r;
}

rusage to_user_rusage(const RusageReport& report)
{
    rusage out {};
    out.ru_utime = to_timeval(report.usage.utime);
    out.ru_stime = to_timeval(report.usage.stime);
    out.ru_maxrss = i64(report.maxrss_kib);
    out.ru_minflt = i64(report.usage.min_flt);
    out.ru_majflt = i64(report.usage.maj_flt);
    out.ru_nvcsw = i64(report.usage.nvcsw);
    out.ru_nivcsw = i64(report.usage.nivcsw);
    // ru_inblock, ru_oublock: no block devices. ru_ixrss, ru_idrss, ru_isrss, ru_nswap, ru_msgsnd,
    // ru_msgrcv, ru_nsignals: never kept by Linux either (always 0 there).
    return out;
}

void account_mm_maxrss(Process& process, const AddressSpace& mm)
{
    u64 kib = pages_to_kib(mm.hiwater_rss_pages());
    if (kib > process.maxrss_kib)
        process.maxrss_kib = kib;
}

void account_reaped_child_locked(Process& parent, Process& child)
{
    // Linux's wait_task_zombie(): psig->cutime += tgutime + sig->cutime, and so on for every
    // counter; cmaxrss is the largest of any descendant reaped through this one.
    parent.children_usage.add(thread_group_cputime_adjusted(child));
    parent.children_usage.add(child.children_usage);
    u64 maxrss = lib::max(child.maxrss_kib, child.children_maxrss_kib);
    if (maxrss > parent.children_maxrss_kib)
        parent.children_maxrss_kib = maxrss;
}
