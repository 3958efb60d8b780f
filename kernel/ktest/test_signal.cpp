// Signals end to end, from the kernel's side: a shell that starts a child and kills it, a
// thousand times, with a queued signal each time, must leave the free pages, the live tasks, the
// kernel stacks and the signal queue entries exactly where they were.

#include <ktest/ktest.h>
#include <ktest/spawn_helpers.h>
#include <mm/kstack.h>
#include <mm/page_alloc.h>
#include <proc/signal.h>
#include <proc/spawn.h>
#include <proc/task.h>
#include <sched/sched.h>

namespace {

// Each round: a child (busybox's sleep, forked and exec'd) gets SIGUSR1 (queued with its info,
// fatal by default), then SIGTERM and SIGKILL (dropped: it is dying), and is reaped by `wait`.
const char* const storm[] = { "/bin/sh", "-c",
    "i=0; while [ $i -lt 1000 ]; do sleep 100 & kill -USR1 $!; kill -TERM $! 2>/dev/null; "
    "kill -9 $! 2>/dev/null; wait $!; i=$((i + 1)); done; exit 7",
    nullptr };
const char* const warm[] = { "/bin/sh", "-c", "sleep 100 & kill -USR1 $!; wait $!; exit 0", nullptr };

} // namespace

using ktest::run_and_wait;

KTEST(signal_storm_leaks_nothing)
{
    KASSERT(run_and_wait(warm) == 0);
    yield();
    u64 free_before = nr_free_pages();
    usize tasks_before = tasks_alive();
    usize stacks_before = kernel_stacks_in_use();
    usize queued_before = sigqueue_entries_in_use();

    int status = run_and_wait(storm);
    KEXPECT_EQ(status, 7 << 8);
    yield();
    KEXPECT_EQ(tasks_alive(), tasks_before);
    KEXPECT_EQ(sigqueue_entries_in_use(), queued_before);
    KEXPECT_EQ(kernel_stacks_in_use(), stacks_before);
    KEXPECT_EQ(nr_free_pages(), free_before);
}
